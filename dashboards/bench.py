"""The benchmark behind `make bench`: a synthetic organization, then four ratios, each
against a baseline measured in the same run (so the machine cancels out).

The data is generated with set-based SQL: one INSERT … SELECT over a number series
(generate_series on PostgreSQL, a recursive CTE on SQLite) per table, never a Python
loop over rows. The organization (slug `bench-…`) is deleted afterwards.
"""

import statistics
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.choices import Role
from accounts.models import Membership, Organization
from standards import services as standards_services
from touchpoints import services as touchpoint_services

from . import figure_cache, rollups, tasks
from .models import ComplianceDaily, DriverDaily, SurveyDaily

ROLLUP_MODELS = (SurveyDaily, ComplianceDaily, DriverDaily)

ZONES = ["Europe/Warsaw", "Europe/Bucharest", "Europe/London", "Europe/Moscow", "Asia/Tbilisi"]
CHANNELS = ["in_person", "phone", "chat", "web"]
TRIVIAL_PAGE = "accounts:password_change"
DASHBOARD_PAGE = "dashboards:overview"
SCORES_PAGE = "/api/v1/scores/?metric=nps&group_by=consultant&from={start}&to={end}"


@dataclass
class Bench:
    """The synthetic organization and who looks at it."""

    organization: Organization
    executive: Membership
    manager: Membership
    consultants: int
    moments: int
    user_ids: list[int] = field(default_factory=list)


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


# --- The synthetic organization ----------------------------------------------------------------


def _series(n: int) -> tuple[str, str]:
    """(WITH prefix, FROM clause) yielding g = 1 … n."""
    if connection.vendor == "postgresql":
        return "", f"generate_series(CAST(1 AS BIGINT), CAST({int(n)} AS BIGINT)) AS s(g)"
    return (
        f"WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < {int(n)}) ",
        "s",
    )


def _timestamp(seconds_sql: str) -> str:
    """A timestamp `seconds_sql` seconds after the Unix epoch, as the backend stores it."""
    if connection.vendor == "postgresql":
        return f"to_timestamp({seconds_sql})"
    return f"datetime({seconds_sql}, 'unixepoch')"


def _execute(sql: str) -> int:
    """Run generated SQL without parameters (its numbers are ints written in), so `%` is
    the modulo operator, not a placeholder."""
    with connection.cursor() as cursor:
        cursor.execute(sql, None)
        return cursor.rowcount


def create_bench(
    *, responses: int, reviews: int, locations: int, consultants: int, days: int
) -> Bench:
    """A synthetic organization with `responses` answers and `reviews` reviews (three
    behaviours each) spread over the last `days` days."""
    slug = f"bench-{uuid.uuid4().hex[:8]}"
    organization = account_services.create_organization(name=f"Bench {slug}", slug=slug)
    places = [
        account_services.save_location(
            organization=organization,
            name=f"Branch {number + 1}",
            code=f"b{number + 1:02d}",
            time_zone=ZONES[number % len(ZONES)],
        )
        for number in range(locations)
    ]
    manager = account_services.add_member(
        organization=organization, username=f"{slug}-manager", role=Role.MANAGER
    )
    executive = account_services.add_member(
        organization=organization, username=f"{slug}-executive", role=Role.EXECUTIVE
    )
    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(username=f"{slug}-c{number}", first_name="Consultant", last_name=str(number))
            for number in range(consultants)
        ],
        batch_size=1000,
    )
    if users and users[0].pk is None:  # SQLite before 3.35 returns no ids
        users = list(User.objects.filter(username__startswith=f"{slug}-c").order_by("pk"))
    people = Membership.objects.bulk_create(
        [
            Membership(
                user=user,
                organization=organization,
                role=Role.STAFF,
                location=places[number % len(places)],
                employee_code=f"C{number:05d}",
            )
            for number, user in enumerate(users)
        ],
        batch_size=1000,
    )
    if people and people[0].pk is None:
        people = list(Membership.objects.filter(organization=organization, role=Role.STAFF))
    moments = []
    for journey_number in range(2):
        journey = touchpoint_services.create_journey(
            organization=organization, name=f"Journey {journey_number + 1}"
        )
        for touchpoint_number in range(2):
            channel = CHANNELS[(2 * journey_number + touchpoint_number) % len(CHANNELS)]
            touchpoint = touchpoint_services.create_touchpoint(
                journey=journey, name=f"Touchpoint {touchpoint_number + 1}", channel=channel
            )
            for moment_number in range(2):
                moment = touchpoint_services.create_moment(
                    touchpoint=touchpoint,
                    name=f"Moment {moment_number + 1}",
                    is_critical=moment_number == 0,
                )
                for kind, text in (("iron", "Greet"), ("iron", "Confirm"), ("master", "Recall")):
                    standards_services.create_behaviour(moment=moment, kind=kind, text=text)
                moments.append((moment.pk, touchpoint.pk, channel))

    _execute("DROP TABLE IF EXISTS bench_people")
    _execute("DROP TABLE IF EXISTS bench_moments")
    _execute(
        "CREATE TEMP TABLE bench_people (idx INTEGER PRIMARY KEY, id BIGINT, location_id BIGINT)"
    )
    _execute(
        "CREATE TEMP TABLE bench_moments (idx INTEGER PRIMARY KEY, id BIGINT, "
        "touchpoint_id BIGINT, channel VARCHAR(20))"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO bench_people (idx, id, location_id) VALUES (%s, %s, %s)",
            [(number, person.pk, person.location_id) for number, person in enumerate(people)],
        )
        cursor.executemany(
            "INSERT INTO bench_moments (idx, id, touchpoint_id, channel) VALUES (%s, %s, %s, %s)",
            [(number, *moment) for number, moment in enumerate(moments)],
        )
    bench = Bench(
        organization=organization,
        executive=executive,
        manager=manager,
        consultants=len(people),
        moments=len(moments),
        user_ids=[user.pk for user in users] + [manager.user_id, executive.user_id],
    )
    try:
        with transaction.atomic():
            _insert_responses(bench, responses, days)
            _insert_reviews(bench, reviews, days, responses)
    except BaseException:
        delete_bench(bench)
        raise
    finally:
        _execute("DROP TABLE IF EXISTS bench_people")
        _execute("DROP TABLE IF EXISTS bench_moments")
    analyze("surveys_response", "reviews_review", "reviews_reviewitem", "reviews_review_moments")
    return bench


def analyze(*tables: str) -> None:
    """Fresh planner statistics, as autovacuum would have after a bulk load: without
    them the planner takes a new organization for an empty one."""
    for table in tables:
        _execute(f"ANALYZE {table}")


def _now_epoch() -> int:
    return int(datetime.now(UTC).timestamp()) - 60


def _offset(g: str, days: int) -> str:
    """Seconds back from now for row g: spread over `days` days and the hours of a day."""
    return f"({_mix(g, 2)} % {int(days)}) * 86400 + {_mix(g, 3)} % 86400"


# Multipliers of a multiplicative hash modulo a prime: each spreads row numbers g over
# 0 … 2³² independently of the others, so consultants, moments, days and scores do not
# repeat with a short period (a plain `g % 500` would make the data unrealistically dense).
MULTIPLIERS = (2654435761, 2246822519, 3266489917, 668265263, 374761393)
PRIME = 4294967291


def _mix(g: str, which: int) -> str:
    return f"((({g}) * {MULTIPLIERS[which]}) % {PRIME})"


def _insert_responses(bench: Bench, count: int, days: int) -> int:
    now = _now_epoch()
    prefix, source = _series(count)
    # h: a pseudo-random 0…99 per row, nudged by the consultant so some are better.
    h = f"(({_mix('x.g', 4)} % 100) * (85 + p.idx % 16)) / 100"
    score = (
        f"CASE x.metric "
        f"WHEN 'nps' THEN CASE WHEN {h} < 15 THEN {h} % 7 WHEN {h} < 40 THEN 7 + {h} % 2 "
        f"ELSE 9 + {h} % 2 END "
        f"WHEN 'csat' THEN CASE WHEN {h} < 10 THEN 1 + {h} % 2 WHEN {h} < 25 THEN 3 "
        f"ELSE 4 + {h} % 2 END "
        f"ELSE CASE WHEN {h} < 15 THEN 1 + {h} % 3 WHEN {h} < 45 THEN 4 + {h} % 2 "
        f"ELSE 6 + {h} % 2 END END"
    )
    submitted_at = _timestamp(f"{now} - ({_offset('x.g', days)})")
    sql = (
        f"{prefix}INSERT INTO surveys_response (organization_id, metric, score, comment, "
        "language, consultant_id, location_id, touchpoint_id, moment_id, channel, source, "
        "submitted_at, interaction_ref, external_id, created_at) "
        f"SELECT {bench.organization.pk}, x.metric, {score}, '', 'en', p.id, p.location_id, "
        f"m.touchpoint_id, m.id, m.channel, 'api', "
        f"{submitted_at}, "
        "CASE WHEN x.g % 10 = 0 THEN 'i' || x.g ELSE '' END, '', "
        f"{_timestamp(str(now))} "
        "FROM (SELECT g, CASE WHEN g % 10 < 7 THEN 'nps' WHEN g % 10 < 9 THEN 'csat' "
        f"ELSE 'ces' END AS metric FROM {source}) x "
        f"JOIN bench_people p ON p.idx = {_mix('x.g', 0)} % {bench.consultants} "
        f"JOIN bench_moments m ON m.idx = {_mix('x.g', 1)} % {bench.moments}"
    )
    return _execute(sql)


def _insert_reviews(bench: Bench, count: int, days: int, responses: int) -> int:
    """Reviews of the interactions every tenth response was about (same consultant,
    time and interaction_ref), so the driver rollup has answers to join."""
    now = _now_epoch()
    prefix, source = _series(count)
    org = bench.organization.pk
    occurred_at = _timestamp(f"{now} - ({_offset('x.g * 10', days)})")
    sql = (
        f"{prefix}INSERT INTO reviews_review (organization_id, kind, status, reviewer_id, "
        "consultant_id, location_id, occurred_at, interaction_ref, coaching_note, "
        "client_token, created_at, submitted_at) "
        f"SELECT {org}, CASE x.g % 4 WHEN 0 THEN 'self' WHEN 1 THEN 'observation' "
        "WHEN 2 THEN 'mystery_shop' ELSE 'call_review' END, 'submitted', "
        f"CASE WHEN x.g % 4 = 0 THEN p.id ELSE {bench.manager.pk} END, p.id, p.location_id, "
        f"{occurred_at}, "
        f"CASE WHEN x.g * 10 <= {int(responses)} THEN 'i' || (x.g * 10) ELSE '' END, '', '', "
        f"{_timestamp(str(now))}, {_timestamp(str(now))} "
        f"FROM (SELECT g FROM {source}) x "
        f"JOIN bench_people p ON p.idx = {_mix('x.g * 10', 0)} % {bench.consultants}"
    )
    written = _execute(sql)
    _execute(
        "INSERT INTO reviews_review_moments (review_id, moment_id) "
        f"SELECT r.id, m.id FROM reviews_review r JOIN bench_moments m "
        f"ON m.idx = r.id % {bench.moments} WHERE r.organization_id = {org}"
    )
    _execute(
        "INSERT INTO reviews_reviewitem (review_id, behaviour_id, kind, result, note) "
        "SELECT r.id, b.id, b.kind, CASE WHEN (r.id * 31 + b.id * 17) % 100 < 78 THEN 'met' "
        "WHEN (r.id * 31 + b.id * 17) % 100 < 92 THEN 'not_met' ELSE 'na' END, '' "
        f"FROM reviews_review r JOIN bench_moments m ON m.idx = r.id % {bench.moments} "
        f"JOIN standards_behaviour b ON b.moment_id = m.id WHERE r.organization_id = {org}"
    )
    return written


def load_bench(slug: str) -> Bench:
    """A synthetic organization kept by an earlier run (`--keep`), to measure again."""
    organization = Organization.objects.get(slug=slug, slug__startswith="bench-")
    members = Membership.objects.filter(organization=organization)
    return Bench(
        organization=organization,
        executive=members.filter(role=Role.EXECUTIVE).first(),
        manager=members.filter(role=Role.MANAGER).first(),
        consultants=members.filter(role=Role.STAFF).count(),
        moments=0,
        user_ids=list(members.values_list("user_id", flat=True)),
    )


def delete_bench(bench: Bench) -> None:
    """Everything of the synthetic organization, bulk rows by plain DELETEs first (the
    ORM's cascade would load a million rows to delete them one by one)."""
    org = bench.organization.pk
    reviews = f"SELECT id FROM reviews_review WHERE organization_id = {org}"
    with transaction.atomic():
        for sql in (
            f"DELETE FROM reviews_reviewitem WHERE review_id IN ({reviews})",
            f"DELETE FROM reviews_review_moments WHERE review_id IN ({reviews})",
            f"DELETE FROM reviews_review WHERE organization_id = {org}",
            f"DELETE FROM surveys_response WHERE organization_id = {org}",
            f"DELETE FROM dashboards_surveydaily WHERE organization_id = {org}",
            f"DELETE FROM dashboards_compliancedaily WHERE organization_id = {org}",
            f"DELETE FROM dashboards_driverdaily WHERE organization_id = {org}",
            f"DELETE FROM dashboards_rollupchecksum WHERE organization_id = {org}",
        ):
            _execute(sql)
        Organization.objects.filter(pk=org).delete()
        get_user_model().objects.filter(pk__in=bench.user_ids).delete()


# --- The baseline: bare INSERT … SELECT … GROUP BY into temp tables ---------------------------


def _local_day(timestamp: str, zone: str) -> str:
    if connection.vendor == "postgresql":
        return f"({timestamp} AT TIME ZONE COALESCE({zone}, 'UTC'))::date"
    # Django's own SQLite function for dates in a time zone (what TruncDate uses).
    return f"django_datetime_cast_date({timestamp}, COALESCE({zone}, 'UTC'), 'UTC')"


BANDS_SQL = {
    "promoters": "(r.metric = 'nps' AND r.score >= 9) OR (r.metric = 'csat' AND r.score >= 4) "
    "OR (r.metric = 'ces' AND r.score >= 6)",
    "passives": "(r.metric = 'nps' AND r.score BETWEEN 7 AND 8) OR (r.metric = 'csat' AND "
    "r.score = 3) OR (r.metric = 'ces' AND r.score BETWEEN 4 AND 5)",
    "detractors": "(r.metric = 'nps' AND r.score <= 6) OR (r.metric = 'csat' AND r.score <= 2) "
    "OR (r.metric = 'ces' AND r.score <= 3)",
}


def _count_if(condition: str) -> str:
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"


def baseline_statements(organization_id: int) -> dict[str, str]:
    """Hand-written INSERT … SELECT … GROUP BY producing the rollups' counts."""
    org = int(organization_id)
    survey = (
        "INSERT INTO bench_survey SELECT r.organization_id, "
        f"{_local_day('r.submitted_at', 'l.time_zone')} AS day, r.location_id, "
        "r.consultant_id, r.touchpoint_id, r.moment_id, r.channel, r.metric, COUNT(*), "
        f"{_count_if(BANDS_SQL['promoters'])}, {_count_if(BANDS_SQL['passives'])}, "
        f"{_count_if(BANDS_SQL['detractors'])}, SUM(r.score) "
        "FROM surveys_response r LEFT JOIN accounts_location l ON l.id = r.location_id "
        f"WHERE r.organization_id = {org} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8"
    )
    counted = (
        "FROM reviews_reviewitem i JOIN reviews_review v ON v.id = i.review_id "
        "JOIN standards_behaviour b ON b.id = i.behaviour_id "
        "JOIN accounts_location l ON l.id = v.location_id "
        f"WHERE v.organization_id = {org} AND v.status = 'submitted' "
        "AND v.superseded_at IS NULL"
    )
    met, not_met, not_applicable = (
        _count_if(f"i.result = '{result}'") for result in ("met", "not_met", "na")
    )
    compliance = (
        "INSERT INTO bench_compliance SELECT v.organization_id, "
        f"{_local_day('v.occurred_at', 'l.time_zone')} AS day, v.location_id, "
        "v.consultant_id, b.moment_id, i.behaviour_id, i.kind, v.kind, "
        f"{met}, {not_met}, {not_applicable}, "
        "SUM(CASE WHEN i.behaviour_id = (SELECT MIN(f.behaviour_id) FROM reviews_reviewitem f "
        f"WHERE f.review_id = i.review_id) THEN 1 ELSE 0 END) {counted} "
        "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8"
    )
    answer = (
        f"(SELECT a.score FROM surveys_response a WHERE a.organization_id = {org} "
        "AND a.interaction_ref = v.interaction_ref AND a.metric = 'nps' "
        "ORDER BY a.submitted_at DESC, a.id DESC LIMIT 1)"
    )
    drivers = (
        "INSERT INTO bench_drivers SELECT organization_id, day, location_id, consultant_id, "
        "moment_id, behaviour_id, kind, met, COUNT(*), "
        f"{_count_if('answer >= 9')}, {_count_if('answer <= 6')} FROM ("
        "SELECT v.organization_id, "
        f"{_local_day('v.occurred_at', 'l.time_zone')} AS day, v.location_id, "
        "v.consultant_id, b.moment_id, i.behaviour_id, i.kind, "
        f"CASE WHEN i.result = 'met' THEN 1 ELSE 0 END AS met, {answer} AS answer "
        f"{counted} AND v.interaction_ref <> '' AND i.result IN ('met', 'not_met')"
        ") t WHERE answer IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8"
    )
    return {"surveys": survey, "compliance": compliance, "drivers": drivers}


BASELINE_TABLES = {
    "surveys": "bench_survey (organization_id BIGINT, day DATE, location_id BIGINT, "
    "consultant_id BIGINT, touchpoint_id BIGINT, moment_id BIGINT, channel VARCHAR(20), "
    "metric VARCHAR(10), n INTEGER, promoters INTEGER, passives INTEGER, detractors INTEGER, "
    "score_sum INTEGER)",
    "compliance": "bench_compliance (organization_id BIGINT, day DATE, location_id BIGINT, "
    "consultant_id BIGINT, moment_id BIGINT, behaviour_id BIGINT, kind VARCHAR(10), "
    "review_kind VARCHAR(20), met INTEGER, not_met INTEGER, not_applicable INTEGER, "
    "reviews INTEGER)",
    "drivers": "bench_drivers (organization_id BIGINT, day DATE, location_id BIGINT, "
    "consultant_id BIGINT, moment_id BIGINT, behaviour_id BIGINT, kind VARCHAR(10), "
    "met INTEGER, n INTEGER, promoters INTEGER, detractors INTEGER)",
}


def run_baseline(organization_id: int) -> dict[str, tuple[float, int]]:
    """Each table's bare statement into a fresh temp table: (seconds, rows)."""
    result = {}
    for table, sql in baseline_statements(organization_id).items():
        name = BASELINE_TABLES[table].split(" ", 1)[0]
        _execute(f"DROP TABLE IF EXISTS {name}")
        _execute(f"CREATE TEMP TABLE {BASELINE_TABLES[table]}")
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # The memory the rebuild gives itself, so both aggregate in memory.
                _execute(f"SET LOCAL work_mem = '{rollups.REBUILD_WORK_MEM}'")
            start = time.perf_counter()
            rows = _execute(sql)
        result[table] = (time.perf_counter() - start, rows)
    return result


def drop_baseline() -> None:
    for definition in BASELINE_TABLES.values():
        _execute(f"DROP TABLE IF EXISTS {definition.split(' ', 1)[0]}")


# --- The four measures --------------------------------------------------------------------------


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

    from .receivers import on_responses_recorded

    uid = "dashboards.responses_recorded"
    responses_recorded.disconnect(dispatch_uid=uid)
    try:
        yield
    finally:
        responses_recorded.connect(on_responses_recorded, dispatch_uid=uid)


def measure_incremental(bench: Bench, runs: int) -> Line:
    from surveys import services as survey_services

    organization = bench.organization
    person = Membership.objects.filter(organization=organization, role=Role.STAFF).first()
    recorded: list[list[str]] = []

    def record_one():
        when = timezone.now() - timedelta(minutes=5)
        rows = survey_services.check_responses(
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
        [(response, _created)] = survey_services.record_responses(
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
