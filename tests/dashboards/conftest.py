"""Fixtures of the figures tests: answers and reviews of Aurora's consultants (the driver
rollup rows written directly are in tests/conftest.py: a browser test reads them too)."""

import pytest

from dashboards import rollups
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
