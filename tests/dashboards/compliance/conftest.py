"""The compliance, consultant and location pages against hand-computed figures: the
reviews of the `figures` fixture.

Moment "Taking the order": iron greet (G), repeat (R); master recall (M), suggest (S).
Moment "Menu questions": iron explain (Q).

1. Stan at krk, observation by Alice, yesterday:   G met, R not met, M met,     S n/a
2. Stan at krk, self-review, yesterday:             G met, R met,     M not met, S not met
3. Sara at waw, mystery shop by Alice, yesterday:   G met, R n/a,     M met,     S not met
4. Stan at krk, call review by Alice, 40 days ago:  Q not met
A draft (never counts):                              G not met

All time: iron G 3/3, R 1/2, Q 0/1 → 4 of 6 = 66.7%; master M 2/3, S 0/2 → 2 of 5 = 40%.
"""

import pytest

from accounts.choices import Role
from reviews import services
from standards import services as standards_services
from tests.personas import add_person


@pytest.fixture
def manager(organization):
    """Alice manages the whole organization here (no location of her own): these figures
    are the organization's. A manager of one location sees only its figures
    (tests/accounts/test_location_visibility.py)."""
    return add_person(organization, "alice", Role.MANAGER)


@pytest.fixture
def submit(submit, django_capture_on_commit_callbacks):
    """Reviews reach the rollup the pages read as in production: after commit."""

    def make(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return submit(**kwargs)

    return make


@pytest.fixture
def menu_moment(journey):
    return journey.touchpoints.get().moments.get(is_critical=False)


@pytest.fixture
def figures(
    manager,
    consultant,
    second_consultant,
    critical_moment,
    menu_moment,
    iron_behaviour,
    master_behaviour,
    second_master,
    submit,
):
    repeat = standards_services.create_behaviour(
        moment=critical_moment, kind="iron", text="Repeat the order back"
    )
    explain = standards_services.create_behaviour(
        moment=menu_moment, kind="iron", text="Explain the dish of the day"
    )
    g, r, m, s, q = iron_behaviour, repeat, master_behaviour, second_master, explain
    submit(
        reviewer=manager, consultant=consultant, results={g: "met", r: "not_met", m: "met", s: "na"}
    )
    submit(
        reviewer=consultant,
        consultant=consultant,
        kind="self",
        results={g: "met", r: "met", m: "not_met", s: "not_met"},
    )
    submit(
        reviewer=manager,
        consultant=second_consultant,
        kind="mystery_shop",
        results={g: "met", r: "na", m: "met", s: "not_met"},
    )
    submit(
        reviewer=manager,
        consultant=consultant,
        kind="call_review",
        results={q: "not_met"},
        days_ago=40,
    )
    draft = services.start_review(
        organization=manager.organization,
        reviewer=manager,
        kind="observation",
        consultant=consultant,
        location=consultant.location,
        moments=[critical_moment],
        occurred_at=consultant.created_at,
    )
    services.score_item(review=draft, behaviour=g, result="not_met")
    return {"g": g, "r": r, "m": m, "s": s, "q": q}
