"""Rebuilding the rollup tables from the raw rows, one set-based SQL statement per slice.

A slice is (organization, local days): its rows are deleted and re-inserted by a single
`INSERT … SELECT … GROUP BY`, in one transaction, so running it twice, or after any
sequence of inserts, gives the same table as a full rebuild.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import TruncDate

from accounts.models import Location
from reviews.choices import ItemResult, ReviewStatus
from reviews.models import Review, ReviewItem
from surveys.choices import BANDS, Metric, ScoreBand
from surveys.models import Response

from . import figure_cache
from .models import ComplianceDaily, DriverDaily, RollupChecksum, SurveyDaily

# Local days reach this far either side of the UTC day (UTC−12 … UTC+14).
ZONE_REACH_BEFORE = timedelta(hours=14)
ZONE_REACH_AFTER = timedelta(hours=12)


def organization_zones(organization_id: int) -> list[str]:
    return sorted(
        set(
            Location.objects.filter(organization_id=organization_id).values_list(
                "time_zone", flat=True
            )
        )
    )


def local_day(field: str, location_path: str, zones: Iterable[str]) -> Case:
    """The day of `field` in its location's time zone (the server's for rows without one)."""
    whens = [
        When(**{f"{location_path}__time_zone": zone}, then=TruncDate(field, tzinfo=ZoneInfo(zone)))
        for zone in zones
    ]
    fallback = TruncDate(field, tzinfo=ZoneInfo(settings.TIME_ZONE))
    return Case(*whens, default=fallback, output_field=DateField())


def band_count(band: str) -> Count:
    """Responses in a band, whatever the metric (each metric has its own score range)."""
    q = Q()
    for metric in Metric.values:
        low, high = BANDS[metric][band]
        q |= Q(metric=metric, score__gte=low, score__lte=high)
    return Count("id", filter=q)


SURVEY_KEYS = (
    "organization_id",
    "day",
    "location_id",
    "consultant_id",
    "touchpoint_id",
    "moment_id",
    "channel",
    "metric",
)
SURVEY_COUNTS = ("n", "promoters", "passives", "detractors", "score_sum", "score_sum_squares")


def survey_counts(organization_id: int, days: list[date] | None) -> QuerySet:
    """The SELECT … GROUP BY that produces the slice's rows (also the benchmark's subject)."""
    zones = organization_zones(organization_id)
    responses = Response.objects.filter(organization_id=organization_id)
    if days is not None:
        start, end = _utc_window(days)
        responses = responses.filter(submitted_at__gte=start, submitted_at__lt=end)
    rows = responses.annotate(day=local_day("submitted_at", "location", zones))
    if days is not None:
        rows = rows.filter(day__in=days)
    return (
        rows.values(*SURVEY_KEYS)
        .annotate(
            n=Count("id"),
            promoters=band_count(ScoreBand.PROMOTER),
            passives=band_count(ScoreBand.PASSIVE),
            detractors=band_count(ScoreBand.DETRACTOR),
            score_sum=Sum("score"),
            score_sum_squares=Sum(F("score") * F("score")),
        )
        .order_by()
    )


def _insert_select(model, queryset: QuerySet, columns: tuple[str, ...]) -> int:
    """INSERT INTO model's table (columns) SELECT …: the rows never pass through Python."""
    compiler = queryset.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    # Django 5.2 selects values() in the order given; check, rather than trust, the order.
    selected = tuple(queryset.query.selected)
    if selected != columns:
        raise AssertionError(f"SELECT {selected} does not match {columns}")
    quoted = ", ".join(connection.ops.quote_name(c) for c in selected)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({quoted}) {sql}", params)
        return cursor.rowcount


@transaction.atomic
def rebuild_survey_days(*, organization_id: int, days: Iterable[date] | None = None) -> int:
    """Recompute the survey rollup of some local days (all days when `days` is None).

    Returns the number of rollup rows of those days."""
    return _rebuild(
        SurveyDaily,
        survey_counts,
        SURVEY_KEYS,
        SURVEY_COUNTS,
        organization_id=organization_id,
        days=days,
    )


COMPLIANCE_KEYS = (
    "organization_id",
    "day",
    "location_id",
    "consultant_id",
    "moment_id",
    "behaviour_id",
    "kind",
    "review_kind",
)
COMPLIANCE_COUNTS = ("met", "not_met", "not_applicable", "reviews", "moment_reviews")


def _utc_window(days: list[date]) -> tuple[datetime, datetime]:
    return (
        datetime.combine(min(days), time.min, UTC) - ZONE_REACH_BEFORE,
        datetime.combine(max(days) + timedelta(days=1), time.min, UTC) + ZONE_REACH_AFTER,
    )


def _counted_items(organization_id: int, days: list[date] | None) -> QuerySet:
    """Items of reviews that count (submitted, not corrected since) around some days."""
    items = ReviewItem.objects.filter(
        review__organization_id=organization_id,
        review__status=ReviewStatus.SUBMITTED,
        review__superseded_at__isnull=True,
    )
    if days is not None:
        start, end = _utc_window(days)
        items = items.filter(review__occurred_at__gte=start, review__occurred_at__lt=end)
    return items


def compliance_counts(organization_id: int, days: list[date] | None) -> QuerySet:
    """The SELECT … GROUP BY over items of reviews that count."""
    zones = organization_zones(organization_id)
    items = _counted_items(organization_id, days)
    first_behaviour = (
        ReviewItem.objects.filter(review_id=OuterRef("review_id"))
        .order_by("behaviour_id")
        .values("behaviour_id")[:1]
    )
    first_of_moment = (
        ReviewItem.objects.filter(
            review_id=OuterRef("review_id"), behaviour__moment_id=OuterRef("behaviour__moment_id")
        )
        .order_by("behaviour_id")
        .values("behaviour_id")[:1]
    )
    rows = items.annotate(
        organization_id=F("review__organization_id"),
        day=local_day("review__occurred_at", "review__location", zones),
        location_id=F("review__location_id"),
        consultant_id=F("review__consultant_id"),
        moment_id=F("behaviour__moment_id"),
        review_kind=F("review__kind"),
    )
    if days is not None:
        rows = rows.filter(day__in=days)
    return (
        rows.values(*COMPLIANCE_KEYS)
        .annotate(
            met=Count("id", filter=Q(result=ItemResult.MET)),
            not_met=Count("id", filter=Q(result=ItemResult.NOT_MET)),
            not_applicable=Count("id", filter=Q(result=ItemResult.NOT_APPLICABLE)),
            reviews=Sum(
                Case(
                    When(behaviour_id=Subquery(first_behaviour), then=1),
                    default=0,
                    output_field=IntegerField(),
                )
            ),
            moment_reviews=Sum(
                Case(
                    When(behaviour_id=Subquery(first_of_moment), then=1),
                    default=0,
                    output_field=IntegerField(),
                )
            ),
        )
        .order_by()
    )


DRIVER_KEYS = (
    "organization_id",
    "day",
    "location_id",
    "consultant_id",
    "moment_id",
    "behaviour_id",
    "kind",
    "met",
)
DRIVER_COUNTS = ("n", "promoters", "detractors")


def driver_counts(organization_id: int, days: list[date] | None) -> QuerySet:
    """Met / not met items of reviewed interactions with the NPS answer of the same
    interaction (joined on interaction_ref; the latest answer if there are several)."""
    zones = organization_zones(organization_id)
    answer = (
        Response.objects.filter(
            organization_id=organization_id,
            interaction_ref=OuterRef("review__interaction_ref"),
            metric=Metric.NPS,
        )
        .order_by("-submitted_at", "-id")
        .values("score")[:1]
    )
    items = (
        _counted_items(organization_id, days)
        .exclude(review__interaction_ref="")
        .filter(result__in=[ItemResult.MET, ItemResult.NOT_MET])
        .annotate(answer=Subquery(answer))
        .filter(answer__isnull=False)
    )
    rows = items.annotate(
        organization_id=F("review__organization_id"),
        day=local_day("review__occurred_at", "review__location", zones),
        location_id=F("review__location_id"),
        consultant_id=F("review__consultant_id"),
        moment_id=F("behaviour__moment_id"),
        met=Case(
            When(result=ItemResult.MET, then=True),
            default=False,
            output_field=models.BooleanField(),
        ),
    )
    if days is not None:
        rows = rows.filter(day__in=days)
    return (
        rows.values(*DRIVER_KEYS)
        .annotate(
            n=Count("id"),
            promoters=Count("id", filter=Q(answer__gte=9)),
            detractors=Count("id", filter=Q(answer__lte=6)),
        )
        .order_by()
    )


@transaction.atomic
def rebuild_driver_days(*, organization_id: int, days: Iterable[date] | None = None) -> int:
    """Recompute the driver rollup of some local review days (all days when None)."""
    return _rebuild(
        DriverDaily,
        driver_counts,
        DRIVER_KEYS,
        DRIVER_COUNTS,
        organization_id=organization_id,
        days=days,
    )


def rebuild_all(*, organization_id: int, since: date | None = None) -> dict[str, int]:
    """Every rollup of an organization, from `since` (a local day) or from the start."""
    days = None
    if since is not None:
        days = _days_since(organization_id, since)
    return {
        "surveys": rebuild_survey_days(organization_id=organization_id, days=days),
        "compliance": rebuild_compliance_days(organization_id=organization_id, days=days),
        "drivers": rebuild_driver_days(organization_id=organization_id, days=days),
    }


def clear(*, organization_id: int) -> None:
    """Empty every rollup of an organization, with what their days were written from."""
    for model in (SurveyDaily, ComplianceDaily, DriverDaily, RollupChecksum):
        model.objects.filter(organization_id=organization_id).delete()
    figure_cache.invalidate(organization_id)


def _days_since(organization_id: int, since: date) -> list[date]:
    today = datetime.now(UTC).date() + timedelta(days=1)
    return [since + timedelta(days=i) for i in range((today - since).days + 1)]


def _rebuild(model, counts, keys, count_names, *, organization_id: int, days) -> int:
    """Replace a slice's rows with `counts`; returns the slice's row count."""
    day_list = sorted(set(days)) if days is not None else None
    if day_list == []:
        return 0
    fresh = counts(organization_id, day_list)
    columns = keys + count_names
    if connection.vendor == "postgresql":
        return _apply_difference(model, fresh, columns, organization_id, day_list)
    existing = model.objects.filter(organization_id=organization_id)
    if day_list is not None:
        existing = existing.filter(day__in=day_list)
    existing.delete()
    figure_cache.invalidate(organization_id)
    return _insert_select(model, fresh, columns)


# Memory for the rebuild's hash aggregate (PostgreSQL's default 4 MB spills it to disk).
REBUILD_WORK_MEM = "256MB"


def row_hash_sql(model, columns, alias: str) -> str:
    """SQL for a 64-bit hash of a rollup row, chained column by column (NULL hashed as
    -1, so it keeps its place); a day's checksum XORs its rows' hashes (rows of a day
    are distinct)."""
    quote = connection.ops.quote_name
    fields = {f.column: f for f in model._meta.concrete_fields}
    row_hash = "0"
    for column in columns:
        if column in ("organization_id", "day"):
            continue
        kind = fields[column].get_internal_type()
        value = f"{alias}.{quote(column)}"
        if kind == "CharField":
            row_hash = f"hashtextextended({value}, {row_hash})"
        else:
            value = f"{value}::int" if kind == "BooleanField" else value
            row_hash = f"hashint8extended(COALESCE({value}, -1), {row_hash})"
    return row_hash


def _apply_difference(model, fresh: QuerySet, columns, organization_id, day_list):
    """PostgreSQL: one statement computes the slice's rows, finds the days whose rows
    differ from what they were last written from (RollupChecksum: the number of rows and
    their hashes XORed per day), and in those days replaces the rows that differ. A
    rebuild of unchanged days writes nothing, so the nightly job leaves no dead rows for
    readers to skip, and a new answer rewrites one row."""
    select_sql, select_params = fresh.query.get_compiler(connection=connection).as_sql()
    if tuple(fresh.query.selected) != columns:
        raise AssertionError(f"SELECT {tuple(fresh.query.selected)} does not match {columns}")
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    marks = quote(RollupChecksum._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    fields = {f.column: f for f in model._meta.concrete_fields}
    row_hash = row_hash_sql(model, columns, "f")
    # Row equality the planner can hash: NULL ids compared as 0 (ids start at 1).
    same_row = " AND ".join(
        f"COALESCE(f.{quote(c)}, 0) = COALESCE(o.{quote(c)}, 0)"
        if fields[c].null
        else f"f.{quote(c)} = o.{quote(c)}"
        for c in columns
    )
    rollup = model._meta.db_table
    slice_where, slice_params = "organization_id = %s AND rollup = %s", [organization_id, rollup]
    # The slice's days, spelled out where known: the planner then uses the (organization,
    # day) index to delete a few days' rows rather than scan the organization's.
    days_where, days_params = "", []
    if day_list is not None:
        days_where, days_params = " AND day = ANY(%s)", [day_list]
    slice_where += days_where
    slice_params += days_params
    sql = (
        f"WITH fresh ({names}) AS MATERIALIZED ({select_sql}), "
        "sums AS MATERIALIZED (SELECT day, COUNT(*) AS rows, "
        f"BIT_XOR({row_hash}) AS checksum FROM fresh f GROUP BY day), "
        "changed AS MATERIALIZED (SELECT COALESCE(s.day, c.day) AS day, s.rows, s.checksum "
        f"FROM sums s FULL JOIN (SELECT day, rows, checksum FROM {marks} WHERE {slice_where}) c "
        "ON c.day = s.day WHERE s.day IS NULL OR c.day IS NULL OR s.rows <> c.rows "
        "OR s.checksum <> c.checksum), "
        # Within a changed day only the rows that differ are replaced: one new answer
        # rewrites its one row, not the day's thousands.
        # (EXISTS: a one-time check, so an unchanged rebuild does not scan the table.)
        f"old AS MATERIALIZED (SELECT id, {names} FROM {table} WHERE organization_id = %s"
        f"{days_where} AND EXISTS (SELECT 1 FROM changed) "
        "AND day IN (SELECT day FROM changed)), "
        "new AS MATERIALIZED (SELECT * FROM fresh WHERE EXISTS (SELECT 1 FROM changed) "
        "AND day IN (SELECT day FROM changed)), "
        f"gone AS (DELETE FROM {table} WHERE id IN (SELECT o.id FROM old o "
        f"WHERE NOT EXISTS (SELECT 1 FROM new f WHERE {same_row})) RETURNING 1), "
        f"added AS (INSERT INTO {table} ({names}) SELECT {names} FROM new f "
        f"WHERE NOT EXISTS (SELECT 1 FROM old o WHERE {same_row}) RETURNING 1), "
        f"unmarked AS (DELETE FROM {marks} WHERE organization_id = %s AND rollup = %s"
        f"{days_where} AND day IN (SELECT day FROM changed WHERE rows IS NULL)), "
        f"marked AS (INSERT INTO {marks} (organization_id, rollup, day, rows, checksum) "
        "SELECT %s, %s, day, rows, checksum FROM changed WHERE rows IS NOT NULL "
        "ON CONFLICT (organization_id, rollup, day) DO UPDATE "
        "SET rows = EXCLUDED.rows, checksum = EXCLUDED.checksum) "
        "SELECT (SELECT COALESCE(SUM(rows), 0) FROM sums), (SELECT COUNT(*) FROM gone), "
        "(SELECT COUNT(*) FROM added)"
    )
    params = [
        *select_params,
        *slice_params,
        organization_id,
        *days_params,
        organization_id,
        rollup,
        *days_params,
        organization_id,
        rollup,
    ]
    with connection.cursor() as cursor:
        # One writer per (table, organization): two refreshes of a slice at once would
        # both insert its new rows.
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{rollup}:{organization_id}"]
        )
        cursor.execute("SET LOCAL work_mem = %s", [REBUILD_WORK_MEM])
        cursor.execute(sql, params)
        total, gone, added = cursor.fetchone()
    if gone or added:
        figure_cache.invalidate(organization_id)
    return int(total)


@transaction.atomic
def rebuild_compliance_days(*, organization_id: int, days: Iterable[date] | None = None) -> int:
    """Recompute the compliance rollup of some local days (all days when `days` is None)."""
    return _rebuild(
        ComplianceDaily,
        compliance_counts,
        COMPLIANCE_KEYS,
        COMPLIANCE_COUNTS,
        organization_id=organization_id,
        days=days,
    )


def review_days(organization_id: int, interaction_refs: Iterable[str]) -> list[date]:
    """The local days of the organization's reviews of these interactions."""
    refs = sorted(set(interaction_refs))
    if not refs:
        return []
    zones = organization_zones(organization_id)
    return sorted(
        Review.objects.filter(organization_id=organization_id, interaction_ref__in=refs)
        .annotate(day=local_day("occurred_at", "location", zones))
        .values_list("day", flat=True)
        .distinct()
    )


def local_days_around(utc_dates: Iterable[date]) -> list[date]:
    """The local days that UTC dates can fall on in any time zone."""
    days = set()
    for day in utc_dates:
        days.update((day - timedelta(days=1), day, day + timedelta(days=1)))
    return sorted(days)
