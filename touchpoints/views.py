"""Browser views of journeys, touchpoints, moments of truth and priceless notes.

Every write is a plain form POST that redirects back with a message (works without
JavaScript). With htmx the same view answers with only the region of the journey
map that changed, plus the messages swapped in out of band. Refusals (bad input,
moving past an end) answer 400 with the reason shown where it happened.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.choices import EDITOR_ROLES
from accounts.decorators import role_required
from accounts.models import Organization
from accounts.views import add_errors
from common.shortcuts import get_or_404

from . import selectors, services
from .forms import JourneyForm, PricelessNoteForm, focus, moment_form, touchpoint_form
from .models import Journey, Moment, Touchpoint

LIST = "touchpoints/journey_list.html"
MAP = "touchpoints/journey_map.html"
CONFIRM = "touchpoints/confirm_delete.html"
MESSAGES = "touchpoints/_shared.html#messages_oob"

# Reading is for every role; every write is for managers and admins.
readers = role_required()
editors = role_required(*EDITOR_ROLES)

T = TypeVar("T")


def _get_or_404(request: HttpRequest, selector: Callable[[Organization, int], T], pk: int) -> T:
    """Fetch through a tenancy selector: another organization's id is simply not found."""
    return get_or_404(selector, request.organization, pk)


def _posted(request: HttpRequest) -> Any:
    # Not `request.POST or None`: an empty POST must still be validated (and refused).
    return request.POST if request.method == "POST" else None


def _partial(
    request: HttpRequest,
    template: str,
    context: dict,
    status: int = 200,
    *,
    also: tuple[str, ...] = (),
) -> HttpResponse:
    """An htmx answer: the region that changed, then the messages and the `also`
    partials (each marked hx-swap-oob), swapped out of band."""
    html = render_to_string(template, context, request)
    html += "".join(render_to_string(extra, {**context, "oob": True}, request) for extra in also)
    html += render_to_string(MESSAGES, {}, request)
    return HttpResponse(html, status=status)


def _refuse(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# Journey list ---------------------------------------------------------------------------


def _list_response(
    request: HttpRequest, *, form: JourneyForm | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "nav": "journeys",
        "journeys": selectors.journeys_overview(request.organization),
        "can_edit": request.membership.can_edit,
        "form": form or JourneyForm(auto_id="id_newjourney_%s"),
    }
    if request.htmx and request.method == "POST":
        return _partial(request, f"{LIST}#journeys", context, status)
    return render(request, LIST, context, status=status)


@readers
def journey_list(request: HttpRequest) -> HttpResponse:
    """All journeys with their counts; editors also get the new-journey form."""
    return _list_response(request)


@editors
@require_POST
def journey_create(request: HttpRequest) -> HttpResponse:
    form = JourneyForm(request.POST, auto_id="id_newjourney_%s")
    if form.is_valid():
        try:
            journey = services.create_journey(
                organization=request.organization, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Journey “%s” was added. Now add its touchpoints.") % journey.name,
            )
            # The next step is on the map: open it rather than leave the manager on the list.
            map_url = reverse("touchpoints:journey_map", args=[journey.pk])
            if request.htmx:
                return HttpResponseClientRedirect(map_url)
            return redirect(map_url)
    return _list_response(request, form=form, status=400)


@editors
@require_POST
def journey_move(request: HttpRequest, pk: int) -> HttpResponse:
    journey = _get_or_404(request, selectors.journey_for, pk)
    try:
        services.move(obj=journey, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        _refuse(request, error)
        return _list_response(request, status=400)
    text = {"up": _("“%s” moved up."), "down": _("“%s” moved down.")}
    messages.success(request, text[request.POST["direction"]] % journey.name)
    if request.htmx:
        return _list_response(request)
    return redirect("touchpoints:journey_list")


# Journey map ----------------------------------------------------------------------------

REGION_IDS = {"head": "journey-head", "board": "journeymap", "priceless": "priceless"}


def _region_id(region: str, column: int | None = None) -> str:
    return f"tp-{column}" if region == "touchpoint_column" else REGION_IDS[region]


def _map_context(request: HttpRequest, journey_pk: int, **state: Any) -> dict:
    """The journey map in a fixed number of queries, however many moments it has.

    `state` opens things in place: an edit form (possibly with errors), an inline
    delete confirmation, or an add form that was refused.
    """
    journey = _get_or_404(request, selectors.journey_map, journey_pk)
    touchpoints = list(journey.touchpoints.all())
    refused_add = state.pop("add_moment_form", None)
    for index, tp in enumerate(touchpoints):
        tp.is_first, tp.is_last = index == 0, index == len(touchpoints) - 1
        tp.moment_list = list(tp.moments.all())
        if refused_add is not None and state.get("add_moment_to") == tp.pk:
            tp.add_form = refused_add
        else:
            tp.add_form = moment_form(touchpoint=tp)
    # Counted from the rows already loaded for the map, so no extra query.
    moments = [m for tp in touchpoints for m in tp.moment_list]
    return {
        "nav": "journeys",
        "journey": journey,
        "touchpoints": touchpoints,
        "notes": list(journey.priceless_notes.all()),
        "moment_count": len(moments),
        "critical_count": sum(1 for m in moments if m.is_critical),
        "can_edit": request.membership.can_edit,
        "touchpoint_form": touchpoint_form(),
        "priceless_form": PricelessNoteForm(auto_id="id_priceless_%s"),
        **state,
    }


def _map_response(
    request: HttpRequest,
    journey_pk: int,
    region: str,
    *,
    column: int | None = None,
    status: int = 200,
    **state: Any,
) -> HttpResponse:
    """The region that changed for htmx; the whole map page otherwise."""
    context = _map_context(request, journey_pk, **state)
    if not request.htmx:
        return render(request, MAP, context, status=status)
    if region == "touchpoint_column":
        context["tp"] = next((tp for tp in context["touchpoints"] if tp.pk == column), None)
        if context["tp"] is None:  # deleted meanwhile: show the whole board
            region = "board"
    # The head's counts change with every add, move or delete on the board: send them along.
    also = () if region == "head" else (f"{MAP}#summary",)
    return _partial(request, f"{MAP}#{region}", context, status, also=also)


def _done(
    request: HttpRequest, journey_pk: int, message: str, region: str, column: int | None = None
) -> HttpResponse:
    """After a write: the changed region for htmx, else back to the map (PRG)."""
    messages.success(request, message)
    if request.htmx:
        return _map_response(request, journey_pk, region, column=column)
    url = reverse("touchpoints:journey_map", args=[journey_pk])
    return redirect(f"{url}#{_region_id(region, column)}")


@readers
def journey_map(request: HttpRequest, pk: int) -> HttpResponse:
    """Touchpoints left to right, their moments as cards, moments of truth highlighted."""
    return render(request, MAP, _map_context(request, pk))


@editors
def journey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    journey = _get_or_404(request, selectors.journey_for, pk)
    form = JourneyForm(
        _posted(request),
        initial={
            "name": journey.name,
            "description": journey.description,
            "locations": list(journey.locations.all()),
        },
        auto_id="id_journey_%s",
        organization=request.organization,
    )
    if form.is_bound and form.is_valid():
        try:
            services.update_journey(journey=journey, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _done(request, pk, _("Journey “%s” was saved.") % journey.name, "head")
    return _map_response(
        request, pk, "head", journey_form=focus(form), status=400 if form.errors else 200
    )


# Deletion: a confirmation that says what goes with it, then the delete itself.


def _confirmation(request: HttpRequest, obj: Journey | Touchpoint | Moment) -> dict:
    if isinstance(obj, Journey):
        kind, journey_pk, region, column = "journey", obj.pk, "head", None
        title = _("Delete the journey “%s”?") % obj.name
        button = _("Delete journey")
        target = "#journey-head"
    elif isinstance(obj, Touchpoint):
        kind, journey_pk, region, column = "touchpoint", obj.journey_id, "touchpoint_column", obj.pk
        title = _("Delete the touchpoint “%s”?") % obj.name
        button = _("Delete touchpoint")
        target = "#journeymap"  # the board answers: a column goes away
    else:
        kind, journey_pk = "moment", obj.touchpoint.journey_id
        region, column = "touchpoint_column", obj.touchpoint_id
        title = _("Delete the moment “%s”?") % obj.name
        button = _("Delete moment")
        target = f"#tp-{obj.touchpoint_id}"
    map_url = reverse("touchpoints:journey_map", args=[journey_pk])
    region_id = _region_id(region, column)
    return {
        "kind": kind,
        "pk": obj.pk,
        "journey_pk": journey_pk,
        "region": region,
        "column": column,
        "title": title,
        "button": button,
        "impact": services.deletion_impact(obj),
        "delete_url": reverse(f"touchpoints:{kind}_delete", args=[obj.pk]),
        "target": target,
        "map_url": map_url,
        "back_url": f"{map_url}#{region_id}",
        "region_selector": f"#{region_id}",
    }


def _confirm_response(
    request: HttpRequest, obj: Journey | Touchpoint | Moment, status: int = 200
) -> HttpResponse:
    """htmx: the confirmation opens in place; without JavaScript: its own page."""
    confirm = _confirmation(request, obj)
    if request.htmx:
        return _map_response(
            request,
            confirm["journey_pk"],
            confirm["region"],
            column=confirm["column"],
            status=status,
            confirm=confirm,
        )
    return render(request, CONFIRM, {"nav": "journeys", "confirm": confirm}, status=status)


def _delete(request: HttpRequest, obj: Journey | Touchpoint | Moment) -> HttpResponse | None:
    """Delete, or answer 400 with the reason (e.g. records that must keep it)."""
    try:
        services.delete_node(obj=obj)
    except ValidationError as error:
        _refuse(request, error)
        return _confirm_response(request, obj, status=400)
    return None


@editors
def journey_delete(request: HttpRequest, pk: int) -> HttpResponse:
    journey = _get_or_404(request, selectors.journey_for, pk)
    if request.method != "POST":
        return _confirm_response(request, journey)
    refused = _delete(request, journey)
    if refused:
        return refused
    messages.success(request, _("Journey “%s” was deleted.") % journey.name)
    if request.htmx:  # the page itself is gone
        return HttpResponseClientRedirect(reverse("touchpoints:journey_list"))
    return redirect("touchpoints:journey_list")


# Touchpoints ----------------------------------------------------------------------------


@editors
@require_POST
def touchpoint_create(request: HttpRequest, pk: int) -> HttpResponse:
    journey = _get_or_404(request, selectors.journey_for, pk)
    form = touchpoint_form(request.POST)
    if form.is_valid():
        try:
            touchpoint = services.create_touchpoint(journey=journey, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _done(request, pk, _("Touchpoint “%s” was added.") % touchpoint.name, "board")
    return _map_response(request, pk, "board", touchpoint_form=form, status=400)


@editors
def touchpoint_edit(request: HttpRequest, pk: int) -> HttpResponse:
    touchpoint = _get_or_404(request, selectors.touchpoint_for, pk)
    initial = {"name": touchpoint.name, "stage": touchpoint.stage, "channel": touchpoint.channel}
    form = touchpoint_form(_posted(request), touchpoint=touchpoint, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.update_touchpoint(touchpoint=touchpoint, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            message = _("Touchpoint “%s” was saved.") % touchpoint.name
            return _done(request, touchpoint.journey_id, message, "touchpoint_column", pk)
    return _map_response(
        request,
        touchpoint.journey_id,
        "touchpoint_column",
        column=pk,
        edit_touchpoint_pk=pk,
        edit_touchpoint_form=focus(form),
        status=400 if form.errors else 200,
    )


@editors
def touchpoint_delete(request: HttpRequest, pk: int) -> HttpResponse:
    touchpoint = _get_or_404(request, selectors.touchpoint_for, pk)
    if request.method != "POST":
        return _confirm_response(request, touchpoint)
    refused = _delete(request, touchpoint)
    if refused:
        return refused
    message = _("Touchpoint “%s” was deleted.") % touchpoint.name
    return _done(request, touchpoint.journey_id, message, "board")


@editors
@require_POST
def touchpoint_move(request: HttpRequest, pk: int) -> HttpResponse:
    touchpoint = _get_or_404(request, selectors.touchpoint_for, pk)
    try:
        services.move(obj=touchpoint, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        _refuse(request, error)
        return _map_response(request, touchpoint.journey_id, "board", status=400)
    text = {"up": _("“%s” moved left."), "down": _("“%s” moved right.")}
    message = text[request.POST["direction"]] % touchpoint.name
    return _done(request, touchpoint.journey_id, message, "board")


# Moments --------------------------------------------------------------------------------


@editors
@require_POST
def moment_create(request: HttpRequest, pk: int) -> HttpResponse:
    touchpoint = _get_or_404(request, selectors.touchpoint_for, pk)
    form = moment_form(request.POST, touchpoint=touchpoint)
    if form.is_valid():
        try:
            moment = services.create_moment(touchpoint=touchpoint, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            message = _("Moment “%s” was added.") % moment.name
            return _done(request, touchpoint.journey_id, message, "touchpoint_column", pk)
    return _map_response(
        request,
        touchpoint.journey_id,
        "touchpoint_column",
        column=pk,
        add_moment_to=pk,
        add_moment_form=form,
        status=400,
    )


@editors
def moment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    moment = _get_or_404(request, selectors.moment_for, pk)
    initial = {
        "name": moment.name,
        "customer_expectation": moment.customer_expectation,
        "customer_feeling": moment.customer_feeling,
        "is_critical": moment.is_critical,
    }
    form = moment_form(_posted(request), moment=moment, initial=initial)
    journey_pk, column = moment.touchpoint.journey_id, moment.touchpoint_id
    if form.is_bound and form.is_valid():
        try:
            services.update_moment(moment=moment, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            message = _("Moment “%s” was saved.") % moment.name
            return _done(request, journey_pk, message, "touchpoint_column", column)
    return _map_response(
        request,
        journey_pk,
        "touchpoint_column",
        column=column,
        edit_moment_pk=pk,
        edit_moment_form=focus(form),
        status=400 if form.errors else 200,
    )


@editors
def moment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    moment = _get_or_404(request, selectors.moment_for, pk)
    if request.method != "POST":
        return _confirm_response(request, moment)
    refused = _delete(request, moment)
    if refused:
        return refused
    message = _("Moment “%s” was deleted.") % moment.name
    return _done(
        request, moment.touchpoint.journey_id, message, "touchpoint_column", moment.touchpoint_id
    )


@editors
@require_POST
def moment_move(request: HttpRequest, pk: int) -> HttpResponse:
    moment = _get_or_404(request, selectors.moment_for, pk)
    journey_pk, column = moment.touchpoint.journey_id, moment.touchpoint_id
    try:
        services.move(obj=moment, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        _refuse(request, error)
        return _map_response(request, journey_pk, "touchpoint_column", column=column, status=400)
    text = {"up": _("“%s” moved up."), "down": _("“%s” moved down.")}
    message = text[request.POST["direction"]] % moment.name
    return _done(request, journey_pk, message, "touchpoint_column", column)


@editors
@require_POST
def moment_toggle_critical(request: HttpRequest, pk: int) -> HttpResponse:
    moment = _get_or_404(request, selectors.moment_for, pk)
    services.toggle_critical(moment=moment)
    if moment.is_critical:
        message = _("“%s” is now a moment of truth.") % moment.name
    else:
        message = _("“%s” is no longer a moment of truth.") % moment.name
    return _done(
        request, moment.touchpoint.journey_id, message, "touchpoint_column", moment.touchpoint_id
    )


# Priceless notes ------------------------------------------------------------------------


@editors
@require_POST
def priceless_create(request: HttpRequest, pk: int) -> HttpResponse:
    journey = _get_or_404(request, selectors.journey_for, pk)
    form = PricelessNoteForm(request.POST, auto_id="id_priceless_%s")
    if form.is_valid():
        try:
            services.add_priceless_note(
                journey=journey, text=form.cleaned_data["text"], by=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _done(request, pk, _("The note was added."), "priceless")
    return _map_response(request, pk, "priceless", priceless_form=form, status=400)


@editors
@require_POST
def priceless_delete(request: HttpRequest, pk: int) -> HttpResponse:
    note = _get_or_404(request, selectors.priceless_note_for, pk)
    services.delete_priceless_note(note=note)
    return _done(request, note.journey_id, _("The note was deleted."), "priceless")
