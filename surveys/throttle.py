"""Rate limits of the public survey form, kept in Django's cache (local memory in the
embedded mode, Redis in production, so every web process shares them).

Two limits:
- per client IP, a number of answers per hour across all links (stops scripted floods);
- on a reusable (QR) link, one answer per device per window (stops one guest from
  stuffing the code on their table). A device is the random id in a long-lived signed
  cookie the form hands out; a browser that keeps no cookies is known by its IP alone.

Both are taken atomically (cache `add` and `incr`) before the answer is saved and given
back if nothing was saved, so parallel posts cannot slip past and a typo costs nothing.
"""

import contextlib
import hashlib
import secrets
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from .choices import LinkKind
from .models import SurveyLink

DEVICE_COOKIE = "cxm_device"
DEVICE_SALT = "surveys.throttle.device"
DEVICE_COOKIE_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie
HOUR = 3600


def client_ip(request: HttpRequest) -> str:
    """The client's address. X-Forwarded-For is read only behind NUM_PROXIES trusted
    proxies, and then only the entry the outermost of them appended: anything to its
    left was written by the client and may be made up."""
    proxies = settings.NUM_PROXIES
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if forwarded:
            return forwarded[-min(proxies, len(forwarded))]
    return request.META.get("REMOTE_ADDR", "")


def _digest(*parts: object) -> str:
    # Keys stay short and keep no address or cookie in clear text in the cache.
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]


def _device_id(request: HttpRequest) -> str:
    return request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_SALT) or ""


def _device_key(request: HttpRequest, link: SurveyLink) -> str:
    device = _device_id(request)
    who = f"cookie:{device}" if device else f"ip:{client_ip(request)}"
    return f"survey:device:{link.pk}:{_digest(who)}"


def _window() -> int:
    return settings.SURVEY_DEVICE_WINDOW_HOURS * HOUR


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
    return link.kind == LinkKind.REUSABLE and cache.get(_device_key(request, link)) is not None


@dataclass
class Claim:
    """The outcome of `claim`: truthy when the answer may be saved. `reason` says which
    limit refused it ("network" or "device"), `retry_after` in how many seconds."""

    allowed: bool
    reason: str = ""
    retry_after: int = 0
    _ip_key: str = ""
    _device_key: str = field(default="", repr=False)

    def __bool__(self) -> bool:
        return self.allowed

    def release(self) -> None:
        """Nothing was saved (bad input, a link closed meanwhile): give the claim back."""
        if self._device_key:
            cache.delete(self._device_key)
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
    with contextlib.suppress(ValueError):
        cache.decr(key)


def claim(request: HttpRequest, link: SurveyLink) -> Claim:
    """Count one answer for the client's IP and, on a reusable link, take the device's
    one answer for the window; refuse when either limit is reached."""
    now = time.time()
    hour = int(now // HOUR)
    ip_key = f"survey:ip:{_digest(client_ip(request))}:{hour}"
    if _count(ip_key, HOUR + 60) > settings.SURVEY_RATE_LIMIT_PER_HOUR:
        _uncount(ip_key)
        return Claim(False, "network", retry_after=(hour + 1) * HOUR - int(now))
    if link.kind != LinkKind.REUSABLE:
        return Claim(True, _ip_key=ip_key)
    device_key = _device_key(request, link)
    if not cache.add(device_key, now, timeout=_window()):
        _uncount(ip_key)
        since = cache.get(device_key, now)
        return Claim(False, "device", retry_after=max(60, int(since + _window() - now)))
    return Claim(True, _ip_key=ip_key, _device_key=device_key)
