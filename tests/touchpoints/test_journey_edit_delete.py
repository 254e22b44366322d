"""Renaming and deleting a journey, from its map."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from touchpoints import services
from touchpoints.models import Journey, Moment, PricelessNote, Touchpoint

from .helpers import HTMX, is_partial, oob_messages, snapshot


def edit_url(journey) -> str:
    return reverse("touchpoints:journey_edit", args=[journey.pk])


def delete_url(journey) -> str:
    return reverse("touchpoints:journey_delete", args=[journey.pk])


def map_url(journey) -> str:
    return reverse("touchpoints:journey_map", args=[journey.pk])


# Editing -------------------------------------------------------------------------------


def test_edit_without_javascript_opens_the_form_on_the_map_page(client_for, manager, journey):
    response = client_for(manager).get(edit_url(journey))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert "Edit the journey “Dinner”" in html
    assert 'value="Dinner"' in html
    assert "autofocus" in html
    assert 'class="journeymap"' in html  # the rest of the map is still there


def test_edit_with_htmx_opens_the_form_in_place(client_for, manager, journey):
    response = client_for(manager).get(edit_url(journey), **HTMX)

    assert response.status_code == 200
    assert is_partial(response)
    html = response.content.decode()
    assert html.lstrip().startswith('<header id="journey-head"')
    assert f'hx-post="{edit_url(journey)}"' in html


def test_manager_renames_a_journey_with_a_plain_post(client_for, manager, journey):
    response = client_for(manager).post(
        edit_url(journey), {"name": "Dinner out", "description": "Evenings"}, follow=True
    )

    assert response.redirect_chain == [(f"{map_url(journey)}#journey-head", 302)]
    journey.refresh_from_db()
    assert (journey.name, journey.description) == ("Dinner out", "Evenings")
    assert "Journey “Dinner out” was saved." in response.content.decode()


def test_manager_renames_a_journey_with_htmx(client_for, manager, journey):
    response = client_for(manager).post(edit_url(journey), {"name": "Dinner out"}, **HTMX)

    assert response.status_code == 200
    assert is_partial(response)
    assert "<h1>Dinner out</h1>" in response.content.decode()
    assert "was saved" in oob_messages(response)
    journey.refresh_from_db()
    assert journey.name == "Dinner out"


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    "name,error",
    [
        ("", "Give it a name."),
        ("    ", "Give it a name."),
        ("x" * 121, "at most 120 characters"),
        ("A", "at least 2 characters"),
    ],
    ids=["empty", "whitespace", "too-long", "too-short"],
)
def test_a_bad_journey_rename_is_refused(client_for, manager, journey, name, error, htmx):
    before = snapshot()

    response = client_for(manager).post(edit_url(journey), {"name": name}, **(HTMX if htmx else {}))

    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert 'class="field field-error"' in html
    assert is_partial(response) == htmx
    assert snapshot() == before


def test_an_empty_post_is_refused_not_ignored(client_for, manager, journey):
    response = client_for(manager).post(edit_url(journey), {})

    assert response.status_code == 400
    assert "Give it a name." in response.content.decode()


# Deleting ------------------------------------------------------------------------------


def test_delete_confirmation_says_what_goes_with_the_journey(
    client_for, manager, journey, iron_behaviour, note
):
    response = client_for(manager).get(delete_url(journey))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Delete the journey “Dinner”?" in html
    assert "Touchpoints: <strong>1</strong>" in html
    assert "Moments: <strong>2</strong>" in html
    assert "Behaviours: <strong>1</strong>" in html
    assert "Priceless notes: <strong>1</strong>" in html
    assert '<button type="submit" class="btn danger">Delete journey</button>' in html
    assert "hx-post" not in html  # its own page, a plain form
    assert Journey.objects.filter(pk=journey.pk).exists()


def test_delete_confirmation_opens_in_place_with_htmx(client_for, manager, journey):
    response = client_for(manager).get(delete_url(journey), **HTMX)

    assert response.status_code == 200
    assert is_partial(response)
    html = response.content.decode()
    assert html.lstrip().startswith('<header id="journey-head"')
    assert f'hx-post="{delete_url(journey)}"' in html
    assert "autofocus" in html  # the keyboard lands on Cancel


def test_manager_deletes_a_journey_with_a_plain_post(client_for, manager, journey, note):
    response = client_for(manager).post(delete_url(journey), follow=True)

    assert response.redirect_chain == [(reverse("touchpoints:journey_list"), 302)]
    assert "Journey “Dinner” was deleted." in response.content.decode()
    assert not Journey.objects.exists()
    assert not Touchpoint.objects.exists()
    assert not Moment.objects.exists()
    assert not PricelessNote.objects.exists()


def test_manager_deletes_a_journey_with_htmx_and_goes_to_the_list(client_for, manager, journey):
    response = client_for(manager).post(delete_url(journey), **HTMX)

    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("touchpoints:journey_list")
    assert not Journey.objects.exists()


def test_a_blocked_deletion_explains_why_and_offers_no_delete_button(
    client_for, manager, journey, monkeypatch
):
    monkeypatch.setattr(
        services, "deletion_impact", lambda obj: services.DeletionImpact(counts={}, blocked_by=3)
    )

    response = client_for(manager).get(delete_url(journey))

    assert response.status_code == 200
    html = response.content.decode()
    assert "It cannot be deleted: 3 records, such as reviews, still refer to it" in html
    assert "Delete journey</button>" not in html
    assert 'action="' + delete_url(journey) + '"' not in html


def test_a_refused_deletion_answers_400_and_deletes_nothing(
    client_for, manager, journey, monkeypatch
):
    def refuse(*, obj):
        raise ValidationError("“Dinner” cannot be deleted: 2 records refer to it.")

    monkeypatch.setattr(services, "delete_node", refuse)
    before = snapshot()

    response = client_for(manager).post(delete_url(journey))

    assert response.status_code == 400
    assert "“Dinner” cannot be deleted: 2 records refer to it." in response.content.decode()
    assert snapshot() == before
