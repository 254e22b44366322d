"""The moment page: iron and master behaviours, edited in place with htmx or plain forms."""

import re

import pytest
from django.urls import NoReverseMatch, reverse

from standards.models import Behaviour
from tests.standards.conftest import HTMX


def _url(name, *args):
    return reverse(f"standards:{name}", args=args)


def _texts(moment, kind):
    return list(
        Behaviour.objects.active()
        .filter(moment=moment, kind=kind)
        .order_by("order", "id")
        .values_list("text", flat=True)
    )


# --- reading -----------------------------------------------------------------------------


def test_moment_page_shows_the_moment_and_both_tiers_explained(
    client_for, consultant, critical_moment, iron_behaviour, master_behaviour
):
    response = client_for(consultant).get(_url("moment_detail", critical_moment.pk))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Taking the order" in html
    assert "Moment of truth" in html
    assert "Someone comes within two minutes" in html
    assert "The customer is not dissatisfied" in html
    assert "The customer is delighted" in html
    assert "not the same as satisfied" in html
    assert "Greet the table within two minutes" in html
    assert "I&#x27;ll look after you tonight" in html  # the example
    assert "Recall the guest" in html


def test_staff_see_no_editing_tools_on_the_moment_page(
    client_for, consultant, critical_moment, iron_behaviour
):
    html = client_for(consultant).get(_url("moment_detail", critical_moment.pk)).content.decode()

    assert _url("behaviour_create", critical_moment.pk) not in html
    assert _url("behaviour_edit", iron_behaviour.pk) not in html
    assert "Add a behaviour" not in html


def test_managers_get_real_forms_and_links_that_also_work_without_javascript(
    client_for, manager, critical_moment, iron_behaviour
):
    html = client_for(manager).get(_url("moment_detail", critical_moment.pk)).content.decode()

    assert f'action="{_url("behaviour_create", critical_moment.pk)}"' in html
    assert f'hx-post="{_url("behaviour_create", critical_moment.pk)}"' in html
    assert f'action="{_url("behaviour_move", iron_behaviour.pk)}"' in html
    assert f'href="{_url("behaviour_edit", iron_behaviour.pk)}"' in html
    assert f'href="{_url("behaviour_delete", iron_behaviour.pk)}"' in html


def test_moment_page_shows_empty_states_for_both_tiers(client_for, manager, critical_moment):
    html = client_for(manager).get(_url("moment_detail", critical_moment.pk)).content.decode()

    assert "No iron behaviours yet" in html
    assert "No master behaviours yet" in html


def test_moment_page_links_back_to_the_journey_map(client_for, manager, journey, critical_moment):
    html = client_for(manager).get(_url("moment_detail", critical_moment.pk)).content.decode()

    try:
        expected = reverse("touchpoints:journey_map", args=[journey.pk])
    except NoReverseMatch:  # built by the touchpoints app; until then the journey list
        expected = reverse("touchpoints:journey_list")
    assert f'href="{expected}"' in html


def test_htmx_get_of_the_moment_returns_only_the_behaviour_lists(
    client_for, manager, critical_moment, iron_behaviour
):
    response = client_for(manager).get(_url("moment_detail", critical_moment.pk), **HTMX)

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="behaviours"')
    assert "<html" not in html


# --- adding ------------------------------------------------------------------------------


def test_manager_adds_a_behaviour_with_a_plain_form_and_is_redirected_with_a_message(
    client_for, manager, critical_moment
):
    client = client_for(manager)
    response = client.post(
        _url("behaviour_create", critical_moment.pk),
        {"kind": "iron", "text": "  Smile   and greet ", "example": "“Good evening!”"},
    )

    assert response.status_code == 302
    assert response.url == _url("moment_detail", critical_moment.pk)
    behaviour = Behaviour.objects.get()
    assert (behaviour.kind, behaviour.text, behaviour.example) == (
        "iron",
        "Smile and greet",
        "“Good evening!”",
    )
    page = client.get(response.url).content.decode()
    assert "“Smile and greet” was added." in page


def test_manager_adds_a_behaviour_with_htmx_and_gets_the_fresh_lists(
    client_for, admin_member, critical_moment, iron_behaviour
):
    response = client_for(admin_member).post(
        _url("behaviour_create", critical_moment.pk),
        {"kind": "master", "text": "Use the guest's name"},
        **HTMX,
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="behaviours"')
    assert "Use the guest&#x27;s name" in html and "Greet the table" in html
    assert "was added." in html
    assert _texts(critical_moment, "master") == ["Use the guest's name"]
    # The next add form has the same tier chosen.
    assert re.search(r'value="master" id="id_kind_1" required checked', html)


@pytest.mark.parametrize(
    "text, error",
    [
        ("", "This field is required."),
        ("      ", "This field is required."),
        ("x" * 301, "Ensure this value has at most 300 characters (it has 301)."),
        ("ab", "Ensure this value has at least 3 characters (it has 2)."),
    ],
    ids=["empty", "whitespace", "too-long", "too-short"],
)
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_bad_behaviour_text_is_a_400_with_the_error_next_to_the_field_and_nothing_saved(
    client_for, manager, critical_moment, text, error, headers
):
    response = client_for(manager).post(
        _url("behaviour_create", critical_moment.pk), {"kind": "iron", "text": text}, **headers
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert 'class="field-error"' in html
    assert not Behaviour.objects.exists()


def test_an_unknown_kind_is_a_400_and_nothing_saved(client_for, manager, critical_moment):
    response = client_for(manager).post(
        _url("behaviour_create", critical_moment.pk), {"kind": "gold", "text": "Shine"}
    )

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Behaviour.objects.exists()


def test_creating_a_behaviour_needs_post(client_for, manager, critical_moment):
    response = client_for(manager).get(_url("behaviour_create", critical_moment.pk))

    assert response.status_code == 405


# --- editing -----------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_edit_form_opens_in_place(client_for, manager, iron_behaviour, headers):
    response = client_for(manager).get(_url("behaviour_edit", iron_behaviour.pk), **headers)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'action="{_url("behaviour_edit", iron_behaviour.pk)}"' in html
    assert 'id="id_edit_text"' in html and 'value="Greet the table within two minutes"' in html
    assert ("<html" in html) is not bool(headers)


def test_manager_edits_a_behaviour_with_a_plain_form(client_for, manager, iron_behaviour):
    client = client_for(manager)
    response = client.post(
        _url("behaviour_edit", iron_behaviour.pk),
        {"kind": "iron", "text": "Greet within one minute", "example": ""},
    )

    assert response.status_code == 302
    iron_behaviour.refresh_from_db()
    assert iron_behaviour.text == "Greet within one minute"
    assert "was saved." in client.get(response.url).content.decode()


def test_manager_moves_a_behaviour_to_the_other_tier_with_htmx(
    client_for, manager, critical_moment, iron_behaviour, master_behaviour
):
    response = client_for(manager).post(
        _url("behaviour_edit", iron_behaviour.pk),
        {"kind": "master", "text": iron_behaviour.text},
        **HTMX,
    )

    assert response.status_code == 200
    assert _texts(critical_moment, "iron") == []
    assert _texts(critical_moment, "master") == [
        "Recall the guest's usual order and preferences",
        "Greet the table within two minutes",
    ]


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_editing_to_an_over_long_text_is_a_400_and_nothing_changes(
    client_for, manager, iron_behaviour, headers
):
    response = client_for(manager).post(
        _url("behaviour_edit", iron_behaviour.pk), {"kind": "iron", "text": "y" * 301}, **headers
    )

    assert response.status_code == 400
    assert "at most 300 characters" in response.content.decode()
    iron_behaviour.refresh_from_db()
    assert iron_behaviour.text == "Greet the table within two minutes"


# --- removing ----------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_removing_asks_for_confirmation_first(client_for, manager, iron_behaviour, headers):
    response = client_for(manager).get(_url("behaviour_delete", iron_behaviour.pk), **headers)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Remove “Greet the table within two minutes”?" in html
    assert f'action="{_url("behaviour_delete", iron_behaviour.pk)}"' in html
    assert Behaviour.objects.active().count() == 1


def test_confirmed_removal_retires_the_behaviour_and_redirects(
    client_for, manager, critical_moment, iron_behaviour
):
    client = client_for(manager)
    response = client.post(_url("behaviour_delete", iron_behaviour.pk))

    assert response.status_code == 302
    iron_behaviour.refresh_from_db()
    assert iron_behaviour.retired_at is not None
    page = client.get(response.url).content.decode()
    assert "was removed." in page
    assert "No iron behaviours yet" in page


def test_confirmed_removal_with_htmx_returns_the_lists_without_it(
    client_for, manager, critical_moment, iron_behaviour
):
    response = client_for(manager).post(_url("behaviour_delete", iron_behaviour.pk), **HTMX)

    assert response.status_code == 200
    assert 'id="behaviour-' not in response.content.decode()
    assert _texts(critical_moment, "iron") == []


def test_a_removed_behaviour_cannot_be_edited_any_more(client_for, manager, iron_behaviour):
    client = client_for(manager)
    client.post(_url("behaviour_delete", iron_behaviour.pk))

    assert client.get(_url("behaviour_edit", iron_behaviour.pk)).status_code == 404


# --- reordering --------------------------------------------------------------------------


def test_manager_moves_a_behaviour_down_with_a_plain_form(
    client_for, manager, critical_moment, iron_behaviour, second_iron
):
    client = client_for(manager)
    response = client.post(_url("behaviour_move", iron_behaviour.pk), {"direction": "down"})

    assert response.status_code == 302
    assert _texts(critical_moment, "iron") == [second_iron.text, iron_behaviour.text]
    assert "moved down." in client.get(response.url).content.decode()


def test_manager_moves_a_behaviour_up_with_htmx(
    client_for, manager, critical_moment, iron_behaviour, second_iron
):
    response = client_for(manager).post(
        _url("behaviour_move", second_iron.pk), {"direction": "up"}, **HTMX
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(second_iron.text) < html.index(iron_behaviour.text)
    assert _texts(critical_moment, "iron") == [second_iron.text, iron_behaviour.text]


def test_moving_only_reorders_within_the_same_tier(
    client_for, manager, critical_moment, iron_behaviour, master_behaviour
):
    response = client_for(manager).post(
        _url("behaviour_move", master_behaviour.pk), {"direction": "up"}
    )

    assert response.status_code == 400
    assert _texts(critical_moment, "iron") == [iron_behaviour.text]


@pytest.mark.parametrize(
    "which, direction, message",
    [("first", "up", "is already first."), ("last", "down", "is already last.")],
)
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_moving_past_the_ends_is_a_400_with_the_message_and_nothing_changes(
    client_for,
    manager,
    critical_moment,
    iron_behaviour,
    second_iron,
    which,
    direction,
    message,
    headers,
):
    behaviour = iron_behaviour if which == "first" else second_iron

    response = client_for(manager).post(
        _url("behaviour_move", behaviour.pk), {"direction": direction}, **headers
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert _texts(critical_moment, "iron") == [iron_behaviour.text, second_iron.text]


def test_an_unknown_direction_is_a_400(client_for, manager, iron_behaviour, second_iron):
    response = client_for(manager).post(
        _url("behaviour_move", iron_behaviour.pk), {"direction": "sideways"}
    )

    assert response.status_code == 400
    assert "Unknown direction." in response.content.decode()


def test_first_and_last_arrows_are_disabled(
    client_for, manager, critical_moment, iron_behaviour, second_iron
):
    html = client_for(manager).get(_url("moment_detail", critical_moment.pk)).content.decode()

    first = html[
        html.index(f'id="behaviour-{iron_behaviour.pk}"') : html.index(
            f'id="behaviour-{second_iron.pk}"'
        )
    ]
    assert first.count(" disabled>") == 1 and 'up" disabled>' in first


# --- history -----------------------------------------------------------------------------


def test_history_records_the_user_who_changed_a_behaviour(
    client_for, manager, admin_member, critical_moment
):
    client_for(manager).post(
        _url("behaviour_create", critical_moment.pk), {"kind": "iron", "text": "Greet"}
    )
    behaviour = Behaviour.objects.get()
    client_for(admin_member).post(
        _url("behaviour_edit", behaviour.pk), {"kind": "iron", "text": "Greet warmly"}
    )

    records = list(behaviour.history.order_by("history_date"))
    assert [(r.history_type, r.history_user) for r in records] == [
        ("+", manager.user),
        ("~", admin_member.user),
    ]
    html = client_for(manager).get(_url("history")).content.decode()
    assert "Adam Test" in html and "Alice Test" in html
    assert "<del>Greet</del>" in html and "<ins>Greet warmly</ins>" in html
