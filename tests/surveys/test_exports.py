"""Exports of the filtered responses: CSV (UTF-8 with BOM, streamed) and XLSX (opened back
with openpyxl), with the import format's columns plus names."""

import csv
import io

import pytest
from openpyxl import load_workbook

from surveys.responses.exports import COLUMNS
from tests.surveys.test_response_list import ago, record


@pytest.fixture
def manager(manager):
    """Alice manages the whole organization in these tests (no location of her own), as
    they read every location's responses. A manager of one location sees only its own
    (tests/accounts/test_location_visibility.py)."""
    manager.location = None
    manager.save(update_fields=["location"])
    return manager


CSV_URL = "/surveys/responses/export.csv"
XLSX_URL = "/surveys/responses/export.xlsx"


@pytest.fixture
def answers(organization, consultant, second_consultant, nps_survey):
    record(
        organization,
        {
            "external_id": "pl-1",
            "metric": "nps",
            "score": 10,
            "comment": "Zażółć gęślą jaźń, kelner pamiętał",
            "language": "pl",
            "consultant": "E001",
            "survey": nps_survey.pk,
            "interaction_ref": "RCP-1042",
            "submitted_at": "2025-01-15T12:00:00Z",
        },
        {
            "external_id": "ru-1",
            "metric": "csat",
            "score": 2,
            "comment": "Долго ждали",
            "language": "ru",
            "consultant": "E002",
            "submitted_at": ago(days=3),
        },
        {
            "external_id": "ro-1",
            "metric": "nps",
            "score": 9,
            "comment": "Mulțumesc, ospătarul știa ce îmi place",
            "language": "ro",
            "consultant": "E002",
            "submitted_at": ago(days=1),
        },
    )


def read_csv(response) -> tuple[bytes, list[dict]]:
    body = b"".join(response.streaming_content)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    return body, rows


def test_csv_is_utf8_with_bom_and_keeps_polish_russian_and_romanian(client_for, manager, answers):
    response = client_for(manager).get(CSV_URL)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="responses-aurora-' in response["Content-Disposition"]
    body, rows = read_csv(response)
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.count(b"\xef\xbb\xbf") == 1
    assert tuple(rows[0].keys()) == COLUMNS
    comments = {row["comment"] for row in rows}
    assert comments == {
        "Zażółć gęślą jaźń, kelner pamiętał",
        "Долго ждали",
        "Mulțumesc, ospătarul știa ce îmi place",
    }


def test_csv_rows_carry_codes_names_and_the_local_time(
    client_for, manager, answers, nps_survey, critical_moment
):
    _body, rows = read_csv(client_for(manager).get(CSV_URL))
    polish = next(row for row in rows if row["external_id"] == "pl-1")
    assert polish["submitted_at"] == "2025-01-15T13:00:00+01:00"  # Kraków's clock
    assert (polish["metric"], polish["score"], polish["language"]) == ("nps", "10", "pl")
    assert (polish["consultant"], polish["consultant_name"]) == ("E001", "Stan Test")
    assert (polish["location"], polish["location_name"]) == ("krk", "Kraków Rynek")
    assert (polish["moment"], polish["moment_name"]) == (
        str(critical_moment.pk),
        "Taking the order",
    )
    assert (polish["survey"], polish["survey_name"]) == (str(nps_survey.pk), "Dinner NPS")
    assert (polish["interaction_ref"], polish["source"]) == ("RCP-1042", "api")


def test_csv_export_is_filtered_like_the_list(client_for, manager, answers):
    _body, rows = read_csv(client_for(manager).get(CSV_URL, {"band": "detractor"}))
    assert [row["external_id"] for row in rows] == ["ru-1"]
    _body, rows = read_csv(client_for(manager).get(CSV_URL, {"language": "ro"}))
    assert [row["external_id"] for row in rows] == ["ro-1"]


def test_a_comment_that_looks_like_a_formula_is_not_one(client_for, manager, organization):
    record(
        organization,
        {
            "metric": "nps",
            "score": 1,
            "comment": '=HYPERLINK("http://x")',
            "submitted_at": ago(hours=1),
        },
    )
    _body, rows = read_csv(client_for(manager).get(CSV_URL))
    assert rows[0]["comment"] == '\'=HYPERLINK("http://x")'

    response = client_for(manager).get(XLSX_URL)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cell = sheet.cell(row=2, column=COLUMNS.index("comment") + 1)
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x")'


def test_xlsx_opens_with_the_same_columns_and_rows(client_for, executive, answers):
    response = client_for(executive).get(XLSX_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert len(rows) == 4
    by_id = {
        row[COLUMNS.index("external_id")]: dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]
    }
    assert by_id["ru-1"]["comment"] == "Долго ждали"
    assert by_id["pl-1"]["score"] == 10
    # Excel has no time zones: the location's local time.
    assert by_id["pl-1"]["submitted_at"].strftime("%Y-%m-%d %H:%M") == "2025-01-15 13:00"


def test_xlsx_export_is_filtered(client_for, manager, answers, second_consultant):
    response = client_for(manager).get(
        XLSX_URL, {"consultant": second_consultant.pk, "metric": "nps"}
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[COLUMNS.index("external_id")] for row in rows] == ["ro-1"]


def test_export_with_refused_filters_answers_400(client_for, manager, answers):
    response = client_for(manager).get(CSV_URL, {"band": "delighted"})
    assert response.status_code == 400
    assert response.content.decode() == "Choose promoter, passive or detractor."


def test_unknown_export_format_is_404(client_for, manager):
    assert client_for(manager).get("/surveys/responses/export.pdf").status_code == 404


def test_export_query_count_does_not_grow_with_rows(
    client_for, manager, organization, consultant, answers, django_assert_num_queries
):
    client = client_for(manager)
    # session, user, membership; then the rows (select_related) in one query
    with django_assert_num_queries(4):
        read_csv(client.get(CSV_URL))
    record(
        organization,
        *[
            {
                "metric": "nps",
                "score": i % 11,
                "consultant": "E001",
                "submitted_at": ago(hours=i + 1),
            }
            for i in range(40)
        ],
    )
    with django_assert_num_queries(4):
        _body, rows = read_csv(client.get(CSV_URL))
    assert len(rows) == 43
