"""The time of a review: typed, stored and read on the right clock.

Alice (manager, Kraków, Europe/Warsaw) records reviews of Stan (staff, Kraków) and of
interactions at far-away branches (Auckland, Los Angeles). What she types into "Date and
time of the interaction" is the time on the clock at the location; it is stored as that
instant and shown back as typed, with the zone named. Times of using the app (submitted,
saved, acknowledged) are on the reader's own clock.

Around the clock changes: a time the clocks skipped is refused with a clear error; a time
the clocks showed twice is the first of the two (still on summer time), and the page shows
the zone's abbreviation so it is unambiguous.
"""

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from reviews import services
from reviews.models import Review

HTMX = {"HTTP_HX_REQUEST": "true"}
WARSAW = ZoneInfo("Europe/Warsaw")


def _url(name, *args):
    return reverse(f"reviews:{name}", args=args)


def _form(consultant, moment, typed, **extra):
    return {
        "kind": "observation",
        "consultant": consultant.pk,
        "moments": [moment.pk],
        "occurred_at": typed,
        "client_token": f"token-{typed}-{extra.get('location', '')}",
        **extra,
    }


@pytest.fixture
def auckland(organization):
    return account_services.save_location(
        organization=organization, name="Auckland Viaduct", code="akl", time_zone="Pacific/Auckland"
    )


@pytest.fixture
def los_angeles(organization):
    return account_services.save_location(
        organization=organization,
        name="LA Arts District",
        code="lax",
        time_zone="America/Los_Angeles",
    )


@pytest.fixture
def review_at(client_for, manager, consultant, critical_moment, iron_behaviour):
    """Alice types a time into the new-review form; the saved review, or the response."""

    def post(typed, location=None):
        extra = {"location": location.pk} if location else {}
        response = client_for(manager).post(
            _url("review_create"), _form(consultant, critical_moment, typed, **extra)
        )
        token = f"token-{typed}-{extra.get('location', '')}"
        return Review.objects.filter(client_token=token).first(), response

    return post


# --- Typing the time ------------------------------------------------------------------------


def test_the_form_is_pre_filled_with_now_on_the_locations_clock_and_names_the_zone(
    client_for, manager, critical_moment, iron_behaviour
):
    before = timezone.now().astimezone(WARSAW).strftime("%Y-%m-%dT%H:%M")
    html = client_for(manager).get(_url("review_create")).content.decode()
    after = timezone.now().astimezone(WARSAW).strftime("%Y-%m-%dT%H:%M")

    prefilled = re.search(r'name="occurred_at" value="([^"]+)"', html).group(1)
    assert prefilled in {before, after}  # Warsaw's wall clock, not UTC
    assert "data-zone-name>Europe/Warsaw<" in html


def test_a_link_preselecting_a_far_location_pre_fills_its_clock(
    client_for, manager, auckland, critical_moment, iron_behaviour
):
    html = client_for(manager).get(_url("review_create"), {"location": auckland.pk}).content
    html = html.decode()

    prefilled = re.search(r'name="occurred_at" value="([^"]+)"', html).group(1)
    now_there = timezone.now().astimezone(ZoneInfo("Pacific/Auckland"))
    assert prefilled[:13] == now_there.strftime("%Y-%m-%dT%H")
    assert "data-zone-name>Pacific/Auckland<" in html
    assert f'value="{auckland.pk}" selected data-zone="Pacific/Auckland"' in html


def test_what_is_typed_is_stored_as_that_time_at_the_location(review_at):
    review, _ = review_at("2026-11-20T15:48")

    assert review.occurred_at == datetime(2026, 11, 20, 14, 48, tzinfo=UTC)  # CET = UTC+1


def test_a_far_location_stores_its_own_wall_clock_time(review_at, auckland, los_angeles):
    in_auckland, _ = review_at("2026-07-01T09:15", location=auckland)
    in_la, _ = review_at("2026-07-01T09:15", location=los_angeles)

    assert in_auckland.occurred_at == datetime(2026, 6, 30, 21, 15, tzinfo=UTC)  # NZST +12
    assert in_la.occurred_at == datetime(2026, 7, 1, 16, 15, tzinfo=UTC)  # PDT −7


def test_a_time_the_clocks_skipped_is_refused_with_a_clear_error(review_at):
    # Warsaw, 29 March 2026: 02:00 became 03:00.
    review, response = review_at("2026-03-29T02:30")

    assert response.status_code == 400
    assert review is None and not Review.objects.exists()
    html = response.content.decode()
    assert "did not exist in Europe/Warsaw: the clocks moved forward an hour" in html
    assert 'value="2026-03-29T02:30"' in html  # kept as typed, to correct


def test_the_hour_after_the_spring_change_is_summer_time(review_at):
    review, _ = review_at("2026-03-29T03:30")

    assert review.occurred_at == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # CEST = UTC+2


def test_a_time_the_clocks_showed_twice_is_the_first_one_on_summer_time(review_at):
    # Warsaw, 25 October 2026: 03:00 became 02:00 again, so 02:30 happened twice.
    review, _ = review_at("2026-10-25T02:30")

    assert review.occurred_at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # CEST, the first


def test_the_skipped_hour_of_a_far_zone_is_refused_there_only(review_at, auckland):
    # Auckland skipped 02:00–03:00 on 27 September 2026; Warsaw did not (Alice's clock).
    skipped, response = review_at("2026-09-27T02:30", location=auckland)
    fine_in_auckland, _ = review_at("2026-03-29T02:30", location=auckland)

    assert skipped is None and response.status_code == 400
    assert "did not exist in Pacific/Auckland" in response.content.decode()
    assert fine_in_auckland.occurred_at == datetime(2026, 3, 28, 13, 30, tzinfo=UTC)  # NZDT


# --- Reading it back ------------------------------------------------------------------------


def _detail(client, review):
    return client.get(_url("review_detail", review.pk)).content.decode()


def test_the_review_page_shows_the_time_as_typed_with_its_zone(client_for, manager, review_at):
    review, _ = review_at("2026-11-20T15:48")

    html = _detail(client_for(manager), review)

    assert "20 Nov 2026, 15:48" in html
    assert "CET · Europe/Warsaw" in html
    assert "in your time zone" not in html  # Alice's clock is the location's


def test_the_two_readings_of_the_autumn_hour_are_told_apart(client_for, manager, review_at):
    review, _ = review_at("2026-10-25T02:30")

    html = _detail(client_for(manager), review)

    assert "25 Oct 2026, 02:30" in html and "CEST · Europe/Warsaw" in html


def test_a_far_review_shows_the_locations_time_and_the_readers_own(
    client_for, manager, review_at, auckland
):
    review, _ = review_at("2026-07-01T09:15", location=auckland)

    html = _detail(client_for(manager), review)

    assert "1 Jul 2026, 09:15" in html and "NZST · Pacific/Auckland" in html
    assert "30 Jun 2026, 23:15 in your time zone (Europe/Warsaw)" in html


def test_submitted_and_acknowledged_times_are_on_the_readers_clock(
    client_for, consultant, submitted
):
    submitted_at = datetime(2026, 12, 7, 14, 49, tzinfo=UTC)
    Review.objects.filter(pk=submitted.pk).update(submitted_at=submitted_at)
    submitted.refresh_from_db()
    services.acknowledge_review(review=submitted, membership=consultant)
    Review.objects.filter(pk=submitted.pk).update(
        acknowledged_at=datetime(2026, 12, 7, 14, 54, tzinfo=UTC)
    )

    html = _detail(client_for(consultant), submitted)

    assert "7 Dec 2026, 15:49" in html  # submitted, Warsaw time (UTC+1)
    assert "You acknowledged this review on 7 Dec 2026, 15:54." in html  # one full stop
    assert ".." not in html.split("You acknowledged", 1)[1].split("</p>", 1)[0]


def test_the_autosave_says_when_it_saved_on_the_readers_clock(client_for, manager, draft):
    before = timezone.now().astimezone(WARSAW).strftime("%H:%M")
    response = client_for(manager).post(
        _url("review_note", draft.pk), {"coaching_note": "Greets by name"}, **HTMX
    )
    after = timezone.now().astimezone(WARSAW).strftime("%H:%M")

    shown = re.search(r"Saved at (\d\d:\d\d)", response.content.decode()).group(1)
    assert shown in {before, after}


def test_a_request_runs_on_the_members_clock_and_leaves_the_servers_after(
    client_for, manager, auckland, draft
):
    manager.location = auckland
    manager.save(update_fields=["location"])

    html = client_for(manager).get(_url("review_detail", draft.pk)).content.decode()

    assert "in your time zone (Pacific/Auckland)" in html
    assert timezone.get_current_timezone_name() == "UTC"  # nothing leaks to the next request


def test_the_review_list_names_the_zone_of_a_location_on_another_clock(
    client_for, manager, review_at, auckland
):
    review_at("2026-07-01T09:15", location=auckland)
    review_at("2026-11-20T15:48")

    html = client_for(manager).get(_url("review_list")).content.decode()

    assert "2026-07-01 09:15" in html and 'title="Pacific/Auckland">NZST<' in html
    assert "2026-11-20 15:48" in html and "CET<" not in html  # Kraków is Alice's own clock
