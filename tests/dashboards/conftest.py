"""Fixtures of the figures tests: answers and reviews of Aurora's consultants, and driver
rollup rows written directly."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dashboards import rollups
from dashboards.models import DriverDaily
from tests.dashboards.recording import record_answers


@pytest.fixture
def answers(
    organization,
    manager,
    consultant,
    second_consultant,
    critical_moment,
    iron_behaviour,
    master_behaviour,
    submit,
):
    """Stan (Kraków): 40 NPS answers at the critical moment this period, NPS 55; Sara
    (Warszawa): 8 answers, too few to rank; 10 CSAT answers; 30 detractors of Stan's in
    the previous period. Six reviews of Stan with the receipts of his answers."""
    stan_scores = [10] * 28 + [8] * 6 + [3] * 6
    record_answers(
        organization,
        "nps",
        stan_scores,
        consultant="E001",
        moment=critical_moment.pk,
        interaction_ref=lambda i: f"R{i}",
    )
    record_answers(organization, "nps", [9] * 4 + [5] * 4, consultant="E002", days_ago=3)
    record_answers(organization, "csat", [5] * 7 + [2] * 3, consultant="E001")
    record_answers(organization, "nps", [0] * 30, consultant="E001", days_ago=120)
    for index in range(6):
        submit(
            reviewer=manager,
            consultant=consultant,
            results={iron_behaviour: "met" if index < 4 else "not_met", master_behaviour: "met"},
            interaction_ref=f"R{index}",
        )
    rollups.rebuild_all(organization_id=organization.pk)


@pytest.fixture
def driver_day(organization, consultant, critical_moment):
    def add(behaviour, *, days_ago: int, met: int, not_met: int):
        day = timezone.localdate() - timedelta(days=days_ago)
        for is_met, n in ((True, met), (False, not_met)):
            DriverDaily.objects.create(
                organization=organization,
                day=day,
                location=consultant.location,
                consultant=consultant,
                moment=critical_moment,
                behaviour=behaviour,
                kind=behaviour.kind,
                met=is_met,
                n=n,
                promoters=n // 2,
                detractors=n // 4,
            )

    return add


@pytest.fixture
def thin_quarter(driver_day, iron_behaviour, master_behaviour):
    """This quarter: the master behaviour 45 met / 20 not met, the iron one 50 / 4.
    Half a year ago: 15 more not met of the master one, so a year has enough."""
    driver_day(master_behaviour, days_ago=10, met=45, not_met=20)
    driver_day(iron_behaviour, days_ago=10, met=50, not_met=4)
    driver_day(master_behaviour, days_ago=200, met=10, not_met=15)
