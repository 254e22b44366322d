from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from common import health


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
