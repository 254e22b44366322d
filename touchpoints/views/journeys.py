"""The list of journeys, a journey's map, and the priceless notes on it."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.forms import add_errors
from common.htmx import go_to

from .. import selectors, services
from ..forms import JourneyForm, PricelessNoteForm
from .regions import (
    MAP,
    Region,
    done,
    editors,
    find,
    list_response,
    map_context,
    map_response,
    readers,
)


@readers
def journey_list(request: HttpRequest) -> HttpResponse:
    """All journeys with their counts; editors also get the new-journey form."""
    return list_response(request)


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
            # The next step is on the map: open it rather than leave the manager on the list.
            return go_to(
                request,
                reverse("touchpoints:journey_map", args=[journey.pk]),
                _("Journey “%s” was added. Now add its touchpoints.") % journey.name,
            )
    return list_response(request, form=form, status=400)


@readers
def journey_map(request: HttpRequest, pk: int) -> HttpResponse:
    """Touchpoints left to right, their moments as cards, moments of truth highlighted."""
    return render(request, MAP, map_context(request, pk))


@editors
@require_POST
def priceless_create(request: HttpRequest, pk: int) -> HttpResponse:
    journey = find(request, selectors.journey_for, pk)
    form = PricelessNoteForm(request.POST, auto_id="id_priceless_%s")
    region = Region(pk, "priceless")
    if form.is_valid():
        try:
            services.add_priceless_note(
                journey=journey, text=form.cleaned_data["text"], by=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return done(request, region, _("The note was added."))
    return map_response(request, region, priceless_form=form, status=400)


@editors
@require_POST
def priceless_delete(request: HttpRequest, pk: int) -> HttpResponse:
    note = find(request, selectors.priceless_note_for, pk)
    services.delete_priceless_note(note=note)
    return done(request, Region(note.journey_id, "priceless"), _("The note was deleted."))
