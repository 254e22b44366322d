"""Compliance pages: the organization's figures with filters, one consultant, one location.

The figures are read from the daily compliance rollup (reports.py), on each location's
local day, as on the dashboards and in the API. Filters live in the query string:
with htmx a change swaps the `results` partial and pushes the URL; without JavaScript the
submit button loads the same URL. Refused filters answer 400 with the errors and no
figures, since unfiltered figures under a filter the reader thinks applied would mislead.

A location manager sees their location's figures, consultants and location page only
(accounts.selectors.visibility): another location's page is 404, and its name in the
filters is refused.
"""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from accounts import selectors as account_selectors
from accounts.choices import READ_ROLES
from accounts.decorators import role_required
from accounts.models import Location, Membership
from common.htmx import render_page
from common.shortcuts import get_or_404
from reviews import selectors
from standards.practices import selectors as practice_selectors

from . import reports
from .forms import ComplianceFilterForm, CompliancePeriodForm

COMPLIANCE_PAGE = "reviews/compliance.html"
CONSULTANT_PAGE = "reviews/consultant_detail.html"
LOCATION_PAGE = "reviews/location_detail.html"


def _consultant_or_404(request: HttpRequest, pk: int) -> Membership:
    # Staff see their own page only; another consultant's page does not exist for them.
    return get_or_404(selectors.consultant_for, request.membership, pk)


def _location_or_404(request: HttpRequest, pk: int) -> Location:
    return get_or_404(account_selectors.visible_location, request.membership, pk)


@role_required(*READ_ROLES)
@require_GET
def compliance(request: HttpRequest) -> HttpResponse:
    """Iron compliance and master rate, filtered; behaviours worst first."""
    form = ComplianceFilterForm(request.GET, organization=request.organization)
    account_selectors.narrow_choices(form, request.membership)
    context: dict = {"form": form, "nav": "compliance"}
    if form.is_valid():
        context["report"] = reports.page_report(
            request.organization.pk,
            form.compliance_filter().seen_by(request.membership),
            ("behaviour", "moment", "consultant", "location", "month"),
        )
        context["period_query"] = form.period_query()
    return render_page(request, COMPLIANCE_PAGE, context, status=200 if form.is_valid() else 400)


@role_required()
@require_GET
def consultant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One consultant's compliance per moment and behaviour, latest reviews and best
    practices. Staff may open their own page only."""
    consultant = _consultant_or_404(request, pk)
    form = CompliancePeriodForm(request.GET)
    context: dict = {
        "consultant": consultant,
        "form": form,
        "is_own_page": consultant.pk == request.membership.pk,
        "can_edit": request.membership.can_edit,
        "reviews": selectors.latest_reviews_of(consultant, request.membership),
        "best_practices": practice_selectors.best_practices_for(request.organization.pk).filter(
            consultant=consultant
        ),
        "nav": "" if request.membership.is_staff_member else "compliance",
    }
    if form.is_valid():
        context["report"] = reports.page_report(
            request.organization.pk,
            form.compliance_filter(consultant_id=consultant.pk).seen_by(request.membership),
            ("moment", "behaviour"),
        )
    return render_page(request, CONSULTANT_PAGE, context, status=200 if form.is_valid() else 400)


@role_required(*READ_ROLES)
@require_GET
def location_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One location's compliance per consultant and per moment."""
    location = _location_or_404(request, pk)
    form = CompliancePeriodForm(request.GET)
    context: dict = {"location": location, "form": form, "nav": "compliance"}
    if form.is_valid():
        context["report"] = reports.page_report(
            request.organization.pk,
            form.compliance_filter(location_id=location.pk).seen_by(request.membership),
            ("consultant", "moment"),
        )
        context["period_query"] = form.period_query()
    return render_page(request, LOCATION_PAGE, context, status=200 if form.is_valid() else 400)
