"""How each cached figure is computed from its params alone, so that it can be computed
in a view or again in the background after the rollups change (figure_cache.warm)."""

from urllib.parse import parse_qsl, urlencode

from django.template.loader import render_to_string
from django.utils import translation

from common.periods import PERIOD_LABELS

from . import charts, selectors
from .compliance.reports import compliance_report
from .overview import overview as overview_panels

OVERVIEW_RESULTS = "dashboards/overview.html#results"
# An empty driver panel names this many behaviours closest to the minimum sample.
CLOSEST_DRIVERS = 3
EXPORT_TABLES = ("trend", "locations", "moments", "leaderboard", "drivers")


def drivers_hint(drivers: list[dict], period: str | None, query: str) -> dict | None:
    """What an empty driver panel says instead of nothing: the behaviours closest to the
    minimum, with the side (met or not met) that lacks answers, and the shortest preset
    period in which some behaviour has enough (`period`, from selectors.drivers_and_reach)
    with a link to it, the other filters kept. None when the panel has a behaviour to
    compare."""
    if any(row["enough_data"] for row in drivers):
        return None
    closest = []
    for row in drivers:
        met, not_met = row["met"]["n"], row["not_met"]["n"]
        closest.append(
            {
                "label": row["label"],
                "kind_of": row["kind_of"],
                "n": min(met, not_met),
                "short_side": "met" if met < not_met else "not_met",
                "other_n": max(met, not_met),
            }
        )
    closest.sort(key=lambda row: (-row["n"], -row["other_n"], row["label"]))
    link = ""
    if period:
        kept = [(k, v) for k, v in parse_qsl(query) if k not in ("period", "date_from", "date_to")]
        link = urlencode([("period", period), *kept])
    return {
        "closest": closest[:CLOSEST_DRIVERS],
        "period": period,
        "period_label": str(PERIOD_LABELS[period]) if period else "",
        "query": link,
    }


def overview(params: tuple) -> dict:
    """The dashboard's panels, chart data and colours, and their HTML (the `results`
    partial) in the reader's language. It reads nothing from a request."""
    scope, min_sample, language, query, summary, is_manager = params
    with translation.override(language):
        panels = overview_panels(scope, min_sample=min_sample)
        panels["drivers_hint"] = drivers_hint(panels["drivers"], panels["drivers_reach"], query)
        charts.colour_cells(panels["journeys"])
        panels |= {
            "charts": charts.trend_charts(panels["trend"]),
            "trend_summaries": charts.trend_summaries(panels["trend"]),
            "legends": {
                "nps": charts.legend(charts.NPS_SCALE),
                "iron": charts.legend(charts.IRON_SCALE),
            },
        }
        context = {
            **panels,
            "query": query,
            "summary": summary,
            "is_manager": is_manager,
            "export_tables": EXPORT_TABLES,
        }
        html = render_to_string(OVERVIEW_RESULTS, context)
    return {**panels, "results_html": str(html)}


def scores(params: tuple) -> dict:
    scope, metric, group_by = params
    return {
        "metric": metric,
        "group_by": group_by,
        "totals": selectors.survey_totals(scope, metric),
        "results": selectors.survey_groups(scope, metric, group_by),
    }


def compliance(params: tuple) -> dict:
    scope, group_by, moment_id, review_kind = params
    return compliance_report(scope, group_by, moment_id=moment_id, review_kind=review_kind)


RECIPES = {"overview": overview, "api-scores": scores, "api-compliance": compliance}
