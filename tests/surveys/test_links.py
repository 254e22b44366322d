"""Links made by Alice (manager) on a survey's page: one at a time, one per consultant of a
location, and revoked; bad input is refused with a clear message and nothing saved."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from surveys.intake import services
from surveys.models import SurveyLink
from tests.personas import add_person
from touchpoints import services as touchpoint_services


def _create(client, survey, **data):
    return client.post(reverse("surveys:link_create", args=[survey.pk]), data)


def test_manager_creates_a_single_use_link_for_a_consultant(
    client_for, manager, nps_survey, consultant, location, critical_moment
):
    response = _create(
        client_for(manager),
        nps_survey,
        kind="single",
        consultant=consultant.pk,
        channel="phone",
        label="Receipt printer",
    )

    link = SurveyLink.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:link_detail", args=[link.pk])
    assert (link.kind, link.consultant, link.label, link.channel) == (
        "single",
        consultant,
        "Receipt printer",
        "phone",
    )
    # Missing context comes from the consultant (location) and the survey (moment).
    assert link.location == location
    assert link.moment == critical_moment
    assert link.source == "link"
    assert link.created_by == manager.user


def test_manager_creates_a_reusable_link_of_a_touchpoint_with_an_expiry(
    client_for, manager, nps_survey, location, journey
):
    paying = touchpoint_services.create_touchpoint(journey=journey, name="Paying", channel="web")
    # Alice types the time as it reads in Kraków, her location.
    when = timezone.now().replace(microsecond=0) + timedelta(days=30)
    local = timezone.localtime(when, timezone=ZoneInfo("Europe/Warsaw"))

    response = _create(
        client_for(manager),
        nps_survey,
        kind="reusable",
        location=location.pk,
        touchpoint=paying.pk,
        expires_at=local.strftime("%Y-%m-%dT%H:%M"),
    )

    assert response.status_code == 302
    link = SurveyLink.objects.get()
    assert (link.kind, link.source, link.location) == ("reusable", "qr", location)
    assert (link.touchpoint, link.moment, link.channel) == (paying, None, "web")
    assert link.expires_at == when.replace(second=0)


def test_an_expiry_in_the_past_is_refused(client_for, manager, nps_survey):
    yesterday = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")

    response = _create(client_for(manager), nps_survey, kind="single", expires_at=yesterday)

    assert response.status_code == 400
    assert "The expiry must be in the future." in response.content.decode()
    assert not SurveyLink.objects.exists()


def test_a_consultant_of_another_organization_is_refused(
    client_for, manager, nps_survey, other_organization
):
    olga = add_person(other_organization, "olga", Role.STAFF, employee_code="R1")

    response = _create(client_for(manager), nps_survey, kind="single", consultant=olga.pk)

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not SurveyLink.objects.exists()


def test_a_manager_is_not_a_consultant_to_credit(client_for, manager, nps_survey):
    response = _create(client_for(manager), nps_survey, kind="single", consultant=manager.pk)

    assert response.status_code == 400
    assert not SurveyLink.objects.exists()


def test_a_moment_not_at_the_chosen_touchpoint_is_refused(
    client_for, manager, nps_survey, journey, critical_moment
):
    paying = touchpoint_services.create_touchpoint(journey=journey, name="Paying")

    response = _create(
        client_for(manager),
        nps_survey,
        kind="single",
        touchpoint=paying.pk,
        moment=critical_moment.pk,
    )

    assert response.status_code == 400
    assert "This moment is not at the chosen touchpoint." in response.content.decode()
    assert not SurveyLink.objects.exists()


def test_an_unknown_kind_is_refused(client_for, manager, nps_survey):
    response = _create(client_for(manager), nps_survey, kind="forever")

    assert response.status_code == 400
    assert not SurveyLink.objects.exists()


# --- One link per consultant of a location ---------------------------------------------------


@pytest.fixture
def kasia(organization, location):
    return add_person(organization, "kasia", Role.STAFF, location=location, employee_code="E003")


def test_manager_creates_a_qr_code_for_every_consultant_of_a_location(
    client_for, manager, nps_survey, consultant, kasia, second_consultant, location
):
    response = client_for(manager).post(
        reverse("surveys:links_bulk_create", args=[nps_survey.pk]),
        {"location": location.pk, "kind": "reusable"},
        follow=True,
    )

    links = SurveyLink.objects.order_by("label")
    assert [(link.consultant, link.kind, link.location) for link in links] == [
        (kasia, "reusable", location),
        (consultant, "reusable", location),
    ]
    assert [link.label for link in links] == ["Kasia Test", "Stan Test"]
    assert "2 links created, one for each consultant of Kraków Rynek." in response.content.decode()


def test_a_location_without_consultants_gets_no_links(
    client_for, admin_member, nps_survey, consultant, organization
):
    from accounts import services as account_services

    empty = account_services.save_location(organization=organization, name="Gdańsk", code="gda")

    # Adam, an admin: Alice manages Kraków and is offered no other location.
    response = client_for(admin_member).post(
        reverse("surveys:links_bulk_create", args=[nps_survey.pk]),
        {"location": empty.pk, "kind": "reusable"},
    )

    assert response.status_code == 400
    assert "This location has no consultants yet." in response.content.decode()
    assert not SurveyLink.objects.exists()


def test_bulk_links_with_a_past_expiry_are_all_refused(
    client_for, manager, nps_survey, consultant, kasia, location
):
    response = client_for(manager).post(
        reverse("surveys:links_bulk_create", args=[nps_survey.pk]),
        {"location": location.pk, "kind": "reusable", "expires_at": "2020-01-01T10:00"},
    )

    assert response.status_code == 400
    assert not SurveyLink.objects.exists()


# --- A link's page and revoking --------------------------------------------------------------


def test_link_page_shows_its_address_qr_code_and_responses(client_for, manager, qr_link, settings):
    settings.SITE_URL = "https://cx.aurora.example"
    services.submit_via_link(link=qr_link, score=10)
    services.submit_via_link(link=qr_link, score=6)

    response = client_for(manager).get(reverse("surveys:link_detail", args=[qr_link.pk]))

    html = response.content.decode()
    assert response.context["link"].response_count == 2
    assert f'value="https://cx.aurora.example/s/{qr_link.token}/"' in html
    assert '<svg role="img"' in html
    assert reverse("surveys:link_qr", args=[qr_link.pk, "svg"]) in html
    assert "Revoke the link" in html


def test_manager_revokes_a_link_and_it_takes_no_more_answers(client_for, manager, qr_link):
    response = client_for(manager).post(
        reverse("surveys:link_revoke", args=[qr_link.pk]), {"back": "survey"}
    )

    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("surveys:survey_detail", args=[qr_link.survey_id]) + "#links"
    )
    qr_link.refresh_from_db()
    assert qr_link.revoked_at is not None
    with pytest.raises(services.LinkClosed):
        services.submit_via_link(link=qr_link, score=9)


def test_revoking_twice_keeps_the_first_time(client_for, manager, qr_link):
    client = client_for(manager)
    client.post(reverse("surveys:link_revoke", args=[qr_link.pk]))
    qr_link.refresh_from_db()
    first = qr_link.revoked_at

    response = client.post(reverse("surveys:link_revoke", args=[qr_link.pk]))

    assert response["Location"] == reverse("surveys:link_detail", args=[qr_link.pk])
    qr_link.refresh_from_db()
    assert qr_link.revoked_at == first
    page = client.get(response["Location"]).content.decode()
    assert "Revoked" in page and "Revoke the link" not in page
