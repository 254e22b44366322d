"""Review fixtures on top of the shared personas (tests/conftest.py)."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from accounts import services as account_services
from accounts.choices import Role
from reviews import services
from standards import services as standards_services
from tests.personas import add_person
from touchpoints import services as touchpoint_services

# The score-sheet story: Alice's draft observation of Stan at "Taking the order".


@pytest.fixture
def draft(manager, consultant, critical_moment, iron_behaviour, master_behaviour, second_master):
    return services.start_review(
        organization=consultant.organization,
        reviewer=manager,
        kind="observation",
        consultant=consultant,
        location=consultant.location,
        moments=[critical_moment],
        occurred_at=timezone.now() - timedelta(hours=2),
        interaction_ref="RCPT-77",
    )


@pytest.fixture
def scored(draft, iron_behaviour, master_behaviour, second_master):
    """The draft with every behaviour scored, ready to submit."""
    services.score_item(review=draft, behaviour=iron_behaviour, result="met")
    services.score_item(review=draft, behaviour=master_behaviour, result="not_met", note="Ask")
    services.score_item(review=draft, behaviour=second_master, result="na")
    return draft


@pytest.fixture
def submitted(scored, published_version):
    return services.submit_review(review=scored, coaching_note="Great greeting; ask for names.")


@pytest.fixture
def other_moment_behaviour(journey):
    """An iron behaviour of a moment that is not part of the draft."""
    touchpoint = touchpoint_services.create_touchpoint(journey=journey, name="Paying")
    moment = touchpoint_services.create_moment(touchpoint=touchpoint, name="The bill")
    return standards_services.create_behaviour(moment=moment, kind="iron", text="Bring the bill")


@pytest.fixture
def rival(other_organization):
    """Rival Bank's location, consultant, moment of truth and behaviour."""
    location = account_services.save_location(
        organization=other_organization, name="Rival HQ", code="hq"
    )
    olga = add_person(other_organization, "olga", Role.STAFF, location=location, employee_code="R1")
    journey = touchpoint_services.create_journey(organization=other_organization, name="Loan")
    touchpoint = touchpoint_services.create_touchpoint(journey=journey, name="Branch visit")
    moment = touchpoint_services.create_moment(
        touchpoint=touchpoint, name="Waiting", is_critical=True
    )
    behaviour = standards_services.create_behaviour(moment=moment, kind="iron", text="Offer a seat")
    return SimpleNamespace(location=location, consultant=olga, moment=moment, behaviour=behaviour)
