"""The executive and manager dashboard (/dashboards/).

Filters live in the query string: with htmx a change swaps the `results` partial and
pushes the URL, so a filtered view can be shared; without JavaScript the submit button
loads the same URL. Refused filters answer 400 with the errors and no figures, since
unfiltered figures under a filter the reader thinks applied would mislead; after an htmx
change, the figures already on screen stay and the errors show beside the dates. A manager's
dashboard is pinned to their location by the form; staff have their own scorecard.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from accounts.choices import Role
from accounts.decorators import role_required
from common.htmx import render_page

from . import figure_cache
from .forms import DashboardFilterForm, manager_location_ids
from .recipes import EXPORT_TABLES

OVERVIEW_PAGE = "dashboards/overview.html"
PERIOD_ERROR = "period_filter/error.html"


def _refused_in_place(request: HttpRequest, form) -> HttpResponse:
    """An htmx filter change the form refused (custom dates out of order, a period over
    three years): the figures on screen stay, and why is said beside the dates. The
    browser checks the dates first (static/js/period_filters.js); this is for what
    slips past it."""
    errors = [error for field_errors in form.errors.values() for error in field_errors]
    response = render(request, PERIOD_ERROR, {"errors": errors, "oob": True}, status=400)
    response["HX-Reswap"] = "none"
    response["HX-Push-Url"] = "false"
    patch_vary_headers(response, ("HX-Request",))
    return response


@role_required(Role.EXECUTIVE, Role.ADMIN, Role.MANAGER)
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """KPI tiles, trends, locations, the journey heat map, the leaderboard and drivers."""
    membership = request.membership
    form = DashboardFilterForm(request.GET, membership=membership)
    pinned = manager_location_ids(membership) is not None
    context: dict = {
        "form": form,
        "nav": "dashboard",
        "pinned": pinned,
        # "My location's dashboard" and "My team" only for a manager of one location: a
        # manager without one sees the organization, as an executive does.
        "is_manager": pinned and membership.role == Role.MANAGER,
        "export_tables": EXPORT_TABLES,
    }
    if form.is_valid():
        scope = form.scope()
        context.update(query=form.query(), summary=[str(part) for part in form.summary()])
        # The panels and their HTML are cached (and kept warm): a later view renders
        # only the page around them.
        params = (
            scope,
            request.organization.min_sample,
            get_language(),
            context["query"],
            context["summary"],
            context["is_manager"],
        )
        cached = figure_cache.remember(scope.organization_id, "overview", params)
        context.update(cached)
        context["results_html"] = mark_safe(cached["results_html"])  # noqa: S308 (ours)
    if request.htmx and not request.htmx.history_restore_request and not form.is_valid():
        return _refused_in_place(request, form)
    response = render_page(request, OVERVIEW_PAGE, context, status=200 if form.is_valid() else 400)
    if request.htmx and form.is_valid():
        # The address bar gets the filters in their short, canonical form to share.
        response["HX-Push-Url"] = f"{request.path}?{form.query()}"
    return response
