"""Permission-scoped reads for organizations, people and API keys, and the one rule of
what each member sees of the customers' and staff's data (`visibility`)."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .choices import Role
from .models import ApiKey, Location, Membership, Organization


def memberships_for_user(user) -> QuerySet[Membership]:
    """Every organization the user belongs to, for the organization switcher."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organization", "location", "user")


def current_membership(user, organization_id: int | None) -> Membership | None:
    """The membership for the organization chosen in the session, or the first one."""
    memberships = memberships_for_user(user).order_by("organization__name")
    if organization_id:
        chosen = memberships.filter(organization_id=organization_id).first()
        if chosen:
            return chosen
    return memberships.first()


def locations_for(organization: Organization) -> QuerySet[Location]:
    return Location.objects.filter(organization=organization)


def location_for(organization: Organization, pk: int) -> Location:
    return locations_for(organization).get(pk=pk)


def members_for(organization: Organization) -> QuerySet[Membership]:
    return Membership.objects.filter(organization=organization).select_related("user", "location")


def member_for(organization: Organization, pk: int) -> Membership:
    return members_for(organization).get(pk=pk)


def staff_for(organization: Organization) -> QuerySet[Membership]:
    return members_for(organization).filter(role=Role.STAFF, user__is_active=True)


def api_keys_for(organization: Organization) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(organization=organization).select_related("created_by")


# --- Who sees what: one rule for every page, export and API endpoint --------------------------


@dataclass(frozen=True)
class Visibility:
    """What a member sees of the data about customers and staff (responses, reviews,
    figures, exports, consultants' pages, links and QR codes).

    - Administrators, executives and managers without a location: the whole organization.
    - A manager with a location: what happened at that location (a response or a review
      belongs to the location it was given or done at), and the consultants based there.
    - Staff: only themselves, wherever it happened.

    Organization content (journeys, moments, standards, surveys, practices) is not
    scoped: a location manager works on the organization's standards like any manager.
    API keys act for the whole organization and have no visibility of their own.
    """

    location_ids: tuple[int, ...] | None = None  # None: every location
    consultant_id: int | None = None  # staff: only their own data

    @property
    def is_everything(self) -> bool:
        return self.location_ids is None and self.consultant_id is None


def visibility(membership: Membership) -> Visibility:
    """The rule above for one member (no query: the membership carries it)."""
    if membership.role == Role.STAFF:
        return Visibility(consultant_id=membership.pk)
    if membership.role == Role.MANAGER and membership.location_id:
        return Visibility(location_ids=(membership.location_id,))
    return Visibility()


def visible_location_ids(membership: Membership) -> tuple[int, ...] | None:
    """The locations whose data the member sees, or None for every location. Staff are
    narrowed to themselves instead (see `visibility`)."""
    return visibility(membership).location_ids


def at_visible_locations(queryset: QuerySet, membership: Membership, field: str = "location"):
    """`queryset` narrowed to rows whose `field` (a location foreign key, or "pk" for
    locations themselves) is a location the member sees. Rows without a location belong
    to no location manager: they stay with those who see the whole organization."""
    ids = visible_location_ids(membership)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": ids})


def location_q(membership: Membership, field: str = "location") -> Q:
    """The same rule as a Q, for a filtered COUNT or an OR with other conditions."""
    ids = visible_location_ids(membership)
    return Q() if ids is None else Q(**{f"{field}__in": ids})


def visible_locations(membership: Membership) -> QuerySet[Location]:
    """The locations a member's filters offer."""
    return at_visible_locations(locations_for(membership.organization), membership, "pk")


def visible_location(membership: Membership, pk: int) -> Location:
    """One location the member sees, or Location.DoesNotExist."""
    return visible_locations(membership).get(pk=pk)


def visible_staff(membership: Membership) -> QuerySet[Membership]:
    """The consultants (former ones too) whose pages and figures the member sees: those
    based at the member's locations; staff see themselves only."""
    staff = members_for(membership.organization).filter(role=Role.STAFF)
    if membership.role == Role.STAFF:
        return staff.filter(pk=membership.pk)
    return at_visible_locations(staff, membership)


def narrow_choices(form, membership: Membership):
    """A form (a page's filters, a new link) offers only the locations and consultants a
    location manager sees, so another location's, in a query string or a post, is refused
    as an invalid choice rather than answered with nothing. (Staff have no such forms.)
    Returns the form."""
    for name, field in (("location", "pk"), ("consultant", "location")):
        if name in form.fields:
            choices = form.fields[name]
            choices.queryset = at_visible_locations(choices.queryset, membership, field)
    return form
