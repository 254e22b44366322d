"""Property-based API testing: schemathesis generates requests from /api/schema/ and sends
them in-process to the WSGI app with an API key of Bistro Aurora.

Every built-in check is on: no server errors, only documented statuses, content types
and headers, response bodies that match the schema, schema-valid requests accepted
and schema-invalid ones refused.

Two things the schema cannot say are supplied here, so that valid requests are really
valid: which ids exist (generated parent ids become one of Aurora's before the call, and
ids in URLs either the seeded object or one that exists nowhere), and that an item can
move both ways (the seeded object is the middle one of three siblings). Foreign parents
and moves past the ends are covered in test_bad_input.py and test_access_matrix.py.

Reviews, compliance, scores and competitor practices need more than ids: codes (consultant,
reviewer, location), a review that scores every behaviour of its moments exactly once,
dates that are not in the future and `from` not after `to`. For schema-valid (positive)
cases only, `make_domain_valid` supplies those; schema-invalid (negative) cases are sent
as generated, since they must be refused whatever else they hold. The domain's own
refusals are covered in test_reviews_*.py, test_compliance_api.py and test_scores_api.py.

Survey responses (POST one or a list) need the same: known codes and ids, a metric that
fits the survey, a score on that metric's scale, a time that is not in the future, and
external ids that differ within a list; test_responses_api.py covers the refusals.

Each example runs in a savepoint that is rolled back, so every example sees the same
seeded data and Hypothesis can replay and shrink failures deterministically.
"""

import os
from dataclasses import dataclass
from datetime import date, datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings

from accounts import services as account_services
from common.api.dates import parse_date_time
from common.api.fields import MAX_ID
from cxm.wsgi import application
from dashboards import rollups
from reviews import services as review_services
from reviews.api.serializers import EARLIEST
from standards import services as standards_services
from standards.practices import services as practice_services
from surveys.choices import SCALES
from surveys.forms.services import create_survey
from surveys.intake.checks import check_responses
from surveys.intake.services import record_responses
from touchpoints import services as touchpoint_services

# Modest by default so the suite stays under a minute; raise it for a deeper run.
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25"))
MISSING_ID = 2**62

schema = schemathesis.openapi.from_wsgi("/api/schema/", application).include(
    path_regex=r"^/api/v1/"
)


@dataclass
class Seeded:
    key: str
    # resource → the object to act on (middle of three siblings), and its parent's id
    targets: dict[str, int]
    parents: dict[str, int]
    version: int
    # what a valid review needs: codes, its moment and every active behaviour of it
    location: str
    location_id: int
    consultant: str
    reviewer: str
    moment: int
    behaviours: list[int]
    # what a valid survey response needs besides those codes: its survey and touchpoint
    survey: int
    survey_metric: str
    touchpoint: int


PARENT_FIELD = {
    "touchpoints": "journey",
    "moments": "touchpoint",
    "behaviours": "moment",
    "competitor-practices": "moment",
}
# Generated dates that the domain refuses (in the future, before 2000) become these.
A_PAST_TIME = "2024-05-01T12:00:00+02:00"
A_PAST_DAY = "2024-05-01"


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def point_at_seeded_objects(case, seeded: Seeded) -> None:
    """Point generated ids at seeded objects, as a pure function of the generated case,
    so Hypothesis can replay and shrink. (Done here rather than in a `map_case` hook:
    schemathesis builds its coverage-phase cases at collection, before any data exists.)"""
    resource = case.operation.path.split("/")[3]
    parent = PARENT_FIELD.get(resource)
    if parent and isinstance(case.body, dict) and _is_id(case.body.get(parent)):
        case.body[parent] = seeded.parents[resource]
    params = case.path_parameters or {}
    # An even generated id becomes the seeded target, an odd one an id that exists
    # nowhere (a small generated id could otherwise hit a seeded first or last item).
    for name, known in (("id", seeded.targets.get(resource)), ("number", seeded.version)):
        value = params.get(name)
        if known is not None and isinstance(value, int) and not isinstance(value, bool):
            params[name] = known if value % 2 == 0 else MISSING_ID


def make_domain_valid(case, seeded: Seeded) -> None:
    """Turn a schema-valid case into one the domain accepts too, as a pure function of the
    generated case (see the module docstring). Negative cases are left as generated."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    path, method = case.operation.path, case.method.upper()
    body, query = case.body, case.query
    if path == "/api/v1/reviews/" and method == "POST" and isinstance(body, dict):
        body["consultant"], body["location"] = seeded.consultant, seeded.location
        body["reviewer"] = seeded.consultant if body.get("kind") == "self" else seeded.reviewer
        body["moments"] = [seeded.moment]
        # Each behaviour once, with the generated results and notes in turn.
        generated = [item for item in body.get("items") or [] if isinstance(item, dict)] or [
            {"result": "met"}
        ]
        body["items"] = [
            {**generated[index % len(generated)], "behaviour": behaviour}
            for index, behaviour in enumerate(seeded.behaviours)
        ]
        occurred_at = parse_date_time(body.get("occurred_at"))
        if occurred_at is None or not EARLIEST <= occurred_at <= datetime.now(occurred_at.tzinfo):
            body["occurred_at"] = A_PAST_TIME
    if (
        path == "/api/v1/competitor-practices/"
        and method == "POST"
        and isinstance(body, dict)
        and str(body.get("observed_on")) > timezone.localdate().isoformat()
    ):
        body["observed_on"] = A_PAST_DAY
    if (
        path.startswith("/api/v1/journeys/")
        and isinstance(body, dict)
        and isinstance(body.get("locations"), list)
    ):
        # Where a journey applies: the organization's own location (ids are checked).
        body["locations"] = [seeded.location_id] if body["locations"] else []
    if path == "/api/v1/responses/" and method == "POST":
        items = body if isinstance(body, list) else [body]
        for index, item in enumerate(items):
            if isinstance(item, dict):
                make_response_valid(item, index, seeded)
    if path in ("/api/v1/compliance/", "/api/v1/scores/") and isinstance(query, dict):
        for name, known in (
            ("location", seeded.location),
            ("consultant", seeded.consultant),
            ("moment", seeded.moment),
        ):
            if name in query:
                query[name] = known
        if "from" in query and "to" in query and str(query["from"]) > str(query["to"]):
            query["from"], query["to"] = query["to"], query["from"]


def make_response_valid(item: dict, index: int, seeded: Seeded) -> None:
    """One schema-valid response item made acceptable to `services.check_responses`."""
    for name, known in (
        ("consultant", seeded.consultant),
        ("location", seeded.location),
        ("survey", seeded.survey),
        ("moment", seeded.moment),
        ("touchpoint", seeded.touchpoint),
    ):
        if name in item:
            item[name] = known
    if "survey" in item:
        item["metric"] = seeded.survey_metric
    item.setdefault("metric", "nps")
    low, high = SCALES[item["metric"]]
    score = item.get("score")
    if isinstance(score, int) and not isinstance(score, bool) and not low <= score <= high:
        item["score"] = low + abs(score) % (high - low + 1)
    submitted_at = parse_date_time(item.get("submitted_at"))
    if submitted_at is None or not EARLIEST <= submitted_at <= datetime.now(submitted_at.tzinfo):
        item["submitted_at"] = A_PAST_TIME
    # Within one list every external id differs (the prefix keeps them apart however cut).
    if isinstance(item.get("external_id"), str):
        item["external_id"] = f"{index}-{item['external_id']}"[:100]


@pytest.fixture
def keep_db_connection():
    """Django's WSGI handler closes the connection after each request; the test database
    lives in that connection's transaction, so keep it open while schemathesis calls."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(organization, admin_member, manager, consultant, mystery_shopper, keep_db_connection):
    """Three of everything in a row; the middle ones are the targets. Reviews live on a
    journey of their own (a reviewed moment cannot be deleted): Mira (E009) has observed
    Stan (E001) at its moment, which a competitor practice is about too."""

    def three(make):
        return [make(number) for number in range(3)]

    journeys = three(
        lambda n: touchpoint_services.create_journey(organization=organization, name=f"J{n} visit")
    )
    touchpoints = three(
        lambda n: touchpoint_services.create_touchpoint(
            journey=journeys[1], name=f"Desk {n}", channel="in_person"
        )
    )
    moments = three(
        lambda n: touchpoint_services.create_moment(
            touchpoint=touchpoints[1], name=f"Greeting {n}", is_critical=n == 1
        )
    )
    behaviours = three(
        lambda n: standards_services.create_behaviour(
            moment=moments[1], kind="iron", text=f"Greet within {n + 1} minutes"
        )
    )
    version = standards_services.publish_standards(organization=organization, by=manager.user)
    _key, raw = account_services.create_api_key(
        organization=organization, name="schemathesis", by=admin_member.user
    )
    reviewed = touchpoint_services.create_moment(
        touchpoint=touchpoint_services.create_touchpoint(
            journey=touchpoint_services.create_journey(organization=organization, name="Audit"),
            name="Till",
            channel="in_person",
        ),
        name="Paying",
        is_critical=True,
    )
    scored = [
        standards_services.create_behaviour(moment=reviewed, kind=kind, text=text)
        for kind, text in (("iron", "Say the total aloud"), ("master", "Thank by name"))
    ]
    review = review_services.start_review(
        organization=organization,
        reviewer=mystery_shopper,
        kind="observation",
        consultant=consultant,
        location=consultant.location,
        moments=[reviewed],
        occurred_at=datetime.fromisoformat(A_PAST_TIME),
    )
    for behaviour in scored:
        review_services.score_item(review=review, behaviour=behaviour, result="met")
    review = review_services.submit_review(review=review)
    survey = create_survey(
        organization=organization, name="Till NPS", metric="nps", moment=reviewed
    )
    (answer,) = check_responses(
        organization=organization,
        rows=[
            {
                "survey": survey.pk,
                "score": 9,
                "consultant": consultant.employee_code,
                "comment": "Quick and friendly",
                "submitted_at": A_PAST_TIME,
                "external_id": "seeded-1",
            }
        ],
    )
    ((response, _created),) = record_responses(
        organization=organization, rows=[answer], source="api"
    )
    # The figures' endpoints read the rollups, which commits would feed: fed here.
    rollups.rebuild_all(organization_id=organization.pk)
    practice = practice_services.record_competitor_practice(
        organization=organization,
        moment=reviewed,
        competitor="Trattoria Roma",
        observed_on=date.fromisoformat(A_PAST_DAY),
        description="Greets every table by name",
        rating=5,
    )
    return Seeded(
        key=raw,
        targets={
            "journeys": journeys[1].pk,
            "touchpoints": touchpoints[1].pk,
            "moments": moments[1].pk,
            "behaviours": behaviours[1].pk,
            "reviews": review.pk,
            "competitor-practices": practice.pk,
            "responses": response.pk,
        },
        parents={
            "touchpoints": journeys[1].pk,
            "moments": touchpoints[1].pk,
            "behaviours": moments[1].pk,
            "competitor-practices": reviewed.pk,
        },
        version=version.number,
        location=consultant.location.code,
        location_id=consultant.location_id,
        consultant=consultant.employee_code,
        reviewer=mystery_shopper.employee_code,
        moment=reviewed.pk,
        behaviours=[behaviour.pk for behaviour in scored],
        survey=survey.pk,
        survey_metric=survey.metric,
        touchpoint=reviewed.touchpoint_id,
    )


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    # The seeded data is function-scoped on purpose: each example rolls back to it.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, seeded):
    point_at_seeded_objects(case, seeded)
    make_domain_valid(case, seeded)
    with transaction.atomic():
        case.call_and_validate(headers={"Authorization": f"Api-Key {seeded.key}"})
        transaction.set_rollback(True)
