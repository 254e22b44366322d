"""What the journey pages answer: without JavaScript the whole page, or a redirect after
a write (PRG); with htmx only the region that changed, plus the messages swapped in out
of band. Refusals (bad input, moving past an end) answer 400 with the reason shown where
it happened."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.choices import EDITOR_ROLES
from accounts.decorators import role_required
from accounts.models import Organization
from common.htmx import after_write
from common.shortcuts import get_or_404

from .. import selectors
from ..forms import JourneyForm, PricelessNoteForm, moment_form, touchpoint_form
from ..models import Moment, Touchpoint

LIST = "touchpoints/journey_list.html"
MAP = "touchpoints/journey_map.html"
MESSAGES = "touchpoints/_shared.html#messages_oob"
REGION_IDS = {"head": "journey-head", "board": "journeymap", "priceless": "priceless"}

# Reading is for every role; every write is for managers and admins.
readers = role_required()
editors = role_required(*EDITOR_ROLES)

T = TypeVar("T")


def find(request: HttpRequest, selector: Callable[[Organization, int], T], pk: int) -> T:
    """Fetch through a tenancy selector: another organization's id is simply not found."""
    return get_or_404(selector, request.organization, pk)


def posted(request: HttpRequest) -> Any:
    # Not `request.POST or None`: an empty POST must still be validated (and refused).
    return request.POST if request.method == "POST" else None


def refuse(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@dataclass(frozen=True)
class Region:
    """A part of a journey map that a write changes: htmx swaps it in place, and the
    redirect without JavaScript lands on it."""

    journey_pk: int
    name: str  # a named partial of the map: head, board, priceless or touchpoint_column
    column: int | None = None  # the touchpoint of a touchpoint_column

    @property
    def id(self) -> str:
        return f"tp-{self.column}" if self.name == "touchpoint_column" else REGION_IDS[self.name]

    @property
    def map_url(self) -> str:
        return reverse("touchpoints:journey_map", args=[self.journey_pk])

    @property
    def url(self) -> str:
        return f"{self.map_url}#{self.id}"


def column_of(node: Touchpoint | Moment) -> Region:
    """The column of a touchpoint, where its moments show too."""
    if isinstance(node, Moment):
        return Region(node.touchpoint.journey_id, "touchpoint_column", node.touchpoint_id)
    return Region(node.journey_id, "touchpoint_column", node.pk)


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


def list_response(
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


def map_context(request: HttpRequest, journey_pk: int, **state: Any) -> dict:
    """The journey map in a fixed number of queries, however many moments it has.

    `state` opens things in place: an edit form (possibly with errors), an inline
    delete confirmation, or an add form that was refused.
    """
    journey = find(request, selectors.journey_map, journey_pk)
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


def map_response(
    request: HttpRequest, region: Region, *, status: int = 200, **state: Any
) -> HttpResponse:
    """The region for htmx; the whole map page otherwise."""
    context = map_context(request, region.journey_pk, **state)
    if not request.htmx:
        return render(request, MAP, context, status=status)
    name = region.name
    if name == "touchpoint_column":
        context["tp"] = next((tp for tp in context["touchpoints"] if tp.pk == region.column), None)
        if context["tp"] is None:  # deleted meanwhile: show the whole board
            name = "board"
    # The head's counts change with every add, move or delete on the board: send them along.
    also = () if name == "head" else (f"{MAP}#summary",)
    return _partial(request, f"{MAP}#{name}", context, status, also=also)


def current(request: HttpRequest, region: Region | None, *, status: int = 200) -> HttpResponse:
    """A region of a map as it is now, or with no region the list of journeys."""
    if region is None:
        return list_response(request, status=status)
    return map_response(request, region, status=status)


def done(request: HttpRequest, region: Region | None, message: str) -> HttpResponse:
    """After a write: the changed region (no region: the list of journeys) for htmx, else
    back to it (PRG)."""
    # Flashed for htmx too: its answer carries the messages out of band.
    messages.success(request, message)
    url = reverse("touchpoints:journey_list") if region is None else region.url
    return after_write(request, redirect_to=url, changed=lambda: current(request, region))
