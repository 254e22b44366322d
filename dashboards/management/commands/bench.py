"""python manage.py bench [--responses N] [--reviews N] [--locations 20] [--consultants 500]
[--days 365] [--runs 5] [--keep] [--reuse SLUG]"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from dashboards import bench

# SQLite (the embedded mode) gets a tenth: the same shape, minutes less waiting.
DEFAULTS = {"postgresql": (1_000_000, 100_000), "sqlite": (100_000, 10_000)}


class Command(BaseCommand):
    help = (
        "Generate a synthetic organization, measure the rollups, the executive dashboard "
        "and /api/v1/scores/ against baselines of the same run, print the ratios, and "
        "delete the organization."
    )

    def add_arguments(self, parser):
        parser.add_argument("--responses", type=int, help="Default 1,000,000 (SQLite 100,000).")
        parser.add_argument("--reviews", type=int, help="Default 100,000 (SQLite 10,000).")
        parser.add_argument("--locations", type=int, default=20)
        parser.add_argument("--consultants", type=int, default=500)
        parser.add_argument("--days", type=int, default=365)
        parser.add_argument("--runs", type=int, default=5, help="Timed runs per measure.")
        parser.add_argument(
            "--keep", action="store_true", help="Keep the organization (to look at it)."
        )
        parser.add_argument(
            "--reuse", metavar="SLUG", help="Measure a kept organization again (kept)."
        )

    def handle(self, *args, **options):
        default_responses, default_reviews = DEFAULTS.get(connection.vendor, DEFAULTS["sqlite"])
        responses = options["responses"] or default_responses
        reviews = options["reviews"] if options["reviews"] is not None else default_reviews
        for name in ("locations", "consultants", "days", "runs"):
            if options[name] < 1:
                raise CommandError(f"--{name} must be at least 1.")
        if responses < 1 or reviews < 0:
            raise CommandError("--responses must be at least 1 and --reviews at least 0.")
        runs = options["runs"]
        out = self.stdout.write

        started = time.perf_counter()
        if options["reuse"]:
            out(f"Measuring {options['reuse']} again on {connection.vendor}…")
            subject = bench.load_bench(options["reuse"])
            options["keep"] = True
        else:
            out(
                f"Generating {responses:,} responses and {reviews:,} reviews, "
                f"{options['locations']} locations, {options['consultants']} consultants, "
                f"{options['days']} days on {connection.vendor}…"
            )
            subject = bench.create_bench(
                responses=responses,
                reviews=reviews,
                locations=options["locations"],
                consultants=options["consultants"],
                days=options["days"],
            )
        out(f"  organization {subject.organization.slug} in {time.perf_counter() - started:.1f} s")
        try:
            out(f"Full rebuild vs bare SQL ({runs} runs each)…")
            lines = [bench.measure_rebuild(subject, runs, out)]
            out("Incremental rollup…")
            lines.append(bench.measure_incremental(subject, runs))
            out("Pages…")
            pages, explained = bench.measure_pages(subject, runs)
            lines += pages
        finally:
            if options["keep"]:
                out(f"Kept {subject.organization.slug}.")
            else:
                bench.delete_bench(subject)
                out(f"Deleted {subject.organization.slug}.")
        out("")
        for text in bench.table(lines):
            out(text)
        if explained:
            out("")
            out("EXPLAIN ANALYZE of the dashboard's slowest queries:")
            for text in explained:
                out(text)
