"""Permission-scoped reads of survey links: a manager's, a customer's (by token), a
survey's with their answers counted, and those of a print sheet."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import Membership
from accounts.selectors import location_q

from ..choices import LinkKind, Source
from ..models import Survey, SurveyLink


def visible_links_q(membership: Membership) -> Q:
    """Links of the member's locations, and links of no location (the website's, a
    newsletter's), which are the organization's and every manager's."""
    rule = location_q(membership)
    return rule | Q(location=None) if rule else rule


def links_for(membership: Membership) -> QuerySet[SurveyLink]:
    return SurveyLink.objects.filter(
        visible_links_q(membership), organization_id=membership.organization_id
    ).select_related("survey", "consultant__user", "location", "touchpoint", "moment")


def link_for(membership: Membership, pk: int) -> SurveyLink:
    return links_for(membership).get(pk=pk)


def link_by_token(token: str) -> SurveyLink:
    """The link a customer opened (public: the token is the only credential)."""
    return SurveyLink.objects.select_related(
        "survey", "organization", "consultant__user", "location", "touchpoint", "moment"
    ).get(token=token)


def _visible_answers(membership: Membership) -> Count:
    """A link's responses that the member sees (a link of no location collects answers
    from anywhere: a location manager counts only their location's)."""
    return Count("responses", filter=location_q(membership, "responses__location"))


def links_of(survey: Survey, membership: Membership) -> QuerySet[SurveyLink]:
    """A survey's links and QR codes that the member sees, newest first, with their
    response counts; the single-use links of e-mail invitations are listed with their
    invitations instead."""
    return (
        SurveyLink.objects.filter(visible_links_q(membership), survey=survey)
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
        visible_links_q(membership), survey=survey, revoked_at=None
    ).select_related("consultant__user", "location")
    if pks is not None:
        return links.filter(pk__in=pks).order_by("location__name", "label", "id")
    return (
        links.filter(kind=LinkKind.REUSABLE)
        .exclude(expires_at__lte=timezone.now())
        .order_by("location__name", "label", "id")
    )
