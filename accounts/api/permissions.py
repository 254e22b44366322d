from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.choices import ALL_ROLES, EDITOR_ROLES
from accounts.models import ApiKey


class OrganizationRolePermission(BasePermission):
    """API keys act for their organization; session users need a role.

    A view may narrow roles with `read_roles` / `write_roles`.
    """

    def has_permission(self, request, view) -> bool:
        if isinstance(request.auth, ApiKey):
            return True
        membership = getattr(request._request, "membership", None)
        if not request.user or not request.user.is_authenticated or membership is None:
            return False
        if request.method in SAFE_METHODS:
            return membership.role in getattr(view, "read_roles", ALL_ROLES)
        return membership.role in getattr(view, "write_roles", EDITOR_ROLES)
