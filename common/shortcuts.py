"""Small helpers shared by the apps' views."""

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404

T = TypeVar("T")


def get_or_404(selector: Callable[..., T], *args, **kwargs) -> T:
    """Fetch through a tenancy-scoped selector; what it cannot find is a 404.

    Another organization's id is simply not found, so it never answers 403.
    """
    try:
        return selector(*args, **kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
