"""Surveys, the manager's side: the survey list, a survey's form, and its page with its
links, invitations and the forms to make more links (links/views.py takes them).

Managers and admins change; executives read (no write buttons, 403 on writes); staff
have no access. Surveys and links are only reached through the organization's
selectors, so another organization's id is 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.choices import EDITOR_ROLES, READ_ROLES
from accounts.decorators import role_required
from accounts.selectors import narrow_choices
from common.forms import add_errors
from common.shortcuts import get_or_404

from ..choices import Metric
from ..invitations.selectors import invitation_batches_for
from ..links import qr
from ..links.forms import BulkLinksForm, LinkForm
from ..links.selectors import links_of
from ..models import Survey
from . import selectors, services
from .forms import SurveyForm, member_zone, texts_for_metric

FORM_PAGE = "surveys/survey_form.html"
DETAIL_PAGE = "surveys/survey_detail.html"
LINKS_PER_PAGE = 50
INVITATION_BATCHES_SHOWN = 10


def survey_or_404(request: HttpRequest, pk: int) -> Survey:
    return get_or_404(selectors.survey_for, request.organization, pk)


def detail_url(survey: Survey) -> str:
    return reverse("surveys:survey_detail", args=[survey.pk])


# --- Surveys ---------------------------------------------------------------------------


@role_required(*READ_ROLES)
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    """Every survey of the organization with its links and responses counted in SQL."""
    surveys = selectors.surveys_overview(request.membership)
    return render(request, "surveys/survey_list.html", {"surveys": surveys, "nav": "surveys"})


def _form_response(request: HttpRequest, form: SurveyForm, survey: Survey | None) -> HttpResponse:
    context = {"form": form, "survey": survey, "nav": "surveys"}
    return render(request, FORM_PAGE, context, status=400 if form.errors else 200)


@role_required(*EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest) -> HttpResponse:
    """A new survey; its questions start from the chosen metric's wording in every
    language (htmx swaps them in when the metric changes, keeping what was reworded)."""
    organization = request.organization
    if request.method == "POST":
        form = SurveyForm(request.POST, organization=organization)
        if form.is_valid():
            try:
                survey = services.create_survey(
                    organization=organization,
                    name=form.cleaned_data["name"],
                    metric=form.cleaned_data["metric"],
                    texts=form.texts(),
                    by=request.user,
                    **form.context(),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request, _("The survey is created. Now make links or QR codes for it.")
                )
                return redirect(detail_url(survey))
        return _form_response(request, form, None)
    metric = request.GET.get("metric")
    metric = metric if metric in Metric.values else Metric.NPS
    initial = {"metric": metric, **texts_for_metric(metric, request.GET)}
    form = SurveyForm(initial=initial, organization=organization)
    if request.htmx and "metric" in request.GET:
        return render(request, f"{FORM_PAGE}#texts", {"form": form})
    return _form_response(request, form, None)


@role_required(*READ_ROLES)
@require_GET
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A survey with its links and QR codes, its e-mail invitations, and (for managers)
    the forms to make more links."""
    return detail_response(request, survey_or_404(request, pk))


def detail_response(
    request: HttpRequest,
    survey: Survey,
    *,
    link_form: LinkForm | None = None,
    bulk_form: BulkLinksForm | None = None,
    status: int = 200,
) -> HttpResponse:
    organization, membership = request.organization, request.membership
    links = links_of(survey, membership)
    page = Paginator(links, LINKS_PER_PAGE).get_page(request.GET.get("page"))
    for link in page:
        link.public_url = qr.public_url(link)
    context = {
        "survey": survey,
        "page": page,
        "batches": invitation_batches_for(membership).filter(survey=survey)[
            :INVITATION_BATCHES_SHOWN
        ],
        "zone": member_zone(membership),
        "nav": "surveys",
    }
    if membership.can_edit:
        zone = context["zone"]
        context["link_form"] = link_form or narrow_choices(
            LinkForm(organization=organization, zone=zone), membership
        )
        context["bulk_form"] = bulk_form or narrow_choices(
            BulkLinksForm(organization=organization, zone=zone), membership
        )
    return render(request, DETAIL_PAGE, context, status=status)


@role_required(*EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Reword a survey, change its context or switch it off; never its metric."""
    survey = survey_or_404(request, pk)
    form = SurveyForm(
        request.POST if request.method == "POST" else None,
        initial=SurveyForm.initial_of(survey),
        organization=request.organization,
        survey=survey,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_survey(
                survey=survey,
                name=form.cleaned_data["name"],
                texts=form.texts(),
                is_active=form.cleaned_data["is_active"],
                **form.context(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The survey is saved."))
            return redirect(detail_url(survey))
    return _form_response(request, form, survey)
