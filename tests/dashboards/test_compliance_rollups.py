"""The compliance rollup equals compliance computed from the review items themselves."""

import random

import pytest
from django.db.models import Sum

from dashboards import rollups
from dashboards.models import ComplianceDaily
from reviews import services as review_services
from standards import services as standards_services
from tests.dashboards import raw_compliance

pytestmark = pytest.mark.django_db


def _from_rollup(group: str) -> dict:
    rows = ComplianceDaily.objects.values(group, "kind").annotate(
        met=Sum("met"), not_met=Sum("not_met")
    )
    figures = {}
    for row in rows:
        entry = figures.setdefault(row[group], {})
        entry[f"{row['kind']}_met"] = row["met"]
        entry[f"{row['kind']}_applicable"] = row["met"] + row["not_met"]
    return figures


@pytest.mark.parametrize(
    "group_by,column",
    [("behaviour", "behaviour_id"), ("consultant", "consultant_id"), ("location", "location_id")],
)
def test_rollup_matches_compliance_from_raw_items(
    organization,
    manager,
    consultant,
    second_consultant,
    critical_moment,
    iron_behaviour,
    master_behaviour,
    submit,
    group_by,
    column,
):
    second_iron = standards_services.create_behaviour(
        moment=critical_moment, kind="iron", text="Repeat the order back"
    )
    behaviours = [iron_behaviour, master_behaviour, second_iron]
    rng = random.Random(7)
    for _ in range(30):
        submit(
            reviewer=manager,
            consultant=rng.choice([consultant, second_consultant]),
            results={b: rng.choice(["met", "met", "not_met", "na"]) for b in behaviours},
            days_ago=rng.randint(1, 20),
            kind=rng.choice(["observation", "mystery_shop"]),
        )
    rollups.rebuild_compliance_days(organization_id=organization.pk)
    rolled = _from_rollup(column)
    for row in raw_compliance.compliance(organization.pk, group_by):
        for figure in ("iron_met", "iron_applicable", "master_met", "master_applicable"):
            assert rolled[row["key"]].get(figure, 0) == row[figure], (row["key"], figure)


def test_a_correction_replaces_the_corrected_review_in_the_rollup(
    organization,
    manager,
    consultant,
    iron_behaviour,
    submit,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        original = submit(
            reviewer=manager, consultant=consultant, results={iron_behaviour: "not_met"}
        )
    assert ComplianceDaily.objects.get().not_met == 1
    correction = review_services.correct_review(review=original, by=manager)
    review_services.score_item(review=correction, behaviour=iron_behaviour, result="met")
    with django_capture_on_commit_callbacks(execute=True):
        review_services.submit_review(review=correction)
    row = ComplianceDaily.objects.get()
    assert (row.met, row.not_met) == (1, 0)


def test_a_review_of_two_moments_counts_once_and_once_in_each_moment(
    organization, manager, consultant, journey, critical_moment, iron_behaviour, submit
):
    """Stan's observation covers "Taking the order" and "Menu questions"; another covers
    the order only. The organization had 2 reviews, "Taking the order" 2, "Menu
    questions" 1, whichever way the page is cut."""
    from dashboards import selectors
    from dashboards.compliance import reports

    menu = journey.touchpoints.get().moments.get(is_critical=False)
    explain = standards_services.create_behaviour(moment=menu, kind="iron", text="Explain")
    submit(
        reviewer=manager,
        consultant=consultant,
        results={iron_behaviour: "met", explain: "not_met"},
    )
    submit(reviewer=manager, consultant=consultant, results={iron_behaviour: "not_met"})
    rollups.rebuild_compliance_days(organization_id=organization.pk)
    scope = reports.ComplianceFilter().scope(organization.pk)

    assert selectors.compliance_totals(scope)["reviews"] == 2
    by_moment = {row["key"]: row["reviews"] for row in selectors.compliance_groups(scope, "moment")}
    assert by_moment == {critical_moment.pk: 2, menu.pk: 1}
    assert [row["reviews"] for row in selectors.compliance_groups(scope, "consultant")] == [2]
    for moment, expected in ((critical_moment, 2), (menu, 1)):
        only = reports.ComplianceFilter(moment_id=moment.pk)
        assert reports.filtered_totals(organization.pk, only)["reviews"] == expected
        by_consultant = reports.filtered_groups(organization.pk, "consultant", only)
        assert [row["reviews"] for row in by_consultant] == [expected]
