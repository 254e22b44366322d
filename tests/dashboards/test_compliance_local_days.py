"""The compliance page and the dashboard count a review on the same day: the local day of
its location, whoever reads and whatever the server's clock says.

Aurora reads in UTC (Eve the executive has no location of her own); Kraków is in
Europe/Warsaw, an hour or two ahead. A review at 00:30 in Kraków on day D is still 23:30
on D − 1 in UTC: on the Kraków day D it falls after a period ending on D − 1, so neither
page counts it. One at 23:30 in Kraków on D − 1 (the period's last day) counts on both.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards import rollups
from dashboards.compliance.reports import ComplianceFilter
from reviews import services
from tests.dashboards import raw_compliance

pytestmark = pytest.mark.django_db

KRAKOW = ZoneInfo("Europe/Warsaw")


def _review(*, reviewer, consultant, behaviour, at: datetime):
    review = services.start_review(
        organization=consultant.organization,
        reviewer=reviewer,
        kind="observation",
        consultant=consultant,
        location=consultant.location,
        moments=[behaviour.moment],
        occurred_at=at,
    )
    services.score_item(review=review, behaviour=behaviour, result="met")
    return services.submit_review(review=review)


def test_a_review_near_midnight_counts_on_the_same_local_day_on_both_pages(
    client_for, organization, executive, manager, consultant, iron_behaviour
):
    organization.time_zone = "UTC"
    organization.save(update_fields=["time_zone"])
    day = timezone.localdate(timezone=KRAKOW) - timedelta(days=3)
    last = day - timedelta(days=1)
    after_the_period = datetime.combine(day, time(0, 30), KRAKOW)
    assert after_the_period.astimezone(ZoneInfo("UTC")).date() == last  # UTC: still inside
    on_the_last_day = datetime.combine(last, time(23, 30), KRAKOW)
    for at in (after_the_period, on_the_last_day):
        _review(reviewer=manager, consultant=consultant, behaviour=iron_behaviour, at=at)
    rollups.rebuild_all(organization_id=organization.pk)
    period = {
        "period": "custom",
        "date_from": (last - timedelta(days=6)).isoformat(),
        "date_to": last.isoformat(),
    }
    client = client_for(executive)

    page = client.get(reverse("reviews:compliance"), period).context["report"]["totals"]
    dashboard = client.get(reverse("dashboards:overview"), period).context["tiles"]["compliance"]

    assert page["reviews"] == dashboard["reviews"] == 1
    assert (page["iron_met"], page["iron_applicable"]) == (1, 1)
    assert (dashboard["iron_met"], dashboard["iron_applicable"]) == (1, 1)
    # The raw items read on the reader's UTC day, as the page used to, counted both.
    with timezone.override(ZoneInfo("UTC")):
        filters = ComplianceFilter(date_from=last - timedelta(days=6), date_to=last)
        assert raw_compliance.compliance_totals(organization.pk, filters)["reviews"] == 2
