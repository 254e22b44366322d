"""Dashboard figures, read from the daily rollups only.

Every function is one SQL aggregate (`values().annotate(Sum(...))`) over SurveyDaily,
ComplianceDaily or DriverDaily, restricted by a `Scope`; the figures are then derived
from the summed counts by `common/figures.py`. Nothing here reads raw responses or reviews.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db.models import F, Max, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from common import figures
from common.periods import Period

from .models import ComplianceDaily, DriverDaily, SurveyDaily

SURVEY_GROUPINGS = ("consultant", "location", "touchpoint", "moment", "day", "week", "month")
COMPLIANCE_GROUPINGS = ("behaviour", "moment", "consultant", "location", "week", "month")


@dataclass(frozen=True)
class Scope:
    """What a figure is restricted to. Days are local days of the locations."""

    organization_id: int
    date_from: date | None = None
    date_to: date | None = None
    location_ids: tuple[int, ...] | None = None  # None: every location
    consultant_id: int | None = None
    journey_id: int | None = None
    channel: str | None = None

    def previous(self) -> "Scope | None":
        """The period of the same length just before this one."""
        before = Period(start=self.date_from, end=self.date_to).previous()
        return replace(self, date_from=before.start, date_to=before.end) if before else None


def _restrict(rows: QuerySet, scope: Scope, *, journey_path: str, channel_path: str | None):
    rows = rows.filter(organization_id=scope.organization_id)
    if scope.date_from:
        rows = rows.filter(day__gte=scope.date_from)
    if scope.date_to:
        rows = rows.filter(day__lte=scope.date_to)
    if scope.location_ids is not None:
        rows = rows.filter(location_id__in=scope.location_ids)
    if scope.consultant_id:
        rows = rows.filter(consultant_id=scope.consultant_id)
    if scope.journey_id:
        rows = rows.filter(**{journey_path: scope.journey_id})
    if scope.channel and channel_path:
        rows = rows.filter(**{channel_path: scope.channel})
    return rows


def survey_rows(scope: Scope, metric: str) -> QuerySet[SurveyDaily]:
    rows = _restrict(
        SurveyDaily.objects.all(),
        scope,
        journey_path="touchpoint__journey_id",
        channel_path="channel",
    )
    return rows.filter(metric=metric)


def compliance_rows(scope: Scope) -> QuerySet[ComplianceDaily]:
    return _restrict(
        ComplianceDaily.objects.all(),
        scope,
        journey_path="moment__touchpoint__journey_id",
        channel_path="moment__touchpoint__channel",
    )


def driver_rows(scope: Scope) -> QuerySet[DriverDaily]:
    return _restrict(
        DriverDaily.objects.all(),
        scope,
        journey_path="moment__touchpoint__journey_id",
        channel_path="moment__touchpoint__channel",
    )


SURVEY_SUMS = {
    "n": Sum("n"),
    "promoters": Sum("promoters"),
    "passives": Sum("passives"),
    "detractors": Sum("detractors"),
    "score_sum": Sum("score_sum"),
    "score_sum_squares": Sum("score_sum_squares"),
}
COMPLIANCE_SUMS = {
    "iron_met": Sum("met", filter=Q(kind="iron")),
    "iron_applicable": Sum(F("met") + F("not_met"), filter=Q(kind="iron")),
    "master_met": Sum("met", filter=Q(kind="master")),
    "master_applicable": Sum(F("met") + F("not_met"), filter=Q(kind="master")),
    "not_applicable": Sum("not_applicable"),
    "reviews": Sum("reviews"),
    "moment_reviews": Sum("moment_reviews"),
}


def _reviews_counted(row: dict, per_moment: bool) -> dict:
    """The reviews that count: a review of two moments is one review, but one in each of
    the two moments' rows (and in a figure narrowed to either moment)."""
    moment_reviews = row.pop("moment_reviews")
    if per_moment:
        row["reviews"] = moment_reviews
    return row


def _zeros(row: dict, names) -> dict:
    return {**row, **{name: row.get(name) or 0 for name in names}}


def _consultant_label(row: dict) -> str:
    name = f"{row.pop('first') or ''} {row.pop('last') or ''}".strip()
    return name or row.pop("username", "") or ""


SURVEY_KEYS = {
    "consultant": {
        "key": F("consultant_id"),
        "first": F("consultant__user__first_name"),
        "last": F("consultant__user__last_name"),
        "username": F("consultant__user__username"),
        "code": F("consultant__employee_code"),
        "home_location_id": F("consultant__location_id"),
    },
    "location": {"key": F("location_id"), "label": F("location__name")},
    "touchpoint": {"key": F("touchpoint_id"), "label": F("touchpoint__name")},
    "moment": {"key": F("moment_id"), "label": F("moment__name")},
    "day": {"key": F("day")},
    "week": {"key": TruncWeek("day")},
    "month": {"key": TruncMonth("day")},
}


def grouped(rows: QuerySet, keys: dict) -> QuerySet:
    """GROUP BY the first of `keys` alone (ids hash-aggregate fast), the others (names of
    the group, constant within it) carried along as MAX() of their joined columns."""
    (name, key), *labels = keys.items()
    return rows.values(**{name: key}).annotate(**{label: Max(expr) for label, expr in labels})


def _label(row: dict, group_by: str) -> dict:
    if group_by == "consultant":
        row["label"] = _consultant_label(row)
        row.pop("username", None)
    elif group_by in ("day", "week", "month"):
        key = row["key"]
        row["key"] = key.date() if hasattr(key, "date") and callable(key.date) else key
        row["label"] = row["key"].isoformat() if row["key"] else ""
    elif row.get("key") is None:
        row["label"] = ""
    return row


def survey_totals(scope: Scope, metric: str) -> dict:
    """The metric's figures over the whole scope: one aggregate."""
    row = _zeros(survey_rows(scope, metric).aggregate(**SURVEY_SUMS), SURVEY_SUMS)
    return figures.survey_figures(row, metric)


def survey_groups(scope: Scope, metric: str, group_by: str) -> list[dict]:
    """The metric's figures per group, in key order (time) or by name: one aggregate.

    Groups without a key (responses with no consultant, location, touchpoint or moment)
    come back with key None."""
    if group_by not in SURVEY_GROUPINGS:
        raise ValueError(f"unknown grouping {group_by!r}")
    keys = SURVEY_KEYS[group_by]
    rows = (
        grouped(survey_rows(scope, metric), keys)
        .annotate(**SURVEY_SUMS)
        .order_by(F("key").asc(nulls_last=True))
    )
    return [figures.survey_figures(_label(dict(row), group_by), metric) for row in rows]


COMPLIANCE_KEYS = {
    "behaviour": {
        "key": F("behaviour_id"),
        "label": F("behaviour__text"),
        "kind_of": F("kind"),
        "moment_pk": F("moment_id"),
        "moment_name": F("moment__name"),
    },
    "moment": {"key": F("moment_id"), "label": F("moment__name")},
    "consultant": {
        "key": F("consultant_id"),
        "first": F("consultant__user__first_name"),
        "last": F("consultant__user__last_name"),
        "username": F("consultant__user__username"),
    },
    "location": {"key": F("location_id"), "label": F("location__name")},
    "week": {"key": TruncWeek("day")},
    "month": {"key": TruncMonth("day")},
}


def compliance_totals(
    scope: Scope, rows: QuerySet[ComplianceDaily] | None = None, *, one_moment: bool = False
) -> dict:
    """Iron compliance and master rate over the scope (or over `rows`, the scope's rows
    narrowed further, to `one_moment` for instance): one aggregate."""
    rows = compliance_rows(scope) if rows is None else rows
    totals = _zeros(rows.aggregate(**COMPLIANCE_SUMS), COMPLIANCE_SUMS)
    return figures.compliance_figures(_reviews_counted(totals, one_moment))


def compliance_groups(
    scope: Scope,
    group_by: str,
    rows: QuerySet[ComplianceDaily] | None = None,
    *,
    one_moment: bool = False,
) -> list[dict]:
    """Iron compliance and master rate per group (of the scope, or of `rows`, narrowed to
    `one_moment` for instance): one aggregate. For group_by=behaviour `reviews` is the
    number of reviews that scored the behaviour."""
    if group_by not in COMPLIANCE_GROUPINGS:
        raise ValueError(f"unknown grouping {group_by!r}")
    rows = compliance_rows(scope) if rows is None else rows
    rows = grouped(rows, COMPLIANCE_KEYS[group_by]).annotate(**COMPLIANCE_SUMS)
    result = []
    for row in rows.order_by("key"):
        row = _zeros(_label(dict(row), group_by), COMPLIANCE_SUMS)
        row = _reviews_counted(row, one_moment or group_by == "moment")
        if group_by == "behaviour":
            # Each review scores a behaviour once: its reviews are its scored items.
            row["reviews"] = row["iron_applicable"] + row["master_applicable"]
            row["reviews"] += row["not_applicable"]
        result.append(figures.compliance_figures(row))
    return result


def kpis(scope: Scope, min_sample: int) -> dict:
    """The executive tiles: NPS, CSAT and CES with their margins and their change vs the
    previous period as judged by figures.compare (never judged when either period has
    fewer than `min_sample` answers), responses, iron compliance and master rate."""
    previous = scope.previous()
    tiles: dict = {}
    for metric in ("nps", "csat", "ces"):
        now = survey_totals(scope, metric)
        before = survey_totals(previous, metric) if previous else None
        now["change"] = figures.compare(now, before, min_sample, metric=metric)
        now["previous"] = before["score"] if before else None
        tiles[metric] = now
    tiles["responses"] = sum(tiles[m]["n"] for m in ("nps", "csat", "ces"))
    tiles["compliance"] = compliance_totals(scope)
    return tiles


def leaderboard(scope: Scope, metric: str, min_sample: int) -> dict:
    """Consultants ranked on the lower bound of their score's 95% interval, only those
    with at least `min_sample` answers; the rest listed as not enough data."""
    rows = [row for row in survey_groups(scope, metric, "consultant") if row["key"] is not None]
    ranked = [row for row in rows if row["n"] >= min_sample and row["lower"] is not None]
    ranked.sort(key=lambda row: (-row["lower"], -row["score"], row["label"]))
    for position, row in enumerate(ranked, start=1):
        row["rank"] = position
    too_few = sorted((row for row in rows if row not in ranked), key=lambda r: -r["n"])
    return {"ranked": ranked, "not_enough_data": too_few, "min_sample": min_sample}


def standing(scope: Scope, consultant_id: int, metric: str, min_sample: int) -> dict | None:
    """Where a consultant stands among the team (`scope` is the team): the share of
    ranked peers below them. None unless they and at least one peer have enough data."""
    board = leaderboard(replace(scope, consultant_id=None), metric, min_sample)
    ranked = board["ranked"]
    mine = next((row for row in ranked if row["key"] == consultant_id), None)
    if mine is None or len(ranked) < 2:
        return None
    below = sum(1 for row in ranked if row["lower"] < mine["lower"])
    return {
        "rank": mine["rank"],
        "of": len(ranked),
        "percentile": round(100 * below / (len(ranked) - 1)),
    }


def journey_heatmap(scope: Scope) -> list[dict]:
    """Each moment with its NPS and iron compliance (two aggregates), in journey order."""
    nps_by_moment = {row["key"]: row for row in survey_groups(scope, "nps", "moment")}
    compliance_by_moment = {row["key"]: row for row in compliance_groups(scope, "moment")}
    moment_ids = [key for key in {*nps_by_moment, *compliance_by_moment} if key is not None]
    from touchpoints.models import Moment

    moments = Moment.objects.filter(pk__in=moment_ids).select_related("touchpoint__journey")
    cells = []
    for moment in moments.order_by(
        "touchpoint__journey__order", "touchpoint__order", "order", "pk"
    ):
        survey = nps_by_moment.get(moment.pk, {})
        compliance = compliance_by_moment.get(moment.pk, {})
        cells.append(
            {
                "moment_id": moment.pk,
                "moment": moment.name,
                "touchpoint": moment.touchpoint.name,
                "journey": moment.touchpoint.journey.name,
                "is_critical": moment.is_critical,
                "nps": survey.get("score"),
                "nps_margin": survey.get("margin"),
                "n": survey.get("n", 0),
                "iron_rate": compliance.get("iron_rate"),
                "iron_applicable": compliance.get("iron_applicable", 0),
            }
        )
    return cells


def drivers(scope: Scope, min_sample: int) -> list[dict]:
    """For each behaviour, NPS of reviewed interactions where it was met vs not met, the
    difference with its 95% interval, and a flag where the data contradict its tier:
    an iron behaviour whose failure does not raise detractors, a master behaviour whose
    delivery does not raise promoters (judged only with `min_sample` on both sides)."""
    return drivers_and_reach(scope, min_sample)[0]


def drivers_and_reach(
    scope: Scope, min_sample: int, presets: dict[str, int] | None = None
) -> tuple[list[dict], str | None]:
    """The drivers (as `drivers`), and the shortest of the preset periods (key → days,
    ending today) in which some behaviour has `min_sample` answers both when met and when
    not met, within the scope's other filters (None if none has): what an empty panel
    suggests. Still one aggregate: it reads the longest preset too, the scope's own
    counts filtered to its dates."""
    sums = {"n": Sum("n"), "promoters": Sum("promoters"), "detractors": Sum("detractors")}
    wide = scope
    if presets:
        today = timezone.localdate()  # the presets' last day, as the filter form has it
        first = today - timedelta(days=max(presets.values()) - 1)
        wide = replace(
            scope,
            date_from=min(scope.date_from, first) if scope.date_from else None,
            date_to=max(scope.date_to, today) if scope.date_to else None,
        )
        window = Q()
        if scope.date_from:
            window &= Q(day__gte=scope.date_from)
        if scope.date_to:
            window &= Q(day__lte=scope.date_to)
        if window:
            sums = {name: Sum(name, filter=window) for name in sums}
    preset_sums = {
        f"preset_{key}": Sum("n", filter=Q(day__gte=today - timedelta(days=days - 1)))
        for key, days in (presets or {}).items()
    }
    rows = (
        driver_rows(wide)
        .values("behaviour_id", "met")
        .annotate(text=Max("behaviour__text"), kind_of=Max("kind"), **preset_sums)
        .annotate(**sums)
        .order_by("behaviour_id", "met")
    )
    reach: dict[str, dict[int, list[int]]] = {key: {} for key in presets or {}}
    by_behaviour: dict[int, dict] = {}
    for row in rows:
        for key in reach:
            sides = reach[key].setdefault(row["behaviour_id"], [0, 0])
            sides[bool(row["met"])] += row[f"preset_{key}"] or 0
        if not row["n"]:
            continue  # answered only outside the scope's dates
        entry = by_behaviour.setdefault(
            row["behaviour_id"],
            {
                "behaviour_id": row["behaviour_id"],
                "label": row["text"],
                "kind_of": row["kind_of"],
                "met": {"n": 0, "promoters": 0, "detractors": 0},
                "not_met": {"n": 0, "promoters": 0, "detractors": 0},
            },
        )
        side = entry["met" if row["met"] else "not_met"]
        for name in ("n", "promoters", "detractors"):
            side[name] = row[name]
    result = []
    for entry in by_behaviour.values():
        met, not_met = entry["met"], entry["not_met"]
        for side in (met, not_met):
            side["nps"] = figures.nps(side["promoters"], side["detractors"], side["n"])
            side["margin"] = figures.nps_margin(side["promoters"], side["detractors"], side["n"])
        entry["difference"] = figures.nps_difference(met, not_met)
        enough = met["n"] >= min_sample and not_met["n"] >= min_sample
        entry["enough_data"] = enough
        entry["flag"] = None
        if enough and entry["kind_of"] == "iron":
            # Failing it should raise the share of detractors.
            moved = figures.share_difference(
                not_met["detractors"], not_met["n"], met["detractors"], met["n"]
            )
            entry["detractor_lift"] = moved
            if moved["low"] is not None and moved["low"] <= 0:
                entry["flag"] = "iron_no_effect"
        elif enough and entry["kind_of"] == "master":
            lifted = figures.share_difference(
                met["promoters"], met["n"], not_met["promoters"], not_met["n"]
            )
            entry["promoter_lift"] = lifted
            if lifted["low"] is not None and lifted["low"] <= 0:
                entry["flag"] = "master_no_lift"
        result.append(entry)
    result.sort(
        key=lambda e: (not e["enough_data"], -(e["difference"]["delta"] or -1000), e["label"])
    )
    reached = None
    for key, _days in sorted((presets or {}).items(), key=lambda item: item[1]):
        if any(min(sides) >= min_sample for sides in reach[key].values()):
            reached = key
            break
    return result, reached
