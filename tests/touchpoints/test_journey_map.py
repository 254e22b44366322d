"""The journey map page: what it shows, to whom, and that it works without JavaScript."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from standards import services as standards_services
from touchpoints import services

from .helpers import HTMX


def map_url(journey) -> str:
    return reverse("touchpoints:journey_map", args=[journey.pk])


def test_it_shows_touchpoints_as_columns_in_order(client_for, manager, journey, paying):
    html = client_for(manager).get(map_url(journey)).content.decode()

    ordering = journey.touchpoints.get(name="Ordering")
    assert html.index(f'id="tp-{ordering.pk}"') < html.index(f'id="tp-{paying.pk}"')
    assert 'class="journeymap"' in html
    assert "In person" in html  # the channel


def test_it_highlights_moments_of_truth_and_explains_them(
    client_for, consultant, journey, critical_moment, menu_questions
):
    html = client_for(consultant).get(map_url(journey)).content.decode()

    assert f'class="moment-card critical" id="moment-{critical_moment.pk}"' in html
    assert f'class="moment-card" id="moment-{menu_questions.pk}"' in html
    assert "a critical moment: it decides whether the customer comes back." in html
    assert "1 moment of truth" in html


def test_each_card_counts_iron_and_master_behaviours(
    client_for, executive, journey, critical_moment, iron_behaviour, master_behaviour
):
    standards_services.create_behaviour(moment=critical_moment, kind="iron", text="Smile and nod")
    retired = standards_services.create_behaviour(
        moment=critical_moment, kind="iron", text="Offer the wine list"
    )
    standards_services.retire_behaviour(behaviour=retired)

    html = client_for(executive).get(map_url(journey)).content.decode()

    card = html[html.index(f'id="moment-{critical_moment.pk}"') :]
    card = card[: card.index("</article>")]
    assert '<span class="tag iron">2 iron</span>' in card  # the retired one does not count
    assert '<span class="tag master">1 master</span>' in card


def test_each_card_shows_the_customer_expectation_and_links_to_the_moment(
    client_for, manager, journey, critical_moment
):
    html = client_for(manager).get(map_url(journey)).content.decode()

    assert "Someone comes within two minutes" in html
    assert f'href="{reverse("standards:moment_detail", args=[critical_moment.pk])}"' in html


def test_a_moment_of_truth_without_iron_behaviours_is_flagged(client_for, manager, journey):
    html = client_for(manager).get(map_url(journey)).content.decode()

    assert "No iron behaviours yet" in html


def test_empty_journey_invites_the_first_touchpoint(client_for, manager, takeaway):
    html = client_for(manager).get(map_url(takeaway)).content.decode()

    assert "No touchpoints yet — add the first stage of the journey." in html
    assert '<details class="addform" open>' in html  # the add form is already open


def test_empty_touchpoint_invites_the_first_moment(client_for, manager, journey, paying):
    html = client_for(manager).get(map_url(journey)).content.decode()

    assert "No moments yet — add the situations the customer goes through here." in html


def test_editors_get_the_editing_tools(client_for, admin_member, journey, ordering):
    html = client_for(admin_member).get(map_url(journey)).content.decode()

    assert 'aria-label="Move Ordering left"' in html
    assert 'aria-label="Move Taking the order down"' in html
    assert 'aria-label="Unmark Taking the order as a moment of truth"' in html
    assert 'aria-label="Mark Menu questions as a moment of truth"' in html
    assert "+ Add moment" in html
    assert "+ Add touchpoint" in html
    assert reverse("touchpoints:journey_edit", args=[journey.pk]) in html


@pytest.mark.parametrize("role", ["staff", "executive"])
def test_readers_see_the_map_without_editing_tools(client_for, personas, role, journey, note):
    html = client_for(personas[role]).get(map_url(journey)).content.decode()

    assert "Taking the order" in html
    assert "The waiter remembers how I like my steak" in html
    assert 'class="tools"' not in html
    assert "hx-post" not in html
    assert "+ Add moment" not in html
    assert "/journeys/moments/" not in html  # no edit, move or delete links


def test_it_prints_on_a4_landscape_without_tools(client_for, manager, journey):
    html = client_for(manager).get(map_url(journey)).content.decode()

    assert "data-print" in html  # the print button (static/js/app.js)
    assert re.search(
        r'<div class="row no-print">\s*<button type="button" class="btn secondary"', html
    )
    # Every editing control sits in something the print stylesheet hides.
    assert 'class="tp-col tp-new no-print"' in html
    assert 'class="addform no-print"' in html


def test_it_shows_the_priceless_notes(client_for, manager, journey, note):
    html = client_for(manager).get(map_url(journey)).content.decode()

    assert "What customers find priceless — why they come back" in html
    assert "The waiter remembers how I like my steak" in html
    assert 'aria-label="Delete the note “The waiter remembers how I like my steak”"' in html


def test_no_priceless_notes_yet_says_what_to_do(client_for, manager, journey):
    html = client_for(manager).get(map_url(journey)).content.decode()

    assert "No notes yet. Ask customers what makes them come back" in html


class _HtmxAttributes(HTMLParser):
    """Collects every element that carries an hx-get or hx-post."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "hx-get" in attrs or "hx-post" in attrs:
            self.found.append((tag, attrs))


def test_every_htmx_action_also_works_without_javascript(
    client_for, manager, journey, paying, note
):
    parser = _HtmxAttributes()
    parser.feed(client_for(manager).get(map_url(journey)).content.decode())

    assert len(parser.found) > 10
    for tag, attrs in parser.found:
        if "hx-post" in attrs:
            assert tag == "form"
            assert attrs["action"] == attrs["hx-post"]
            assert attrs["method"] == "post"
        else:
            assert tag == "a"
            assert attrs["href"].split("#")[0] == attrs["hx-get"]


def test_every_form_field_has_a_unique_id(client_for, manager, journey, paying):
    html = client_for(manager).get(map_url(journey)).content.decode()

    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


# Query count ---------------------------------------------------------------------------

# session, user, membership, journey, touchpoints, moments with counts, priceless notes,
# and the organization switcher in the header.
MAP_QUERIES = 8


def _build_journey(organization, *, touchpoints: int, moments: int, behaviours: int):
    journey = services.create_journey(organization=organization, name=f"J{touchpoints}x{moments}")
    for t in range(touchpoints):
        touchpoint = services.create_touchpoint(journey=journey, name=f"Stage {t}", channel="web")
        for m in range(moments):
            moment = services.create_moment(
                touchpoint=touchpoint,
                name=f"Moment {t}.{m}",
                is_critical=m == 0,
                customer_expectation="Quick",
            )
            for b in range(behaviours):
                standards_services.create_behaviour(moment=moment, kind="iron", text=f"Iron {b}")
                standards_services.create_behaviour(moment=moment, kind="master", text=f"Mst {b}")
    for n in range(touchpoints):
        services.add_priceless_note(journey=journey, text=f"Reason {n}")
    return journey


@pytest.mark.parametrize("member", ["manager", "executive"])
def test_journey_map_query_count_does_not_grow_with_moments_and_behaviours(
    client_for, personas, member, organization, django_assert_num_queries
):
    small = _build_journey(organization, touchpoints=1, moments=1, behaviours=0)
    big = _build_journey(organization, touchpoints=3, moments=4, behaviours=3)
    client = client_for(personas[member])
    client.get(map_url(small))  # warm the session

    with django_assert_num_queries(MAP_QUERIES):
        small_response = client.get(map_url(small))
    with django_assert_num_queries(MAP_QUERIES):
        big_response = client.get(map_url(big))

    assert small_response.status_code == big_response.status_code == 200
    assert big_response.content.decode().count('class="moment-card critical"') == 3
    assert big_response.content.decode().count('<span class="tag iron">3 iron</span>') == 12


def test_an_htmx_column_answer_has_a_fixed_query_count(
    client_for, manager, organization, django_assert_num_queries
):
    small = _build_journey(organization, touchpoints=1, moments=1, behaviours=0)
    big = _build_journey(organization, touchpoints=3, moments=4, behaviours=3)
    client = client_for(manager)
    client.get(map_url(small))

    # session, user, membership, the moment, its update and history row, then the
    # map's four queries (no header: an htmx answer is only the column).
    for journey in (small, big):
        moment = journey.touchpoints.first().moments.first()
        url = reverse("touchpoints:moment_toggle_critical", args=[moment.pk])
        with django_assert_num_queries(10):
            response = client.post(url, **HTMX)
        assert response.status_code == 200
