"""Responses: the filtered list for managers, admins and executives, its CSV and XLSX
exports, and a consultant's own feedback.

Filters live in the query string: with htmx a change swaps the `results` partial and pushes
the URL; without JavaScript the button loads the same URL. The exports take the same query
string, so "Export" gives exactly the rows on screen (all pages). Refused filters answer 400
with the errors and no rows: an unfiltered list under a filter the reader thinks applied
would mislead.

Times show on the location's clock; the period's dates are the reader's days (their
location's time zone, else the server's).

A location manager reads their location's responses only (accounts.selectors.visibility),
on screen and in the files alike; another location in the filters is refused.
"""

from datetime import timedelta

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.choices import READ_ROLES
from accounts.decorators import role_required
from accounts.selectors import narrow_choices
from common.htmx import render_page

from . import exports, selectors
from .forms import ResponseFilterForm

LIST_PAGE = "surveys/response_list.html"
FEEDBACK_PAGE = "surveys/my_feedback.html"
PAGE_SIZE = 50
FEEDBACK_PAGE_SIZE = 20
EXPORT_FORMATS = ("csv", "xlsx")


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@role_required(*READ_ROLES)
@require_GET
def response_list(request: HttpRequest) -> HttpResponse:
    """The responses the reader sees, filtered, newest first, with n and NPS above."""
    with timezone.override(request.membership.zone):
        form = ResponseFilterForm(request.GET, organization=request.organization)
        narrow_choices(form, request.membership)
        context: dict = {"form": form, "nav": "responses"}
        if form.is_valid():
            responses = selectors.filter_responses(
                selectors.responses_for(request.membership), form.response_filter()
            )
            context["figures"] = selectors.response_figures(responses)["all"]
            context["page"] = Paginator(selectors.with_band(responses), PAGE_SIZE).get_page(
                request.GET.get("page")
            )
            context["query"] = _query_without_page(request)
        return render_page(request, LIST_PAGE, context, status=200 if form.is_valid() else 400)


@role_required(*READ_ROLES)
@require_GET
def response_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered responses (every page) as CSV or XLSX."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    with timezone.override(request.membership.zone):
        form = ResponseFilterForm(request.GET, organization=request.organization)
        narrow_choices(form, request.membership)
        if not form.is_valid():
            messages = [m for errors in form.errors.values() for m in errors]
            return HttpResponse(
                "\n".join(messages), status=400, content_type="text/plain; charset=utf-8"
            )
        responses = selectors.filter_responses(
            selectors.responses_for(request.membership), form.response_filter()
        )
        filename = f"responses-{request.organization.slug}-{timezone.localdate():%Y-%m-%d}.{fmt}"
        if fmt == "csv":
            return exports.csv_response(responses, filename)
        return exports.xlsx_response(responses, filename)


@role_required()
@require_GET
def my_feedback(request: HttpRequest) -> HttpResponse:
    """A consultant's own scores (last 30 and 90 days) and answers, newest first.

    Only what the customer said about the service: never contact data or references."""
    membership = request.membership
    if not membership.is_staff_member:
        # Managers, admins and executives read every response on the response list.
        return redirect("surveys:response_list")
    responses = selectors.responses_for(membership).defer("interaction_ref", "external_id")
    now = timezone.now()
    figures = selectors.response_figures(
        responses, {"d30": now - timedelta(days=30), "d90": now - timedelta(days=90)}
    )
    with_comments = request.GET.get("comments") == "1"
    listed = responses.exclude(comment="") if with_comments else responses
    page = Paginator(selectors.with_band(listed), FEEDBACK_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    with timezone.override(membership.zone):
        return render(
            request,
            FEEDBACK_PAGE,
            {
                "windows": [(30, figures["d30"]), (90, figures["d90"])],
                "page": page,
                "with_comments": with_comments,
                "nav": "my_feedback",
            },
        )
