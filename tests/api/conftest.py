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
