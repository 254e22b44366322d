"""Bad input gets a 400 with a message per field, and changes nothing."""

import re

import pytest

from standards.models import Behaviour
from touchpoints.models import Journey, Moment, Touchpoint

from .test_access_matrix import db_state


@pytest.fixture
def unchanged(aurora, rival):
    """Asserts, after the test, that no journey, touchpoint, moment or behaviour of
    either organization changed."""
    before = db_state()
    yield
    assert db_state() == before


def post(api, url, body):
    response = api.post(url, body, format="json")
    assert response.status_code == 400, response.content
    return response.json()


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"name": ""}, {"name": ["This field may not be blank."]}),
        ({"name": "   "}, {"name": ["This field may not be blank."]}),
        ({"name": "A"}, {"name": ["Ensure this field has at least 2 characters."]}),
        ({"name": " A   "}, {"name": ["Ensure this field has at least 2 characters."]}),
        ({"name": "x" * 121}, {"name": ["Ensure this field has no more than 120 characters."]}),
        ({"name": "Dinner", "description": "x" * 1001}, None),
        ({}, {"name": ["This field is required."]}),
        ({"name": None}, {"name": ["This field may not be null."]}),
        ({"name": 42}, {"name": ["Not a valid string."]}),
        ({"name": "Din\x00ner"}, {"name": ["Null characters are not allowed."]}),
    ],
)
def test_journey_names_are_checked(api, unchanged, body, errors):
    result = post(api, "/api/v1/journeys/", body)
    assert result == errors if errors else set(result) == {"description"}


def test_over_long_names_count_as_sent_not_as_trimmed(api, unchanged):
    """The schema's maxLength is about the string sent, so the server checks the same."""
    result = post(api, "/api/v1/journeys/", {"name": "Dinner" + " " * 115})
    assert result == {"name": ["Ensure this field has no more than 120 characters."]}


def test_an_unknown_channel_or_kind_is_refused(api, unchanged, aurora):
    body = {"journey": aurora.journeys[0].pk, "name": "Drive-through", "channel": "pigeon"}
    assert post(api, "/api/v1/touchpoints/", body) == {
        "channel": ['"pigeon" is not a valid choice.']
    }
    body = {"moment": aurora.moments[0].pk, "kind": "bronze", "text": "Smile at the guest"}
    assert post(api, "/api/v1/behaviours/", body) == {"kind": ['"bronze" is not a valid choice.']}
    patch = api.patch(
        f"/api/v1/behaviours/{aurora.behaviours[0].pk}/", {"kind": "gold"}, format="json"
    )
    assert patch.status_code == 400 and set(patch.json()) == {"kind"}


@pytest.mark.parametrize(
    ("resource", "parent", "message"),
    [
        ("touchpoints", "journey", "Unknown journey."),
        ("moments", "touchpoint", "Unknown touchpoint."),
        ("behaviours", "moment", "Unknown moment."),
    ],
)
def test_a_parent_of_another_organization_is_unknown(
    api, unchanged, rival, resource, parent, message
):
    body = {
        "name": "Sneaky",
        "channel": "web",
        "kind": "iron",
        "text": "Write into Rival's standards",
        parent: getattr(rival, f"{parent}s")[0].pk,
    }
    assert post(api, f"/api/v1/{resource}/", body) == {parent: [message]}
    # The same answer as for an id that exists nowhere: nothing leaks.
    body[parent] = 999_999
    assert post(api, f"/api/v1/{resource}/", body) == {parent: [message]}


@pytest.mark.parametrize("value", ["1", 1.0, True, [1], {"id": 1}, 0, -5, 2**64])
def test_parent_ids_must_be_positive_json_integers(api, unchanged, aurora, value):
    body = {"journey": value, "name": "Drive-through", "channel": "web"}
    result = post(api, "/api/v1/touchpoints/", body)
    assert set(result) == {"journey"}


def test_a_parent_cannot_be_changed_by_an_update(api, unchanged, aurora):
    paying = aurora.touchpoints[1]
    body = {"journey": aurora.journeys[1].pk, "name": "Paying", "channel": "phone"}
    response = api.put(f"/api/v1/touchpoints/{paying.pk}/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "journey": ["It cannot be moved to another journey; create it there instead."]
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [({"is_critical": "yes"}, "is_critical"), ({"is_critical": 1}, "is_critical")],
)
def test_flags_must_be_json_booleans(api, unchanged, aurora, body, field):
    response = api.patch(f"/api/v1/moments/{aurora.moments[1].pk}/", body, format="json")
    assert response.status_code == 400 and set(response.json()) == {field}


def test_behaviour_text_needs_three_characters(api, unchanged, aurora):
    body = {"moment": aurora.moments[0].pk, "kind": "iron", "text": " ok "}
    assert post(api, "/api/v1/behaviours/", body) == {
        "text": ["Ensure this field has at least 3 characters."]
    }


@pytest.mark.parametrize(
    ("resource", "index", "direction", "message"),
    [
        ("journeys", 0, "up", "“Dinner” is already first."),
        ("journeys", 1, "down", "“Breakfast” is already last."),
        ("touchpoints", 0, "up", "“Ordering” is already first."),
        ("moments", 1, "down", "“Menu questions” is already last."),
        ("behaviours", 0, "up", "“Greet the table within two minutes” is already first."),
        (
            "behaviours",
            2,
            "down",
            "“Recall the guest's usual order and preferences” is already last.",
        ),
    ],
)
def test_moving_past_the_ends_is_refused(
    api, unchanged, aurora, resource, index, direction, message
):
    target = getattr(aurora, resource)[index]
    result = post(api, f"/api/v1/{resource}/{target.pk}/move/", {"direction": direction})
    assert result == {"direction": [message]}


@pytest.mark.parametrize("body", [{}, {"direction": "left"}, {"direction": 1}, []])
def test_a_move_needs_a_direction(api, unchanged, aurora, body):
    result = post(api, f"/api/v1/journeys/{aurora.journeys[1].pk}/move/", body)
    assert set(result) in ({"direction"}, {"non_field_errors"})


def test_malformed_json_is_a_400_with_detail(api, unchanged):
    response = api.generic(
        "POST", "/api/v1/journeys/", '{"name": "Din', content_type="application/json"
    )
    assert response.status_code == 400 and "JSON parse error" in response.json()["detail"]


def _write_operations():
    """Every write operation of the API, from its own schema."""
    from django.test import Client

    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    for path, item in sorted(schema.json()["paths"].items()):
        for method in item:
            if method in ("post", "put", "patch"):
                yield method.upper(), re.sub(r"\{[^}]+\}", "1", path)


@pytest.mark.django_db
def test_the_schema_has_write_operations():
    assert len(list(_write_operations())) >= 12


def test_an_oversized_body_is_a_json_413_on_every_write(api, unchanged, subtests_ops):
    huge = '{"name": "' + "x" * (1024 * 1024) + '"}'
    for method, url in subtests_ops:
        response = api.generic(method, url, huge, content_type="application/json")

        assert response.status_code == 413, (method, url, response.status_code)
        assert response["Content-Type"] == "application/json", (method, url)
        assert response.json()["detail"].startswith(
            "The request body is larger than 1048576 bytes"
        ), (method, url)


@pytest.fixture
def subtests_ops(db):
    return list(_write_operations())


def test_only_json_bodies_are_accepted(api, unchanged):
    response = api.post("/api/v1/journeys/", {"name": "Dinner"})  # multipart form
    assert response.status_code == 415


@pytest.mark.parametrize(
    "query",
    ["journey=abc", "journey=1.5", "journey=0", "journey=99999999999999999999", "is_critical=yes"],
)
def test_invalid_filter_values_are_a_400(api, aurora, query):
    url = "/api/v1/moments/" if "is_critical" in query else "/api/v1/touchpoints/"
    response = api.get(f"{url}?{query}")
    assert response.status_code == 400
    assert set(response.json()) == {query.split("=")[0]}


def test_an_unknown_behaviour_kind_filter_is_a_400(api, aurora):
    assert api.get("/api/v1/behaviours/?kind=bronze").status_code == 400


@pytest.mark.parametrize("pk", ["abc", "0", "-1", "99999999999999999999999"])
def test_odd_ids_in_the_url_are_not_found(api, aurora, pk):
    assert api.get(f"/api/v1/journeys/{pk}/").status_code == 404
    assert api.get(f"/api/v1/versions/{pk}/").status_code == 404


def test_counts_are_unchanged_after_refused_creates(api, aurora):
    counts = [m.objects.count() for m in (Journey, Touchpoint, Moment, Behaviour)]
    post(api, "/api/v1/moments/", {"touchpoint": 0, "name": ""})
    assert [m.objects.count() for m in (Journey, Touchpoint, Moment, Behaviour)] == counts


def test_a_service_refusal_is_a_400_and_deletes_nothing(api, unchanged, aurora, monkeypatch):
    """delete_node refuses when protected records (e.g. reviews) point at a node."""
    from django.core.exceptions import ValidationError

    from touchpoints import services

    def refuse(*, obj):
        raise ValidationError(f"“{obj}” cannot be deleted: 3 records refer to it.")

    monkeypatch.setattr(services, "delete_node", refuse)
    response = api.delete(f"/api/v1/moments/{aurora.moments[0].pk}/")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["“Taking the order” cannot be deleted: 3 records refer to it."]
    }


def test_session_writes_need_the_csrf_token(aurora, manager, unchanged):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(manager.user)
    response = client.post("/api/v1/journeys/", {"name": "Lunch"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_an_unknown_api_url_is_a_json_404(api):
    for url in (
        "/api/v1/journeys/1.5/",
        "/api/v1/nothing-here/",
        "/api/v1/journeys/1/move/x/",
        "/api/v1/reviews/.%0A2/",  # a dot and a line break, as schemathesis sent them
    ):
        response = api.get(url)
        assert response.status_code == 404 and response.json() == {"detail": "Not found."}
