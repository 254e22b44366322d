"""Pages for behaviours, publishing, versions, acknowledgements and the audit trail.

Every behaviour action is a real form: without JavaScript it redirects back with a
message (post/redirect/get); with htmx it answers with the moment's behaviour lists
(the `behaviour_list` partial), including on a 400 so the error shows in place.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.choices import EDITOR_ROLES, READ_ROLES, Role
from accounts.decorators import role_required
from common.forms import add_errors
from common.htmx import after_write, render_page
from common.shortcuts import get_or_404
from touchpoints.models import Moment

from . import changes, checklists, selectors, services
from .forms import BehaviourForm, PublishForm
from .models import Behaviour, StandardsVersion

MOMENT_PAGE = "standards/moment_detail.html"


def _moment_or_404(request: HttpRequest, pk: int) -> Moment:
    return get_or_404(selectors.moment_page, request.organization, pk)


def _behaviour_or_404(request: HttpRequest, pk: int) -> Behaviour:
    return get_or_404(selectors.behaviour_for, request.organization, pk)


def _version_or_404(request: HttpRequest, number: int) -> StandardsVersion:
    return get_or_404(selectors.version_for, request.organization, number)


def _edit_form(behaviour: Behaviour, data=None, languages=()) -> BehaviourForm:
    initial = {"kind": behaviour.kind, "text": behaviour.text, "example": behaviour.example}
    # A field per translation language of the organization (touchpoints.translation).
    initial.update(BehaviourForm.translation_initial(behaviour, languages))
    # Its own ids: the add form is on the same page.
    return BehaviourForm(data, initial=initial, auto_id="id_edit_%s", languages=languages)


def _moment_response(
    request: HttpRequest, moment: Moment, *, status: int = 200, **state
) -> HttpResponse:
    """The moment page, or for htmx only its behaviour lists, in the given state
    (`form`, `editing` + `edit_form`, `confirming`, `error`, `notice`)."""
    context = {
        "moment": moment,
        "journey": moment.touchpoint.journey,
        "can_edit": request.membership.can_edit,
        "form": BehaviourForm(),
        "nav": "journeys",
        **state,
    }
    return render_page(request, MOMENT_PAGE, context, partial="behaviour_list", status=status)


def _after_write(request: HttpRequest, moment_pk: int, message: str, **state) -> HttpResponse:
    """htmx gets the fresh lists with the message beside them; a plain form is redirected
    (PRG) with the message flashed."""
    return after_write(
        request,
        redirect_to=reverse("standards:moment_detail", args=[moment_pk]),
        changed=lambda: _moment_response(
            request, _moment_or_404(request, moment_pk), notice=message, **state
        ),
        message=message,
    )


@role_required()
def moment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A moment with its iron and master behaviours; editors change them in place."""
    return _moment_response(request, _moment_or_404(request, pk))


@role_required(*EDITOR_ROLES)
@require_POST
def behaviour_create(request: HttpRequest, pk: int) -> HttpResponse:
    moment = _moment_or_404(request, pk)
    form = BehaviourForm(request.POST)
    if form.is_valid():
        try:
            behaviour = services.create_behaviour(moment=moment, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _after_write(
                request,
                moment.pk,
                _("“%(text)s” was added.") % {"text": behaviour.text},
                # The next one is often of the same tier.
                form=BehaviourForm(initial={"kind": behaviour.kind}),
            )
    return _moment_response(request, moment, form=form, status=400)


@role_required(*EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def behaviour_edit(request: HttpRequest, pk: int) -> HttpResponse:
    behaviour = _behaviour_or_404(request, pk)
    if request.method == "POST":
        edit_form = _edit_form(behaviour, request.POST, request.organization.translation_languages)
        if edit_form.is_valid():
            try:
                services.update_behaviour(behaviour=behaviour, **edit_form.cleaned_data)
            except ValidationError as error:
                add_errors(edit_form, error)
            else:
                return _after_write(
                    request, behaviour.moment_id, _("“%(text)s” was saved.") % {"text": behaviour}
                )
    else:
        edit_form = _edit_form(behaviour, languages=request.organization.translation_languages)
    return _moment_response(
        request,
        _moment_or_404(request, behaviour.moment_id),
        editing=behaviour.pk,
        edit_form=edit_form,
        status=400 if edit_form.errors else 200,
    )


@role_required(*EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def behaviour_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation in place; POST retires the behaviour."""
    behaviour = _behaviour_or_404(request, pk)
    if request.method == "POST":
        services.retire_behaviour(behaviour=behaviour)
        return _after_write(
            request,
            behaviour.moment_id,
            _("“%(text)s” was removed. Published versions keep it until you publish again.")
            % {"text": behaviour},
        )
    return _moment_response(
        request, _moment_or_404(request, behaviour.moment_id), confirming=behaviour.pk
    )


@role_required(*EDITOR_ROLES)
@require_POST
def behaviour_move(request: HttpRequest, pk: int) -> HttpResponse:
    behaviour = _behaviour_or_404(request, pk)
    direction = request.POST.get("direction", "")
    try:
        services.move_behaviour(behaviour=behaviour, direction=direction)
    except ValidationError as error:
        return _moment_response(
            request,
            _moment_or_404(request, behaviour.moment_id),
            error=" ".join(error.messages),
            status=400,
        )
    if direction == "up":
        message = _("“%(text)s” moved up.") % {"text": behaviour}
    else:
        message = _("“%(text)s” moved down.") % {"text": behaviour}
    return _after_write(request, behaviour.moment_id, message)


@role_required(*EDITOR_ROLES)
def publish(request: HttpRequest) -> HttpResponse:
    """Choose what to publish (one journey or all), preview what it would change and who
    is asked to confirm it, then freeze it as the next version."""
    organization = request.organization
    counts = services.pending_change_counts(organization)
    # ?journey= picks what the preview shows (a GET form, so it works without JavaScript).
    chooser = PublishForm(
        request.GET if "journey" in request.GET else None, organization=organization, counts=counts
    )
    journey = chooser.cleaned_data["journey"] if chooser.is_bound and chooser.is_valid() else None
    # Not `request.POST or None`: a publish without a note posts an empty form.
    form = PublishForm(
        request.POST if request.method == "POST" else None,
        organization=organization,
        counts=counts,
        initial={"journey": journey},
    )
    if form.is_bound and form.is_valid():
        journey = form.cleaned_data["journey"]
        try:
            version = services.publish_standards(
                organization=organization, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(number)d is published. Staff now see it and are asked to confirm it.")
                % {"number": version.number},
            )
            return redirect("standards:version_detail", version.number)
    return render(
        request,
        "standards/publish.html",
        {
            "form": form,
            "chooser": chooser,
            "journey": journey,
            **services.publish_preview(organization, journey),
            "latest": selectors.latest_version(organization),
            "nav": "publish",
        },
        status=400 if form.errors else 200,
    )


@role_required()
def version_list(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    versions = selectors.versions_overview(
        request.organization, membership if membership.is_staff_member else None
    )
    return render(request, "standards/version_list.html", {"versions": versions, "nav": "versions"})


def _acknowledgement(request: HttpRequest, version: StandardsVersion | None):
    if version is None or not request.membership.is_staff_member:
        return None
    return selectors.acknowledgement_for(request.membership, version)


@role_required()
def version_detail(request: HttpRequest, number: int) -> HttpResponse:
    """A published version: what changed, the acknowledgement, then the read-only
    checklist (for staff, of the journeys that apply to them); editors also see how its
    e-mail to each staff member went."""
    version = _version_or_404(request, number)
    membership = request.membership
    reading = checklists.version_reading(version, membership)
    notices = list(selectors.notices_of(version)) if membership.can_edit else None
    # The page lists them all already: whether any can be retried is read off that list.
    retryable = any(notice.can_retry for notice in notices or ())
    # Times of the e-mails in the reader's location's zone.
    with timezone.override(membership.location.time_zone if membership.location_id else None):
        return render(
            request,
            "standards/version_detail.html",
            {
                "version": version,
                **reading,
                "changes": version.changes,
                "acknowledgement": _acknowledgement(request, version),
                "latest_number": reading["current_number"],
                "notices": notices,
                "notices_retryable": retryable,
                "now": timezone.now(),
                "nav": "versions",
            },
        )


@role_required(*EDITOR_ROLES)
@require_POST
def notices_retry(request: HttpRequest, number: int) -> HttpResponse:
    """Send the version's failed e-mails to staff, and those waiting to retry, now."""
    version = _version_or_404(request, number)
    count = services.retry_failed_notices(version=version)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d e-mail to staff is being sent again.",
                "%(count)d e-mails to staff are being sent again.",
                count,
            )
            % {"count": count},
        )
    return redirect(reverse("standards:version_detail", args=[number]) + "#notices")


@role_required(Role.STAFF)
@require_POST
def acknowledge(request: HttpRequest, number: int) -> HttpResponse:
    """Staff confirm they have read a version; a second time changes nothing."""
    version = _version_or_404(request, number)
    try:
        services.acknowledge_version(membership=request.membership, version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Thank you: you confirmed that you know version %(number)d.") % {"number": number},
        )
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("standards:version_detail", number)


@role_required()
def my_standards(request: HttpRequest) -> HttpResponse:
    """The staff landing page: first what changed in the versions they are asked to read
    and the confirmation, then the checklist of every journey that applies to them."""
    return render(
        request,
        "standards/my_standards.html",
        {**checklists.standards_to_read(request.organization, request.membership), "nav": "my"},
    )


@role_required(*READ_ROLES)
def coverage(request: HttpRequest) -> HttpResponse:
    """Who has acknowledged the versions staff work from, per location, counting only
    the staff each version is asked of."""
    return render(
        request,
        "standards/coverage.html",
        {
            "versions": selectors.coverage_of_current_versions(request.organization),
            "nav": "coverage",
        },
    )


@role_required(*EDITOR_ROLES)
def history(request: HttpRequest) -> HttpResponse:
    """The audit trail of behaviours: who changed what, when."""
    return render(
        request,
        "standards/history.html",
        {
            "entries": changes.behaviour_history_entries(request.organization),
            "limit": changes.HISTORY_LIMIT,
            "nav": "history",
        },
    )
