"""Alice browses Aurora's responses: every filter, the score bands across metrics, the
summary line (NPS counted in SQL), htmx partials, refused filters, local times, and a query
count that does not grow with the rows.

Responses are recorded through the services, as the API and imports record them.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from surveys.intake.checks import check_responses
from surveys.intake.services import record_responses

BASE = 4  # session, user, membership, organization switcher
# location, consultant and survey choices; figures; count; page of rows
LIST_MANAGER = BASE + 6
URL = "/surveys/responses/"


@pytest.fixture
def manager(manager):
    """Alice manages the whole organization in these tests (no location of her own), as
    they read every location's responses. A manager of one location sees only its own
    (tests/accounts/test_location_visibility.py)."""
    manager.location = None
    manager.save(update_fields=["location"])
    return manager


def ago(**delta) -> str:
    return (timezone.now() - timedelta(**delta)).isoformat()


def record(organization, *rows, source="api"):
    """Check and save raw rows through the services; returns the responses."""
    checked = check_responses(organization=organization, rows=list(rows))
    saved = record_responses(organization=organization, rows=checked, source=source)
    return [response for response, _created in saved]


@pytest.fixture
def answers(organization, consultant, second_consultant, nps_survey, csat_survey):
    """Five answers, one per behaviour worth filtering on, named by external id."""
    record(
        organization,
        {
            "external_id": "a",
            "metric": "nps",
            "score": 10,
            "comment": "Kelner pamiętał moje zamówienie",
            "language": "pl",
            "consultant": "E001",
            "survey": nps_survey.pk,
            "submitted_at": ago(days=2),
        },
        {
            "external_id": "b",
            "metric": "nps",
            "score": 5,
            "consultant": "E002",
            "submitted_at": ago(days=40),
        },
        {
            "external_id": "c",
            "metric": "csat",
            "score": 5,
            "comment": "Очень быстро",
            "language": "ru",
            "consultant": "E002",
            "survey": csat_survey.pk,
            "submitted_at": ago(days=10),
        },
        {
            "external_id": "d",
            "metric": "csat",
            "score": 2,
            "comment": "Lent",
            "language": "ro",
            "consultant": "E001",
            "submitted_at": ago(days=100),
        },
        {
            "external_id": "e",
            "metric": "nps",
            "score": 8,
            "consultant": "E001",
            "channel": "phone",
            "submitted_at": ago(days=1),
        },
    )
    record(
        organization, {"external_id": "f", "metric": "ces", "score": 6, "submitted_at": ago(days=3)}
    )


def shown(response) -> list[str]:
    """External ids of the rows on the page, in order."""
    return [r.external_id for r in response.context["page"].object_list]


def test_manager_sees_every_response_newest_first(client_for, manager, answers):
    response = client_for(manager).get(URL)
    assert response.status_code == 200
    assert shown(response) == ["e", "a", "f", "c", "b", "d"]
    html = response.content.decode()
    assert "Kelner pamiętał moje zamówienie" in html
    assert "Очень быстро" in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"period": "7"}, {"e", "a", "f"}),
        ({"period": "30"}, {"e", "a", "f", "c"}),
        ({"period": "90"}, {"e", "a", "f", "c", "b"}),
        ({"metric": "csat"}, {"c", "d"}),
        ({"band": "passive"}, {"e"}),
        ({"has_comment": "yes"}, {"a", "c", "d"}),
        ({"has_comment": "no"}, {"b", "e", "f"}),
        ({"language": "ru"}, {"c"}),
        ({"source": "api"}, {"a", "b", "c", "d", "e", "f"}),
        ({"source": "import"}, set()),
    ],
)
def test_each_filter_narrows_the_list(client_for, manager, answers, query, expected):
    response = client_for(manager).get(URL, query)
    assert response.status_code == 200
    assert set(shown(response)) == expected


def test_custom_dates_include_both_ends(client_for, manager, answers):
    today = timezone.localdate()
    query = {
        "period": "custom",
        "date_from": (today - timedelta(days=10)).isoformat(),
        "date_to": (today - timedelta(days=2)).isoformat(),
    }
    assert set(shown(client_for(manager).get(URL, query))) == {"a", "c", "f"}


def test_location_consultant_and_survey_filters(
    client_for, manager, answers, location, second_consultant, nps_survey
):
    client = client_for(manager)
    assert set(shown(client.get(URL, {"location": location.pk}))) == {"a", "d", "e"}
    assert set(shown(client.get(URL, {"consultant": second_consultant.pk}))) == {"b", "c"}
    assert shown(client.get(URL, {"survey": nps_survey.pk})) == ["a"]


def test_score_band_means_the_same_across_metrics(client_for, manager, answers):
    client = client_for(manager)
    # NPS 9–10, CSAT 4–5, CES 6–7 are promoters; NPS 0–6, CSAT 1–2, CES 1–3 detractors.
    assert set(shown(client.get(URL, {"band": "promoter"}))) == {"a", "c", "f"}
    assert set(shown(client.get(URL, {"band": "detractor"}))) == {"b", "d"}
    html = client.get(URL, {"band": "detractor"}).content.decode()
    assert html.count("score-badge band-detractor") == 2


def test_summary_counts_responses_and_nps_of_the_filtered_rows(client_for, manager, answers):
    response = client_for(manager).get(URL)
    figures = response.context["figures"]
    assert figures.n == 6
    # NPS rows: 10 (promoter), 5 (detractor), 8 (passive): (1 - 1) / 3 = 0.
    assert (figures.nps_n, figures.promoters, figures.detractors, figures.nps) == (3, 1, 1, 0)
    assert (figures.csat_n, figures.csat) == (2, 50)

    only_recent = client_for(manager).get(URL, {"period": "7"}).context["figures"]
    # 10 and 8: one promoter out of two.
    assert (only_recent.n, only_recent.nps) == (3, 50)
    # One decimal, as on the dashboard (tests/surveys/test_response_nps_matches_dashboard.py).
    html = client_for(manager).get(URL, {"period": "7"}).content.decode()
    assert "NPS <strong>+50.0</strong>" in html


def test_filters_stay_in_the_url_and_htmx_gets_only_the_results(client_for, manager, answers):
    response = client_for(manager).get(URL, {"metric": "csat"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="results"')
    assert "<form" not in html
    # The exports carry the same filters.
    assert "export.csv?metric=csat" in html
    assert "HX-Request" in response["Vary"]


def test_page_without_javascript_has_a_real_form(client_for, manager, answers):
    html = client_for(manager).get(URL).content.decode()
    assert 'method="get" action="/surveys/responses/"' in html
    assert 'hx-push-url="true"' in html
    assert "Show responses" in html


@pytest.mark.parametrize(
    "query",
    [
        {"period": "custom", "date_from": "2026-02-10", "date_to": "2026-02-01"},
        {"band": "delighted"},
        {"date_from": "yesterday"},
        {"metric": "xyz"},
    ],
)
def test_refused_filters_answer_400_without_rows(client_for, manager, answers, query):
    response = client_for(manager).get(URL, query)
    assert response.status_code == 400
    assert "page" not in response.context
    assert "These filters cannot be applied" in response.content.decode()


def test_another_organizations_location_is_not_a_choice(
    client_for, manager, answers, other_organization
):
    from accounts import services as account_services

    theirs = account_services.save_location(
        organization=other_organization, name="Rival HQ", code="hq"
    )
    response = client_for(manager).get(URL, {"location": theirs.pk})
    assert response.status_code == 400
    assert "Choose a location of your organization." in response.content.decode()


def test_outsider_sees_none_of_auroras_responses(client_for, outsider, answers):
    response = client_for(outsider).get(URL)
    assert response.status_code == 200
    assert shown(response) == []
    assert "Kelner" not in response.content.decode()


def test_time_is_shown_on_the_locations_clock(client_for, manager, organization, consultant):
    # 12:00 UTC is 13:00 in Kraków in January.
    record(
        organization,
        {"metric": "nps", "score": 9, "consultant": "E001", "submitted_at": "2025-01-15T12:00:00Z"},
    )
    assert "2025-01-15 13:00" in client_for(manager).get(URL).content.decode()


def test_long_comment_is_shown_whole(client_for, manager, organization, consultant):
    comment = "Bardzo długi komentarz. " * 80
    record(
        organization,
        {
            "metric": "nps",
            "score": 3,
            "consultant": "E001",
            "comment": comment,
            "submitted_at": ago(hours=1),
        },
    )
    assert comment.strip() in client_for(manager).get(URL).content.decode()


def test_fifty_rows_a_page(client_for, manager, organization, consultant):
    record(
        organization,
        *[
            {
                "metric": "nps",
                "score": i % 11,
                "consultant": "E001",
                "submitted_at": ago(hours=i + 1),
            }
            for i in range(55)
        ],
    )
    client = client_for(manager)
    first = client.get(URL)
    assert len(first.context["page"].object_list) == 50
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(URL, {"page": 2})
    assert len(second.context["page"].object_list) == 5


def test_list_queries_do_not_grow_with_rows(
    client_for, manager, organization, consultant, answers, django_assert_num_queries
):
    client = client_for(manager)
    with django_assert_num_queries(LIST_MANAGER):
        assert client.get(URL).status_code == 200

    record(
        organization,
        *[
            {
                "metric": "csat",
                "score": 1 + i % 5,
                "consultant": "E001",
                "comment": f"#{i}",
                "submitted_at": ago(hours=i + 1),
            }
            for i in range(70)
        ],
    )
    with django_assert_num_queries(LIST_MANAGER):
        response = client.get(URL)
    assert response.content.decode().count('class="score-badge') == 50


def test_empty_organization_explains_where_responses_come_from(client_for, manager):
    html = client_for(manager).get(reverse("surveys:response_list")).content.decode()
    assert "No responses yet" in html
    assert reverse("surveys:import_upload") in html


@pytest.fixture(autouse=True)
def on_the_readers_clock():
    """The pages count days on the reader's clock (Kraków: Europe/Warsaw), so "today" in
    these expectations is Warsaw's too: between 23:00 and 24:00 UTC it is already tomorrow."""
    with timezone.override("Europe/Warsaw"):
        yield
