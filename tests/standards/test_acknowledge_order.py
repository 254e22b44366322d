"""Staff read what changed before they confirm, and the checklist marks it.

Stan works from version 2 of the dinner standards: one behaviour was reworded and one
added since version 1. His page shows those changes first, then the button, then the
whole checklist with the new and changed behaviours marked in words. Once he confirmed,
he sees a calm confirmation instead of the button.
"""

import re

import pytest
from django.urls import reverse

from standards import services

BUTTON = "I have read and understood these standards"


@pytest.fixture
def second_version(
    organization, manager, published_version, iron_behaviour, critical_moment, journey
):
    services.update_behaviour(behaviour=iron_behaviour, kind="iron", text="Greet within a minute")
    services.create_behaviour(
        moment=critical_moment, kind="master", text="Suggest a wine for the dish"
    )
    return services.publish_standards(organization=organization, by=manager.user)


def _page(client, name="my_standards", *args) -> str:
    response = client.get(reverse(f"standards:{name}", args=args))
    assert response.status_code == 200
    return response.content.decode()


def _positions(html: str, *needles: str) -> list[int]:
    return [html.index(needle) for needle in needles]


def test_staff_see_what_changed_then_the_button_then_the_checklist(
    client_for, consultant, second_version
):
    html = _page(client_for(consultant))

    changed, button, checklist = _positions(
        html, "What changed in version 2", BUTTON, 'class="checklist"'
    )
    assert changed < button < checklist
    # The changes themselves sit between the heading and the button.
    assert changed < html.index("Suggest a wine for the dish") < button


def test_the_version_page_has_the_same_order(client_for, consultant, second_version):
    html = _page(client_for(consultant), "version_detail", 2)

    changed, button, checklist = _positions(
        html, "What changed in version 2", BUTTON, 'class="checklist"'
    )
    assert changed < button < checklist


def test_new_and_changed_behaviours_are_marked_in_words(client_for, consultant, second_version):
    html = _page(client_for(consultant))
    checklist = html[html.index('class="checklist"') :]

    def badge_after(text: str) -> str:
        item = checklist[checklist.index(text) :]
        return re.search(r'class="tag \w+ cl-badge">([^<]+)<', item).group(1)

    assert badge_after("Suggest a wine for the dish") == "New"
    assert badge_after("Greet within a minute") == "Changed"
    # An untouched behaviour carries no badge before the next item.
    untouched = checklist[checklist.index("Recall the guest") :]
    assert "cl-badge" not in untouched[: untouched.index("</li>")]
    # The moment's title line says something inside changed.
    assert "2 changes" in checklist


def test_confirmed_staff_see_a_calm_confirmation_instead_of_the_button(
    client_for, consultant, second_version
):
    client = client_for(consultant)
    response = client.post(
        reverse("standards:acknowledge", args=[2]), {"next": reverse("standards:my_standards")}
    )
    assert response.status_code == 302

    html = _page(client)

    assert BUTTON not in html
    assert "you confirmed that you have read and understood these standards" in html
    # The changes are still there, folded away.
    assert "Show the 2 changes" in html


def test_a_first_version_is_confirmed_after_the_whole_checklist(
    client_for, consultant, published_version
):
    html = _page(client_for(consultant))

    assert "The first version: everything in it is new." in html
    checklist, button = _positions(html, 'class="checklist"', BUTTON)
    assert checklist < button
    # Everything is new, so nothing is marked.
    assert "cl-badge" not in html


def test_moments_of_truth_come_first_and_open_the_others_folded(
    client_for, consultant, organization, manager, journey, published_version, iron_behaviour
):
    menu = journey.touchpoints.get().moments.get(is_critical=False)
    services.create_behaviour(moment=menu, kind="iron", text="Know today's specials")
    services.publish_standards(organization=organization, by=manager.user)

    html = _page(client_for(consultant))
    checklist = html[html.index('class="checklist"') :]

    truth, other = _positions(checklist, "Moments of truth", "Other moments")
    assert truth < checklist.index("Taking the order") < other < checklist.index("Menu questions")
    moments = re.findall(r"<details class=\"card moment([^\"]*)\"( open)?>", checklist)
    assert moments == [(" critical", " open"), (" has-changes", "")]


def test_the_checklist_has_no_squares_that_look_like_checkboxes(
    client_for, consultant, second_version
):
    html = _page(client_for(consultant))

    assert 'class="box"' not in html and 'type="checkbox"' not in html
    assert 'class="marker"' in html


def test_managers_read_the_page_without_a_button(client_for, manager, second_version):
    html = _page(client_for(manager))

    assert "What changed in version 2" in html
    assert BUTTON not in html
    assert "Only staff confirm that they have read it." in html
