"""Locked-out accounts (django-axes counts wrong passwords; settings AXES_*): who is
locked, until when, the page that says so, and the administrator's unlock.

Two thresholds: an account is paused after AXES_FAILURE_LIMIT wrong passwords (5), an
address after AXES_IP_FAILURE_LIMIT wrong passwords for any accounts (30). One limit for
both would let one employee's typos lock the whole branch or contact centre behind the
same router, while a much higher one for the address still stops a script trying
passwords across many accounts."""

from datetime import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from common.http import client_ip


def cooloff_minutes() -> int:
    return max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def locked_until(usernames) -> dict[str, datetime]:
    """The usernames among `usernames` that are locked out now, with when the lock ends."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = (
        AccessAttempt.objects.filter(username__in=list(usernames), attempt_time__gte=since)
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    return {row["username"]: row["last"] + settings.AXES_COOLOFF_TIME for row in rows}


def address_paused(request: HttpRequest | None) -> bool:
    """Too many wrong passwords from this client address lately, for any accounts."""
    limit = settings.AXES_IP_FAILURE_LIMIT
    if not limit or request is None:
        return False
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = AccessAttempt.objects.filter(
        ip_address=client_ip(request), attempt_time__gte=since
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return (failures or 0) >= limit


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' own rule (AXES_LOCKOUT_PARAMETERS, by default the account) plus the
    ceiling per address. Axes compares one failure count with one limit, both before a
    login and after a failed one: an address over its ceiling counts as at the limit."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if address_paused(request):
            return max(failures, get_failure_limit(request, credentials))
        return failures


def lockout_page(
    request: HttpRequest, original_response=None, credentials: dict | None = None
) -> HttpResponse:
    """What a locked-out login sees (AXES_LOCKOUT_CALLABLE): how long to wait, and who
    can lift the lock sooner. 429, like any other "too many"."""
    context = {"minutes": cooloff_minutes(), "failure_limit": settings.AXES_FAILURE_LIMIT}
    response = render(request, "accounts/locked_out.html", context, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
