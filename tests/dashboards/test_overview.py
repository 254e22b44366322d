"""The executive and manager dashboard (/dashboards/).

Eve (executive), Adam (admin) and Alice (manager of Kraków) see it; Stan (staff) has his
own scorecard instead; Oscar from Rival Bank sees nothing of Aurora's. Answers are
recorded through surveys.services and reviews through reviews.services, then the rollups
are rebuilt, as the Celery task would after commit.
"""

import pytest
from django.urls import reverse

from dashboards import rollups, selectors
from dashboards.forms import DashboardFilterForm
from dashboards.overview import journey_heatmap, overview, trend
from tests.dashboards.recording import record_answers

pytestmark = pytest.mark.django_db

URL = reverse("dashboards:overview")


def _scope(membership, query=None):
    form = DashboardFilterForm(query or {}, membership=membership)
    assert form.is_valid(), form.errors
    return form.scope()


# Who may see it


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_staff_are_refused_the_dashboard_they_have_their_own_scorecard(consultant, client_for):
    assert client_for(consultant).get(URL).status_code == 403


@pytest.mark.parametrize("role", ["executive", "manager", "admin"])
def test_executives_managers_and_admins_see_the_dashboard(personas, client_for, role):
    response = client_for(personas[role]).get(URL)
    assert response.status_code == 200
    assert b"NPS" in response.content


def test_another_organizations_location_is_refused_with_its_error(
    executive, outsider, client_for, other_organization
):
    from accounts import services as account_services

    rival = account_services.save_location(
        organization=other_organization, name="Rival HQ", code="hq"
    )
    response = client_for(executive).get(URL, {"location": rival.pk})
    assert response.status_code == 400
    assert "Choose one of your locations." in response.content.decode()
    assert "tiles" not in response.context


def test_an_outsider_sees_only_their_own_organization(answers, outsider, client_for, location):
    response = client_for(outsider).get(URL)
    assert response.status_code == 200
    assert response.context["tiles"]["responses"] == 0
    assert client_for(outsider).get(URL, {"location": location.pk}).status_code == 400


def test_a_start_date_after_the_end_date_is_refused_with_no_figures(executive, client_for):
    response = client_for(executive).get(
        URL, {"period": "custom", "date_from": "2026-05-01", "date_to": "2026-04-01"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The end date is before the start date." in body
    assert "no figures are shown" in body
    assert 'id="tiles-title"' not in body


def test_a_malformed_date_is_refused(executive, client_for):
    response = client_for(executive).get(URL, {"period": "custom", "date_from": "01/05/2026"})
    assert response.status_code == 400
    assert "Enter a date as YYYY-MM-DD." in response.content.decode()


# The figures are the selectors'


def test_tiles_equal_the_selectors_kpis(answers, executive, client_for, organization):
    response = client_for(executive).get(URL)
    expected = selectors.kpis(_scope(executive), organization.min_sample)
    tiles = response.context["tiles"]
    for metric in ("nps", "csat", "ces"):
        for figure in ("n", "score", "margin", "mean", "previous", "change"):
            assert tiles[metric][figure] == expected[metric][figure], (metric, figure)
    assert tiles["responses"] == expected["responses"] == 40 + 8 + 10
    for figure in ("iron_rate", "master_rate", "iron_met", "iron_applicable", "reviews"):
        assert tiles["compliance"][figure] == expected["compliance"][figure], figure


def test_the_nps_tile_shows_margin_and_a_significant_change(answers, executive, client_for):
    response = client_for(executive).get(URL)
    nps = response.context["tiles"]["nps"]
    # 40 + 8 answers: 32 promoters, 10 detractors -> 45.8; before: 30 detractors -> -100.
    assert nps["score"] == 45.8
    assert (nps["change"]["delta"], nps["change"]["verdict"]) == (145.8, "up")
    body = response.content.decode()
    assert "45.8" in body and f"± {nps['margin']}" in body
    assert "up 145.8 points" in body
    assert "significant" in body


def test_a_change_from_too_few_answers_is_not_called_significant(
    answers, executive, client_for, organization
):
    organization.min_sample = 50
    organization.save()
    response = client_for(executive).get(URL)
    assert response.context["tiles"]["nps"]["change"]["verdict"] == "not_enough"
    body = response.content.decode()
    assert "Not enough answers to compare" in body
    assert "up 145.8" not in body and "▲" not in body


def test_ces_with_no_answers_says_so(answers, executive, client_for):
    body = client_for(executive).get(URL).content.decode()
    assert "No CES answers in this period." in body


def test_iron_and_master_are_worded_apart(answers, executive, client_for):
    body = client_for(executive).get(URL).content.decode()
    assert "the customer is not dissatisfied" in body
    assert "the customer is delighted" in body
    tiles = client_for(executive).get(URL).context["tiles"]["compliance"]
    assert (tiles["iron_rate"], tiles["master_rate"]) == (66.7, 100.0)


def test_trend_and_heat_map_equal_the_selectors(answers, executive, client_for):
    scope = _scope(executive)
    weekly = trend(scope, 30)
    assert weekly["unit"] == "week"
    for metric in ("nps", "csat"):
        expected = selectors.survey_groups(scope, metric, "week")
        assert [(r["key"], r["n"], r["score"], r["margin"]) for r in weekly[metric]] == [
            (r["key"], r["n"], r["score"], r["margin"]) for r in expected
        ]
    assert journey_heatmap(scope) == selectors.journey_heatmap(scope)


def test_a_year_is_drawn_by_month(answers, executive):
    scope = _scope(executive, {"period": "365"})
    monthly = trend(scope, 30)
    assert monthly["unit"] == "month"
    expected = selectors.survey_groups(scope, "nps", "month")
    assert [(r["key"], r["n"], r["score"]) for r in monthly["nps"]] == [
        (r["key"], r["n"], r["score"]) for r in expected
    ]


def test_location_table_equals_the_groupings(answers, executive, location, second_location):
    scope = _scope(executive)
    panels = overview(scope, 30)
    nps = {row["key"]: row for row in selectors.survey_groups(scope, "nps", "location")}
    csat = {row["key"]: row for row in selectors.survey_groups(scope, "csat", "location")}
    iron = {row["key"]: row for row in selectors.compliance_groups(scope, "location")}
    rows = {row["key"]: row for row in panels["locations"]}
    assert set(rows) == {location.pk, second_location.pk}
    for key, row in rows.items():
        assert (row["nps"]["n"], row["nps"]["score"], row["nps"]["margin"]) == (
            nps[key]["n"],
            nps[key]["score"],
            nps[key]["margin"],
        )
        assert row["csat"]["score"] == (csat[key]["score"] if key in csat else None)
        assert row["iron_rate"] == (iron[key]["iron_rate"] if key in iron else None)


def test_charts_are_plotly_json_with_a_summary_and_a_table(answers, executive, client_for):
    response = client_for(executive).get(URL)
    chart = response.context["charts"]["nps"]
    line = next(trace for trace in chart["data"] if trace["name"] == "NPS")
    assert line["type"] == "scatter"
    # Whole weeks with enough answers are on the line; the others are marked apart.
    assert line["y"] == [
        r["score"] if r["enough"] and not r["partial"] else None
        for r in response.context["trend"]["nps"]
    ]
    body = response.content.decode()
    assert 'id="chart-nps-data" type="application/json"' in body
    assert 'data-chart="chart-nps-data"' in body
    assert "NPS, CSAT and CES by week" in body and "Show the numbers" in body
    assert "plotly/plotly.min.js" in body and "js/dashboards.js" in body


# Leaderboard and drivers


def test_the_leaderboard_ranks_only_consultants_with_the_minimum_sample(
    answers, executive, client_for, organization
):
    response = client_for(executive).get(URL)
    board = response.context["leaderboard"]
    expected = selectors.leaderboard(_scope(executive), "nps", organization.min_sample)
    assert [(r["key"], r["rank"], r["lower"]) for r in board["ranked"]] == [
        (r["key"], r["rank"], r["lower"]) for r in expected["ranked"]
    ]
    assert [r["label"] for r in board["ranked"]] == ["Stan Test"]
    assert [(r["label"], r["n"]) for r in board["not_enough_data"]] == [("Sara Test", 8)]
    body = response.content.decode()
    assert "Not enough data (fewer than 30 answers)" in body
    unranked = body[body.index('id="leaderboard-unranked"') :]
    assert "Sara Test" in unranked and "Kraków Rynek" in body


def test_with_a_lower_minimum_sample_both_are_ranked_on_the_lower_bound(
    answers, executive, client_for, organization
):
    organization.min_sample = 5
    organization.save()
    board = client_for(executive).get(URL).context["leaderboard"]
    assert [(r["label"], r["rank"]) for r in board["ranked"]] == [
        ("Stan Test", 1),
        ("Sara Test", 2),
    ]
    assert board["not_enough_data"] == []


def test_drivers_say_not_enough_data_below_the_minimum_sample(
    answers, executive, client_for, organization
):
    response = client_for(executive).get(URL)
    drivers = response.context["drivers"]
    assert drivers == selectors.drivers(_scope(executive), organization.min_sample)
    iron = next(row for row in drivers if row["kind_of"] == "iron")
    assert (iron["met"]["n"], iron["not_met"]["n"]) == (4, 2)
    assert "Not enough data (fewer than 30 answers when met or when not met)" in (
        response.content.decode()
    )


def test_drivers_flag_an_iron_behaviour_whose_failure_does_not_raise_detractors(
    answers, executive, client_for, organization
):
    # Both sides promoters only: failing the iron behaviour changed nothing here.
    organization.min_sample = 2
    organization.save()
    body = client_for(executive).get(URL).content.decode()
    assert "Failing this iron behaviour does not raise detractors in these data" in body


# The manager's dashboard


def test_a_manager_is_pinned_to_their_location_and_sees_their_team(
    answers, manager, client_for, location
):
    response = client_for(manager).get(URL)
    assert response.status_code == 200
    assert [row["key"] for row in response.context["locations"]] == [location.pk]
    assert response.context["tiles"]["nps"]["n"] == 40
    body = response.content.decode()
    assert "My team" in body and "Kraków Rynek" in body
    assert "Sara Test" not in body


def test_a_manager_cannot_look_at_another_location(answers, manager, client_for, second_location):
    response = client_for(manager).get(URL, {"location": second_location.pk})
    assert response.status_code == 400
    assert "Choose one of your locations." in response.content.decode()


# Filters, htmx and export links


def test_a_location_filter_narrows_every_panel(answers, executive, client_for, second_location):
    response = client_for(executive).get(URL, {"location": second_location.pk})
    assert response.context["tiles"]["nps"]["n"] == 8
    assert [row["key"] for row in response.context["locations"]] == [second_location.pk]
    assert response.context["leaderboard"]["ranked"] == []
    assert "Warszawa Mokotów" in response.content.decode()


def test_an_htmx_filter_change_gets_only_the_results(answers, executive, client_for):
    response = client_for(executive).get(URL, {"period": "30"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="results"')
    assert "<html" not in body and 'role="search"' not in body
    assert "HX-Request" in response["Vary"]
    # The address bar gets the short form of the filters, to share.
    assert response["HX-Push-Url"] == f"{URL}?period=30"


def test_refused_filters_in_an_htmx_request_answer_400_with_the_errors(executive, client_for):
    response = client_for(executive).get(
        URL, {"period": "custom", "date_from": "nonsense"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert "Enter a date as YYYY-MM-DD." in response.content.decode()


def test_the_filter_form_pushes_the_url_and_works_without_javascript(executive, client_for):
    body = client_for(executive).get(URL).content.decode()
    assert 'hx-push-url="true"' in body and 'method="get"' in body
    assert 'type="submit"' in body


def test_every_table_links_to_its_csv_and_xlsx_export_with_the_filters(
    answers, executive, client_for, location
):
    response = client_for(executive).get(URL, {"period": "30", "location": location.pk})
    body = response.content.decode()
    query = f"period=30&amp;location={location.pk}"
    for table in ("trend", "locations", "moments", "leaderboard", "drivers"):
        for fmt in ("csv", "xlsx"):
            href = reverse("dashboards:export", kwargs={"table": table, "fmt": fmt})
            assert f'href="{href}?{query}"' in body, (table, fmt)


def test_the_filter_summary_is_printed_above_the_figures(answers, executive, client_for):
    body = client_for(executive).get(URL, {"period": "30"}).content.decode()
    assert "Showing: Last 30 days · all locations" in body
    assert body.index("Showing:") < body.index('id="tiles-title"')


# Query counts: the page reads every panel from the rollups in a fixed number of queries.

BASE = 4  # session, user, membership, organization switcher (base.html)
FORM = 2  # location and journey options
# survey tiles and locations (one aggregate), compliance per location, trend, heat map
# (two), leaderboard, drivers
PANELS = 1 + 1 + 1 + 2 + 1 + 1


def test_the_executive_page_costs_a_fixed_number_of_queries(
    answers, executive, client_for, django_assert_num_queries
):
    client = client_for(executive)
    with django_assert_num_queries(BASE + FORM + PANELS):
        assert client.get(URL).status_code == 200


def test_every_filter_set_stays_within_fifteen_queries(
    answers, executive, client_for, journey, location, django_assert_num_queries
):
    client = client_for(executive)
    query = {"period": "365", "location": location.pk, "journey": journey.pk, "channel": "phone"}
    # Each chosen location and journey is looked up once more to be checked.
    with django_assert_num_queries(BASE + FORM + 2 + PANELS):
        assert client.get(URL, query).status_code == 200
    assert BASE + FORM + 2 + PANELS <= 15


def test_the_manager_page_costs_a_fixed_number_of_queries(
    answers, manager, client_for, django_assert_num_queries
):
    client = client_for(manager)
    # The filter summary names the manager's location: one more.
    with django_assert_num_queries(BASE + FORM + 1 + PANELS):
        assert client.get(URL).status_code == 200


def test_more_data_does_not_cost_more_queries(
    answers, executive, client_for, organization, django_assert_num_queries
):
    record_answers(organization, "nps", [7] * 20, consultant="E002", days_ago=40)
    record_answers(organization, "ces", [6] * 5, location="krk", days_ago=10)
    rollups.rebuild_all(organization_id=organization.pk)
    client = client_for(executive)
    with django_assert_num_queries(BASE + FORM + PANELS):
        client.get(URL)


def test_an_htmx_change_costs_fewer_queries(
    answers, executive, client_for, django_assert_num_queries
):
    client = client_for(executive)
    # No base.html and no filter form: session, user, membership.
    with django_assert_num_queries(3 + PANELS):
        client.get(URL, headers={"HX-Request": "true"})


def test_a_long_leaderboard_shows_its_two_ends_and_says_how_many_are_left_out():
    from dashboards.overview import trim_leaderboard

    ranked = [{"rank": position, "label": f"C{position}"} for position in range(1, 41)]
    board = trim_leaderboard({"ranked": ranked, "not_enough_data": [{"n": 1}] * 23})
    assert [row["rank"] for row in board["top"]] == list(range(1, 11))
    assert [row["rank"] for row in board["bottom"]] == list(range(31, 41))
    assert board["hidden"] == 20
    assert (len(board["unranked_shown"]), board["unranked_hidden"]) == (20, 3)
    # A team of 25 is listed whole.
    short = trim_leaderboard({"ranked": ranked[:25], "not_enough_data": []})
    assert (len(short["top"]), short["bottom"], short["hidden"]) == (25, [], 0)
