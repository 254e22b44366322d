"""The compliance page (/reviews/compliance/) against the hand-computed figures of
conftest.py."""

import pytest
from django.urls import reverse

from tests.dashboards.compliance.pages import HTMX, get, headline

# --- the compliance page -----------------------------------------------------------------


def test_compliance_page_shows_the_hand_computed_headline_with_n(client_for, manager, figures):
    response = get(client_for(manager), "compliance")

    assert response.status_code == 200
    assert headline(response) == (4, 6, 66.7, 2, 5, 40.0, 4)
    html = response.content.decode()
    assert "66.7%" in html and "4 of 6 met" in html
    assert "40%" in html and "2 of 5 met" in html
    assert "4 submitted reviews count." in html
    assert "share of applicable iron behaviours that were met" in html
    assert "Not applicable never counts." in html


def test_behaviours_come_worst_iron_first_with_moment_and_not_applicable(
    client_for, manager, figures
):
    response = get(client_for(manager), "compliance")

    iron = response.context["report"]["iron_behaviours"]
    assert [row["key"] for row in iron] == [figures["q"].pk, figures["r"].pk, figures["g"].pk]
    assert (iron[1]["iron_met"], iron[1]["iron_applicable"], iron[1]["not_applicable"]) == (1, 2, 1)
    assert iron[0]["moment_name"] == "Menu questions"
    master = response.context["report"]["master_behaviours"]
    assert [row["key"] for row in master] == [figures["s"].pk, figures["m"].pk]
    html = response.content.decode()
    section = html[html.index("Where we fail the iron standard most") :]
    assert (
        section.index("Explain the dish of the day")
        < section.index("Repeat the order back")
        < section.index("Greet the table within two minutes")
    )


def test_groupings_by_moment_consultant_location_and_month(
    client_for, manager, figures, consultant, second_consultant, location, critical_moment
):
    report = get(client_for(manager), "compliance").context["report"]

    consultants = {row["key"]: row for row in report["by_consultant"]}
    assert (
        consultants[consultant.pk]["iron_met"],
        consultants[consultant.pk]["iron_applicable"],
    ) == (
        3,
        5,
    )
    assert consultants[second_consultant.pk]["master_rate"] == 50.0
    locations = {row["key"]: row for row in report["by_location"]}
    assert locations[location.pk]["reviews"] == 3
    moments = {row["key"]: row for row in report["by_moment"]}
    assert moments[critical_moment.pk]["iron_rate"] == 80.0
    assert sum(row["reviews"] for row in report["by_month"]) >= 4


def test_links_lead_to_consultant_location_and_moment_pages_keeping_the_period(
    client_for, manager, figures, consultant, location, critical_moment
):
    html = get(client_for(manager), "compliance", period="90", kind="self").content.decode()

    assert reverse(
        "reviews:consultant_detail", args=[consultant.pk]
    ) + "?period=90&amp;kind=self" in (html)
    assert (
        reverse("reviews:location_detail", args=[location.pk]) + "?period=90&amp;kind=self" in html
    )
    assert reverse("standards:moment_detail", args=[critical_moment.pk]) in html


def test_a_rate_without_applicable_items_shows_no_data_never_zero(
    client_for, manager, figures, menu_moment
):
    response = get(client_for(manager), "compliance", moment=menu_moment.pk)

    assert response.status_code == 200
    assert headline(response) == (0, 1, 0.0, 0, 0, None, 1)
    html = response.content.decode()
    assert "0 of 1 met" in html  # a real 0%: one applicable iron item, not met
    assert "no data" in html  # no master behaviour at this moment


def test_an_organization_without_reviews_sees_no_data_and_an_explanation(client_for, outsider):
    response = get(client_for(outsider), "compliance")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<span class="rate nodata">—</span>') == 2
    assert '<span class="rate">0%</span>' not in html
    assert "No submitted review matches these filters yet." in html


# --- filters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, expected",
    [
        # Location krk: Stan's three reviews.
        ({"location": "krk"}, (3, 5, 60.0, 1, 3, 33.3, 3)),
        # Location waw: Sara's mystery shop.
        ({"location": "waw"}, (1, 1, 100.0, 1, 2, 50.0, 1)),
        ({"moment": "critical"}, (4, 5, 80.0, 2, 5, 40.0, 3)),
        ({"kind": "self"}, (2, 2, 100.0, 0, 2, 0.0, 1)),
        ({"kind": "call_review"}, (0, 1, 0.0, 0, 0, None, 1)),
        # The call review 40 days ago falls out of the last 30 days, not out of 90.
        ({"period": "30"}, (4, 5, 80.0, 2, 5, 40.0, 3)),
        ({"period": "90"}, (4, 6, 66.7, 2, 5, 40.0, 4)),
        ({"period": "custom", "date_to": "days_ago_20"}, (0, 1, 0.0, 0, 0, None, 1)),
        ({"date_from": "days_ago_20"}, (4, 5, 80.0, 2, 5, 40.0, 3)),
        ({"location": "krk", "kind": "observation"}, (1, 2, 50.0, 1, 1, 100.0, 1)),
    ],
)
def test_filters_change_the_figures(
    client_for, manager, figures, location, second_location, critical_moment, params, expected
):
    from datetime import timedelta

    from django.utils import timezone

    values = {
        "krk": location.pk,
        "waw": second_location.pk,
        "critical": critical_moment.pk,
        "days_ago_20": (timezone.localdate() - timedelta(days=20)).isoformat(),
    }
    query = {key: values.get(value, value) for key, value in params.items()}

    response = get(client_for(manager), "compliance", **query)

    assert response.status_code == 200
    assert headline(response) == expected


def test_the_filter_summary_says_what_the_figures_cover(
    client_for, manager, figures, location, critical_moment
):
    html = get(
        client_for(manager),
        "compliance",
        period="30",
        location=location.pk,
        moment=critical_moment.pk,
        kind="self",
    ).content.decode()

    assert "Showing: Last 30 days · Kraków Rynek · Taking the order · Self-review" in html


@pytest.mark.parametrize(
    "params, message",
    [
        ({"date_from": "2025-02-10", "date_to": "2025-01-01"}, "The end date is before the start"),
        ({"date_from": "yesterday"}, "Enter a date as YYYY-MM-DD."),
        ({"period": "7"}, "Choose a period from the list."),
        ({"kind": "gossip"}, "Choose a kind of review from the list."),
        ({"location": "rival"}, "Choose a location of your organization."),
        ({"location": "abc"}, "Choose a location of your organization."),
        ({"moment": "rival"}, "Choose a moment of your organization."),
    ],
)
def test_bad_filters_answer_400_with_the_error_and_no_figures(
    client_for, manager, figures, other_organization, params, message
):
    from accounts import services as account_services
    from touchpoints import services as touchpoint_services

    rival_location = account_services.save_location(
        organization=other_organization, name="Rival HQ", code="hq"
    )
    rival_journey = touchpoint_services.create_journey(organization=other_organization, name="Loan")
    rival_touchpoint = touchpoint_services.create_touchpoint(
        journey=rival_journey, name="Branch", channel="in_person"
    )
    rival_moment = touchpoint_services.create_moment(touchpoint=rival_touchpoint, name="Waiting")
    values = {"rival": rival_location.pk if "location" in params else rival_moment.pk}
    query = {key: values.get(value, value) for key, value in params.items()}

    response = get(client_for(manager), "compliance", **query)

    assert response.status_code == 400
    assert "report" not in response.context
    html = response.content.decode()
    assert "These filters could not be applied, so no figures are shown." in html
    assert message in html
    assert "66.7%" not in html and "Where we fail the iron standard most" not in html


def test_htmx_gets_only_the_results_and_a_vary_header(client_for, manager, figures):
    client = client_for(manager)

    response = client.get(reverse("reviews:compliance"), {"kind": "self"}, **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "<html" not in html and "<form" not in html
    assert "100%" in html
    assert "HX-Request" in response["Vary"]


def test_htmx_bad_filters_get_the_errors_in_place_with_400(client_for, manager, figures):
    response = client_for(manager).get(
        reverse("reviews:compliance"), {"date_from": "2025-13-45"}, **HTMX
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "From: Enter a date as YYYY-MM-DD." in html


def test_the_filter_form_works_without_javascript_and_keeps_the_filters(
    client_for, manager, figures, location
):
    html = get(client_for(manager), "compliance", location=location.pk).content.decode()

    assert 'method="get"' in html and 'action="/reviews/compliance/"' in html
    assert 'hx-get="/reviews/compliance/"' in html and 'hx-push-url="true"' in html
    assert 'type="submit"' in html
    assert f'<option value="{location.pk}" selected>' in html


def test_custom_dates_not_chosen_yet_restrict_nothing_and_say_so(client_for, manager, figures):
    response = get(client_for(manager), "compliance", period="custom")

    assert response.status_code == 200
    assert headline(response)[-1] == 4
    assert "Showing: All time · " in response.content.decode()


def test_dates_alone_in_the_url_are_shown_as_custom_dates(client_for, manager, figures):
    response = get(client_for(manager), "compliance", date_from="2020-01-01")

    assert response.status_code == 200
    assert '<option value="custom" selected>' in response.content.decode()
    assert "Showing: From 1 Jan 2020 · " in response.content.decode()
