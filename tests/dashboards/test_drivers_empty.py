"""Eve (executive) opens the dashboard at its default 90 days and the driver analysis has
no behaviour with 30 answers on both sides yet. Instead of an empty panel she reads how
far the closest behaviours are ("20 of 30 answers needed when not met") and the shortest
preset period that has enough, as a link that keeps her other filters.

The driver rollup rows are written directly: what is under test is what the panel makes
of them (the rollup itself: test_rankings_and_drivers.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from dashboards import selectors
from dashboards.forms import DashboardFilterForm

PRESET_DAYS = DashboardFilterForm.preset_days()

pytestmark = pytest.mark.django_db

URL = reverse("dashboards:overview")


def test_the_shortest_preset_with_enough_answers_is_found_in_the_same_aggregate(
    organization, thin_quarter, django_assert_num_queries
):
    today = timezone.localdate()
    quarter = selectors.Scope(organization.pk, today - timedelta(days=89), today)

    with django_assert_num_queries(1):
        drivers, reach = selectors.drivers_and_reach(quarter, 30, PRESET_DAYS)
    assert reach == "365"
    # The drivers themselves are the quarter's, as without the presets.
    assert drivers == selectors.drivers(quarter, 30)
    assert {(row["met"]["n"], row["not_met"]["n"]) for row in drivers} == {(45, 20), (50, 4)}
    assert selectors.drivers_and_reach(quarter, 20, PRESET_DAYS)[1] == "30"
    assert selectors.drivers_and_reach(quarter, 40, PRESET_DAYS)[1] is None


def test_behaviours_answered_only_outside_the_period_are_not_listed(
    organization, driver_day, master_behaviour
):
    driver_day(master_behaviour, days_ago=200, met=40, not_met=40)
    today = timezone.localdate()
    quarter = selectors.Scope(organization.pk, today - timedelta(days=89), today)
    assert selectors.drivers_and_reach(quarter, 30, PRESET_DAYS) == ([], "365")


def test_an_empty_panel_says_how_far_each_behaviour_is_and_which_period_has_enough(
    thin_quarter, executive, client_for, master_behaviour, iron_behaviour
):
    body = client_for(executive).get(URL).content.decode()

    assert "No behaviour has 30 answers both when met and when not met" in body
    assert "Closest to a comparison:" in body
    closest = body.index("drivers-closest")
    master = body.index(escape(master_behaviour.text), closest)
    iron = body.index(escape(iron_behaviour.text), closest)
    assert master < iron  # the closest first
    assert "20 of 30 answers needed when not met (45 when met)" in body
    assert "4 of 30 answers needed when not met (50 when met)" in body
    assert '<a href="?period=365">Choose “Last 365 days” to see drivers</a>' in body


def test_the_suggested_period_keeps_the_other_filters(
    thin_quarter, executive, client_for, location
):
    body = client_for(executive).get(URL, {"period": "30", "location": location.pk}).content
    assert f'href="?period=365&amp;location={location.pk}"'.encode() in body


def test_when_no_preset_has_enough_it_says_what_drivers_need(
    driver_day, master_behaviour, executive, client_for
):
    driver_day(master_behaviour, days_ago=10, met=12, not_met=3)
    body = client_for(executive).get(URL).content.decode()
    assert "3 of 30 answers needed when not met (12 when met)" in body
    assert "Not even the last 365 days have enough." in body
    assert "to see drivers</a>" not in body


def test_a_panel_with_a_behaviour_to_compare_gives_no_hint(
    driver_day, master_behaviour, executive, client_for
):
    driver_day(master_behaviour, days_ago=10, met=40, not_met=35)
    body = client_for(executive).get(URL).content.decode()
    assert 'id="drivers-table"' in body
    assert "Closest to a comparison:" not in body
    assert "to see drivers" not in body


def test_without_any_answered_review_the_period_is_still_suggested(
    driver_day, master_behaviour, executive, client_for
):
    driver_day(master_behaviour, days_ago=120, met=40, not_met=35)
    body = client_for(executive).get(URL).content.decode()
    assert "No reviewed interaction in this period has an NPS answer" in body
    assert "Closest to a comparison:" not in body
    assert "Choose “Last 365 days” to see drivers" in body
