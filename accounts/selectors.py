"""Permission-scoped reads for organizations, people and API keys."""

from django.db.models import QuerySet

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
