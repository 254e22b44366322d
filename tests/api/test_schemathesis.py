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

Each example runs in a savepoint that is rolled back, so every example sees the same
seeded data and Hypothesis can replay and shrink failures deterministically.
"""

import os
from dataclasses import dataclass

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings

from accounts import services as account_services
from accounts.api.fields import MAX_ID
from cxm.wsgi import application
from standards import services as standards_services
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


PARENT_FIELD = {"touchpoints": "journey", "moments": "touchpoint", "behaviours": "moment"}


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
def seeded(organization, admin_member, manager, keep_db_connection):
    """Three of everything in a row; the middle ones are the targets."""

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
    return Seeded(
        key=raw,
        targets={
            "journeys": journeys[1].pk,
            "touchpoints": touchpoints[1].pk,
            "moments": moments[1].pk,
            "behaviours": behaviours[1].pk,
        },
        parents={
            "touchpoints": journeys[1].pk,
            "moments": touchpoints[1].pk,
            "behaviours": moments[1].pk,
        },
        version=version.number,
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
    with transaction.atomic():
        case.call_and_validate(headers={"Authorization": f"Api-Key {seeded.key}"})
        transaction.set_rollback(True)
