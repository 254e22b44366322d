"""Dashboard exports: every table as CSV and XLSX with the overview's filters, the same
figures as the selectors, and the tenancy and role matrix (Eve the executive exports the
organization, Mia manages Warszawa and exports only Warszawa, Stan is staff and has no
tables, Oscar runs another organization and never gets a row of Aurora's)."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.choices import Role
from dashboards import exports, selectors
from dashboards.selectors import Scope
from tests.dashboards.recording import answer, answers, rebuild
from tests.personas import add_person

pytestmark = pytest.mark.django_db

TABLES = ("trend", "locations", "moments", "leaderboard", "drivers")
MIDDLEWARE = 3  # session, user, membership; a file renders no base.html
# Aggregates per table: trend, locations and moments merge NPS, CSAT and compliance
# groupings; the leaderboard and drivers are one aggregate each.
TABLE_QUERIES = {"trend": 3, "locations": 3, "moments": 3, "leaderboard": 1, "drivers": 1}


def url(table="leaderboard", fmt="csv"):
    return reverse("dashboards:export", kwargs={"table": table, "fmt": fmt})


def read_csv(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(body[1:])))


def read_xlsx(response) -> list[list]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def text(value) -> str:
    return "" if value is None else str(value)


def scope(organization, *, location_ids=None, days=90) -> Scope:
    today = timezone.localdate()
    return Scope(
        organization_id=organization.pk,
        date_from=today - timedelta(days=days - 1),
        date_to=today,
        location_ids=location_ids,
    )


@pytest.fixture
def warsaw_manager(organization, second_location):
    """Mia manages Warszawa only."""
    return add_person(organization, "mia", Role.MANAGER, location=second_location)


@pytest.fixture
def data(
    organization,
    manager,
    consultant,
    second_consultant,
    critical_moment,
    iron_behaviour,
    master_behaviour,
    submit,
):
    """Stan (Kraków) with 6 NPS answers, Sara (Warszawa) with 4 and one reviewed
    interaction each, so that every table has rows."""
    answers(consultant, [10, 10, 9, 9, 3, 8])
    answers(second_consultant, [0, 5, 9, 10])
    answer(consultant, metric="csat", score=5)
    answer(consultant, score=10, interaction_ref="R-1", moment=critical_moment.pk)
    answer(second_consultant, score=2, interaction_ref="R-2", moment=critical_moment.pk)
    submit(
        reviewer=manager,
        consultant=consultant,
        results={iron_behaviour: "met", master_behaviour: "met"},
        interaction_ref="R-1",
    )
    submit(
        reviewer=manager,
        consultant=second_consultant,
        results={iron_behaviour: "not_met", master_behaviour: "not_met"},
        interaction_ref="R-2",
    )
    organization.min_sample = 5
    organization.save()
    rebuild(organization)


def test_leaderboard_csv_holds_the_selectors_ranking_and_the_unranked(
    client_for, organization, executive, consultant, second_consultant, data
):
    response = client_for(executive).get(url("leaderboard", "csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response)
    assert rows[0] == [
        "Rank",
        "Consultant",
        "Employee code",
        "NPS answers",
        "NPS",
        "NPS margin of error",
        "NPS lower bound",
        "Status",
    ]
    board = selectors.leaderboard(scope(organization), "nps", 5)
    expected = [
        [text(r.get("rank")), r["label"], r["code"], text(r["n"]), text(r["score"])]
        + [text(r["margin"]), text(r["lower"])]
        for r in [*board["ranked"], *board["not_enough_data"]]
    ]
    assert [row[:7] for row in rows[1:]] == expected
    # Stan has 7 answers (ranked); Sara 5 (ranked too at a minimum sample of 5).
    assert [row[1] for row in rows[1:]] == ["Stan Test", "Sara Test"]
    assert {row[7] for row in rows[1:]} == {"ranked"}


def test_a_consultant_below_the_minimum_sample_is_listed_unranked(
    client_for, organization, executive, consultant, second_consultant, data
):
    organization.min_sample = 6
    organization.save()

    rows = read_csv(client_for(executive).get(url("leaderboard", "csv")))

    assert rows[1][:2] == ["1", "Stan Test"]
    assert rows[2][:2] == ["", "Sara Test"]
    assert rows[2][7] == "not enough data"


def test_locations_and_moments_equal_the_selectors(client_for, organization, executive, data):
    client = client_for(executive)
    whole = scope(organization)
    for table, group_by in (("locations", "location"), ("moments", "moment")):
        rows = read_csv(client.get(url(table, "csv")))
        nps = {r["label"]: r for r in selectors.survey_groups(whole, "nps", group_by)}
        compliance = {r["label"]: r for r in selectors.compliance_groups(whole, group_by)}
        by_label = {row[0]: row for row in rows[1:]}
        for label, figures in nps.items():
            row = by_label[label or "(none)"]
            assert row[1:5] == [text(figures[k]) for k in ("n", "score", "margin", "lower")]
        for label, figures in compliance.items():
            row = by_label[label]
            assert row[8:] == [
                text(figures[k])
                for k in ("iron_applicable", "iron_rate", "master_applicable", "master_rate")
            ]


def test_trend_rows_are_the_weeks_of_the_selectors(client_for, organization, executive, data):
    rows = read_csv(client_for(executive).get(url("trend", "csv")))

    weeks = selectors.survey_groups(scope(organization), "nps", "week")
    assert rows[0][0] == "Week of"
    # A week of the period without answers is listed with n 0 (the selectors skip it).
    assert [(row[0], row[1], row[2]) for row in rows[1:] if row[1] != "0"] == [
        (w["key"].isoformat(), text(w["n"]), text(w["score"])) for w in weeks
    ]


def test_drivers_show_nps_when_met_and_not_met_with_n(
    client_for, organization, executive, iron_behaviour, data
):
    rows = read_csv(client_for(executive).get(url("drivers", "csv")))

    expected = {e["label"]: e for e in selectors.drivers(scope(organization), 5)}
    by_label = {row[0]: row for row in rows[1:]}
    assert set(by_label) == set(expected)
    iron = by_label[iron_behaviour.text]
    assert iron[1:6] == ["iron", "1", "100.0", "1", "-100.0"]
    assert iron[9] == "not enough data"


@pytest.mark.parametrize("table", TABLES)
def test_xlsx_holds_the_same_rows_as_csv(client_for, executive, data, table):
    client = client_for(executive)
    from_csv = read_csv(client.get(url(table, "csv")))

    response = client.get(url(table, "xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert [[cell(value) for value in row] for row in read_xlsx(response)] == [
        [cell(value) for value in row] for row in from_csv
    ]


def cell(value):
    """A value as a reader sees it: numbers as numbers (a spreadsheet shows 100.0 as
    100), dates as ISO days, empty cells as ""."""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        return text(value)


def test_the_filename_names_the_table_and_the_period(client_for, executive, data):
    response = client_for(executive).get(
        url("leaderboard", "xlsx"),
        {"period": "custom", "date_from": "2026-09-04", "date_to": "2026-12-02"},
    )

    assert response["Content-Disposition"] == (
        'attachment; filename="cxm-leaderboard-2026-09-04-2026-12-02.xlsx"'
    )


def test_filters_narrow_the_export_like_the_overview(
    client_for, organization, executive, second_location, data
):
    rows = read_csv(client_for(executive).get(url("locations"), {"location": second_location.pk}))

    assert [row[0] for row in rows[1:]] == ["Warszawa Mokotów"]


def test_refused_filters_answer_400_in_plain_words(client_for, executive, data):
    response = client_for(executive).get(url(), {"period": "custom", "date_from": "04/09/2026"})

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Enter a date as YYYY-MM-DD." in response.content.decode()


@pytest.mark.parametrize("path", ["/dashboards/export/secrets.csv", "/dashboards/export/trend.pdf"])
def test_unknown_tables_and_formats_do_not_exist(client_for, executive, path):
    assert client_for(executive).get(path).status_code == 404


def test_text_that_looks_like_a_formula_is_defused(client_for, organization, executive, data):
    account_services.save_location(
        organization=organization, name='=HYPERLINK("http://x")', code="evil"
    )
    evil = add_person(organization, "eddie", Role.STAFF, employee_code="E9")
    evil.location = organization.locations.get(code="evil")
    evil.save()
    answer(evil, score=9)
    rebuild(organization)
    client = client_for(executive)

    rows = read_csv(client.get(url("locations", "csv")))
    cells = read_xlsx(client.get(url("locations", "xlsx")))

    assert '\'=HYPERLINK("http://x")' in [row[0] for row in rows]
    assert '=HYPERLINK("http://x")' in [row[0] for row in cells]  # a string, not a formula


# --- who may export what ------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(url())

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("table", TABLES)
def test_staff_have_no_dashboard_tables(client_for, consultant, table):
    assert client_for(consultant).get(url(table)).status_code == 403


@pytest.mark.parametrize("role", ["executive", "admin", "manager"])
def test_executives_admins_and_managers_export(client_for, personas, data, role):
    assert client_for(personas[role]).get(url("locations")).status_code == 200


def test_a_manager_exports_only_their_location(
    client_for, warsaw_manager, location, second_location, data
):
    client = client_for(warsaw_manager)

    locations = read_csv(client.get(url("locations")))
    leaderboard = read_csv(client.get(url("leaderboard")))
    elsewhere = client.get(url("locations"), {"location": location.pk})

    assert [row[0] for row in locations[1:]] == ["Warszawa Mokotów"]
    assert [row[1] for row in leaderboard[1:]] == ["Sara Test"]
    assert elsewhere.status_code == 400
    assert "Choose one of your locations." in elsewhere.content.decode()


def test_another_organization_never_exports_a_row_of_ours(client_for, outsider, location, data):
    client = client_for(outsider)
    for table in TABLES:
        rows = read_csv(client.get(url(table)))
        assert rows[1:] == [], table
    assert client.get(url("locations"), {"location": location.pk}).status_code == 400


# --- query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_query_count_is_pinned_per_table(
    client_for, executive, data, django_assert_num_queries, table, fmt
):
    client = client_for(executive)
    with django_assert_num_queries(MIDDLEWARE + TABLE_QUERIES[table]):
        response = client.get(url(table, fmt))
    assert response.status_code == 200


def test_query_count_does_not_grow_with_more_groups(
    client_for, organization, executive, data, django_assert_num_queries
):
    for i in range(4):
        place = account_services.save_location(
            organization=organization, name=f"Branch {i}", code=f"b{i}"
        )
        member = add_person(
            organization, f"more{i}", Role.STAFF, location=place, employee_code=f"M{i}"
        )
        answers(member, [9, 6, 10], days_ago=i * 7 + 1)
    rebuild(organization)
    client = client_for(executive)
    for table in TABLES:
        with django_assert_num_queries(MIDDLEWARE + TABLE_QUERIES[table]):
            client.get(url(table, "csv"))


def test_table_functions_are_registered_for_every_exported_table():
    assert tuple(exports.TABLES) == TABLES


@pytest.fixture(autouse=True)
def on_the_readers_clock():
    """The pages count days on the reader's clock (Kraków: Europe/Warsaw), so "today" in
    these expectations is Warsaw's too: between 23:00 and 24:00 UTC it is already tomorrow."""
    with timezone.override("Europe/Warsaw"):
        yield
