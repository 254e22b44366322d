from django.core.management import call_command
from django.core.management.base import BaseCommand

from demo.seed import demo_logins, seed_demo


class Command(BaseCommand):
    help = "Load the demo organizations (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        created = seed_demo()
        self.stdout.write("Demo data loaded." if created else "Demo data already present.")
        # The dashboards read the rollups only: build them in full, whatever ran before.
        call_command("rebuild_rollups", stdout=self.stdout)
        self.stdout.write("\nDemo logins (http://127.0.0.1:8000/):")
        for username, password, role in demo_logins():
            self.stdout.write(f"  {username:<8} {password:<10} {role}")
