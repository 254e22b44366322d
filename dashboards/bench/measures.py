"""The benchmark's measures, each against a baseline of the same run, and its table."""

import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Membership

from .. import figure_cache, rollups, tasks
from ..models import ComplianceDaily, DriverDaily, SurveyDaily
from .baseline import BASELINE_TABLES, drop_baseline, run_baseline
from .data import Bench, analyze

ROLLUP_MODELS = (SurveyDaily, ComplianceDaily, DriverDaily)
TRIVIAL_PAGE = "accounts:password_change"
DASHBOARD_PAGE = "dashboards:overview"
SCORES_PAGE = "/api/v1/scores/?metric=nps&group_by=consultant&from={start}&to={end}"


@dataclass
class Line:
    """One line of the table: a measure, its baseline and the target."""

    name: str
    value: float
    unit: str
    baseline: float | None = None
    limit_ratio: float | None = None
    limit_value: float | None = None
    queries: int | None = None
    limit_queries: int | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None:
            return None
        return self.value / self.baseline if self.baseline else float("inf")

    @property
    def passed(self) -> bool:
        checks = []
        if self.limit_ratio is not None:
            checks.append(self.ratio is not None and self.ratio <= self.limit_ratio)
        if self.limit_value is not None:
            checks.append(self.value <= self.limit_value)
        if self.limit_queries is not None:
            checks.append(self.queries is not None and self.queries <= self.limit_queries)
        return all(checks)

    def target(self) -> str:
        parts = []
        if self.limit_ratio is not None:
            parts.append(f"<= {self.limit_ratio:g}x")
        if self.limit_value is not None:
            parts.append(f"<= {self.limit_value:g} {self.unit}")
        if self.limit_queries is not None:
            parts.append(f"<= {self.limit_queries} queries")
        return ", ".join(parts)


def median_time(action: Callable[[], object], runs: int, *, before=None) -> float:
    """The median wall time of `action` in seconds; `before` runs untimed each time."""
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure_rebuild(bench: Bench, runs: int, out) -> Line:
    org = bench.organization.pk
    rebuild_times, baseline_times = [], []
    per_table: dict[str, list[float]] = {table: [] for table in BASELINE_TABLES}
    per_baseline: dict[str, list[float]] = {table: [] for table in BASELINE_TABLES}
    written: dict[str, int] = {}
    rows: dict[str, int] = {}
    # The first rebuild fills empty tables (timed, reported, no target); the timed runs
    # then rebuild every day of the organization, as the nightly job and the command do.
    rollups.clear(organization_id=org)
    began = time.perf_counter()
    rollups.rebuild_all(organization_id=org)
    out(f"  first fill of empty rollup tables {time.perf_counter() - began:.2f} s")
    analyze(*(model._meta.db_table for model in ROLLUP_MODELS))
    for _ in range(runs):
        start = time.perf_counter()
        for table, rebuild in tasks.REBUILDERS.items():
            began = time.perf_counter()
            written[table] = rebuild(organization_id=org)
            per_table[table].append(time.perf_counter() - began)
        rebuild_times.append(time.perf_counter() - start)
        baseline = run_baseline(org)
        baseline_times.append(sum(seconds for seconds, _rows in baseline.values()))
        for table, (seconds, _rows) in baseline.items():
            per_baseline[table].append(seconds)
        rows = {table: count for table, (_seconds, count) in baseline.items()}
    drop_baseline()
    for table in BASELINE_TABLES:
        same = "same rows" if written[table] == rows[table] else "ROWS DIFFER"
        out(
            f"  {table:<11} rollup {statistics.median(per_table[table]):8.2f} s, "
            f"{written[table]:>9} rows; bare SQL "
            f"{statistics.median(per_baseline[table]):8.2f} s, {rows[table]:>9} rows ({same})"
        )
    return Line(
        "full rollup rebuild vs bare INSERT…SELECT…GROUP BY",
        statistics.median(rebuild_times),
        "s",
        baseline=statistics.median(baseline_times),
        limit_ratio=1.3,
        note="rebuild_all: surveys, compliance and drivers",
    )


@contextmanager
def rollups_not_scheduled():
    """Recorded responses do not schedule their rollup (the benchmark runs it itself, timed;
    in the embedded mode the scheduled task would run at once, untimed but slow)."""
    from surveys.signals import responses_recorded

    from ..receivers import on_responses_recorded

    uid = "dashboards.responses_recorded"
    responses_recorded.disconnect(dispatch_uid=uid)
    try:
        yield
    finally:
        responses_recorded.connect(on_responses_recorded, dispatch_uid=uid)


def measure_incremental(bench: Bench, runs: int) -> Line:
    from surveys.intake.checks import check_responses
    from surveys.intake.services import record_responses

    organization = bench.organization
    person = Membership.objects.filter(organization=organization, role=Role.STAFF).first()
    recorded: list[list[str]] = []

    def record_one():
        when = timezone.now() - timedelta(minutes=5)
        rows = check_responses(
            organization=organization,
            rows=[
                {
                    "metric": "nps",
                    "score": 9,
                    "consultant": person.employee_code,
                    "submitted_at": when.isoformat(),
                }
            ],
        )
        [(response, _created)] = record_responses(
            organization=organization, rows=rows, source="api"
        )
        # What responses_recorded asks to refresh: the answer's local day.
        zone = response.location.time_zone if response.location_id else settings.TIME_ZONE
        recorded.append([when.astimezone(ZoneInfo(zone)).date().isoformat()])

    def refresh():
        tasks.refresh_days("surveys", organization.pk, recorded[-1])

    with rollups_not_scheduled():
        seconds = median_time(refresh, runs, before=record_one)
    return Line(
        "incremental rollup after one new response",
        seconds * 1000,
        "ms",
        limit_value=50,
        note=f"refresh_days('surveys', {len(recorded[-1])} local day), as the signal asks",
    )


def _client(bench: Bench) -> Client:
    client = Client()
    client.force_login(bench.executive.user)
    client.bench_organization_id = bench.organization.pk
    return client


def _page_time(client: Client, url: str, runs: int, *, cold: bool) -> tuple[float, int, int]:
    """(median seconds, status, queries) of GET url. Cold: the figures are computed, as
    on the first view after the rollups changed; warm: as every later view gets them."""
    organization_id = client.bench_organization_id
    before = (lambda: figure_cache.invalidate(organization_id)) if cold else None
    client.get(url)
    seconds = median_time(lambda: client.get(url), runs, before=before)
    if before:
        before()
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    return seconds, status, len(queries)


def measure_pages(bench: Bench, runs: int) -> tuple[list[Line], list[str]]:
    trivial_url, dashboard_url = reverse(TRIVIAL_PAGE), reverse(DASHBOARD_PAGE)
    today = timezone.localdate()
    scores_url = SCORES_PAGE.format(start=today - timedelta(days=364), end=today)
    lines = []
    with override_settings(ALLOWED_HOSTS=["testserver", "localhost"]):
        client = _client(bench)
        trivial, trivial_status, _ = _page_time(client, trivial_url, runs, cold=False)
        pages = (
            ("executive dashboard, {when}, vs a trivial logged-in page", dashboard_url, 15),
            (
                "/api/v1/scores/?group_by=consultant, a year, {when}, vs the trivial page",
                scores_url,
                None,
            ),
        )
        for name, url, limit_queries in pages:
            for cold, when in ((True, "computed"), (False, "cached")):
                seconds, status, queries = _page_time(client, url, runs, cold=cold)
                lines.append(
                    Line(
                        name.format(when=when),
                        seconds * 1000,
                        "ms",
                        baseline=trivial * 1000,
                        limit_ratio=2,
                        queries=queries,
                        limit_queries=limit_queries,
                        note=f"HTTP {status}; trivial page {trivial_url} HTTP {trivial_status}",
                    )
                )
        figure_cache.invalidate(bench.organization.pk)
        explained = explain_page(client, dashboard_url)
    return lines, explained


def explain_page(client: Client, url: str, top: int = 3) -> list[str]:
    """EXPLAIN ANALYZE of a page's slowest SELECTs (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return []
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    selects = [
        q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")
    ]
    selects.sort(key=lambda q: -float(q["time"]))
    lines = []
    for query in selects[:top]:
        lines.append(f"-- {float(query['time']) * 1000:.1f} ms: {query['sql'][:300]}")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            lines.extend(row[0] for row in cursor.fetchall())
    return lines


# --- The table ------------------------------------------------------------------------------------


def _value(number: float | None, unit: str) -> str:
    if number is None:
        return "-"
    return f"{number:.2f} {unit}" if unit == "s" else f"{number:.1f} {unit}"


def table(lines: list[Line]) -> list[str]:
    rows = [("measure", "value", "baseline", "ratio", "queries", "target", "result")]
    for line in lines:
        rows.append(
            (
                line.name,
                _value(line.value, line.unit),
                _value(line.baseline, line.unit),
                "-" if line.ratio is None else f"{line.ratio:.2f}x",
                "-" if line.queries is None else str(line.queries),
                line.target(),
                "PASS" if line.passed else "FAIL",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    text = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    text.insert(1, "  ".join("-" * width for width in widths))
    notes = [f"  {line.name}: {line.note}" for line in lines if line.note]
    return text + ["", "notes:", *notes]
