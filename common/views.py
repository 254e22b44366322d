"""The project's own answers outside any app: the health check and the error pages
Django calls (settings.CSRF_FAILURE_VIEW, REQUEST_TOO_LARGE_VIEW, urls.handler400).

Customers on a survey get the survey's own pages in their language: the paths that have
their own error pages are named in settings.ERROR_PAGES_UNDER, so this module needs no app.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views import defaults
from django.views.decorators.cache import never_cache

from common import health


def _own_page(request: HttpRequest, error: str):
    """The view a path prefix names for this error (settings.ERROR_PAGES_UNDER), if any."""
    for prefix, views in settings.ERROR_PAGES_UNDER.items():
        if request.path.startswith(prefix) and error in views:
            return import_string(views[error])
    return None


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Each dependency the deployment configured (database, cache, broker, worker), with
    503 when one is down. `?live` checks only that this process answers (for a
    container's liveness probe: a Redis outage must not restart the web servers)."""
    if "live" in request.GET:
        return JsonResponse({"status": "ok"})
    healthy, body = health.report()
    return JsonResponse(body, status=200 if healthy else 503)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted without a valid CSRF token. Customers on a survey page get the
    survey's friendly page in their language; signed-in people a page saying to reload."""
    own = _own_page(request, "csrf_failure")
    if own is not None:
        return own(request, reason)
    return render(request, "403_csrf.html", status=403)


def request_too_large(request: HttpRequest, limit: int) -> HttpResponse:
    """A body over the limit, refused before it was read (common/uploads.py), or a field
    Django found too long while reading (bad_request below)."""
    own = _own_page(request, "request_too_large")
    if own is not None:
        return own(request)
    context = {
        "megabytes": max(1, round(limit / 1024 / 1024)),
        "with_files": request.content_type == "multipart/form-data",
    }
    return render(request, "413.html", context, status=413)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """handler400: a body Django refused as too large gets the 413 page; anything else
    Django's own 400."""
    if isinstance(exception, RequestDataTooBig):
        return request_too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return defaults.bad_request(request, exception)
