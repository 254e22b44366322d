import logging
from contextlib import contextmanager

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.core.management.base import BaseCommand

from accounts.models import Organization
from common.jobs import wakes_held
from dashboards.models import PendingSlice
from demo.seed import DEMO_SLUGS, demo_logins, seed_demo


@contextmanager
def _quietly(verbosity: int):
    """Keep `make run`'s output to its steps and the logins.

    Seeding publishes standards, so it e-mails every demo consultant, and the console mail
    backend would print each message; the deliveries are still recorded (the version page
    shows them). Log lines of the rollups it triggers are kept for -v 2.
    """
    if verbosity > 1:
        yield
        return
    backend = settings.EMAIL_BACKEND
    root = logging.getLogger()
    level = root.level
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    root.setLevel(logging.WARNING)
    try:
        yield
    finally:
        settings.EMAIL_BACKEND = backend
        root.setLevel(level)
        mail.outbox = []


class Command(BaseCommand):
    help = "Load the demo organizations (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        with _quietly(verbosity), wakes_held():
            created = seed_demo()
            self.stdout.write("Demo data loaded." if created else "Demo data already present.")
            # The dashboards read the rollups only: build them in full, whatever ran before.
            # That covers every slice the seeding owed: computing those too (as the held
            # wake-up would, once the block ends) would only do the same work twice.
            demo = Organization.objects.filter(slug__in=DEMO_SLUGS)
            PendingSlice.objects.filter(organization__in=demo).delete()
            call_command("rebuild_rollups", stdout=self.stdout, verbosity=verbosity)
        # SITE_URL is the address the server is reached at (make run derives it).
        self.stdout.write(f"\nDemo logins ({settings.SITE_URL}/):")
        for username, password, role in demo_logins():
            self.stdout.write(f"  {username:<8} {password:<10} {role}")
