"""Priceless notes: what customers find priceless on a journey, why they come back."""

import pytest
from django.urls import reverse

from touchpoints.models import PricelessNote

from .helpers import HTMX, is_partial, oob_messages, snapshot


def create_url(journey) -> str:
    return reverse("touchpoints:priceless_create", args=[journey.pk])


def delete_url(note) -> str:
    return reverse("touchpoints:priceless_delete", args=[note.pk])


def map_url(journey) -> str:
    return reverse("touchpoints:journey_map", args=[journey.pk])


def test_manager_adds_a_note_with_a_plain_post(client_for, manager, journey):
    response = client_for(manager).post(
        create_url(journey), {"text": "  They   know my name "}, follow=True
    )

    assert response.redirect_chain == [(f"{map_url(journey)}#priceless", 302)]
    note = journey.priceless_notes.get()
    assert (note.text, note.created_by) == ("They know my name", manager.user)
    html = response.content.decode()
    assert "The note was added." in html
    assert "They know my name" in html


def test_manager_adds_a_note_with_htmx(client_for, manager, journey):
    response = client_for(manager).post(create_url(journey), {"text": "No waiting"}, **HTMX)

    assert response.status_code == 200
    assert is_partial(response)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="priceless"')
    assert "No waiting" in html
    assert "The note was added." in oob_messages(response)


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    "text,error",
    [
        ("", "Write what customers find priceless."),
        ("   ", "Write what customers find priceless."),
        ("x" * 501, "at most 500 characters"),
        ("A", "at least 2 characters"),
    ],
    ids=["empty", "whitespace", "too-long", "too-short"],
)
def test_a_bad_note_is_refused(client_for, manager, journey, text, error, htmx):
    before = snapshot()

    response = client_for(manager).post(
        create_url(journey), {"text": text}, **(HTMX if htmx else {})
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert 'id="id_priceless_text_error"' in html
    assert is_partial(response) == htmx
    assert snapshot() == before


def test_manager_deletes_a_note_with_a_plain_post(client_for, manager, journey, note):
    response = client_for(manager).post(delete_url(note), follow=True)

    assert response.redirect_chain == [(f"{map_url(journey)}#priceless", 302)]
    assert "The note was deleted." in response.content.decode()
    assert not PricelessNote.objects.exists()


def test_manager_deletes_a_note_with_htmx(client_for, manager, note):
    response = client_for(manager).post(delete_url(note), **HTMX)

    assert response.status_code == 200
    assert is_partial(response)
    assert "No notes yet." in response.content.decode()
    assert not PricelessNote.objects.exists()


def test_deleting_a_note_asks_first_with_htmx(client_for, manager, journey, note):
    html = client_for(manager).get(map_url(journey)).content.decode()

    form = html[html.index(f'action="{delete_url(note)}"') :]
    assert 'hx-confirm="Delete this note?"' in form[: form.index(">")]
