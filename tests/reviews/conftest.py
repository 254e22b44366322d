"""Review fixtures on top of the shared personas (tests/conftest.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews import services


@pytest.fixture
def second_master(critical_moment):
    from standards import services as standards_services

    return standards_services.create_behaviour(
        moment=critical_moment, kind="master", text="Suggest a dish from the guest's history"
    )


@pytest.fixture
def submit():
    """Record and submit a review in one call: results maps behaviour → result."""

    def make(*, reviewer, consultant, results, kind="observation", days_ago=1, note="", **extra):
        moments = {behaviour.moment for behaviour in results}
        review = services.start_review(
            organization=consultant.organization,
            reviewer=reviewer,
            kind=kind,
            consultant=consultant,
            location=consultant.location,
            moments=moments,
            occurred_at=timezone.now() - timedelta(days=days_ago),
            **extra,
        )
        for behaviour, result in results.items():
            services.score_item(review=review, behaviour=behaviour, result=result)
        return services.submit_review(review=review, coaching_note=note)

    return make
