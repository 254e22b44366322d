"""Permission-scoped reads of surveys, links, responses, imports and invitations."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Membership, Organization

from .choices import BANDS, InvitationStatus, Metric
from .models import ImportBatch, Invitation, InvitationBatch, Response, Survey, SurveyLink

READ_ALL_ROLES = (Role.MANAGER, Role.ADMIN, Role.EXECUTIVE)


def surveys_for(organization: Organization) -> QuerySet[Survey]:
    return Survey.objects.filter(organization=organization).select_related(
        "journey", "touchpoint", "moment"
    )


def survey_for(organization: Organization, pk: int) -> Survey:
    return surveys_for(organization).get(pk=pk)


def links_for(organization: Organization) -> QuerySet[SurveyLink]:
    return SurveyLink.objects.filter(organization=organization).select_related(
        "survey", "consultant__user", "location", "touchpoint", "moment"
    )


def link_for(organization: Organization, pk: int) -> SurveyLink:
    return links_for(organization).get(pk=pk)


def link_by_token(token: str) -> SurveyLink:
    """The link a customer opened (public: the token is the only credential)."""
    return SurveyLink.objects.select_related(
        "survey", "organization", "consultant__user", "location", "touchpoint", "moment"
    ).get(token=token)


def responses_for(membership: Membership) -> QuerySet[Response]:
    """Managers, admins and executives read the organization's responses; a consultant
    reads only the responses credited to them."""
    responses = Response.objects.filter(organization_id=membership.organization_id)
    if membership.role not in READ_ALL_ROLES:
        responses = responses.filter(consultant=membership)
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


def imports_for(organization: Organization) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(organization=organization).select_related("created_by")


def import_for(organization: Organization, pk: int) -> ImportBatch:
    return imports_for(organization).get(pk=pk)


def invitation_batches_for(organization: Organization) -> QuerySet[InvitationBatch]:
    """Batches with their progress counted in SQL."""
    return (
        InvitationBatch.objects.filter(organization=organization)
        .select_related("survey", "created_by")
        .annotate(
            total=Count("invitations"),
            sent=Count("invitations", filter=Q(invitations__status=InvitationStatus.SENT)),
            skipped=Count("invitations", filter=Q(invitations__status=InvitationStatus.SKIPPED)),
            failed=Count("invitations", filter=Q(invitations__status=InvitationStatus.FAILED)),
            pending=Count("invitations", filter=Q(invitations__status=InvitationStatus.PENDING)),
        )
    )


def invitation_batch_for(organization: Organization, pk: int) -> InvitationBatch:
    return invitation_batches_for(organization).get(pk=pk)


def invitations_of(batch: InvitationBatch) -> QuerySet[Invitation]:
    return batch.invitations.select_related("consultant__user", "link")
