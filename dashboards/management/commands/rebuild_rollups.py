"""python manage.py rebuild_rollups [--since DATE] [--organization SLUG] [--verify | --force]"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organization
from dashboards import rollups
from dashboards.verify import verify_all


class Command(BaseCommand):
    help = (
        "Rebuild the daily rollups (surveys, compliance, drivers) from the raw rows, "
        "one SQL statement per organization and table. Safe to run at any time. "
        "--verify also checks every day's rows against what they were written from and "
        "repairs days whose rows were deleted or edited; --force rewrites everything."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since", help="First local day to rebuild (YYYY-MM-DD); default: everything."
        )
        parser.add_argument("--organization", help="Only the organization with this slug.")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--verify",
            action="store_true",
            help="Then compare each day's rows with its checksum and repair what differs.",
        )
        mode.add_argument(
            "--force",
            action="store_true",
            help="Empty the rollups first and write every row again.",
        )

    def handle(self, *args, since=None, organization=None, verify=False, force=False, **options):
        first_day = None
        if since:
            try:
                first_day = date.fromisoformat(since)
            except ValueError:
                raise CommandError(f"--since {since!r} is not a date (YYYY-MM-DD).") from None
        if force and first_day is not None:
            raise CommandError("--force rewrites everything: leave out --since.")
        organizations = Organization.objects.order_by("pk")
        if organization:
            organizations = organizations.filter(slug=organization)
            if not organizations.exists():
                raise CommandError(f"No organization with the slug {organization!r}.")
        targets = list(organizations.values_list("pk", "name"))
        total = len(targets)
        for done, (pk, name) in enumerate(targets, start=1):
            if force:
                rollups.clear(organization_id=pk)
            written = rollups.rebuild_all(organization_id=pk, since=first_day)
            bar = "#" * (20 * done // total) + "-" * (20 - 20 * done // total)
            counts = ", ".join(f"{table} {rows}" for table, rows in written.items())
            self.stdout.write(f"[{bar}] {done}/{total} {name}: {counts} rows")
            if verify:
                repaired = verify_all(organization_id=pk)
                if any(days is None for days in repaired.values()):
                    self.stdout.write("  verified: every day rewritten (no checksums here)")
                else:
                    found = ", ".join(f"{table} {days}" for table, days in repaired.items())
                    self.stdout.write(f"  verified: days repaired: {found}")
        self.stdout.write(self.style.SUCCESS(f"Rebuilt the rollups of {total} organization(s)."))
