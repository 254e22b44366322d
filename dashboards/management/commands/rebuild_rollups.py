"""python manage.py rebuild_rollups [--since DATE] [--organization SLUG]"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organization
from dashboards import rollups


class Command(BaseCommand):
    help = (
        "Rebuild the daily rollups (surveys, compliance, drivers) from the raw rows, "
        "one SQL statement per organization and table. Safe to run at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since", help="First local day to rebuild (YYYY-MM-DD); default: everything."
        )
        parser.add_argument("--organization", help="Only the organization with this slug.")

    def handle(self, *args, since=None, organization=None, **options):
        first_day = None
        if since:
            try:
                first_day = date.fromisoformat(since)
            except ValueError:
                raise CommandError(f"--since {since!r} is not a date (YYYY-MM-DD).") from None
        organizations = Organization.objects.order_by("pk")
        if organization:
            organizations = organizations.filter(slug=organization)
            if not organizations.exists():
                raise CommandError(f"No organization with the slug {organization!r}.")
        targets = list(organizations.values_list("pk", "name"))
        total = len(targets)
        for done, (pk, name) in enumerate(targets, start=1):
            written = rollups.rebuild_all(organization_id=pk, since=first_day)
            bar = "#" * (20 * done // total) + "-" * (20 - 20 * done // total)
            counts = ", ".join(f"{table} {rows}" for table, rows in written.items())
            self.stdout.write(f"[{bar}] {done}/{total} {name}: {counts} rows")
        self.stdout.write(self.style.SUCCESS(f"Rebuilt the rollups of {total} organization(s)."))
