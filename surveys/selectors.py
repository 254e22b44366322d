"""Permission-scoped reads of surveys, links, responses, imports and invitations."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Membership, Organization
from accounts.selectors import at_visible_locations, location_q, visibility
from common import figures

from .choices import BANDS, InvitationStatus, JobStatus, LinkKind, Metric, ScoreBand, Source
from .models import ImportBatch, Invitation, InvitationBatch, Response, Survey, SurveyLink


def surveys_for(organization: Organization) -> QuerySet[Survey]:
    return Survey.objects.filter(organization=organization).select_related(
        "journey", "touchpoint", "moment"
    )


def survey_for(organization: Organization, pk: int) -> Survey:
    return surveys_for(organization).get(pk=pk)


def _visible_links_q(membership: Membership) -> Q:
    """Links of the member's locations, and links of no location (the website's, a
    newsletter's), which are the organization's and every manager's."""
    rule = location_q(membership)
    return rule | Q(location=None) if rule else rule


def links_for(membership: Membership) -> QuerySet[SurveyLink]:
    return SurveyLink.objects.filter(
        _visible_links_q(membership), organization_id=membership.organization_id
    ).select_related("survey", "consultant__user", "location", "touchpoint", "moment")


def link_for(membership: Membership, pk: int) -> SurveyLink:
    return links_for(membership).get(pk=pk)


def link_by_token(token: str) -> SurveyLink:
    """The link a customer opened (public: the token is the only credential)."""
    return SurveyLink.objects.select_related(
        "survey", "organization", "consultant__user", "location", "touchpoint", "moment"
    ).get(token=token)


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


def _own_jobs(jobs: QuerySet, membership: Membership) -> QuerySet:
    """A file of responses or a list of recipients can hold any location's customers, so
    a location manager sees the imports and invitation batches they started; whoever sees
    the whole organization sees them all."""
    if visibility(membership).location_ids is None:
        return jobs
    return jobs.filter(created_by_id=membership.user_id)


def imports_for(membership: Membership) -> QuerySet[ImportBatch]:
    imports = ImportBatch.objects.filter(organization_id=membership.organization_id)
    return _own_jobs(imports, membership).select_related("created_by")


def import_for(membership: Membership, pk: int) -> ImportBatch:
    return imports_for(membership).get(pk=pk)


def invitation_batches_for(membership: Membership) -> QuerySet[InvitationBatch]:
    """Batches with their progress counted in SQL."""
    batches = InvitationBatch.objects.filter(organization_id=membership.organization_id)
    return (
        _own_jobs(batches, membership)
        .select_related("survey", "created_by")
        .annotate(
            total=Count("invitations"),
            sent=Count("invitations", filter=Q(invitations__status=InvitationStatus.SENT)),
            skipped=Count("invitations", filter=Q(invitations__status=InvitationStatus.SKIPPED)),
            failed=Count("invitations", filter=Q(invitations__status=InvitationStatus.FAILED)),
            pending=Count("invitations", filter=Q(invitations__status=InvitationStatus.PENDING)),
            # Of the pending ones: tried already, waiting for their next try.
            retrying=Count(
                "invitations",
                filter=Q(invitations__status=InvitationStatus.PENDING, invitations__attempts__gt=0),
            ),
            cancelled=Count(
                "invitations", filter=Q(invitations__status=InvitationStatus.CANCELLED)
            ),
        )
    )


def invitation_batch_for(membership: Membership, pk: int) -> InvitationBatch:
    return invitation_batches_for(membership).get(pk=pk)


def invitations_of(batch: InvitationBatch) -> QuerySet[Invitation]:
    return batch.invitations.select_related("consultant__user", "link")


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

    @property
    def csat(self) -> int | None:
        return round(100 * self.csat_satisfied / self.csat_n) if self.csat_n else None

    @property
    def csat_mean(self) -> float | None:
        return round(self.csat_sum / self.csat_n, 1) if self.csat_n else None

    @property
    def ces_mean(self) -> float | None:
        return round(self.ces_sum / self.ces_n, 1) if self.ces_n else None


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


# --- Manager pages: surveys with counts, a survey's links, the print sheet ----------------


def _count(queryset: QuerySet, field: str) -> Coalesce:
    """A correlated COUNT subquery: two counted joins on one query would multiply."""
    counted = queryset.order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def surveys_overview(membership: Membership) -> QuerySet[Survey]:
    """Surveys with the number of their links and QR codes (e-mail invitations, one link
    per recipient, are counted apart) and of their responses, as far as the member sees
    them (a location manager counts their location's)."""
    links = SurveyLink.objects.filter(_visible_links_q(membership), survey=OuterRef("pk")).exclude(
        source=Source.EMAIL
    )
    responses = at_visible_locations(Response.objects.filter(survey=OuterRef("pk")), membership)
    return surveys_for(membership.organization).annotate(
        link_count=_count(links, "survey"), response_count=_count(responses, "survey")
    )


def _visible_answers(membership: Membership) -> Count:
    """A link's responses that the member sees (a link of no location collects answers
    from anywhere: a location manager counts only their location's)."""
    return Count("responses", filter=location_q(membership, "responses__location"))


def links_of(survey: Survey, membership: Membership) -> QuerySet[SurveyLink]:
    """A survey's links and QR codes that the member sees, newest first, with their
    response counts; the single-use links of e-mail invitations are listed with their
    invitations instead."""
    return (
        SurveyLink.objects.filter(_visible_links_q(membership), survey=survey)
        .exclude(source=Source.EMAIL)
        .select_related("consultant__user", "location", "touchpoint", "moment")
        .annotate(response_count=_visible_answers(membership))
        .order_by("-created_at", "-id")
    )


def link_with_count(membership: Membership, pk: int) -> SurveyLink:
    return links_for(membership).annotate(response_count=_visible_answers(membership)).get(pk=pk)


def links_to_print(
    survey: Survey, membership: Membership, pks: list[int] | None = None
) -> QuerySet[SurveyLink]:
    """The links of a print sheet, of those the member sees: the chosen ones of the
    survey, or else every open reusable link (QR codes for tables and desks)."""
    links = SurveyLink.objects.filter(
        _visible_links_q(membership), survey=survey, revoked_at=None
    ).select_related("consultant__user", "location")
    if pks is not None:
        return links.filter(pk__in=pks).order_by("location__name", "label", "id")
    return (
        links.filter(kind=LinkKind.REUSABLE)
        .exclude(expires_at__lte=timezone.now())
        .order_by("location__name", "label", "id")
    )


def imports_waiting_count() -> int:
    """Imports of every organization queued or running (for monitoring)."""
    return ImportBatch.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).count()


def invitations_waiting_count() -> int:
    """Invitations of every organization whose e-mail is still to be sent (monitoring)."""
    return Invitation.objects.filter(status=InvitationStatus.PENDING).count()
