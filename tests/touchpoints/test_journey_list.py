"""The journey list: counts, the new-journey form, and reordering journeys."""

import pytest
from django.urls import reverse

from touchpoints.models import Journey

from .helpers import HTMX, is_partial, names_in_order, oob_messages, snapshot

LIST_URL = reverse("touchpoints:journey_list")
CREATE_URL = reverse("touchpoints:journey_create")

BAD_NAMES = {
    "empty": ("", "Give it a name."),
    "whitespace": ("   \t ", "Give it a name."),
    "too long": ("x" * 121, "at most 120 characters"),
    # The form lets it through; the model's minimum length refuses it, on the field.
    "too short": ("A", "at least 2 characters"),
}


def test_it_lists_journeys_with_their_counts(client_for, manager, journey, takeaway):
    response = client_for(manager).get(LIST_URL)

    assert response.status_code == 200
    rows = {j.name: j for j in response.context["journeys"]}
    assert (rows["Dinner"].touchpoint_count, rows["Dinner"].moment_count) == (1, 2)
    assert rows["Dinner"].critical_count == 1
    assert rows["Takeaway"].moment_count == 0
    html = response.content.decode()
    assert html.index("Dinner") < html.index("Takeaway")
    assert reverse("touchpoints:journey_map", args=[journey.pk]) in html
    assert "Moments of truth" in html


def test_editors_get_the_new_journey_form(client_for, manager, admin_member):
    for member in (manager, admin_member):
        html = client_for(member).get(LIST_URL).content.decode()
        assert "New journey" in html
        assert f'action="{CREATE_URL}"' in html


@pytest.mark.parametrize("role", ["staff", "executive"])
def test_readers_see_journeys_without_editing_tools(client_for, personas, role, journey, takeaway):
    html = client_for(personas[role]).get(LIST_URL).content.decode()

    assert "Dinner" in html
    assert "New journey" not in html
    assert reverse("touchpoints:journey_move", args=[journey.pk]) not in html


def test_empty_list_invites_the_first_journey(client_for, manager):
    html = client_for(manager).get(LIST_URL).content.decode()

    assert "No journeys yet — create the first one below." in html


def test_empty_list_tells_readers_who_defines_journeys(client_for, consultant):
    html = client_for(consultant).get(LIST_URL).content.decode()

    assert "No journeys yet. A manager defines them." in html


def test_outsider_sees_only_his_own_organizations_journeys(client_for, outsider, journey):
    response = client_for(outsider).get(LIST_URL)

    assert response.status_code == 200
    assert list(response.context["journeys"]) == []
    assert reverse("touchpoints:journey_map", args=[journey.pk]) not in response.content.decode()


def test_list_query_count_does_not_grow_with_journeys(
    client_for, manager, organization, django_assert_num_queries
):
    from touchpoints import services

    client = client_for(manager)
    services.create_journey(organization=organization, name="One")
    client.get(LIST_URL)  # warm the session
    with django_assert_num_queries(5):
        client.get(LIST_URL)
    for name in ("Two", "Three", "Four"):
        services.create_journey(organization=organization, name=name)
    with django_assert_num_queries(5):
        client.get(LIST_URL)


# Creating ------------------------------------------------------------------------------


def test_manager_creates_a_journey_with_a_plain_post_and_lands_on_its_map(
    client_for, manager, organization
):
    response = client_for(manager).post(
        CREATE_URL,
        {"name": "  Dinner   at the restaurant ", "description": "Evenings"},
        follow=True,
    )

    journey = Journey.objects.get(organization=organization)
    # The next step (its touchpoints) happens on the map: the new journey opens.
    assert response.redirect_chain == [(reverse("touchpoints:journey_map", args=[journey.pk]), 302)]
    assert (journey.name, journey.description) == ("Dinner at the restaurant", "Evenings")
    assert "Journey “Dinner at the restaurant” was added." in response.content.decode()


def test_manager_creates_a_journey_with_htmx_and_the_browser_opens_its_map(
    client_for, manager, organization
):
    client = client_for(manager)
    response = client.post(CREATE_URL, {"name": "Takeaway"}, **HTMX)

    journey = Journey.objects.get(organization=organization, name="Takeaway")
    map_url = reverse("touchpoints:journey_map", args=[journey.pk])
    assert response["HX-Redirect"] == map_url
    # The message waits for the map.
    assert "Journey “Takeaway” was added." in client.get(map_url).content.decode()


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("name,error", BAD_NAMES.values(), ids=BAD_NAMES.keys())
def test_a_bad_journey_name_is_refused_and_nothing_is_saved(
    client_for, manager, journey, name, error, htmx
):
    before = snapshot()

    response = client_for(manager).post(CREATE_URL, {"name": name}, **(HTMX if htmx else {}))

    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert 'class="field field-error"' in html  # shown next to the field
    assert is_partial(response) == htmx
    assert snapshot() == before


# Reordering ----------------------------------------------------------------------------


def test_manager_moves_a_journey_down_with_a_plain_post(
    client_for, manager, organization, journey, takeaway
):
    url = reverse("touchpoints:journey_move", args=[journey.pk])

    response = client_for(manager).post(url, {"direction": "down"}, follow=True)

    assert response.redirect_chain == [(LIST_URL, 302)]
    assert names_in_order(Journey.objects.filter(organization=organization)) == [
        "Takeaway",
        "Dinner",
    ]
    assert "“Dinner” moved down." in response.content.decode()


def test_manager_moves_a_journey_up_with_htmx(client_for, manager, organization, journey, takeaway):
    url = reverse("touchpoints:journey_move", args=[takeaway.pk])

    response = client_for(manager).post(url, {"direction": "up"}, **HTMX)

    assert response.status_code == 200
    assert is_partial(response)
    assert "“Takeaway” moved up." in oob_messages(response)
    assert names_in_order(Journey.objects.filter(organization=organization)) == [
        "Takeaway",
        "Dinner",
    ]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    "which,direction,message",
    [
        ("first", "up", "“Dinner” is already first."),
        ("last", "down", "“Takeaway” is already last."),
        ("first", "sideways", "Unknown direction."),
    ],
)
def test_moving_a_journey_past_the_end_is_refused(
    client_for, manager, journey, takeaway, which, direction, message, htmx
):
    target = journey if which == "first" else takeaway
    before = snapshot()

    response = client_for(manager).post(
        reverse("touchpoints:journey_move", args=[target.pk]),
        {"direction": direction},
        **(HTMX if htmx else {}),
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot() == before


def test_move_buttons_at_the_ends_are_disabled(client_for, manager, journey, takeaway):
    html = client_for(manager).get(LIST_URL).content.decode()

    assert f'id="journey-{journey.pk}-up" disabled' in html
    assert f'id="journey-{takeaway.pk}-down" disabled' in html
    assert 'aria-label="Move Dinner down"' in html
