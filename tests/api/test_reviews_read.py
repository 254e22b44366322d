"""GET /api/v1/reviews/ and /api/v1/reviews/{id}/: who sees which reviews, filters, and
a fixed number of queries whatever the number of reviews.

Aurora's reviews (tests/api/conftest.py): Alice observed Stan (3 days ago), Mira
mystery-shopped Sara (2 days ago), Stan reviewed himself (yesterday), and Alice is
drafting an observation of Sara.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews import services

from .test_query_counts import KEY_LOOKUP, SESSION_LOOKUP

URL = "/api/v1/reviews/"


def listed(client, query: str = "") -> list[int]:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def ids(reviews, *indexes) -> list[int]:
    return [reviews.reviews[index].pk for index in indexes]


def test_an_api_key_lists_the_organizations_reviews_newest_first(api, aurora_reviews):
    assert listed(api) == ids(aurora_reviews, 3, 2, 1, 0)


@pytest.mark.parametrize(
    "persona, indexes",
    # Alice manages Kraków: not Mira's mystery shop of Sara at Warszawa, but her own draft.
    [("manager", (3, 2, 0)), ("admin", (3, 2, 1, 0)), ("executive", (3, 2, 1, 0))],
)
def test_managers_admins_and_executives_see_every_review(
    persona, indexes, personas, session_api, aurora_reviews
):
    assert listed(session_api(personas[persona])) == ids(aurora_reviews, *indexes)


def test_staff_see_only_reviews_of_themselves(session_api, consultant, aurora_reviews):
    """Stan: Alice's observation of him and his self-review; not Sara's reviews, not
    Alice's draft."""
    client = session_api(consultant)
    assert listed(client) == ids(aurora_reviews, 2, 0)
    sara_review = aurora_reviews.reviews[1]
    assert client.get(f"{URL}{sara_review.pk}/").status_code == 404


def test_staff_see_the_reviews_they_wrote_and_their_drafts(
    session_api, mystery_shopper, consultant, aurora_reviews
):
    draft = services.start_review(
        organization=mystery_shopper.organization,
        reviewer=mystery_shopper,
        kind="mystery_shop",
        consultant=consultant,
        location=consultant.location,
        moments=[aurora_reviews.moment],
        occurred_at=timezone.now() - timedelta(hours=1),
    )
    assert listed(session_api(mystery_shopper)) == [draft.pk, aurora_reviews.reviews[1].pk]


def test_a_consultant_does_not_see_a_review_of_them_still_in_draft(
    session_api, second_consultant, aurora_reviews
):
    assert listed(session_api(second_consultant)) == ids(aurora_reviews, 1)
    draft = aurora_reviews.reviews[3]
    assert session_api(second_consultant).get(f"{URL}{draft.pk}/").status_code == 404


def test_the_detail_has_items_version_and_correction_links(
    api, manager, aurora_reviews, published_version
):
    original = aurora_reviews.reviews[0]
    correction = services.correct_review(review=original, by=manager)
    services.score_item(
        review=correction, behaviour=aurora_reviews.behaviours[1], result="met", note="Re-heard"
    )

    # While the correction is a draft, the original still counts.
    assert api.get(f"{URL}{original.pk}/").json()["superseded_by"] is None
    services.submit_review(review=correction)

    old = api.get(f"{URL}{original.pk}/").json()
    new = api.get(f"{URL}{correction.pk}/").json()
    assert old["superseded_by"] == correction.pk and old["standards_version"] is None
    assert new["supersedes"] == original.pk and new["superseded_by"] is None
    assert new["standards_version"] == published_version.number
    assert [(i["behaviour"], i["result"], i["note"]) for i in new["items"]] == [
        (aurora_reviews.behaviours[0].pk, "met", ""),
        (aurora_reviews.behaviours[1].pk, "met", "Re-heard"),
        (aurora_reviews.behaviours[2].pk, "met", ""),
    ]
    assert new["items"][2]["text"] == aurora_reviews.behaviours[2].text


def test_acknowledged_at_is_shown(api, consultant, aurora_reviews):
    review = services.acknowledge_review(review=aurora_reviews.reviews[0], membership=consultant)
    assert api.get(f"{URL}{review.pk}/").json()["acknowledged_at"] is not None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("consultant=E001", [2, 0]),
        ("consultant=E002", [3, 1]),
        ("consultant=R001", []),  # Rival's code: like any unknown code, nothing
        ("location=krk", [2, 0]),
        ("location=waw", [3, 1]),
        ("kind=self", [2]),
        ("kind=mystery_shop", [1]),
        ("status=draft", [3]),
        ("status=submitted", [2, 1, 0]),
        ("kind=observation&status=submitted", [0]),
    ],
)
def test_list_filters(api, aurora_reviews, rival_reviews, query, expected):
    assert listed(api, query) == ids(aurora_reviews, *expected)


def test_date_filters_take_whole_days(api, aurora_reviews):
    today = timezone.localdate()
    two_days_ago = (today - timedelta(days=2)).isoformat()
    assert listed(api, f"from={two_days_ago}") == ids(aurora_reviews, 3, 2, 1)
    assert listed(api, f"to={two_days_ago}") == ids(aurora_reviews, 1, 0)
    assert listed(api, f"from={two_days_ago}&to={two_days_ago}") == ids(aurora_reviews, 1)


def test_interaction_ref_filter(api, manager, consultant, aurora_reviews):
    review = services.start_review(
        organization=manager.organization,
        reviewer=manager,
        kind="call_review",
        consultant=consultant,
        location=consultant.location,
        moments=[aurora_reviews.moment],
        occurred_at=timezone.now() - timedelta(days=5),
        interaction_ref="CALL-9",
    )
    assert listed(api, "interaction_ref=CALL-9") == [review.pk]


@pytest.mark.parametrize(
    "query",
    [
        "kind=bronze",
        "kind=",
        "status=done",
        "consultant=",
        "from=2025-1-5",
        "from=20250105",
        "to=yesterday",
        "from=",
        "location=" + "x" * 41,
    ],
)
def test_invalid_filters_are_a_400(api, aurora_reviews, query):
    response = api.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert set(response.json()) == {query.split("=")[0]}


@pytest.mark.parametrize("pk", ["abc", "0", "99999999999999999999999"])
def test_odd_ids_are_not_found(api, aurora_reviews, pk):
    assert api.get(f"{URL}{pk}/").status_code == 404


# --- Query counts ---------------------------------------------------------------------------

# COUNT, the page, the page's moments and the page's items with their behaviours; people,
# location and version are joined, the correcting review is a subquery.
LIST = 4
DETAIL = 3  # the review, its moments, its items


def more_reviews(manager, consultant, moment, behaviours, count: int) -> None:
    for number in range(count):
        review = services.start_review(
            organization=manager.organization,
            reviewer=manager,
            kind="observation",
            consultant=consultant,
            location=consultant.location,
            moments=[moment],
            occurred_at=timezone.now() - timedelta(days=10 + number),
        )
        for behaviour in behaviours:
            services.score_item(review=review, behaviour=behaviour, result="met")
        review = services.submit_review(review=review)
        if number % 2:
            services.submit_review(review=services.correct_review(review=review, by=manager))


def test_list_queries_do_not_grow_with_reviews(
    api, aurora_reviews, manager, consultant, keys_touched_now, django_assert_num_queries
):
    sizes = []
    for count in (1, 10):
        more_reviews(manager, consultant, aurora_reviews.moment, aurora_reviews.behaviours, count)
        keys_touched_now()
        with django_assert_num_queries(KEY_LOOKUP + LIST):
            response = api.get(URL)
        assert response.status_code == 200
        sizes.append(len(response.json()["results"]))
    assert sizes[1] >= sizes[0] + 10


def test_session_list_queries_do_not_grow_with_reviews(
    session_api, aurora_reviews, manager, consultant, django_assert_num_queries
):
    for persona in (manager, consultant):
        client = session_api(persona)
        for count in (1, 5):
            more_reviews(
                manager, consultant, aurora_reviews.moment, aurora_reviews.behaviours, count
            )
            with django_assert_num_queries(SESSION_LOOKUP + LIST):
                assert client.get(URL).status_code == 200


def test_filtered_list_costs_the_same(
    api, aurora_reviews, keys_touched_now, django_assert_num_queries
):
    keys_touched_now()
    with django_assert_num_queries(KEY_LOOKUP + LIST):
        assert api.get(f"{URL}?consultant=E001&kind=self&from=2020-01-01").status_code == 200


def test_detail_queries_are_fixed(api, aurora_reviews, keys_touched_now, django_assert_num_queries):
    keys_touched_now()
    with django_assert_num_queries(KEY_LOOKUP + DETAIL):
        assert api.get(f"{URL}{aurora_reviews.reviews[0].pk}/").status_code == 200


def test_the_schema_documents_reviews_compliance_and_competitor_practices(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    assert set(paths["/api/v1/reviews/"]) == {"get", "post"}
    assert set(paths["/api/v1/reviews/{id}/"]) == {"get"}
    assert set(paths["/api/v1/reviews/"]["post"]["responses"]) == {
        "200",
        "201",
        "400",
        "401",
        "403",
        "413",  # a body over the limit
        "422",  # an Idempotency-Key used before with another body
        "429",  # over the API rate limit
    }
    assert set(paths["/api/v1/compliance/"]["get"]["responses"]) == {
        "200",
        "400",
        "401",
        "403",
        "429",
    }
    parameters = {p["name"] for p in paths["/api/v1/compliance/"]["get"]["parameters"]}
    assert parameters == {"group_by", "from", "to", "kind", "location", "moment", "consultant"}
    assert set(paths["/api/v1/competitor-practices/{id}/"]) == {"get", "delete"}
    assert "reviewer" in paths["/api/v1/reviews/"]["post"]["description"]


def test_the_browsable_api_renders(aurora_reviews, aurora_practices, manager, session_api):
    client = session_api(manager)
    for url in (
        URL,
        f"{URL}{aurora_reviews.reviews[0].pk}/",
        "/api/v1/compliance/?group_by=week",
        "/api/v1/competitor-practices/",
    ):
        assert client.get(url, HTTP_ACCEPT="text/html").status_code == 200, url
