"""Competitor practices and best practices, listed by moment next to our own standards.

Managers, admins and executives read; managers and admins record, delete and promote.
Writes are plain forms with post/redirect/get: a photo upload needs no htmx.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.choices import EDITOR_ROLES, READ_ROLES
from accounts.decorators import role_required
from common.forms import add_errors
from common.shortcuts import get_or_404

from .. import scope as standards_scope
from ..models import BestPractice, CompetitorPractice
from . import selectors, services
from .forms import BestPracticeForm, CompetitorPracticeForm

PRACTICES_PAGE = "standards/practices.html"


def _practices_url(anchor: str) -> str:
    return f"{reverse('reviews:practices')}#{anchor}"


def _int_param(request: HttpRequest, name: str) -> int | None:
    """An optional id in the query string to preselect; anything else is ignored."""
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _competitor_or_404(request: HttpRequest, pk: int) -> CompetitorPractice:
    return get_or_404(selectors.competitor_practice_for, request.organization.pk, pk)


def _best_practice_or_404(request: HttpRequest, pk: int) -> BestPractice:
    return get_or_404(selectors.best_practice_for, request.organization.pk, pk)


@role_required(*READ_ROLES)
@require_GET
def practice_list(request: HttpRequest) -> HttpResponse:
    """For each moment: our iron and master behaviours beside what competitors and our
    best consultants do."""
    moments = list(selectors.moments_with_practices(request.organization.pk))
    # To tell a promoted behaviour still waiting for publication from a published one: the
    # date of its journey's current version, as versions are published per journey.
    published = standards_scope.current_published_at(
        request.organization.pk, (moment.touchpoint.journey_id for moment in moments)
    )
    for moment in moments:
        moment.published_at = published.get(moment.touchpoint.journey_id)
    return render(
        request,
        PRACTICES_PAGE,
        {
            "moments": moments,
            "can_edit": request.membership.can_edit,
            "nav": "practices",
        },
    )


@role_required(*EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def competitor_create(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = CompetitorPracticeForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        organization=request.organization,
        initial={"moment": _int_param(request, "moment"), "observed_on": timezone.localdate()},
    )
    if posted and form.is_valid():
        try:
            practice = services.record_competitor_practice(
                organization=request.organization, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("What %(competitor)s does at “%(moment)s” was recorded.")
                % {"competitor": practice.competitor, "moment": practice.moment.name},
            )
            return redirect(_practices_url(f"moment-{practice.moment_id}"))
    return render(
        request,
        "standards/practice_competitor_form.html",
        {"form": form, "nav": "practices"},
        status=400 if form.errors else 200,
    )


@role_required(*EDITOR_ROLES)
@require_POST
def competitor_delete(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _competitor_or_404(request, pk)
    services.delete_competitor_practice(practice=practice)
    messages.success(
        request,
        _("The practice of %(competitor)s at “%(moment)s” was deleted.")
        % {"competitor": practice.competitor, "moment": practice.moment.name},
    )
    return redirect(_practices_url(f"moment-{practice.moment_id}"))


@role_required(*EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def best_practice_create(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    moment_id = _int_param(request, "moment")
    form = BestPracticeForm(
        request.POST if posted else None,
        organization=request.organization,
        moment_id=moment_id,
        initial={"moment": moment_id, "consultant": _int_param(request, "consultant")},
    )
    if posted and form.is_valid():
        try:
            practice = services.record_best_practice(
                organization=request.organization, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("What %(name)s does differently at “%(moment)s” was recorded.")
                % {"name": practice.consultant.display_name, "moment": practice.moment.name},
            )
            return redirect(_practices_url(f"best-{practice.pk}"))
    return render(
        request,
        "standards/practice_best_form.html",
        {"form": form, "nav": "practices"},
        status=400 if form.errors else 200,
    )


@role_required(*EDITOR_ROLES)
@require_POST
def best_practice_promote(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft a master behaviour from the practice; promoting twice changes nothing."""
    practice = _best_practice_or_404(request, pk)
    try:
        behaviour = services.promote_best_practice(practice=practice)
    except ValidationError as error:
        messages.error(
            request,
            _("It could not become a master behaviour: %(reason)s")
            % {"reason": " ".join(error.messages)},
        )
    else:
        messages.success(
            request,
            _(
                "“%(text)s” is now a draft master behaviour of “%(moment)s”. It becomes part "
                "of the standards with the next published version."
            )
            % {"text": behaviour.text, "moment": practice.moment.name},
        )
    return redirect(_practices_url(f"best-{practice.pk}"))


@role_required(*READ_ROLES)
@require_GET
def competitor_photo(request: HttpRequest, pk: int) -> FileResponse:
    """A competitor photo, only for members of its organization (never a public URL)."""
    practice = _competitor_or_404(request, pk)
    if not practice.photo:
        raise Http404
    try:
        handle = practice.photo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=_photo_type(practice.photo.name))
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _photo_type(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower()
    return {"png": "image/png", "webp": "image/webp"}.get(extension, "image/jpeg")
