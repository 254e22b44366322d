from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
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
