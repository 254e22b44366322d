"""The benchmark's baseline: hand-written INSERT … SELECT … GROUP BY statements that
produce the rollups' rows into temp tables, timed with the rebuild's work_mem."""

import time

from django.db import connection, transaction

from .. import rollups
from .data import execute


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
        f"{_count_if(BANDS_SQL['detractors'])}, SUM(r.score), SUM(r.score * r.score) "
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
        "WHERE f.review_id = i.review_id) THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN i.behaviour_id = (SELECT MIN(f.behaviour_id) FROM reviews_reviewitem f "
        "JOIN standards_behaviour fb ON fb.id = f.behaviour_id WHERE f.review_id = i.review_id "
        f"AND fb.moment_id = b.moment_id) THEN 1 ELSE 0 END) {counted} "
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
    "score_sum INTEGER, score_sum_squares INTEGER)",
    "compliance": "bench_compliance (organization_id BIGINT, day DATE, location_id BIGINT, "
    "consultant_id BIGINT, moment_id BIGINT, behaviour_id BIGINT, kind VARCHAR(10), "
    "review_kind VARCHAR(20), met INTEGER, not_met INTEGER, not_applicable INTEGER, "
    "reviews INTEGER, moment_reviews INTEGER)",
    "drivers": "bench_drivers (organization_id BIGINT, day DATE, location_id BIGINT, "
    "consultant_id BIGINT, moment_id BIGINT, behaviour_id BIGINT, kind VARCHAR(10), "
    "met INTEGER, n INTEGER, promoters INTEGER, detractors INTEGER)",
}


def run_baseline(organization_id: int) -> dict[str, tuple[float, int]]:
    """Each table's bare statement into a fresh temp table: (seconds, rows)."""
    result = {}
    for table, sql in baseline_statements(organization_id).items():
        name = BASELINE_TABLES[table].split(" ", 1)[0]
        execute(f"DROP TABLE IF EXISTS {name}")
        execute(f"CREATE TEMP TABLE {BASELINE_TABLES[table]}")
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # The memory the rebuild gives itself, so both aggregate in memory.
                execute(f"SET LOCAL work_mem = '{rollups.REBUILD_WORK_MEM}'")
            start = time.perf_counter()
            rows = execute(sql)
        result[table] = (time.perf_counter() - start, rows)
    return result


def drop_baseline() -> None:
    for definition in BASELINE_TABLES.values():
        execute(f"DROP TABLE IF EXISTS {definition.split(' ', 1)[0]}")
