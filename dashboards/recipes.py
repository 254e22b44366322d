"""How each cached figure is computed from its params alone, so that it can be computed
in a view or again in the background after the rollups change (figure_cache.warm)."""

from django.template.loader import render_to_string
from django.utils import translation

from . import charts, selectors
from .api.queries import compliance_report
from .overview import overview as overview_panels

OVERVIEW_RESULTS = "dashboards/overview.html#results"
EXPORT_TABLES = ("trend", "locations", "moments", "leaderboard", "drivers")


def overview(params: tuple) -> dict:
    """The dashboard's panels, chart data and colours, and their HTML (the `results`
    partial) in the reader's language. It reads nothing from a request."""
    scope, min_sample, language, query, summary, is_manager = params
    with translation.override(language):
        panels = overview_panels(scope, min_sample=min_sample)
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
