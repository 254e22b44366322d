"""Leaderboard (minimum sample, lower-bound ranking), standing in the team, driver
analysis and the rollup tasks' idempotence."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from accounts import services as account_services
from dashboards import rollups, selectors, tasks
from dashboards.models import ComplianceDaily, DriverDaily, SurveyDaily
from reviews.models import Review
from surveys.intake.checks import check_responses
from surveys.intake.services import record_responses

pytestmark = pytest.mark.django_db


def _answers(organization, code, scores, *, ref_prefix=None, minutes_ago=60):
    now = timezone.now()
    rows = [
        {
            "metric": "nps",
            "score": score,
            "consultant": code,
            "submitted_at": (now - timedelta(minutes=minutes_ago + i)).isoformat(),
            **({"interaction_ref": f"{ref_prefix}-{i}"} if ref_prefix else {}),
        }
        for i, score in enumerate(scores)
    ]
    checked = check_responses(organization=organization, rows=rows, now=now)
    record_responses(organization=organization, rows=checked, source="api")


@pytest.fixture
def third_consultant(organization, location):
    return account_services.add_member(
        organization=organization,
        username="tina",
        role="staff",
        password="not-used-here-42",
        first_name="Tina",
        last_name="Test",
        location=location,
        employee_code="E003",
    )


def test_leaderboard_ranks_on_the_lower_bound_and_leaves_small_samples_unranked(
    organization, consultant, second_consultant, third_consultant
):
    # Stan: NPS 60 on 200 answers (narrow margin). Sara: NPS 70 on 30 answers (wide).
    # Tina: NPS 100 on 5 answers: below the minimum sample.
    _answers(organization, "E001", [10] * 130 + [8] * 60 + [3] * 10)
    _answers(organization, "E002", [10] * 23 + [8] * 5 + [2] * 2)
    _answers(organization, "E003", [10] * 5)
    rollups.rebuild_all(organization_id=organization.pk)

    board = selectors.leaderboard(selectors.Scope(organization.pk), "nps", min_sample=30)

    ranked = [(row["label"], row["score"], row["rank"]) for row in board["ranked"]]
    assert ranked == [("Stan Test", 60.0, 1), ("Sara Test", 70.0, 2)]
    assert board["ranked"][0]["lower"] > board["ranked"][1]["lower"]
    assert [(row["label"], row["n"]) for row in board["not_enough_data"]] == [("Tina Test", 5)]
    assert "rank" not in board["not_enough_data"][0]


def test_standing_needs_enough_data_for_me_and_a_peer(
    organization, consultant, second_consultant, third_consultant
):
    _answers(organization, "E001", [10] * 40)
    _answers(organization, "E002", [3] * 40)
    _answers(organization, "E003", [10] * 3)
    rollups.rebuild_all(organization_id=organization.pk)
    team = selectors.Scope(organization.pk)

    assert selectors.standing(team, consultant.pk, "nps", 30) == {
        "rank": 1,
        "of": 2,
        "percentile": 100,
    }
    assert selectors.standing(team, second_consultant.pk, "nps", 30)["percentile"] == 0
    assert selectors.standing(team, third_consultant.pk, "nps", 30) is None


def test_staff_scope_never_includes_other_consultants(organization, consultant, second_consultant):
    _answers(organization, "E001", [10] * 4)
    _answers(organization, "E002", [0] * 6)
    rollups.rebuild_all(organization_id=organization.pk)
    mine = selectors.Scope(organization.pk, consultant_id=consultant.pk)
    assert selectors.survey_totals(mine, "nps")["n"] == 4
    assert [row["key"] for row in selectors.survey_groups(mine, "nps", "consultant")] == [
        consultant.pk
    ]


@pytest.fixture
def reviewed_interactions(
    organization,
    manager,
    consultant,
    critical_moment,
    iron_behaviour,
    master_behaviour,
    submit,
):
    """40 reviewed interactions with an NPS answer each: the iron behaviour met in 20
    (answers 10) and failed in 20 (answers 3); the master behaviour met in half of each."""
    for i in range(40):
        iron_met = i < 20
        submit(
            reviewer=manager,
            consultant=consultant,
            results={
                iron_behaviour: "met" if iron_met else "not_met",
                master_behaviour: "met" if i % 2 else "not_met",
            },
            days_ago=2,
            interaction_ref=f"R-{i}",
        )
        _answers(organization, "E001", [10 if iron_met else 3], ref_prefix=f"R-{i}")
    # Answers are recorded with refs "R-i-0": align the reviews with them.
    for review in Review.objects.filter(organization=organization):
        Review.objects.filter(pk=review.pk).update(interaction_ref=f"{review.interaction_ref}-0")
    rollups.rebuild_all(organization_id=organization.pk)


def test_drivers_compare_nps_when_met_and_not_met(
    organization, reviewed_interactions, iron_behaviour, master_behaviour
):
    rows = {
        row["behaviour_id"]: row for row in selectors.drivers(selectors.Scope(organization.pk), 10)
    }

    iron = rows[iron_behaviour.pk]
    assert (iron["met"]["n"], iron["met"]["nps"]) == (20, 100.0)
    assert (iron["not_met"]["n"], iron["not_met"]["nps"]) == (20, -100.0)
    assert iron["difference"]["delta"] == 200.0
    assert iron["flag"] is None
    # The master behaviour was met as often with happy as with unhappy customers: no lift.
    master = rows[master_behaviour.pk]
    assert master["met"]["n"] == master["not_met"]["n"] == 20
    assert master["difference"]["delta"] == 0.0
    assert master["flag"] == "master_no_lift"


def test_drivers_say_not_enough_data_below_the_minimum_sample(
    organization, reviewed_interactions, iron_behaviour
):
    rows = selectors.drivers(selectors.Scope(organization.pk), min_sample=30)
    assert all(not row["enough_data"] and row["flag"] is None for row in rows)


def test_compliance_rollup_counts_each_review_once(organization, reviewed_interactions):
    totals = selectors.compliance_totals(selectors.Scope(organization.pk))
    assert totals["reviews"] == 40
    assert totals["iron_met"] == 20 and totals["iron_applicable"] == 40
    by_moment = selectors.compliance_groups(selectors.Scope(organization.pk), "moment")
    assert [row["reviews"] for row in by_moment] == [40]
    by_behaviour = selectors.compliance_groups(selectors.Scope(organization.pk), "behaviour")
    assert [
        (row["reviews"], row["iron_applicable"] + row["master_applicable"]) for row in by_behaviour
    ] == [(40, 40), (40, 40)]


def _tables():
    return [
        sorted(model.objects.values_list(*[f.attname for f in model._meta.fields[1:]]))
        for model in (SurveyDaily, ComplianceDaily, DriverDaily)
    ]


def test_a_task_run_twice_changes_nothing(organization, reviewed_interactions):
    before = _tables()
    today = datetime.now(UTC).date()
    days = [(today - timedelta(days=i)).isoformat() for i in range(5)]
    for _ in range(2):
        tasks.refresh_days("surveys", organization.pk, days)
        tasks.refresh_days("compliance", organization.pk, days)
        tasks.refresh_days("drivers", organization.pk, None)
        tasks.rebuild_recent()
        assert _tables() == before
