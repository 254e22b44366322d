"""API personas and data.

Aurora (from tests/conftest.py) gets a second journey, touchpoint, moment and iron
behaviour, so every kind of object has one that can move up. Rival Bank gets a small
tree of its own, so "Rival sees nothing of Aurora" is checked against a non-empty list.
"""

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.models import ApiKey
from standards import services as standards_services
from standards.practices import services as practice_services
from touchpoints import services as touchpoint_services


def key_client(raw_key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
    return client


@dataclass
class Tree:
    """One organization's objects, by resource name as in the URL."""

    journeys: list
    touchpoints: list
    moments: list
    behaviours: list

    def ids(self, resource: str) -> set[int]:
        return {obj.pk for obj in getattr(self, resource)}


@pytest.fixture
def aurora(journey, critical_moment, iron_behaviour, master_behaviour):
    """Aurora's standards: Dinner (Ordering: Taking the order*, Menu questions; Paying)
    and Breakfast; two iron behaviours and one master at the moment of truth."""
    ordering = journey.touchpoints.get()
    menu = ordering.moments.get(is_critical=False)
    paying = touchpoint_services.create_touchpoint(journey=journey, name="Paying", channel="phone")
    breakfast = touchpoint_services.create_journey(
        organization=journey.organization, name="Breakfast"
    )
    second_iron = standards_services.create_behaviour(
        moment=critical_moment, kind="iron", text="Repeat the order back to the guest"
    )
    return Tree(
        journeys=[journey, breakfast],
        touchpoints=[ordering, paying],
        moments=[critical_moment, menu],
        behaviours=[iron_behaviour, second_iron, master_behaviour],
    )


def build_tree(organization, prefix: str) -> Tree:
    """A journey → touchpoint → moment → behaviour chain, built through the services."""
    journey = touchpoint_services.create_journey(organization=organization, name=f"{prefix} visit")
    touchpoint = touchpoint_services.create_touchpoint(
        journey=journey, name=f"{prefix} counter", channel="in_person"
    )
    moment = touchpoint_services.create_moment(
        touchpoint=touchpoint, name=f"{prefix} greeting", is_critical=True
    )
    behaviour = standards_services.create_behaviour(
        moment=moment, kind="iron", text=f"{prefix}: greet within a minute"
    )
    return Tree(
        journeys=[journey], touchpoints=[touchpoint], moments=[moment], behaviours=[behaviour]
    )


@pytest.fixture
def rival(other_organization):
    return build_tree(other_organization, "Rival")


@pytest.fixture
def aurora_key(organization, admin_member):
    """The raw key of an Aurora API key (the only moment it is visible)."""
    _key, raw = account_services.create_api_key(
        organization=organization, name="POS export", by=admin_member.user
    )
    return raw


@pytest.fixture
def rival_key(other_organization):
    _key, raw = account_services.create_api_key(
        organization=other_organization, name="Rival CRM", by=None
    )
    return raw


@pytest.fixture
def api(aurora_key):
    """An API client acting with Aurora's key."""
    return key_client(aurora_key)


@pytest.fixture
def session_api():
    """An API client signed in (session) as a membership."""

    def make(membership) -> APIClient:
        client = APIClient()
        client.force_login(membership.user)
        return client

    return make


@pytest.fixture
def nomember(db):
    """Nina has an account but no membership in any organization."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("nina", password="x-Pass-12345")


@pytest.fixture
def keys_touched_now(db):
    """Mark every key as just used, so authentication does not also write last_used_at
    (it does so at most once a minute) and query counts stay exact."""
    from django.utils import timezone

    def touch():
        ApiKey.objects.update(last_used_at=timezone.now())

    return touch


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Personas get passwords; PBKDF2's deliberate slowness would dominate the matrix."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- Reviews, compliance and competitor practices ------------------------------------------


@dataclass
class Reviews:
    """Submitted reviews of Aurora (or Rival), and what they were scored against."""

    reviews: list
    moment: object
    behaviours: list
    location: object


def yesterday_iso() -> str:
    from datetime import timedelta

    from django.utils import timezone

    return (timezone.now() - timedelta(days=1)).replace(microsecond=0).isoformat()


@pytest.fixture
def mystery_shopper(organization, location):
    """Mira, staff with the right to do mystery shopping (so she may review others)."""
    from accounts.choices import Role

    mira = account_services.add_member(
        organization=organization,
        username="mira",
        role=Role.STAFF,
        first_name="Mira",
        last_name="Test",
        location=location,
        employee_code="E009",
    )
    mira.can_mystery_shop = True
    mira.save(update_fields=["can_mystery_shop"])
    return mira


@pytest.fixture
def review_body(aurora, consultant, location, mystery_shopper):
    """A valid POST /api/v1/reviews/ body for Aurora: Mira observes Stan at the moment of
    truth and scores its three behaviours."""

    def make(**overrides):
        body = {
            "kind": "observation",
            "reviewer": "E009",
            "consultant": consultant.employee_code,
            "location": location.code,
            "moments": [aurora.moments[0].pk],
            "occurred_at": yesterday_iso(),
            "items": [
                {"behaviour": behaviour.pk, "result": result}
                for behaviour, result in zip(
                    aurora.behaviours, ["met", "not_met", "met"], strict=True
                )
            ],
        }
        body.update(overrides)
        return body

    return make


@pytest.fixture
def aurora_reviews(aurora, manager, consultant, second_consultant, mystery_shopper, location):
    """Three submitted reviews of Aurora: Alice observed Stan, Mira mystery-shopped Sara,
    Stan reviewed himself; and a draft of Alice's (of Sara)."""
    from datetime import timedelta

    from django.utils import timezone

    from reviews import services

    moment = aurora.moments[0]

    def submit(reviewer, who, kind, results, days_ago):
        review = services.start_review(
            organization=manager.organization,
            reviewer=reviewer,
            kind=kind,
            consultant=who,
            location=who.location,
            moments=[moment],
            occurred_at=timezone.now() - timedelta(days=days_ago),
        )
        for behaviour, result in zip(aurora.behaviours, results, strict=True):
            services.score_item(review=review, behaviour=behaviour, result=result)
        return services.submit_review(review=review)

    reviews = [
        submit(manager, consultant, "observation", ["met", "not_met", "met"], 3),
        submit(mystery_shopper, second_consultant, "mystery_shop", ["met", "met", "na"], 2),
        submit(consultant, consultant, "self", ["met", "met", "not_met"], 1),
    ]
    draft = services.start_review(
        organization=manager.organization,
        reviewer=manager,
        kind="observation",
        consultant=second_consultant,
        location=second_consultant.location,
        moments=[moment],
        occurred_at=timezone.now() - timedelta(hours=2),
    )
    return Reviews(
        reviews=[*reviews, draft], moment=moment, behaviours=aurora.behaviours, location=location
    )


@pytest.fixture
def rival_reviews(rival, outsider, other_organization):
    """One submitted review in Rival Bank: Oscar observed Olga (employee code R001)."""
    from django.utils import timezone

    from accounts.choices import Role
    from reviews import services

    branch = account_services.save_location(
        organization=other_organization, name="Rival branch", code="rv1", time_zone="UTC"
    )
    olga = account_services.add_member(
        organization=other_organization,
        username="olga",
        role=Role.STAFF,
        location=branch,
        employee_code="R001",
    )
    review = services.start_review(
        organization=other_organization,
        reviewer=outsider,
        kind="observation",
        consultant=olga,
        location=branch,
        moments=rival.moments,
        occurred_at=timezone.now(),
    )
    services.score_item(review=review, behaviour=rival.behaviours[0], result="met")
    return Reviews(
        reviews=[services.submit_review(review=review)],
        moment=rival.moments[0],
        behaviours=rival.behaviours,
        location=branch,
    )


@pytest.fixture
def aurora_practices(aurora, manager):
    """Two competitor practices at Aurora's moment of truth, one at the menu moment."""
    from datetime import date

    def record(moment, competitor, description, rating):
        return practice_services.record_competitor_practice(
            organization=manager.organization,
            moment=moment,
            competitor=competitor,
            observed_on=date(2025, 3, 14),
            description=description,
            rating=rating,
            by=manager.user,
        )

    return [
        record(aurora.moments[0], "Trattoria Roma", "The waiter greets every table by name", 5),
        record(aurora.moments[0], "Burger Hub", "Orders taken on a tablet at the table", 3),
        record(aurora.moments[1], "Le Petit", "Specials explained with a story", 4),
    ]


@pytest.fixture
def rival_practice(rival, other_organization):
    from datetime import date

    return practice_services.record_competitor_practice(
        organization=other_organization,
        moment=rival.moments[0],
        competitor="Other Bank",
        observed_on=date(2025, 1, 2),
        description="Coffee while you wait",
        rating=4,
    )


# --- Survey responses ------------------------------------------------------------------------


def hours_ago_iso(hours: float) -> str:
    from datetime import timedelta

    from django.utils import timezone

    return (timezone.now() - timedelta(hours=hours)).replace(microsecond=0).isoformat()


@pytest.fixture
def response_body(consultant):
    """A valid POST /api/v1/responses/ item for Aurora: an NPS 9 credited to Stan (E001)."""

    def make(**overrides):
        body = {
            "metric": "nps",
            "score": 9,
            "consultant": consultant.employee_code,
            "submitted_at": hours_ago_iso(2),
        }
        body.update(overrides)
        return {name: value for name, value in body.items() if value is not None}

    return make


def record(organization, source="link", **row):
    """Save one response through the services, as a link, QR code or import would."""
    from surveys.intake.checks import check_responses
    from surveys.intake.services import record_responses

    (checked,) = check_responses(organization=organization, rows=[row])
    ((response, _created),) = record_responses(
        organization=organization, rows=[checked], source=source
    )
    return response


@pytest.fixture
def aurora_responses(organization, aurora, consultant, second_consultant):
    """Aurora's responses over the last ten days, newest first: Stan's promoter with a
    comment in Polish (2 hours ago), Stan's passive (30 hours), Sara's detractor with a
    comment (3 days), Stan's CSAT detractor from an import (5 days), Sara's promoter by QR
    code in Romanian (10 days)."""
    moment = aurora.moments[0]
    return [
        record(
            organization,
            metric="nps",
            score=10,
            consultant="E001",
            moment=moment.pk,
            comment="Kelner pamiętał moje zamówienie",
            language="pl",
            submitted_at=hours_ago_iso(2),
            interaction_ref="RCP-1",
            external_id="pos-1",
        ),
        record(
            organization, metric="nps", score=7, consultant="E001", submitted_at=hours_ago_iso(30)
        ),
        record(
            organization,
            metric="nps",
            score=3,
            consultant="E002",
            comment="Nobody called me back",
            submitted_at=hours_ago_iso(24 * 3),
        ),
        record(
            organization,
            source="import",
            metric="csat",
            score=2,
            consultant="E001",
            submitted_at=hours_ago_iso(24 * 5),
        ),
        record(
            organization,
            source="qr",
            metric="nps",
            score=9,
            consultant="E002",
            moment=moment.pk,
            language="ro",
            submitted_at=hours_ago_iso(24 * 10),
        ),
    ]


@pytest.fixture
def rival_response(other_organization):
    """One response of Rival Bank (Olga, R001, at branch rv1)."""
    from accounts.choices import Role

    branch = account_services.save_location(
        organization=other_organization, name="Rival branch", code="rv1", time_zone="UTC"
    )
    account_services.add_member(
        organization=other_organization,
        username="olga",
        role=Role.STAFF,
        location=branch,
        employee_code="R001",
    )
    return record(
        other_organization, metric="nps", score=8, consultant="R001", submitted_at=hours_ago_iso(5)
    )
