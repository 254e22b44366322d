"""POST /api/v1/reviews/: a complete review in one request, saved entirely or not at all.

Mira (E009, staff allowed to mystery-shop) observes Stan (E001) at Aurora's moment of
truth, whose three behaviours (two iron, one master) must all be scored.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.models import Review, ReviewItem
from standards import services as standards_services

from .conftest import key_client

URL = "/api/v1/reviews/"


def rows():
    return list(Review.objects.order_by("pk").values()), list(
        ReviewItem.objects.order_by("pk").values()
    )


@pytest.fixture
def unchanged(aurora, mystery_shopper, rival_reviews):
    """Asserts, after the test, that no review or item of either organization was saved
    or changed."""
    before = rows()
    yield
    assert rows() == before


def refused(client, body) -> dict:
    response = client.post(URL, body, format="json")
    assert response.status_code == 400, response.content
    return response.json()


def test_it_creates_a_submitted_review_with_its_items(api, review_body, aurora, consultant):
    response = api.post(
        URL, review_body(interaction_ref=" CALL-77 ", coaching_note="Well done"), format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    review = Review.objects.get(pk=body["id"])
    assert review.status == "submitted" and review.counts
    assert (review.reviewer.employee_code, review.consultant_id) == ("E009", consultant.pk)
    assert body["kind"] == "observation" and body["status"] == "submitted"
    assert (body["reviewer"], body["consultant"], body["location"]) == ("E009", "E001", "krk")
    assert (body["reviewer_name"], body["consultant_name"]) == ("Mira Test", "Stan Test")
    assert body["moments"] == [aurora.moments[0].pk]
    assert body["interaction_ref"] == "CALL-77" and body["coaching_note"] == "Well done"
    assert body["standards_version"] is None  # nothing published yet
    assert body["supersedes"] is None and body["superseded_by"] is None
    assert body["acknowledged_at"] is None and body["submitted_at"] is not None
    scored = {(item["behaviour"], item["kind"], item["result"]) for item in body["items"]}
    iron, second_iron, master = aurora.behaviours
    assert scored == {
        (iron.pk, "iron", "met"),
        (second_iron.pk, "iron", "not_met"),
        (master.pk, "master", "met"),
    }
    assert review.items.count() == 3


def test_it_records_the_published_version_scored_against(api, review_body, published_version):
    response = api.post(URL, review_body(), format="json")
    assert response.status_code == 201 and response.json()["standards_version"] == 1


def test_a_retry_with_the_same_client_token_returns_the_same_review(api, review_body):
    body = review_body(client_token="tablet-7f3a")

    first = api.post(URL, body, format="json")
    again = api.post(URL, body, format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Review.objects.filter(client_token="tablet-7f3a").count() == 1
    assert Review.objects.count() == 1 and ReviewItem.objects.count() == 3


def test_a_client_token_already_taken_by_a_draft_is_refused(api, review_body, manager, aurora):
    from reviews import services

    services.start_review(
        organization=manager.organization,
        reviewer=manager,
        kind="observation",
        consultant=manager.organization.memberships.get(employee_code="E001"),
        location=manager.location,
        moments=[aurora.moments[0]],
        occurred_at=timezone.now(),
        client_token="taken",
    )
    before = rows()
    assert refused(api, review_body(client_token="taken")) == {
        "client_token": ["This token is already used; send a new one."]
    }
    assert rows() == before


def test_one_bad_item_saves_nothing(api, review_body, unchanged, aurora):
    body = review_body()
    body["items"].append({"behaviour": 999_999, "result": "met"})
    count = Review.objects.count()

    assert refused(api, body) == {"items": {"3": {"behaviour": ["Unknown behaviour."]}}}
    assert Review.objects.count() == count


def test_errors_name_each_bad_item_by_position(api, review_body, unchanged):
    body = review_body()
    body["items"][0]["result"] = "perfect"
    del body["items"][2]["result"]
    assert refused(api, body) == {
        "items": {
            "0": {"result": ['"perfect" is not a valid choice.']},
            "2": {"result": ["This field is required."]},
        }
    }


def test_a_service_refusal_on_an_item_rolls_back_the_whole_review(
    api, review_body, unchanged, aurora
):
    """The behaviour exists in Aurora but belongs to a moment the review does not cover:
    the review was already started in the transaction when score_item refused."""
    other = standards_services.create_behaviour(
        moment=aurora.moments[1], kind="iron", text="Explain the specials"
    )
    body = review_body()
    body["items"].insert(1, {"behaviour": other.pk, "result": "met"})
    before = Review.objects.count()

    assert refused(api, body) == {
        "items": {
            "1": {
                "behaviour": ["“Explain the specials” does not belong to a moment of this review."]
            }
        }
    }
    assert Review.objects.count() == before


def test_a_retired_behaviour_cannot_be_scored(api, review_body, unchanged, aurora):
    retired = standards_services.create_behaviour(
        moment=aurora.moments[0], kind="master", text="Offer a digestif"
    )
    standards_services.retire_behaviour(behaviour=retired)
    body = review_body()
    body["items"].append({"behaviour": retired.pk, "result": "met"})

    assert refused(api, body) == {
        "items": {
            "3": {
                "behaviour": [
                    "“Offer a digestif” was removed from the standards and cannot be scored."
                ]
            }
        }
    }


def test_every_behaviour_of_the_moments_must_be_scored(api, review_body, unchanged, aurora):
    body = review_body()
    del body["items"][1]
    second_iron = aurora.behaviours[1]
    assert refused(api, body) == {
        "items": [
            "Score every behaviour of the chosen moments; not scored: "
            f"“{second_iron.text}” ({second_iron.pk})."
        ]
    }


def test_a_behaviour_scored_twice_is_refused(api, review_body, unchanged, aurora):
    body = review_body()
    body["items"].append({"behaviour": aurora.behaviours[0].pk, "result": "not_met"})
    assert refused(api, body) == {
        "items": {"3": {"behaviour": ["Scored twice: item 0 scores it already."]}}
    }


@pytest.mark.parametrize(
    ("items", "message"),
    [([], "This list may not be empty."), ({"behaviour": 1}, None), ("met", None)],
)
def test_items_must_be_a_non_empty_list(api, review_body, unchanged, items, message):
    result = refused(api, review_body(items=items))
    assert set(result) == {"items"} and isinstance(result["items"], list)
    if message:
        assert result["items"] == [message]


def test_a_consultant_code_of_another_organization_is_unknown(
    api, review_body, unchanged, rival_reviews
):
    assert refused(api, review_body(consultant="R001")) == {"consultant": ["Unknown consultant."]}
    assert refused(api, review_body(consultant="NOPE")) == {"consultant": ["Unknown consultant."]}


def test_codes_and_ids_of_another_organization_are_unknown(
    api, review_body, unchanged, rival_reviews
):
    assert refused(api, review_body(location="rv1")) == {"location": ["Unknown location."]}
    assert refused(api, review_body(reviewer="R001")) == {"reviewer": ["Unknown reviewer."]}
    assert refused(api, review_body(moments=[rival_reviews.moment.pk])) == {
        "moments": ["Unknown moment."]
    }
    body = review_body()
    body["items"][0]["behaviour"] = rival_reviews.behaviours[0].pk
    assert refused(api, body) == {"items": {"0": {"behaviour": ["Unknown behaviour."]}}}


def test_a_review_in_the_future_is_refused(api, review_body, unchanged):
    tomorrow = (timezone.now() + timedelta(days=1)).isoformat()
    assert refused(api, review_body(occurred_at=tomorrow)) == {
        "occurred_at": ["The interaction cannot be in the future."]
    }


@pytest.mark.parametrize(
    "value",
    ["2025-03-14", "2025-03-14T18:30", "2025-03-14T18:30:00", "14/03/2025 18:30", 1741973400],
)
def test_occurred_at_needs_a_date_time_with_offset(api, review_body, unchanged, value):
    result = refused(api, review_body(occurred_at=value))
    assert result == {
        "occurred_at": ["Enter a date and time with its offset, e.g. 2025-03-14T18:30:00+01:00."]
    }


def test_a_review_before_2000_is_refused(api, review_body, unchanged):
    result = refused(api, review_body(occurred_at="0001-01-01T00:00:00+14:00"))
    assert result == {"occurred_at": ["The interaction cannot be before 2000."]}


def test_an_api_key_must_name_the_reviewer(api, review_body, unchanged):
    body = review_body()
    del body["reviewer"]
    assert refused(api, body) == {
        "reviewer": ["Required with an API key: the reviewer's employee code."]
    }


def test_a_reviewer_who_may_not_review_others_is_refused(
    api, review_body, unchanged, second_consultant
):
    """Sara (E002) is plain staff: through a key she may only be named for a self-review."""
    assert refused(api, review_body(reviewer="E002")) == {
        "kind": ["You may not record reviews of other people."]
    }


def test_a_self_review_is_by_the_consultant(api, review_body, unchanged):
    assert refused(api, review_body(kind="self")) == {
        "kind": ["A self-review is done by the consultant themselves."]
    }


def test_a_self_review_through_a_key_names_the_consultant_as_reviewer(api, review_body):
    response = api.post(URL, review_body(kind="self", reviewer="E001"), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["reviewer"] == response.json()["consultant"] == "E001"


def test_a_manager_in_a_session_is_the_reviewer(session_api, manager, review_body):
    body = review_body()
    del body["reviewer"]
    response = session_api(manager).post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    assert Review.objects.get(pk=response.json()["id"]).reviewer == manager


def test_a_session_cannot_record_in_someone_elses_name(
    session_api, mystery_shopper, review_body, unchanged
):
    result = refused(session_api(mystery_shopper), review_body(reviewer="E001"))
    assert result == {
        "reviewer": ["Signed in, you record reviews as yourself: leave the reviewer out."]
    }


def test_staff_record_their_own_self_reviews(session_api, consultant, review_body):
    body = review_body(kind="self")
    del body["reviewer"]
    response = session_api(consultant).post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["reviewer"] == "E001"


def test_staff_cannot_review_others(session_api, consultant, second_consultant, review_body):
    body = review_body(consultant="E002")
    del body["reviewer"]
    before = rows()
    response = session_api(consultant).post(URL, body, format="json")
    assert response.status_code == 403
    assert rows() == before


def test_staff_who_may_mystery_shop_review_others(session_api, mystery_shopper, review_body):
    body = review_body(kind="mystery_shop")
    del body["reviewer"]
    response = session_api(mystery_shopper).post(URL, body, format="json")
    assert response.status_code == 201, response.json()


def test_executives_cannot_create_reviews(session_api, executive, review_body, unchanged):
    assert session_api(executive).post(URL, review_body(), format="json").status_code == 403


def test_a_rival_key_cannot_use_aurora_codes(rival_key, review_body, unchanged, rival_reviews):
    result = refused(key_client(rival_key), review_body())
    assert result["consultant"] == ["Unknown consultant."]
    assert result["location"] == ["Unknown location."]
    assert result["moments"] == ["Unknown moment."]


def test_only_json_is_accepted(api, review_body, unchanged):
    assert api.post(URL, {"kind": "self"}).status_code == 415
