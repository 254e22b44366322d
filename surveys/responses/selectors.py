"""Permission-scoped reads of responses: the list, its filters and bands, the figures
of the response pages, and the API's reads."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from accounts.models import Membership
from accounts.selectors import at_visible_locations, visibility
from common import figures

from ..choices import BANDS, Metric, ScoreBand
from ..models import Response


def responses_for(membership: Membership) -> QuerySet[Response]:
    """The responses a member reads (accounts.selectors.visibility): the organization's,
    a location manager's location's, or a consultant's own (those credited to them)."""
    responses = Response.objects.filter(organization_id=membership.organization_id)
    seen = visibility(membership)
    if seen.consultant_id is not None:
        responses = responses.filter(consultant_id=seen.consultant_id)
    responses = at_visible_locations(responses, membership)
    return responses.select_related(
        "consultant__user", "location", "touchpoint", "moment", "survey"
    )


def organization_responses(organization_id: int) -> QuerySet[Response]:
    """For API keys, which act for the whole organization."""
    return Response.objects.filter(organization_id=organization_id).select_related(
        "consultant__user", "location", "touchpoint", "moment", "survey"
    )


@dataclass(frozen=True)
class ResponseFilter:
    """What a list of responses is restricted to; every field optional."""

    date_from: date | None = None
    date_to: date | None = None
    metric: str | None = None
    location_id: int | None = None
    consultant_id: int | None = None
    survey_id: int | None = None
    touchpoint_id: int | None = None
    moment_id: int | None = None
    band: str | None = None
    has_comment: bool | None = None
    language: str | None = None
    source: str | None = None


def band_q(band: str) -> Q:
    """Responses in a score band (promoter/passive/detractor) whatever their metric."""
    q = Q(pk__in=[])
    for metric in Metric.values:
        low, high = BANDS[metric][band]
        q |= Q(metric=metric, score__gte=low, score__lte=high)
    return q


def filter_responses(responses: QuerySet[Response], f: ResponseFilter) -> QuerySet[Response]:
    tz = timezone.get_current_timezone()
    if f.date_from:
        responses = responses.filter(submitted_at__gte=datetime.combine(f.date_from, time.min, tz))
    if f.date_to:
        responses = responses.filter(
            submitted_at__lt=datetime.combine(f.date_to + timedelta(days=1), time.min, tz)
        )
    exact = {
        "metric": f.metric,
        "location_id": f.location_id,
        "consultant_id": f.consultant_id,
        "survey_id": f.survey_id,
        "touchpoint_id": f.touchpoint_id,
        "moment_id": f.moment_id,
        "language": f.language,
        "source": f.source,
    }
    responses = responses.filter(**{k: v for k, v in exact.items() if v})
    if f.band:
        responses = responses.filter(band_q(f.band))
    if f.has_comment is True:
        responses = responses.exclude(comment="")
    elif f.has_comment is False:
        responses = responses.filter(comment="")
    return responses


# --- Response list, exports and "My feedback" (figures counted in SQL) ---------------------


def with_band(responses: QuerySet[Response]) -> QuerySet[Response]:
    """Each response annotated with its score band (promoter/passive/detractor) in SQL."""
    return responses.annotate(
        band=Case(
            *[When(band_q(band), then=Value(band)) for band in ScoreBand.values],
            default=Value(""),
            output_field=CharField(),
        )
    )


@dataclass(frozen=True)
class Figures:
    """The counts behind NPS, CSAT and CES of a set of responses."""

    n: int = 0
    nps_n: int = 0
    promoters: int = 0
    detractors: int = 0
    csat_n: int = 0
    csat_satisfied: int = 0
    csat_sum: int = 0
    ces_n: int = 0
    ces_sum: int = 0

    @property
    def nps(self) -> float | None:
        # The dashboards' NPS (one decimal): the same answers read the same everywhere.
        return figures.nps(self.promoters, self.detractors, self.nps_n)

    # CSAT and the means as the dashboards define them too (one decimal, two decimals).
    @property
    def csat(self) -> float | None:
        return figures.percent(self.csat_satisfied, self.csat_n)

    @property
    def csat_mean(self) -> float | None:
        return figures.mean(self.csat_sum, self.csat_n)

    @property
    def ces_mean(self) -> float | None:
        return figures.mean(self.ces_sum, self.ces_n)


def response_figures(
    responses: QuerySet[Response], since: dict[str, datetime | None] | None = None
) -> dict[str, Figures]:
    """Figures of `responses` for each window (name -> earliest submitted_at, None for all
    time), all counted by one aggregate query with Count(filter=...)."""
    since = since if since is not None else {"all": None}
    nps, csat, ces = Q(metric=Metric.NPS), Q(metric=Metric.CSAT), Q(metric=Metric.CES)
    satisfied = BANDS[Metric.CSAT][ScoreBand.PROMOTER][0]
    aggregates = {}
    for name, start in since.items():
        window = Q(submitted_at__gte=start) if start is not None else Q()
        aggregates.update(
            {
                f"{name}__n": Count("pk", filter=window),
                f"{name}__nps_n": Count("pk", filter=window & nps),
                f"{name}__promoters": Count("pk", filter=window & band_q(ScoreBand.PROMOTER) & nps),
                f"{name}__detractors": Count(
                    "pk", filter=window & band_q(ScoreBand.DETRACTOR) & nps
                ),
                f"{name}__csat_n": Count("pk", filter=window & csat),
                f"{name}__csat_satisfied": Count(
                    "pk", filter=window & csat & Q(score__gte=satisfied)
                ),
                f"{name}__csat_sum": Sum("score", filter=window & csat),
                f"{name}__ces_n": Count("pk", filter=window & ces),
                f"{name}__ces_sum": Sum("score", filter=window & ces),
            }
        )
    values = responses.order_by().aggregate(**aggregates)
    result = {}
    for name in since:
        prefix = f"{name}__"
        result[name] = Figures(
            **{k[len(prefix) :]: v or 0 for k, v in values.items() if k.startswith(prefix)}
        )
    return result
