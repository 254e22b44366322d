"""Helpers for the standards tests, on top of the shared personas in tests/conftest.py."""

import pytest

from accounts.choices import Role
from standards import services
from tests.fake_smtp import fake_smtp
from tests.personas import add_person
from touchpoints import services as touchpoint_services

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def second_iron(critical_moment, iron_behaviour):
    """A second iron behaviour, so the first can move down."""
    return services.create_behaviour(
        moment=critical_moment, kind="iron", text="Offer water while the guest decides"
    )


@pytest.fixture
def outsider_staff(other_organization):
    """Olga, a consultant at Rival Bank."""
    return add_person(other_organization, "olga", Role.STAFF, employee_code="R001")


@pytest.fixture
def other_journey(other_organization):
    journey = touchpoint_services.create_journey(organization=other_organization, name="Loan")
    touchpoint = touchpoint_services.create_touchpoint(
        journey=journey, name="Branch visit", channel="in_person"
    )
    touchpoint_services.create_moment(touchpoint=touchpoint, name="Waiting", is_critical=True)
    return journey


@pytest.fixture
def other_behaviour(other_journey):
    moment = other_journey.touchpoints.get().moments.get()
    return services.create_behaviour(moment=moment, kind="iron", text="Offer a seat")


@pytest.fixture
def other_version(other_organization, outsider, other_behaviour):
    return services.publish_standards(organization=other_organization, by=outsider.user)


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server in a thread (tests/fake_smtp.py), with Django's SMTP backend
    pointed at it: it can refuse connections, answer 451 or 550, or accept."""
    with fake_smtp(settings) as server:
        yield server
