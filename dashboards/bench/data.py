"""The synthetic organization of the benchmark, generated with set-based SQL: one
INSERT … SELECT over a number series (generate_series on PostgreSQL, a recursive CTE on
SQLite) per table, never a Python loop over rows."""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from accounts import services as account_services
from accounts.choices import Role
from accounts.models import Membership, Organization
from standards import services as standards_services
from touchpoints import services as touchpoint_services

ZONES = ["Europe/Warsaw", "Europe/Bucharest", "Europe/London", "Europe/Moscow", "Asia/Tbilisi"]
CHANNELS = ["in_person", "phone", "chat", "web"]


@dataclass
class Bench:
    """The synthetic organization and who looks at it."""

    organization: Organization
    executive: Membership
    manager: Membership
    consultants: int
    moments: int
    user_ids: list[int] = field(default_factory=list)


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


def execute(sql: str) -> int:
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

    execute("DROP TABLE IF EXISTS bench_people")
    execute("DROP TABLE IF EXISTS bench_moments")
    execute(
        "CREATE TEMP TABLE bench_people (idx INTEGER PRIMARY KEY, id BIGINT, location_id BIGINT)"
    )
    execute(
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
        execute("DROP TABLE IF EXISTS bench_people")
        execute("DROP TABLE IF EXISTS bench_moments")
    analyze("surveys_response", "reviews_review", "reviews_reviewitem", "reviews_review_moments")
    return bench


def analyze(*tables: str) -> None:
    """Fresh planner statistics, as autovacuum would have after a bulk load: without
    them the planner takes a new organization for an empty one."""
    for table in tables:
        execute(f"ANALYZE {table}")


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
    return execute(sql)


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
    written = execute(sql)
    execute(
        "INSERT INTO reviews_review_moments (review_id, moment_id) "
        f"SELECT r.id, m.id FROM reviews_review r JOIN bench_moments m "
        f"ON m.idx = r.id % {bench.moments} WHERE r.organization_id = {org}"
    )
    execute(
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
            execute(sql)
        Organization.objects.filter(pk=org).delete()
        get_user_model().objects.filter(pk__in=bench.user_ids).delete()
