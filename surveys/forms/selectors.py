"""Permission-scoped reads of surveys: one, all, and the survey list with its counts."""

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import Membership, Organization
from accounts.selectors import at_visible_locations

from ..choices import Source
from ..links.selectors import visible_links_q
from ..models import Response, Survey, SurveyLink


def surveys_for(organization: Organization) -> QuerySet[Survey]:
    return Survey.objects.filter(organization=organization).select_related(
        "journey", "touchpoint", "moment"
    )


def survey_for(organization: Organization, pk: int) -> Survey:
    return surveys_for(organization).get(pk=pk)


def _count(queryset: QuerySet, field: str) -> Coalesce:
    """A correlated COUNT subquery: two counted joins on one query would multiply."""
    counted = queryset.order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def surveys_overview(membership: Membership) -> QuerySet[Survey]:
    """Surveys with the number of their links and QR codes (e-mail invitations, one link
    per recipient, are counted apart) and of their responses, as far as the member sees
    them (a location manager counts their location's)."""
    links = SurveyLink.objects.filter(visible_links_q(membership), survey=OuterRef("pk")).exclude(
        source=Source.EMAIL
    )
    responses = at_visible_locations(Response.objects.filter(survey=OuterRef("pk")), membership)
    return surveys_for(membership.organization).annotate(
        link_count=_count(links, "survey"), response_count=_count(responses, "survey")
    )
