"""List and detail endpoints run a fixed number of queries, whatever the number of rows.

With an API key: 1 query finds the key (and its organization, joined), then the page
needs a COUNT and one SELECT. A session costs 2 more than a key's lookup: the session,
the user and the membership. The key's once-a-minute `last_used_at` write is kept out
of the counts by marking the key as just used.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from standards.services import create_behaviour, publish_standards
from touchpoints.services import create_journey, create_moment, create_touchpoint

LIST_URLS = ["journeys", "touchpoints", "moments", "behaviours", "versions"]
KEY_LOOKUP = 1  # api key + organization (select_related)
SESSION_LOOKUP = 3  # session, user, membership + organization (select_related)
PAGE = 2  # COUNT(*) and the page's SELECT; parents and publishers are joined
# A journey's locations (many-to-many) come in one prefetch for the whole page.
PREFETCH = {"journeys": 1}


def grow(manager, rows: int, publish: bool) -> None:
    """Add `rows` journeys, each with a touchpoint, a critical moment, an iron and a master
    behaviour, and (if `publish`) publish a version after each."""
    organization = manager.organization
    for number in range(rows):
        journey = create_journey(organization=organization, name=f"Journey {number}")
        touchpoint = create_touchpoint(journey=journey, name=f"Desk {number}", channel="chat")
        moment = create_moment(touchpoint=touchpoint, name=f"Hello {number}", is_critical=True)
        create_behaviour(moment=moment, kind="iron", text=f"Answer within {number + 1} minutes")
        create_behaviour(moment=moment, kind="master", text=f"Use the name, {number}")
        if publish:
            publish_standards(organization=organization, by=manager.user)


@pytest.mark.parametrize("url", LIST_URLS)
def test_list_queries_do_not_grow_with_rows_api_key(
    url, api, aurora, manager, keys_touched_now, django_assert_num_queries
):
    sizes = []
    for rows in (1, 10):
        grow(manager, rows, publish=url == "versions")
        keys_touched_now()
        with django_assert_num_queries(KEY_LOOKUP + PAGE + PREFETCH.get(url, 0)):
            response = api.get(f"/api/v1/{url}/")
        assert response.status_code == 200
        sizes.append(len(response.json()["results"]))
    assert sizes[1] >= sizes[0] + 10  # the second page really is bigger


@pytest.mark.parametrize("url", LIST_URLS)
def test_list_queries_do_not_grow_with_rows_session(
    url, aurora, manager, session_api, django_assert_num_queries
):
    client = session_api(manager)
    for rows in (1, 10):
        grow(manager, rows, publish=url == "versions")
        with django_assert_num_queries(SESSION_LOOKUP + PAGE + PREFETCH.get(url, 0)):
            assert client.get(f"/api/v1/{url}/").status_code == 200


@pytest.mark.parametrize("url", ["journeys", "touchpoints", "moments", "behaviours"])
def test_filtered_lists_cost_the_same(
    url, api, aurora, keys_touched_now, django_assert_num_queries
):
    query = {
        "journeys": "",
        "touchpoints": f"journey={aurora.journeys[0].pk}",
        "moments": f"journey={aurora.journeys[0].pk}&is_critical=true",
        "behaviours": f"moment={aurora.moments[0].pk}&kind=iron",
    }[url]
    keys_touched_now()
    with django_assert_num_queries(KEY_LOOKUP + PAGE + PREFETCH.get(url, 0)):
        assert api.get(f"/api/v1/{url}/?{query}").status_code == 200


@pytest.mark.parametrize("url", ["journeys", "touchpoints", "moments", "behaviours"])
def test_detail_is_two_queries(url, api, aurora, keys_touched_now, django_assert_num_queries):
    obj = getattr(aurora, url)[0]
    keys_touched_now()
    with django_assert_num_queries(KEY_LOOKUP + 1 + PREFETCH.get(url, 0)):
        assert api.get(f"/api/v1/{url}/{obj.pk}/").status_code == 200


def test_version_detail_is_two_queries(
    api, published_version, keys_touched_now, django_assert_num_queries
):
    keys_touched_now()
    with django_assert_num_queries(KEY_LOOKUP + 1):
        assert api.get(f"/api/v1/versions/{published_version.number}/").status_code == 200


# --- Survey responses --------------------------------------------------------------------------


def add_responses(organization, rows: int, offset: int = 0) -> None:
    """`rows` responses alternating between Stan and Sara, over the last `rows` hours."""
    from datetime import timedelta

    from django.utils import timezone

    from surveys.intake.checks import check_responses
    from surveys.intake.services import record_responses

    checked = check_responses(
        organization=organization,
        rows=[
            {
                "metric": "nps",
                "score": number % 11,
                "consultant": ("E001", "E002")[number % 2],
                "comment": "Fine" if number % 3 else "",
                "submitted_at": timezone.now() - timedelta(hours=offset + number + 1),
            }
            for number in range(rows)
        ],
    )
    record_responses(organization=organization, rows=checked, source="api")


@pytest.mark.parametrize("query", ["", "?consultant=E002&band=detractor&has_comment=true"])
def test_response_list_queries_do_not_grow_with_rows_api_key(
    query,
    api,
    organization,
    consultant,
    second_consultant,
    keys_touched_now,
    django_assert_num_queries,
):
    sizes = []
    for rows in (5, 40):  # (an empty page would skip its SELECT)
        add_responses(organization, rows, offset=len(sizes) * 100)
        keys_touched_now()
        with django_assert_num_queries(KEY_LOOKUP + PAGE):
            response = api.get(f"/api/v1/responses/{query}")
        assert response.status_code == 200
        sizes.append(response.json()["count"])
    assert sizes[1] > sizes[0]


@pytest.mark.parametrize("persona", ["manager", "consultant"])
def test_response_list_queries_do_not_grow_with_rows_session(
    persona,
    request,
    organization,
    consultant,
    second_consultant,
    session_api,
    django_assert_num_queries,
):
    client = session_api(request.getfixturevalue(persona))
    for rows in (1, 30):
        add_responses(organization, rows, offset=rows * 100)
        with django_assert_num_queries(SESSION_LOOKUP + PAGE):
            assert client.get("/api/v1/responses/").status_code == 200


def test_response_detail_is_two_queries(
    api, organization, consultant, second_consultant, keys_touched_now, django_assert_num_queries
):
    from surveys.models import Response

    add_responses(organization, 2)
    target = Response.objects.first()
    keys_touched_now()
    with django_assert_num_queries(KEY_LOOKUP + 1):
        assert api.get(f"/api/v1/responses/{target.pk}/").status_code == 200


def test_recording_a_list_costs_the_same_whatever_its_length(
    api, organization, consultant, second_consultant, aurora, keys_touched_now
):
    """Codes and ids are resolved one query per table, the rows saved by one bulk INSERT,
    the answer read back in one query: 1 item or 500 cost the same. (SQLite caps the
    parameters of one statement, so there the INSERT alone is split in batches.)"""
    from datetime import timedelta

    from django.utils import timezone

    when = (timezone.now() - timedelta(hours=1)).isoformat()

    def body(items: int, prefix: str):
        return [
            {
                "metric": "nps",
                "score": number % 11,
                "consultant": ("E001", "E002")[number % 2],
                "location": "krk",
                "moment": aurora.moments[number % 2].pk,
                "submitted_at": when,
                "external_id": f"{prefix}-{number}",
            }
            for number in range(items)
        ]

    other, inserts = [], []
    for items, prefix in ((1, "one"), (500, "many")):
        keys_touched_now()
        with CaptureQueriesContext(connection) as queries:
            response = api.post("/api/v1/responses/", body(items, prefix), format="json")
        assert response.status_code == 201, response.content
        statements = [q["sql"] for q in queries.captured_queries]
        inserts.append(sum(sql.startswith("INSERT") for sql in statements))
        other.append(len(statements) - inserts[-1])
    # consultants, locations, moments; savepoint, saved external ids, release; read back;
    # the request's own transaction (a savepoint pair inside the test's transaction)
    assert other[0] == other[1] == KEY_LOOKUP + 9, other
    if connection.vendor == "postgresql":
        assert inserts == [2, 2]  # the responses, and the rollup slices they owe
