"""The journey map's counts ("1 touchpoint · 2 moments · 1 moment of truth") stay true while
a manager edits the board inline: every htmx answer from the board carries them again, out
of band, so the header never disagrees with the cards on screen."""

import re

from django.urls import reverse

from touchpoints.models import Journey

from .helpers import HTMX


def url(name, obj):
    return reverse(f"touchpoints:{name}", args=[obj.pk])


def oob_summary(response) -> str:
    """The text of the counts swapped in out of band, with its whitespace folded."""
    html = response.content.decode()
    match = re.search(r'<p id="journey-summary"[^>]*hx-swap-oob="true"[^>]*>(.*?)</p>', html, re.S)
    assert match, "the answer carries no out-of-band counts"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_adding_a_moment_inline_sends_the_new_counts(client_for, manager, ordering):
    response = client_for(manager).post(
        url("moment_create", ordering), {"name": "Recommending wine", "is_critical": "on"}, **HTMX
    )

    assert response.status_code == 200
    assert oob_summary(response) == "1 touchpoint 3 moments 2 moments of truth"


def test_adding_a_touchpoint_inline_sends_the_new_counts(client_for, manager, journey):
    response = client_for(manager).post(
        url("touchpoint_create", journey), {"name": "Paying", "channel": "in_person"}, **HTMX
    )

    assert oob_summary(response) == "2 touchpoints 2 moments 1 moment of truth"


def test_deleting_and_marking_moments_send_the_new_counts(
    client_for, manager, ordering, menu_questions
):
    client = client_for(manager)

    marked = client.post(url("moment_toggle_critical", menu_questions), **HTMX)
    assert oob_summary(marked) == "1 touchpoint 2 moments 2 moments of truth"

    deleted = client.post(url("moment_delete", menu_questions), **HTMX)
    assert oob_summary(deleted) == "1 touchpoint 1 moment 1 moment of truth"


def test_moving_a_touchpoint_sends_the_counts_unchanged(client_for, manager, journey, paying):
    response = client_for(manager).post(url("touchpoint_move", paying), {"direction": "up"}, **HTMX)

    assert oob_summary(response) == "2 touchpoints 2 moments 1 moment of truth"


def test_the_whole_page_has_the_counts_once_and_not_out_of_band(client_for, manager, journey):
    html = client_for(manager).get(url("journey_map", journey)).content.decode()

    assert html.count('id="journey-summary"') == 1
    assert 'hx-swap-oob="true"' not in html.split('id="journey-summary"')[1][:40]


def test_a_new_journey_opens_on_its_map(client_for, manager, organization):
    client = client_for(manager)

    plain = client.post(reverse("touchpoints:journey_create"), {"name": "Takeaway"})
    takeaway = Journey.objects.get(organization=organization, name="Takeaway")
    assert plain.status_code == 302
    assert plain["Location"] == url("journey_map", takeaway)

    with_htmx = client.post(reverse("touchpoints:journey_create"), {"name": "Delivery"}, **HTMX)
    delivery = Journey.objects.get(organization=organization, name="Delivery")
    assert with_htmx["HX-Redirect"] == url("journey_map", delivery)


def test_a_refused_journey_stays_on_the_list_with_its_error(client_for, manager, journey):
    response = client_for(manager).post(reverse("touchpoints:journey_create"), {"name": ""})

    assert response.status_code == 400
    assert 'class="field field-error"' in response.content.decode()
    assert list(Journey.objects.values_list("name", flat=True)) == ["Dinner"]
