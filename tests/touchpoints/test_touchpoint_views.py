"""Adding, editing, deleting and reordering touchpoints (the journey map's columns)."""

import pytest
from django.urls import reverse

from touchpoints.models import Moment, Touchpoint

from .helpers import HTMX, is_partial, names_in_order, oob_messages, snapshot

BAD_NAMES = [
    ("", "Give it a name."),
    ("  \n ", "Give it a name."),
    ("x" * 121, "at most 120 characters"),
    ("A", "at least 2 characters"),
]
BAD_IDS = ["empty", "whitespace", "too-long", "too-short"]


def map_url(journey) -> str:
    return reverse("touchpoints:journey_map", args=[journey.pk])


def url(name: str, obj) -> str:
    return reverse(f"touchpoints:{name}", args=[obj.pk])


# Creating ------------------------------------------------------------------------------


def test_manager_adds_a_touchpoint_with_a_plain_post(client_for, manager, journey):
    response = client_for(manager).post(
        url("touchpoint_create", journey),
        {"name": "Paying", "stage": "After dinner", "channel": "in_person"},
        follow=True,
    )

    assert response.redirect_chain == [(f"{map_url(journey)}#journeymap", 302)]
    paying = journey.touchpoints.get(name="Paying")
    assert (paying.stage, paying.channel) == ("After dinner", "in_person")
    assert names_in_order(journey.touchpoints.all()) == ["Ordering", "Paying"]
    assert "Touchpoint “Paying” was added." in response.content.decode()


def test_manager_adds_a_touchpoint_with_htmx(client_for, manager, journey):
    response = client_for(manager).post(
        url("touchpoint_create", journey), {"name": "Booking", "channel": "phone"}, **HTMX
    )

    assert response.status_code == 200
    assert is_partial(response)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="journeymap"')
    assert "Booking" in html and "Phone" in html
    assert "Touchpoint “Booking” was added." in oob_messages(response)


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("name,error", BAD_NAMES, ids=BAD_IDS)
def test_a_bad_touchpoint_name_is_refused(client_for, manager, journey, name, error, htmx):
    before = snapshot()

    response = client_for(manager).post(
        url("touchpoint_create", journey),
        {"name": name, "channel": "web"},
        **(HTMX if htmx else {}),
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert 'class="field field-error"' in html
    # The add form stays open with what was typed, so it can be corrected.
    assert '<details class="addform" open>' in html
    assert is_partial(response) == htmx
    assert snapshot() == before


def test_an_unknown_channel_is_refused(client_for, manager, journey):
    before = snapshot()

    response = client_for(manager).post(
        url("touchpoint_create", journey), {"name": "Paying", "channel": "pigeon"}
    )

    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert snapshot() == before


# Editing -------------------------------------------------------------------------------


def test_edit_without_javascript_opens_the_column_form_on_the_map(client_for, manager, ordering):
    response = client_for(manager).get(url("touchpoint_edit", ordering))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert "Edit “Ordering”" in html
    assert 'value="Ordering"' in html


def test_edit_with_htmx_opens_the_column_form_in_place(client_for, manager, ordering):
    response = client_for(manager).get(url("touchpoint_edit", ordering), **HTMX)

    assert response.status_code == 200
    assert is_partial(response)
    html = response.content.decode()
    assert html.lstrip().startswith(f'<section class="tp-col" id="tp-{ordering.pk}"')
    assert f'hx-post="{url("touchpoint_edit", ordering)}"' in html
    assert f'hx-select="#tp-{ordering.pk}"' in html  # Cancel puts the column back


def test_manager_edits_a_touchpoint_with_a_plain_post(client_for, manager, journey, ordering):
    response = client_for(manager).post(
        url("touchpoint_edit", ordering),
        {"name": "Ordering food", "stage": "At the table", "channel": "chat"},
        follow=True,
    )

    assert response.redirect_chain == [(f"{map_url(journey)}#tp-{ordering.pk}", 302)]
    ordering.refresh_from_db()
    assert (ordering.name, ordering.stage, ordering.channel) == (
        "Ordering food",
        "At the table",
        "chat",
    )
    assert "Touchpoint “Ordering food” was saved." in response.content.decode()


def test_manager_edits_a_touchpoint_with_htmx(client_for, manager, ordering):
    response = client_for(manager).post(
        url("touchpoint_edit", ordering), {"name": "Ordering food", "channel": "in_person"}, **HTMX
    )

    assert response.status_code == 200
    assert is_partial(response)
    assert f'<h2 id="tp-{ordering.pk}-name">Ordering food</h2>' in response.content.decode()
    assert "was saved" in oob_messages(response)


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("name,error", BAD_NAMES, ids=BAD_IDS)
def test_a_bad_touchpoint_rename_is_refused(client_for, manager, ordering, name, error, htmx):
    before = snapshot()

    response = client_for(manager).post(
        url("touchpoint_edit", ordering),
        {"name": name, "channel": "in_person"},
        **(HTMX if htmx else {}),
    )

    assert response.status_code == 400
    assert error in response.content.decode()
    assert is_partial(response) == htmx
    assert snapshot() == before


# Deleting ------------------------------------------------------------------------------


def test_delete_confirmation_counts_the_moments_and_behaviours(
    client_for, manager, ordering, iron_behaviour, master_behaviour
):
    response = client_for(manager).get(url("touchpoint_delete", ordering))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Delete the touchpoint “Ordering”?" in html
    assert "Moments: <strong>2</strong>" in html
    assert "Behaviours: <strong>2</strong>" in html
    assert "Delete touchpoint</button>" in html
    assert Touchpoint.objects.filter(pk=ordering.pk).exists()


def test_delete_confirmation_opens_in_the_column_with_htmx(client_for, manager, ordering):
    response = client_for(manager).get(url("touchpoint_delete", ordering), **HTMX)

    assert response.status_code == 200
    assert is_partial(response)
    html = response.content.decode()
    assert html.lstrip().startswith(f'<section class="tp-col" id="tp-{ordering.pk}"')
    assert 'hx-target="#journeymap"' in html
    assert "Moments: <strong>2</strong>" in html


def test_a_touchpoint_with_nothing_below_says_so(client_for, manager, paying):
    html = client_for(manager).get(url("touchpoint_delete", paying)).content.decode()

    assert "Nothing else is deleted with it." in html


def test_manager_deletes_a_touchpoint_with_a_plain_post(client_for, manager, journey, ordering):
    response = client_for(manager).post(url("touchpoint_delete", ordering), follow=True)

    assert response.redirect_chain == [(f"{map_url(journey)}#journeymap", 302)]
    assert "Touchpoint “Ordering” was deleted." in response.content.decode()
    assert not Touchpoint.objects.exists()
    assert not Moment.objects.exists()


def test_manager_deletes_a_touchpoint_with_htmx(client_for, manager, ordering, paying):
    response = client_for(manager).post(url("touchpoint_delete", ordering), **HTMX)

    assert response.status_code == 200
    assert is_partial(response)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="journeymap"')
    assert f'id="tp-{ordering.pk}"' not in html
    assert f'id="tp-{paying.pk}"' in html
    assert list(Touchpoint.objects.all()) == [paying]


def test_a_blocked_touchpoint_deletion_has_no_delete_button(
    client_for, manager, ordering, monkeypatch
):
    from touchpoints import services

    monkeypatch.setattr(
        services, "deletion_impact", lambda obj: services.DeletionImpact(counts={}, blocked_by=1)
    )

    html = client_for(manager).get(url("touchpoint_delete", ordering), **HTMX).content.decode()

    assert "It cannot be deleted: 1 record, such as a review, still refers to it" in html
    assert "Delete touchpoint</button>" not in html


# Reordering ----------------------------------------------------------------------------


def test_manager_moves_a_touchpoint_right_with_a_plain_post(
    client_for, manager, journey, ordering, paying
):
    response = client_for(manager).post(
        url("touchpoint_move", ordering), {"direction": "down"}, follow=True
    )

    assert response.redirect_chain == [(f"{map_url(journey)}#journeymap", 302)]
    assert names_in_order(journey.touchpoints.all()) == ["Paying", "Ordering"]
    assert "“Ordering” moved right." in response.content.decode()


def test_manager_moves_a_touchpoint_left_with_htmx(client_for, manager, journey, ordering, paying):
    response = client_for(manager).post(url("touchpoint_move", paying), {"direction": "up"}, **HTMX)

    assert response.status_code == 200
    assert is_partial(response)
    html = response.content.decode()
    assert html.index(f'id="tp-{paying.pk}"') < html.index(f'id="tp-{ordering.pk}"')
    assert "“Paying” moved left." in oob_messages(response)
    assert names_in_order(journey.touchpoints.all()) == ["Paying", "Ordering"]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    "which,direction,message",
    [
        ("first", "up", "“Ordering” is already first."),
        ("last", "down", "“Paying” is already last."),
    ],
)
def test_moving_a_touchpoint_past_the_end_is_refused(
    client_for, manager, journey, ordering, paying, which, direction, message, htmx
):
    target = ordering if which == "first" else paying
    before = snapshot()

    response = client_for(manager).post(
        url("touchpoint_move", target), {"direction": direction}, **(HTMX if htmx else {})
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'class="msg error"' in html
    assert names_in_order(journey.touchpoints.all()) == ["Ordering", "Paying"]
    assert snapshot() == before


def test_left_and_right_buttons_are_disabled_at_the_ends(client_for, manager, ordering, paying):
    html = (
        client_for(manager)
        .get(reverse("touchpoints:journey_map", args=[ordering.journey_id]))
        .content.decode()
    )

    assert f'id="tp-{ordering.pk}-left" disabled' in html
    assert f'id="tp-{ordering.pk}-right" disabled' not in html
    assert f'id="tp-{paying.pk}-right" disabled' in html
    assert 'aria-label="Move Paying left"' in html
