"""Limits of the public survey form.

Two limits:
- per client IP, a number of answers per hour across all links (stops scripted floods),
  counted in Django's cache (Redis in production, so every web process shares it). When
  the cache is away, answers go through with a warning in the log: a customer's answer
  matters more than the flood limit for the length of an outage.
- on a reusable (QR) link, one answer per device per window (stops one guest from
  stuffing the code on their table). A device is the random id in a long-lived signed
  cookie the form hands out; a browser that keeps no cookies is known by its IP alone.
  This one is kept in the database (`DeviceAnswer`, taken in the transaction that saves
  the answer: intake.submit_via_link), so it holds whatever happens to the cache.

The IP count is taken atomically (cache `add` and `incr`) before the answer is saved and
given back if nothing was saved, so parallel posts cannot slip past and a typo costs
nothing.
"""

import contextlib
import logging
import secrets
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

from common.cache import CacheUnavailable
from common.http import client_ip

from ..choices import LinkKind
from ..intake import services as intake
from ..models import SurveyLink

logger = logging.getLogger(__name__)

DEVICE_COOKIE = "cxm_device"
# Named after this module's first home; a new salt would void every device cookie given.
DEVICE_SALT = "surveys.throttle.device"
DEVICE_COOKIE_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie
HOUR = 3600


def _digest(*parts: object) -> str:
    # Keyed, so neither the cache nor the database keeps an address or cookie that could
    # be recovered (an IPv4 address is easy to find again from a plain hash).
    return salted_hmac(DEVICE_SALT, "|".join(map(str, parts))).hexdigest()[:32]


def _device_id(request: HttpRequest) -> str:
    return request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_SALT) or ""


def device_of(request: HttpRequest, link: SurveyLink) -> str:
    """The device answering a reusable link ("" on a single-use link, which needs none)."""
    if link.kind != LinkKind.REUSABLE:
        return ""
    device = _device_id(request)
    return _digest(f"cookie:{device}" if device else f"ip:{client_ip(request)}")


def give_device_id(request: HttpRequest, response: HttpResponse, link: SurveyLink) -> None:
    """Hand a device id to a browser opening a reusable link without one yet."""
    if link.kind != LinkKind.REUSABLE or _device_id(request):
        return
    response.set_signed_cookie(
        DEVICE_COOKIE,
        secrets.token_urlsafe(16),
        salt=DEVICE_SALT,
        max_age=DEVICE_COOKIE_AGE,
        path="/s/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def answered_from_device(request: HttpRequest, link: SurveyLink) -> bool:
    """This device already answered this reusable link within the window."""
    device = device_of(request, link)
    return bool(device) and intake.answered_from_device(link=link, device=device)


@dataclass
class Claim:
    """The outcome of `claim`: truthy when the answer may be saved; `retry_after` says
    in how many seconds the client may try again."""

    allowed: bool
    reason: str = ""
    retry_after: int = 0
    _ip_key: str = field(default="", repr=False)

    def __bool__(self) -> bool:
        return self.allowed

    def release(self) -> None:
        """Nothing was saved (bad input, a link closed meanwhile): give the claim back."""
        if self._ip_key:
            _uncount(self._ip_key)


def _count(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def _uncount(key: str) -> None:
    # ValueError: the hour ran out meanwhile, nothing to give back.
    with contextlib.suppress(ValueError, CacheUnavailable):
        cache.decr(key)


def claim(request: HttpRequest, link: SurveyLink) -> Claim:
    """Count one answer for the client's IP; refuse when the hourly limit is reached.
    Without the cache, let the answer through (and say so in the log)."""
    now = time.time()
    hour = int(now // HOUR)
    ip_key = f"survey:ip:{_digest(client_ip(request))}:{hour}"
    try:
        count = _count(ip_key, HOUR + 60)
    except CacheUnavailable:
        logger.warning("Survey rate limit not applied: the cache is unreachable")
        return Claim(True)
    if count > settings.SURVEY_RATE_LIMIT_PER_HOUR:
        _uncount(ip_key)
        return Claim(False, "network", retry_after=(hour + 1) * HOUR - int(now))
    return Claim(True, _ip_key=ip_key)
