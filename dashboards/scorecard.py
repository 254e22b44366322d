"""A consultant's own scorecard: their figures only, read from the rollups through the
dashboard selectors, plus their latest customer comments.

Everything is built from a `Scope` already pinned to the consultant (the filter form does
that for staff). The only figure that looks past them is the team standing, and it gives
their rank and share only: never a colleague's figures.
"""

from dataclasses import replace
from math import ceil

from django.db.models import QuerySet

from accounts.models import Membership
from surveys.models import Response
from surveys.responses import selectors as survey_selectors

from . import overview, selectors
from .selectors import Scope

LATEST_COMMENTS = 10
# What a comment card shows: the score, when, the comment and the situation. Never a
# reference, an external id or anything else that could lead to the customer.
COMMENT_FIELDS = (
    "id",
    "metric",
    "score",
    "comment",
    "language",
    "submitted_at",
    "location__time_zone",
    "moment__name",
    "touchpoint__name",
)


def my_trend(scope: Scope, min_sample: int) -> dict:
    """My NPS, CSAT and CES per week (per month over long periods, as on the dashboard),
    oldest first, from the dashboard's one trend aggregate. Each row says whether its
    bucket is partial (cut by the period, or not over yet) and, per figure, whether it
    has the minimum sample: a consultant's week often has a handful of answers."""
    series = overview.trend(scope, min_sample)
    by_key: dict = {}
    for metric in overview.TREND_METRICS:
        for row in series[metric]:
            bucket = by_key.setdefault(
                row["key"],
                {
                    "key": row["key"],
                    "partial": row["partial"],
                    "covered": row["covered"],
                    "days": row["days"],
                },
            )
            bucket[metric] = row
    rows = [by_key[key] for key in sorted(by_key)]
    for row in rows:
        row["nps_bar"] = _nps_bar(row["nps"]["score"]) if row.get("nps") else None
    return {
        "unit": series["unit"],
        "rows": rows,
        "has_ces": bool(series["ces"]),
        "min_sample": min_sample,
    }


def _nps_bar(score: float | None) -> dict | None:
    """Where a bar of an NPS (−100…100) starts and how wide it is, in % of a track whose
    middle is 0: positive scores grow right of the middle, negative ones left."""
    if score is None:
        return None
    half = abs(score) / 2
    return {"left": 50 if score >= 0 else 50 - half, "width": half, "negative": score < 0}


def latest_comments(membership: Membership, scope: Scope) -> QuerySet[Response]:
    """The consultant's newest answers with a comment in the period, at most ten."""
    responses = survey_selectors.filter_responses(
        survey_selectors.responses_for(membership).exclude(comment=""),
        survey_selectors.ResponseFilter(date_from=scope.date_from, date_to=scope.date_to),
    )
    return survey_selectors.with_band(
        responses.select_related(None)
        .select_related("location", "moment", "touchpoint")
        .only(*COMMENT_FIELDS)
    )[:LATEST_COMMENTS]


def team_standing(membership: Membership, scope: Scope, my_n: int, min_sample: int) -> dict:
    """Where the consultant stands among everyone answered for at their location (NPS,
    ranked on the lower bound), or why that cannot be said yet."""
    if not membership.location_id:
        return {"status": "no_team"}
    if my_n < min_sample:
        return {"status": "too_few", "needed": min_sample - my_n, "min_sample": min_sample}
    team = replace(scope, location_ids=(membership.location_id,), consultant_id=None)
    result = selectors.standing(team, membership.pk, "nps", min_sample)
    if result is None:
        # Enough answers of mine overall, but not at my location, or no ranked colleague.
        return {"status": "no_peers", "min_sample": min_sample}
    rank, of = result["rank"], result["of"]
    top = ceil(100 * rank / of)
    return {
        "status": "ranked",
        "rank": rank,
        "of": of,
        "percentile": result["percentile"],
        "top": top if top <= 50 else None,
        "bottom": None if top <= 50 else ceil(100 * (of - rank + 1) / of),
    }


def scorecard(membership: Membership, scope: Scope) -> dict:
    """Every panel of the scorecard for a scope pinned to `membership`."""
    if scope.consultant_id != membership.pk:
        raise ValueError("a scorecard scope must be pinned to its consultant")
    min_sample = membership.organization.min_sample
    tiles = selectors.kpis(scope, min_sample)
    return {
        "tiles": tiles,
        "trend": my_trend(scope, min_sample),
        "comments": latest_comments(membership, scope),
        "moments": selectors.compliance_groups(scope, "moment"),
        "standing": team_standing(membership, scope, tiles["nps"]["n"], min_sample),
        "min_sample": min_sample,
    }
