"""The executive and manager dashboard's panels, in as few aggregates as the page needs.

The figures are the selectors' (dashboards/selectors.py) and are derived by common/figures.py
from summed rollup counts; this module only asks for several of them in one aggregate
where the selectors would ask once per metric or period, so the whole page stays within
its query budget (DESIGN.md: at most 15). tests/dashboards/test_overview.py holds every
panel equal to the selector it stands for.
"""

from dataclasses import replace
from datetime import date

from django.db.models import BooleanField, Case, F, IntegerField, Max, Value, When
from django.db.models.functions import Cast, TruncMonth, TruncWeek
from django.utils import timezone

from common import figures

from . import buckets, charts, selectors
from .forms import DashboardFilterForm
from .models import SurveyDaily
from .selectors import COMPLIANCE_SUMS, SURVEY_SUMS, Scope

TILE_METRICS = ("nps", "csat", "ces")
TREND_METRICS = ("nps", "csat", "ces")
# The location table shows NPS and CSAT (CES is on the tiles and the trend).
LOCATION_METRICS = ("nps", "csat")
# A longer period is drawn by month: weekly points of a year are too many to read.
WEEKLY_UP_TO_DAYS = 180


def _survey_rows(scope: Scope):
    """Survey rollup rows of every metric within the scope (selectors.survey_rows is per
    metric); the same restriction, so the same tenancy and filters."""
    return selectors._restrict(
        SurveyDaily.objects.all(),
        scope,
        journey_path="touchpoint__journey_id",
        channel_path="channel",
    )


def _counts() -> dict:
    return {name: 0 for name in SURVEY_SUMS}


def _add(total: dict, row: dict, names) -> None:
    for name in names:
        total[name] = total.get(name, 0) + (row.get(name) or 0)


def _tile(now: dict, before: dict | None, min_sample: int, metric: str) -> dict:
    """A KPI tile as selectors.kpis makes it: the figures and their change, judged by
    figures.compare."""
    now["change"] = figures.compare(now, before, min_sample, metric=metric)
    now["previous"] = before["score"] if before else None
    return now


def surveys_by_location(scope: Scope, min_sample: int) -> tuple[dict, list[dict]]:
    """The survey tiles (this period and the previous one, as selectors.kpis) and the
    NPS and CSAT of each location, from one aggregate grouped by metric, period and
    location; the totals are the sums of the location groups' counts."""
    previous = scope.previous()
    wide = replace(scope, date_from=previous.date_from) if previous else scope
    is_current = (
        Case(
            When(day__gte=scope.date_from, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
        if previous
        else Value(True, output_field=BooleanField())
    )
    rows = (
        _survey_rows(wide)
        .filter(metric__in=TILE_METRICS)
        .values("metric", current=is_current, key=F("location_id"))
        .annotate(label=Max("location__name"), **SURVEY_SUMS)
        .order_by()
    )
    totals = {(metric, current): _counts() for metric in TILE_METRICS for current in (True, False)}
    locations: dict = {}
    for row in rows:
        _add(totals[(row["metric"], row["current"])], row, SURVEY_SUMS)
        if row["current"] and row["metric"] in LOCATION_METRICS:
            entry = locations.setdefault(row["key"], {"key": row["key"], "label": row["label"]})
            entry[row["metric"]] = figures.survey_figures(_counts() | _pick(row), row["metric"])
    tiles = {}
    for metric in TILE_METRICS:
        now = figures.survey_figures(totals[(metric, True)], metric)
        before = figures.survey_figures(totals[(metric, False)], metric) if previous else None
        tiles[metric] = _tile(now, before, min_sample, metric)
    tiles["responses"] = sum(tiles[metric]["n"] for metric in TILE_METRICS)
    return tiles, list(locations.values())


def _pick(row: dict) -> dict:
    return {name: row.get(name) or 0 for name in SURVEY_SUMS}


def compliance_by_location(scope: Scope) -> tuple[dict, dict]:
    """Iron compliance and master rate in total (as selectors.compliance_totals) and per
    location, from the one location grouping."""
    groups = selectors.compliance_groups(scope, "location")
    total: dict = {name: 0 for name in COMPLIANCE_SUMS}
    for row in groups:
        _add(total, row, COMPLIANCE_SUMS)
    return figures.compliance_figures(total), {row["key"]: row for row in groups}


def location_table(survey_rows: list[dict], compliance: dict) -> list[dict]:
    """One row per location: n, NPS with its margin, CSAT, iron compliance. Locations
    with reviews but no answers are listed too; unnamed groups ("no location") last."""
    empty_nps = figures.survey_figures(_counts(), "nps")
    empty_csat = figures.survey_figures(_counts(), "csat")
    by_key = {row["key"]: row for row in survey_rows}
    for key, row in compliance.items():
        by_key.setdefault(key, {"key": key, "label": row.get("label") or ""})
    table = []
    for key, row in by_key.items():
        iron = compliance.get(key, {})
        table.append(
            {
                "key": key,
                "label": row["label"],
                "nps": row.get("nps", empty_nps),
                "csat": row.get("csat", empty_csat),
                "iron_rate": iron.get("iron_rate"),
                "iron_applicable": iron.get("iron_applicable") or 0,
            }
        )
    table.sort(key=lambda row: (row["key"] is None, (row["label"] or "").lower()))
    return table


def trend_unit(scope: Scope) -> str:
    if scope.date_from and scope.date_to:
        days = (scope.date_to - scope.date_from).days + 1
        return "month" if days > WEEKLY_UP_TO_DAYS else "week"
    return "week"


def trend(scope: Scope, min_sample: int, *, today: date | None = None) -> dict:
    """NPS, CSAT and CES per week (per month over long periods), as selectors.survey_groups
    gives them, from one aggregate for the three metrics; each bucket marked partial or
    short of the minimum sample (buckets.mark_buckets), so no chart reads a half week
    or a handful of answers as a real drop."""
    unit = trend_unit(scope)
    bucket = TruncMonth("day") if unit == "month" else TruncWeek("day")
    rows = (
        _survey_rows(scope)
        .filter(metric__in=TREND_METRICS)
        .values("metric", key=bucket)
        .annotate(**SURVEY_SUMS)
        .order_by("metric", "key")
    )
    series: dict[str, list[dict]] = {metric: [] for metric in TREND_METRICS}
    for row in rows:
        row = dict(row)
        key = row["key"]
        key = key.date() if hasattr(key, "hour") else key
        row["key"], row["label"] = key, key.isoformat() if isinstance(key, date) else ""
        series[row["metric"]].append(figures.survey_figures(row, row["metric"]))
    for metric_rows in series.values():
        buckets.mark_buckets(
            metric_rows,
            unit=unit,
            date_from=scope.date_from,
            date_to=scope.date_to,
            today=today or timezone.localdate(),
            min_sample=min_sample,
        )
        for row in metric_rows:
            row["note"] = charts.bucket_note(row, unit=unit, min_sample=min_sample)
    return {
        "unit": unit,
        "min_sample": min_sample,
        **series,
        "partial": {m: [r for r in series[m] if r["partial"]] for m in TREND_METRICS},
        # Thin whole buckets, counted; partial ones are listed one by one with their n.
        "too_few": {
            m: sum(not r["enough"] and not r["partial"] for r in series[m]) for m in TREND_METRICS
        },
    }


def _moment_values() -> dict:
    """The heat map's grouping: the moment id, then its names and places (selectors.grouped)."""
    return {
        "moment_key": F("moment_id"),
        "moment_name": F("moment__name"),
        "touchpoint_name": F("moment__touchpoint__name"),
        "journey_name": F("moment__touchpoint__journey__name"),
        # MAX() has no boolean form on PostgreSQL.
        "critical": Cast("moment__is_critical", IntegerField()),
        "order_journey": F("moment__touchpoint__journey__order"),
        "order_touchpoint": F("moment__touchpoint__order"),
        "order_moment": F("moment__order"),
    }


def journey_heatmap(scope: Scope) -> list[dict]:
    """The cells of selectors.journey_heatmap (each moment's NPS and iron compliance in
    journey order) in two aggregates instead of three: the moments come with the sums."""
    nps_rows = (
        selectors.grouped(
            selectors.survey_rows(scope, "nps").filter(moment__isnull=False), _moment_values()
        )
        .annotate(**SURVEY_SUMS)
        .order_by()
    )
    compliance_rows = (
        selectors.grouped(selectors.compliance_rows(scope), _moment_values())
        .annotate(**COMPLIANCE_SUMS)
        .order_by()
    )
    cells: dict[int, dict] = {}

    def cell(row: dict) -> dict:
        return cells.setdefault(
            row["moment_key"],
            {
                "moment_id": row["moment_key"],
                "moment": row["moment_name"],
                "touchpoint": row["touchpoint_name"],
                "journey": row["journey_name"],
                "is_critical": bool(row["critical"]),
                "order": (
                    row["order_journey"],
                    row["order_touchpoint"],
                    row["order_moment"],
                    row["moment_key"],
                ),
                "nps": None,
                "nps_margin": None,
                "n": 0,
                "iron_rate": None,
                "iron_applicable": 0,
            },
        )

    for row in nps_rows:
        survey = figures.survey_figures(_pick(row), "nps")
        cell(row).update(nps=survey["score"], nps_margin=survey["margin"], n=survey["n"])
    for row in compliance_rows:
        if row["moment_key"] is None:
            continue
        rates = figures.compliance_figures({name: row.get(name) or 0 for name in COMPLIANCE_SUMS})
        cell(row).update(iron_rate=rates["iron_rate"], iron_applicable=rates["iron_applicable"])
    ordered = sorted(cells.values(), key=lambda c: c["order"])
    for entry in ordered:
        del entry["order"]
    return ordered


def heatmap_by_journey(cells: list[dict]) -> list[dict]:
    """The cells grouped per journey and touchpoint, in order, for the heat-map table."""
    journeys: list[dict] = []
    for entry in cells:
        if not journeys or journeys[-1]["name"] != entry["journey"]:
            journeys.append({"name": entry["journey"], "touchpoints": [], "cells": []})
        journey = journeys[-1]
        touchpoints = journey["touchpoints"]
        if not touchpoints or touchpoints[-1]["name"] != entry["touchpoint"]:
            touchpoints.append({"name": entry["touchpoint"], "span": 0})
        touchpoints[-1]["span"] += 1
        journey["cells"].append(entry)
    return journeys


# A long leaderboard shows its two ends on the page; the export has every consultant.
LEADERBOARD_ENDS = 10
UNRANKED_SHOWN = 20


def trim_leaderboard(board: dict) -> dict:
    """Adds what the page lists: all ranked consultants, or the top and bottom
    LEADERBOARD_ENDS with the number left out between; the first UNRANKED_SHOWN of those
    without enough data."""
    ranked = board["ranked"]
    if len(ranked) > 2 * LEADERBOARD_ENDS + 5:
        board["top"], board["bottom"] = ranked[:LEADERBOARD_ENDS], ranked[-LEADERBOARD_ENDS:]
    else:
        board["top"], board["bottom"] = ranked, []
    board["hidden"] = len(ranked) - len(board["top"]) - len(board["bottom"])
    unranked = board["not_enough_data"]
    board["unranked_shown"] = unranked[:UNRANKED_SHOWN]
    board["unranked_hidden"] = len(unranked) - len(board["unranked_shown"])
    return board


def overview(scope: Scope, min_sample: int) -> dict:
    """Every panel of the dashboard for the scope: tiles, trend, locations, heat map,
    leaderboard and drivers."""
    tiles, survey_locations = surveys_by_location(scope, min_sample)
    tiles["compliance"], compliance = compliance_by_location(scope)
    cells = journey_heatmap(scope)
    locations = location_table(survey_locations, compliance)
    board = selectors.leaderboard(scope, "nps", min_sample)
    drivers, reach = selectors.drivers_and_reach(
        scope, min_sample, DashboardFilterForm.preset_days()
    )
    # A consultant's home location, named from the location groups already read.
    names = {row["key"]: row["label"] for row in locations}
    for row in (*board["ranked"], *board["not_enough_data"]):
        row["location"] = names.get(row.get("home_location_id")) or ""
    return {
        "tiles": tiles,
        "trend": trend(scope, min_sample),
        "locations": locations,
        "heatmap": cells,
        "journeys": heatmap_by_journey(cells),
        "leaderboard": trim_leaderboard(board),
        "drivers": drivers,
        # The shortest preset period with something to compare (an empty panel's hint).
        "drivers_reach": reach,
        "min_sample": min_sample,
    }
