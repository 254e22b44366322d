"""/api/v1/responses/: a till, survey platform or CRM sends customers' answers, one or a
list, safely retried; and reads them back, filtered and paginated.

Aurora's key posts; Stan (E001, Kraków) and Sara (E002, Warszawa) are the consultants.
Rival Bank has Olga (R001), whose code means nothing to Aurora.
"""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from surveys import signals
from surveys.forms.services import create_survey
from surveys.intake.checks import check_responses
from surveys.intake.services import record_responses
from surveys.models import Response

from .conftest import hours_ago_iso

URL = "/api/v1/responses/"


def saved():
    return list(Response.objects.order_by("pk").values())


@pytest.fixture
def unchanged(organization, rival_response):
    """Asserts, after the test, that no response of either organization was saved or
    changed."""
    before = saved()
    yield
    assert saved() == before


def refused(api, body) -> dict:
    response = api.post(URL, body, format="json")
    assert response.status_code == 400, response.content
    return response.json()


# --- Recording ---------------------------------------------------------------------------------


def test_it_records_one_response_credited_to_the_consultant(api, response_body, aurora, consultant):
    moment = aurora.moments[0]
    body = response_body(
        comment="  The waiter remembered my usual order ",
        language="pl",
        moment=moment.pk,
        interaction_ref="RCP-881",
        external_id="till-7-0001",
    )

    response = api.post(URL, body, format="json")

    assert response.status_code == 201, response.content
    shown = response.json()
    saved_response = Response.objects.get(pk=shown["id"])
    assert saved_response.source == "api" and saved_response.organization.slug == "aurora"
    assert (saved_response.consultant, saved_response.location) == (consultant, consultant.location)
    assert (saved_response.moment, saved_response.touchpoint) == (moment, moment.touchpoint)
    assert shown["score"] == 9 and shown["band"] == "promoter" and shown["metric"] == "nps"
    assert shown["comment"] == "The waiter remembered my usual order"
    assert (shown["consultant"], shown["consultant_name"], shown["location"]) == (
        "E001",
        "Stan Test",
        "krk",
    )
    assert shown["channel"] == "in_person"  # the touchpoint's
    assert shown["source"] == "api" and shown["language"] == "pl"
    assert (shown["interaction_ref"], shown["external_id"]) == ("RCP-881", "till-7-0001")


def test_the_metric_comes_from_the_survey_when_left_out(api, response_body, organization, aurora):
    survey = create_survey(
        organization=organization, name="Paying CSAT", metric="csat", moment=aurora.moments[1]
    )

    response = api.post(URL, response_body(metric=None, survey=survey.pk, score=4), format="json")

    assert response.status_code == 201, response.content
    shown = response.json()
    assert (shown["metric"], shown["survey"], shown["moment"]) == (
        "csat",
        survey.pk,
        survey.moment_id,
    )
    assert shown["band"] == "promoter"


def test_a_list_is_recorded_in_request_order(api, response_body, second_consultant):
    body = [
        response_body(score=10, external_id="a"),
        response_body(score=3, consultant="E002", external_id="b"),
        response_body(metric="ces", score=6),
    ]

    response = api.post(URL, body, format="json")

    assert response.status_code == 201, response.content
    shown = response.json()
    assert [(r["score"], r["consultant"], r["external_id"]) for r in shown] == [
        (10, "E001", "a"),
        (3, "E002", "b"),
        (6, "E001", ""),
    ]
    assert [r["location"] for r in shown] == ["krk", "waw", "krk"]
    assert Response.objects.filter(source="api").count() == 3


def test_the_same_list_posted_twice_yields_the_same_rows(api, response_body, second_consultant):
    body = [response_body(score=score, external_id=f"crm-{score}") for score in range(11)]

    first = api.post(URL, body, format="json")
    count = Response.objects.count()
    again = api.post(URL, body, format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert [r["id"] for r in again.json()] == [r["id"] for r in first.json()]
    assert again.json() == first.json()
    assert Response.objects.count() == count == 11


def test_a_retried_response_returns_the_saved_one_with_200(api, response_body):
    first = api.post(URL, response_body(external_id="survey-42"), format="json")
    # A retry wins over a changed body: the saved response is the fact.
    again = api.post(URL, response_body(external_id="survey-42", score=2), format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json() and again.json()["score"] == 9
    assert Response.objects.count() == 1


def test_a_list_with_old_and_new_responses_is_201_in_request_order(api, response_body):
    old = api.post(URL, response_body(external_id="old", score=8), format="json").json()

    response = api.post(
        URL,
        [response_body(external_id="new", score=1), response_body(external_id="old", score=8)],
        format="json",
    )

    assert response.status_code == 201
    new, again = response.json()
    assert again == old and new["external_id"] == "new" and new["id"] != old["id"]
    assert Response.objects.count() == 2


def test_external_ids_are_per_organization(api, response_body, rival_response):
    """Rival's `pos-1` and Aurora's `pos-1` are two different responses."""
    Response.objects.filter(pk=rival_response.pk).update(external_id="pos-1")

    response = api.post(URL, response_body(external_id="pos-1"), format="json")

    assert response.status_code == 201
    assert Response.objects.filter(external_id="pos-1").count() == 2


def test_recording_tells_the_rollups_which_day_changed(
    api, response_body, django_capture_on_commit_callbacks
):
    told = []

    def receiver(sender, organization_id, utc_dates, **kwargs):
        told.append(utc_dates)

    signals.responses_recorded.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            api.post(URL, response_body(submitted_at="2025-03-14T23:30:00-02:00"), format="json")
    finally:
        signals.responses_recorded.disconnect(receiver)
    assert [[day.isoformat() for day in days] for days in told] == [["2025-03-15"]]


def test_a_manager_records_in_a_browser_session_with_the_csrf_token(manager, response_body):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(manager.user)
    secret = "k" * 32  # the cookie's secret; an unmasked token equal to it is valid
    client.cookies["csrftoken"] = secret

    without_token = client.post(URL, response_body(), format="json")
    with_token = client.post(URL, response_body(), format="json", HTTP_X_CSRFTOKEN=secret)

    assert (without_token.status_code, with_token.status_code) == (403, 201)
    assert Response.objects.get().consultant.employee_code == "E001"


# --- Bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"score": 11}, {"score": ["11 is outside the NPS scale (0–10)."]}),
        ({"score": -1}, {"score": ["-1 is outside the NPS scale (0–10)."]}),
        ({"metric": "csat", "score": 0}, {"score": ["0 is outside the CSAT scale (1–5)."]}),
        ({"metric": "ces", "score": 8}, {"score": ["8 is outside the CES scale (1–7)."]}),
        ({"score": "9"}, {"score": ["A valid integer is required."]}),
        ({"score": 9.5}, {"score": ["A valid integer is required."]}),
        ({"score": 9.0}, {"score": ["A valid integer is required."]}),
        ({"score": True}, {"score": ["A valid integer is required."]}),
        ({"score": None}, {"score": ["This field is required."]}),
        ({"consultant": "E404"}, {"consultant": ["Unknown consultant code."]}),
        # Olga works at Rival Bank: to Aurora her code is unknown, as if it did not exist.
        ({"consultant": "R001"}, {"consultant": ["Unknown consultant code."]}),
        ({"consultant": 1}, {"consultant": ["Not a valid string."]}),
        ({"location": "nowhere"}, {"location": ["Unknown location code."]}),
        ({"location": "rv1"}, {"location": ["Unknown location code."]}),
        (
            {"comment": "x" * 2001},
            {"comment": ["The comment is 2001 characters long; at most 2000 are accepted."]},
        ),
        (
            {"submitted_at": "2999-01-01T10:00:00+01:00"},
            {"submitted_at": ["The date is in the future."]},
        ),
        (
            {"submitted_at": "2025-03-14 18:30"},
            {
                "submitted_at": [
                    "Enter a date and time with its offset, e.g. 2025-03-14T18:30:00+01:00."
                ]
            },
        ),
        ({"submitted_at": None}, {"submitted_at": ["This field is required."]}),
        ({"metric": None}, {"metric": ["Choose nps, csat or ces."]}),
        ({"metric": "stars"}, {"metric": ['"stars" is not a valid choice.']}),
        ({"language": "de"}, {"language": ['"de" is not a valid choice.']}),
        ({"channel": "pigeon"}, {"channel": ['"pigeon" is not a valid choice.']}),
        ({"survey": 2**40}, {"survey": ["Unknown survey."]}),
        ({"moment": "1"}, {"moment": ["A valid integer is required."]}),
        (
            {"external_id": "x" * 101},
            {"external_id": ["Ensure this field has no more than 100 characters."]},
        ),
    ],
)
def test_bad_input_is_refused_with_the_field_named(
    api, unchanged, response_body, overrides, errors
):
    assert refused(api, response_body(**overrides)) == errors


def test_a_moment_of_another_organization_is_unknown(api, unchanged, response_body, rival):
    assert refused(api, response_body(moment=rival.moments[0].pk)) == {
        "moment": ["Unknown moment."]
    }


def test_a_moment_must_be_at_the_given_touchpoint(api, unchanged, response_body, aurora):
    body = response_body(touchpoint=aurora.touchpoints[1].pk, moment=aurora.moments[0].pk)
    assert refused(api, body) == {"moment": ["This moment is not at the given touchpoint."]}


def test_the_metric_must_be_the_surveys(api, unchanged, response_body, organization):
    survey = create_survey(organization=organization, name="CES", metric="ces")
    assert refused(api, response_body(survey=survey.pk, score=5)) == {
        "metric": ["This survey asks for ces."]
    }


def test_a_list_with_one_bad_item_saves_nothing_and_names_item_and_field(
    api, unchanged, response_body
):
    body = [response_body(external_id=f"batch-{n}") for n in range(5)]
    body[3]["score"] = 11

    assert refused(api, body) == {
        "items": {"3": {"score": ["11 is outside the NPS scale (0–10)."]}}
    }


def test_every_bad_item_of_a_list_is_named(api, unchanged, response_body):
    body = [
        response_body(score="9"),
        response_body(),
        response_body(consultant="E404", comment="x" * 2001),
        "not an object",
    ]

    errors = refused(api, body)

    # JSON types are checked first, over the whole list; then the domain's rules.
    assert errors == {
        "items": {
            "0": {"score": ["A valid integer is required."]},
            "2": {"comment": ["The comment is 2001 characters long; at most 2000 are accepted."]},
            "3": {"non_field_errors": ["Invalid data. Expected a dictionary, but got str."]},
        }
    }
    body = [response_body(), response_body(consultant="E404", submitted_at="2999-01-01T00:00:00Z")]
    assert refused(api, body) == {
        "items": {
            "1": {
                "consultant": ["Unknown consultant code."],
                "submitted_at": ["The date is in the future."],
            }
        }
    }


def test_the_same_external_id_twice_in_one_list_is_refused(api, unchanged, response_body):
    body = [response_body(external_id="dup"), response_body(external_id="dup", score=3)]
    assert refused(api, body) == {
        "items": {"1": {"external_id": ["The same external id is already in item 0."]}}
    }


def test_an_empty_list_is_refused(api, unchanged):
    assert refused(api, []) == {"items": ["Send at least one response."]}


def test_over_a_thousand_items_are_refused(api, unchanged, response_body):
    body = [response_body(external_id=f"n-{n}") for n in range(1001)]
    assert refused(api, body) == {"items": ["At most 1000 responses at once."]}


def test_a_thousand_items_are_accepted(api, response_body):
    body = [response_body(score=n % 11, external_id=f"n-{n}") for n in range(1000)]
    response = api.post(URL, body, format="json")
    assert response.status_code == 201 and len(response.json()) == 1000
    assert Response.objects.count() == 1000


@pytest.mark.parametrize("body", ["9", "null", "true", '"a response"'])
def test_a_body_that_is_neither_object_nor_list_is_refused(api, unchanged, body):
    response = api.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Send one response (a JSON object) or a list of them (a JSON array)."]
    }


def test_malformed_json_is_refused(api, unchanged):
    response = api.post(URL, '[{"score": 9,', content_type="application/json")
    assert response.status_code == 400 and "JSON parse error" in response.json()["detail"]


def test_a_body_over_one_megabyte_is_413_and_saves_nothing(api, unchanged, response_body):
    """600 valid responses with long comments: fine by count and by field, too big in total."""
    body = [
        response_body(comment="Bardzo smaczne. " * 118, external_id=f"b{n}") for n in range(600)
    ]
    raw = json.dumps(body)
    assert len(raw.encode()) > 1024 * 1024

    response = api.post(URL, raw, content_type="application/json")

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "The request body is larger than 1048576 bytes; send fewer responses."
    }


def test_the_size_limit_is_the_setting(api, response_body, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 300
    small = api.post(URL, response_body(), format="json")
    big = api.post(URL, response_body(comment="x" * 300), format="json")
    assert (small.status_code, big.status_code) == (201, 413)
    assert big.json()["detail"].startswith("The request body is larger than 300 bytes")
    assert Response.objects.count() == 1


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_response_is_never_changed_or_deleted(api, aurora_responses, method):
    target = aurora_responses[0]
    response = getattr(api, method)(f"{URL}{target.pk}/", {"score": 0}, format="json")
    assert response.status_code == 405
    assert Response.objects.get(pk=target.pk).score == 10


# --- Reading -------------------------------------------------------------------------------------


def listed(api, query="") -> list[int]:
    response = api.get(f"{URL}?{query}")
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_the_list_is_newest_first_and_of_the_own_organization(
    api, aurora_responses, rival_response
):
    assert listed(api) == [r.pk for r in aurora_responses]


def test_the_detail_shows_one_response(api, aurora_responses):
    target = aurora_responses[0]
    response = api.get(f"{URL}{target.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == target.pk and body["comment"] == "Kelner pamiętał moje zamówienie"
    assert (body["band"], body["language"], body["external_id"]) == ("promoter", "pl", "pos-1")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("metric=nps", [0, 1, 2, 4]),
        ("metric=csat", [3]),
        ("consultant=E002", [2, 4]),
        ("consultant=R001", []),
        ("location=waw", [2, 4]),
        ("band=promoter", [0, 4]),
        ("band=passive", [1]),
        ("band=detractor", [2, 3]),  # the CSAT 2 is a detractor too
        ("has_comment=true", [0, 2]),
        ("has_comment=false", [1, 3, 4]),
        ("source=qr", [4]),
        ("source=import", [3]),
        ("language=pl", [0]),
        ("language=ro", [4]),
        ("external_id=pos-1", [0]),
        ("interaction_ref=RCP-1", [0]),
        ("consultant=E001&band=promoter", [0]),
    ],
)
def test_the_list_is_filtered(api, aurora_responses, query, expected):
    assert listed(api, query) == [aurora_responses[i].pk for i in expected]


def test_the_list_is_filtered_by_survey_touchpoint_and_moment(
    api, aurora, aurora_responses, organization, response_body
):
    survey = create_survey(organization=organization, name="NPS", metric="nps")
    answered = api.post(URL, response_body(survey=survey.pk), format="json").json()
    moment = aurora.moments[0]

    assert listed(api, f"survey={survey.pk}") == [answered["id"]]
    assert listed(api, f"moment={moment.pk}") == [aurora_responses[0].pk, aurora_responses[4].pk]
    assert listed(api, f"touchpoint={moment.touchpoint_id}") == [
        aurora_responses[0].pk,
        aurora_responses[4].pk,
    ]


def test_the_list_is_filtered_by_day(api, aurora_responses):
    today = timezone.localdate()
    four_days_ago = (today - timedelta(days=4)).isoformat()
    assert listed(api, f"from={four_days_ago}") == [r.pk for r in aurora_responses[:3]]
    assert listed(api, f"to={four_days_ago}") == [r.pk for r in aurora_responses[3:]]
    assert listed(api, f"from={today.isoformat()}&to={today.isoformat()}") == [
        r.pk for r in aurora_responses if timezone.localdate(r.submitted_at) == today
    ]


@pytest.mark.parametrize(
    "query",
    ["band=great", "metric=", "from=2025-1-5", "to=yesterday", "has_comment=yes", "survey=abc"],
)
def test_a_bad_filter_is_400(api, aurora_responses, query):
    response = api.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert set(response.json()) == {query.split("=")[0]}


def test_the_list_is_paginated(api, organization, consultant):
    rows = check_responses(
        organization=organization,
        rows=[
            {
                "metric": "nps",
                "score": n % 11,
                "consultant": "E001",
                "submitted_at": hours_ago_iso(n + 1),
            }
            for n in range(55)
        ],
    )
    record_responses(organization=organization, rows=rows, source="api")

    first = api.get(URL).json()
    second = api.get(f"{URL}?page=2").json()

    assert first["count"] == 55 and len(first["results"]) == 50 and first["next"]
    assert len(second["results"]) == 5 and second["next"] is None
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert len(set(ids)) == 55
    assert api.get(f"{URL}?page=3").status_code == 404


def test_staff_see_only_their_own_responses(consultant, aurora_responses, session_api):
    stan = session_api(consultant)
    assert listed(stan) == [aurora_responses[i].pk for i in (0, 1, 3)]
    assert listed(stan, "consultant=E002") == []
    assert stan.get(f"{URL}{aurora_responses[2].pk}/").status_code == 404
    assert stan.get(f"{URL}{aurora_responses[0].pk}/").status_code == 200
