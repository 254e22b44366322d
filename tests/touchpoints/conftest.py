"""Aurora's restaurant journey, extended so every object has a neighbour to move past."""

import pytest

from touchpoints import services


@pytest.fixture
def ordering(journey):
    """The journey's first touchpoint, with "Taking the order" (critical) and "Menu questions"."""
    return journey.touchpoints.get(name="Ordering")


@pytest.fixture
def menu_questions(ordering):
    return ordering.moments.get(name="Menu questions")


@pytest.fixture
def paying(journey):
    return services.create_touchpoint(journey=journey, name="Paying", channel="in_person")


@pytest.fixture
def takeaway(organization):
    return services.create_journey(organization=organization, name="Takeaway")


@pytest.fixture
def note(journey, manager):
    return services.add_priceless_note(
        journey=journey, text="The waiter remembers how I like my steak", by=manager.user
    )


@pytest.fixture
def rival_journey(other_organization):
    """Rival Bank's own journey, which nobody at Aurora may reach."""
    journey = services.create_journey(organization=other_organization, name="Opening an account")
    branch = services.create_touchpoint(journey=journey, name="Branch visit", channel="in_person")
    services.create_moment(touchpoint=branch, name="Waiting in line", is_critical=True)
    services.add_priceless_note(journey=journey, text="No queue")
    return journey
