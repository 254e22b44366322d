"""`make run`: seed the demo and serve it, with links and QR codes that reach this server."""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from demo.address import ANY_HOST, public_host, site_url


class Command(BaseCommand):
    help = (
        "Load the demo and serve it on HOST:PORT. Survey links, QR codes and e-mails carry "
        "the address it serves on (SITE_URL, unless that is set); HOST=0.0.0.0 serves the "
        "local network and prints the address a phone can open."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--noreload", action="store_true", help="Do not restart on edits.")

    def handle(self, *args, addrport: str, noreload: bool, **options):
        host, sep, port = addrport.rpartition(":")
        if not sep or not port.isdigit():
            raise CommandError(f"Expected HOST:PORT, got {addrport!r}.")
        host = host.strip("[]")
        # The reloader runs the server in a child process that reads the settings again:
        # the environment is how the derived address reaches it.
        if not os.environ.get("SITE_URL"):
            os.environ["SITE_URL"] = site_url(host, port)
        settings.SITE_URL = os.environ["SITE_URL"].rstrip("/")
        if host in ANY_HOST and not os.environ.get("ALLOWED_HOSTS"):
            allowed = [*settings.ALLOWED_HOSTS, public_host(host)]
            os.environ["ALLOWED_HOSTS"] = ",".join(allowed)
            settings.ALLOWED_HOSTS = allowed

        # With the reloader this command runs twice: the server itself runs in a child
        # (RUN_MAIN set), which must not seed and print everything again.
        if os.environ.get("RUN_MAIN") != "true":
            call_command("seed_demo", stdout=self.stdout, verbosity=options["verbosity"])
            self.stdout.write(f"\nServing CXM on {settings.SITE_URL}/ (Ctrl+C to stop)")
            if host in ANY_HOST:
                self.stdout.write("A phone on the same network can open it and scan the cards.")
            else:
                self.stdout.write("To scan the printed cards with a phone: make run HOST=0.0.0.0")
        # The warning that this is not a production server: the README says so, and the
        # production image serves with gunicorn.
        os.environ.setdefault("DJANGO_RUNSERVER_HIDE_WARNING", "true")
        bind = f"[{host}]" if ":" in host else host
        call_command("runserver", f"{bind}:{port}", use_reloader=not noreload)
