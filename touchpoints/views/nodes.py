"""Journeys, touchpoints and moments: one set of views to add, edit, delete and move
them, told the kind of node by the URL, as the API's NodeViewSet subclasses are."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Organization
from common.forms import add_errors
from common.htmx import go_to

from .. import selectors, services
from ..forms import JourneyForm, focus, moment_form, touchpoint_form
from ..models import Journey, Moment, Touchpoint
from .regions import (
    Region,
    column_of,
    current,
    done,
    editors,
    find,
    map_response,
    posted,
    refuse,
)

CONFIRM = "touchpoints/confirm_delete.html"


@dataclass(frozen=True)
class Node:
    """What differs between journeys, touchpoints and moments for the views below."""

    kind: str  # names the URLs ("touchpoints:<kind>_delete") and the confirmation
    find: Callable[[Organization, int], Any]  # the tenancy selector
    own: Callable[[Any], Region]  # where the node shows: it is edited and confirmed there
    # Where it shows among its siblings: moves and deletions answer there (None: the list).
    among: Callable[[Any], Region | None]
    edit_form: Callable[[HttpRequest, Any], forms.Form]
    editing: Callable[[Any, forms.Form], dict]  # map state with the edit form open
    update: Callable[..., Any]
    saved: str
    deleted: str
    moved: dict[str, str]
    title: str
    button: str


def _journey_form(request: HttpRequest, journey: Journey) -> forms.Form:
    return JourneyForm(
        posted(request),
        initial={
            "name": journey.name,
            "description": journey.description,
            "locations": list(journey.locations.all()),
        },
        auto_id="id_journey_%s",
        organization=request.organization,
    )


def _touchpoint_form(request: HttpRequest, touchpoint: Touchpoint) -> forms.Form:
    initial = {"name": touchpoint.name, "stage": touchpoint.stage, "channel": touchpoint.channel}
    return touchpoint_form(posted(request), touchpoint=touchpoint, initial=initial)


def _moment_form(request: HttpRequest, moment: Moment) -> forms.Form:
    initial = {
        "name": moment.name,
        "customer_expectation": moment.customer_expectation,
        "customer_feeling": moment.customer_feeling,
        "is_critical": moment.is_critical,
    }
    return moment_form(posted(request), moment=moment, initial=initial)


JOURNEY = Node(
    kind="journey",
    find=selectors.journey_for,
    own=lambda journey: Region(journey.pk, "head"),
    among=lambda journey: None,
    edit_form=_journey_form,
    editing=lambda journey, form: {"journey_form": form},
    update=lambda journey, **data: services.update_journey(journey=journey, **data),
    saved=gettext_lazy("Journey “%s” was saved."),
    deleted=gettext_lazy("Journey “%s” was deleted."),
    moved={"up": gettext_lazy("“%s” moved up."), "down": gettext_lazy("“%s” moved down.")},
    title=gettext_lazy("Delete the journey “%s”?"),
    button=gettext_lazy("Delete journey"),
)
TOUCHPOINT = Node(
    kind="touchpoint",
    find=selectors.touchpoint_for,
    own=column_of,
    among=lambda touchpoint: Region(touchpoint.journey_id, "board"),
    edit_form=_touchpoint_form,
    editing=lambda tp, form: {"edit_touchpoint_pk": tp.pk, "edit_touchpoint_form": form},
    update=lambda touchpoint, **data: services.update_touchpoint(touchpoint=touchpoint, **data),
    saved=gettext_lazy("Touchpoint “%s” was saved."),
    deleted=gettext_lazy("Touchpoint “%s” was deleted."),
    moved={"up": gettext_lazy("“%s” moved left."), "down": gettext_lazy("“%s” moved right.")},
    title=gettext_lazy("Delete the touchpoint “%s”?"),
    button=gettext_lazy("Delete touchpoint"),
)
MOMENT = Node(
    kind="moment",
    find=selectors.moment_for,
    own=column_of,
    among=column_of,
    edit_form=_moment_form,
    editing=lambda moment, form: {"edit_moment_pk": moment.pk, "edit_moment_form": form},
    update=lambda moment, **data: services.update_moment(moment=moment, **data),
    saved=gettext_lazy("Moment “%s” was saved."),
    deleted=gettext_lazy("Moment “%s” was deleted."),
    moved={"up": gettext_lazy("“%s” moved up."), "down": gettext_lazy("“%s” moved down.")},
    title=gettext_lazy("Delete the moment “%s”?"),
    button=gettext_lazy("Delete moment"),
)


@editors
def edit(request: HttpRequest, pk: int, *, node: Node) -> HttpResponse:
    """The edit form opens in place on the map; a valid POST saves."""
    obj = find(request, node.find, pk)
    form = node.edit_form(request, obj)
    if form.is_bound and form.is_valid():
        try:
            node.update(obj, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return done(request, node.own(obj), node.saved % obj.name)
    return map_response(
        request,
        node.own(obj),
        status=400 if form.errors else 200,
        **node.editing(obj, focus(form)),
    )


@editors
@require_POST
def move(request: HttpRequest, pk: int, *, node: Node) -> HttpResponse:
    obj = find(request, node.find, pk)
    region = node.among(obj)
    try:
        services.move(obj=obj, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        refuse(request, error)
        return current(request, region, status=400)
    return done(request, region, node.moved[request.POST["direction"]] % obj.name)


# Deletion: a confirmation that says what goes with it, then the delete itself.


def _confirmation(node: Node, obj: Any) -> dict:
    own = node.own(obj)
    return {
        "kind": node.kind,
        "pk": obj.pk,
        "title": node.title % obj.name,
        "button": node.button,
        "impact": services.deletion_impact(obj),
        "delete_url": reverse(f"touchpoints:{node.kind}_delete", args=[obj.pk]),
        # The deletion answers with the siblings' region; a journey's with a redirect.
        "target": f"#{(node.among(obj) or own).id}",
        "map_url": own.map_url,
        "back_url": own.url,
        "region_selector": f"#{own.id}",
    }


def _confirm_response(
    request: HttpRequest, node: Node, obj: Any, status: int = 200
) -> HttpResponse:
    """htmx: the confirmation opens in place; without JavaScript: its own page."""
    confirm = _confirmation(node, obj)
    if request.htmx:
        return map_response(request, node.own(obj), status=status, confirm=confirm)
    return render(request, CONFIRM, {"nav": "journeys", "confirm": confirm}, status=status)


@editors
def delete(request: HttpRequest, pk: int, *, node: Node) -> HttpResponse:
    obj = find(request, node.find, pk)
    if request.method != "POST":
        return _confirm_response(request, node, obj)
    try:
        services.delete_node(obj=obj)
    except ValidationError as error:  # e.g. records that must keep it
        refuse(request, error)
        return _confirm_response(request, node, obj, status=400)
    region = node.among(obj)
    if region is None:  # a journey: its page is gone with it
        return go_to(request, reverse("touchpoints:journey_list"), node.deleted % obj.name)
    return done(request, region, node.deleted % obj.name)


# Adding below a journey or a touchpoint ---------------------------------------------------


@editors
@require_POST
def touchpoint_create(request: HttpRequest, pk: int) -> HttpResponse:
    journey = find(request, selectors.journey_for, pk)
    form = touchpoint_form(request.POST)
    board = Region(pk, "board")
    if form.is_valid():
        try:
            touchpoint = services.create_touchpoint(journey=journey, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return done(request, board, _("Touchpoint “%s” was added.") % touchpoint.name)
    return map_response(request, board, touchpoint_form=form, status=400)


@editors
@require_POST
def moment_create(request: HttpRequest, pk: int) -> HttpResponse:
    touchpoint = find(request, selectors.touchpoint_for, pk)
    form = moment_form(request.POST, touchpoint=touchpoint)
    column = column_of(touchpoint)
    if form.is_valid():
        try:
            moment = services.create_moment(touchpoint=touchpoint, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return done(request, column, _("Moment “%s” was added.") % moment.name)
    return map_response(request, column, add_moment_to=pk, add_moment_form=form, status=400)


@editors
@require_POST
def moment_toggle_critical(request: HttpRequest, pk: int) -> HttpResponse:
    moment = find(request, selectors.moment_for, pk)
    services.toggle_critical(moment=moment)
    if moment.is_critical:
        message = _("“%s” is now a moment of truth.") % moment.name
    else:
        message = _("“%s” is no longer a moment of truth.") % moment.name
    return done(request, column_of(moment), message)
