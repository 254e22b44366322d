"""People without a location of their own (executives, administrators, managers of several
locations) read times on their organization's clock, not the server's UTC."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import Organization
from reviews.models import Review


def test_the_first_location_sets_a_new_organizations_clock(db):
    organization = services.create_organization(name="Nova Bank", slug="nova")
    assert organization.time_zone == "UTC"

    services.save_location(
        organization=organization, name="Chișinău", code="kiv", time_zone="Europe/Chisinau"
    )
    services.save_location(
        organization=organization, name="Auckland", code="akl", time_zone="Pacific/Auckland"
    )

    organization.refresh_from_db()
    assert organization.time_zone == "Europe/Chisinau"


def test_an_executive_reads_the_organizations_clock_and_a_consultant_their_locations(
    executive, consultant, organization, location
):
    services.save_location(
        organization=organization, name="Auckland", code="akl", time_zone="Pacific/Auckland"
    )
    assert executive.location_id is None
    assert str(executive.zone) == "Europe/Warsaw"  # Kraków, the first location
    assert str(consultant.zone) == "Europe/Warsaw"


def test_the_administrator_changes_the_organizations_clock(
    admin_member, organization, location, client_for
):
    client = client_for(admin_member)
    response = client.post(
        reverse("accounts:organization"),
        {"name": organization.name, "min_sample": 30, "time_zone": "America/New_York"},
    )

    assert response.status_code in (200, 302)
    organization.refresh_from_db()
    assert organization.time_zone == "America/New_York"
    # A form posted without it (an older client) keeps the zone.
    client.post(reverse("accounts:organization"), {"name": organization.name, "min_sample": 30})
    organization.refresh_from_db()
    assert organization.time_zone == "America/New_York"


@pytest.mark.parametrize(
    ("zone", "shown"),
    [("Europe/Warsaw", "7 Dec 2026, 15:49"), ("America/New_York", "7 Dec 2026, 09:49")],
)
def test_an_executive_sees_a_review_submitted_on_the_organizations_clock(
    zone,
    shown,
    executive,
    organization,
    client_for,
    manager,
    consultant,
    critical_moment,
    iron_behaviour,
):
    from reviews import services as review_services

    Organization.objects.filter(pk=organization.pk).update(time_zone=zone)
    review = review_services.start_review(
        organization=organization,
        reviewer=manager,
        kind="observation",
        consultant=consultant,
        location=consultant.location,
        moments=[critical_moment],
        occurred_at=datetime(2026, 12, 7, 14, 0, tzinfo=UTC),
    )
    review_services.score_item(review=review, behaviour=iron_behaviour, result="met")
    review_services.submit_review(review=review)
    Review.objects.filter(pk=review.pk).update(
        submitted_at=datetime(2026, 12, 7, 14, 49, tzinfo=UTC)
    )

    html = client_for(executive).get(reverse("reviews:review_detail", args=[review.pk])).text

    assert shown in html
