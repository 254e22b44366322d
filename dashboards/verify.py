"""Checking the rollup tables against what they were written from, and repairing them.

A rebuild trusts each day's checksum (RollupChecksum: the number of rows and their
hashes XORed) to skip unchanged days, so rows deleted or edited by hand stay wrong until
`verify` recomputes the checksum from the rows actually in the table and rewrites the
days that differ (`rebuild_rollups --verify`, and the nightly job).
"""

from datetime import date

from django.db import connection, transaction

from .models import ComplianceDaily, DriverDaily, RollupChecksum, SurveyDaily
from .rollups import (
    COMPLIANCE_COUNTS,
    COMPLIANCE_KEYS,
    DRIVER_COUNTS,
    DRIVER_KEYS,
    REBUILD_WORK_MEM,
    SURVEY_COUNTS,
    SURVEY_KEYS,
    _rebuild,
    compliance_counts,
    driver_counts,
    row_hash_sql,
    survey_counts,
)

# Each rollup table: its model, the SELECT of its rows, and its key and count columns.
TABLES = {
    "surveys": (SurveyDaily, survey_counts, SURVEY_KEYS, SURVEY_COUNTS),
    "compliance": (ComplianceDaily, compliance_counts, COMPLIANCE_KEYS, COMPLIANCE_COUNTS),
    "drivers": (DriverDaily, driver_counts, DRIVER_KEYS, DRIVER_COUNTS),
}


@transaction.atomic
def verify(*, organization_id: int, rollup: str) -> list[date] | None:
    """Check each day's rows of a rollup table against what the day was last written
    from (PostgreSQL: its RollupChecksum), and rewrite every day that differs: rows
    deleted, added or edited by hand, or written before checksums existed. Returns the
    days rewritten; None in the embedded mode, which keeps no checksums and rewrites
    every day instead."""
    model, counts, keys, count_names = TABLES[rollup]
    if connection.vendor != "postgresql":
        _rebuild(model, counts, keys, count_names, organization_id=organization_id, days=None)
        return None
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    marks = quote(RollupChecksum._meta.db_table)
    row_hash = row_hash_sql(model, keys + count_names, "f")
    rollup_table = model._meta.db_table
    with connection.cursor() as cursor:
        # The same lock as a rebuild: no refresh changes the rows between check and repair.
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{rollup_table}:{organization_id}"]
        )
        cursor.execute("SET LOCAL work_mem = %s", [REBUILD_WORK_MEM])
        cursor.execute(
            f"WITH actual AS (SELECT day, COUNT(*) AS rows, BIT_XOR({row_hash}) AS checksum "
            f"FROM {table} f WHERE organization_id = %s GROUP BY day) "
            "SELECT COALESCE(a.day, c.day) FROM actual a FULL JOIN "
            f"(SELECT day, rows, checksum FROM {marks} WHERE organization_id = %s "
            "AND rollup = %s) c ON c.day = a.day WHERE a.day IS NULL OR c.day IS NULL "
            "OR a.rows <> c.rows OR a.checksum <> c.checksum ORDER BY 1",
            [organization_id, organization_id, rollup_table],
        )
        days = [row[0] for row in cursor.fetchall()]
    if days:
        # Write these days afresh: empty them and forget what they were written from.
        model.objects.filter(organization_id=organization_id, day__in=days).delete()
        RollupChecksum.objects.filter(
            organization_id=organization_id, rollup=rollup_table, day__in=days
        ).delete()
        _rebuild(model, counts, keys, count_names, organization_id=organization_id, days=days)
    return days


def verify_all(*, organization_id: int) -> dict[str, int | None]:
    """`verify` every rollup table of an organization: days rewritten per table."""
    result = {}
    for rollup in TABLES:
        days = verify(organization_id=organization_id, rollup=rollup)
        result[rollup] = None if days is None else len(days)
    return result
