from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .choices import ALL_ROLES


def role_required(*roles: str) -> Callable:
    """Log-in plus a membership with one of the roles in the current organization."""
    allowed = set(roles or ALL_ROLES)

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            membership = getattr(request, "membership", None)
            if membership is None or membership.role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
