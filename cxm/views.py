from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render


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


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for the load balancer and compose: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
