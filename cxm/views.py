from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views import defaults
from django.views.decorators.cache import never_cache

from common import health
from surveys import public_views


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to the page it works from."""
    membership = request.membership
    if membership is None:
        return render(request, "no_organization.html", status=403)
    if membership.is_staff_member:
        return redirect("standards:my_standards")
    if membership.role == "executive":
        return redirect("dashboards:overview")
    return redirect("touchpoints:journey_list")


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
    if request.path.startswith("/s/"):
        return public_views.csrf_failure(request, reason)
    return render(request, "403_csrf.html", status=403)


def request_too_large(request: HttpRequest, limit: int) -> HttpResponse:
    """A body over the limit, refused before it was read (common/uploads.py), or a field
    Django found too long while reading (bad_request below)."""
    if request.path.startswith("/s/"):
        return public_views.too_large(request)
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
