"""E-mail that the mail server refused, as a manager sees it in headless Chromium, against
a real SMTP server (tests/fake_smtp.py): each invitation's state (sent, waiting to retry
at HH:MM and why, failed and why), "Retry failed now" once the server takes them, and a
published version's e-mail to each staff member. Screenshots: invitations-retrying,
invitations-retrying-phone, invitations-retried, version-notices."""

import pytest
from playwright.sync_api import expect

from accounts.choices import Role
from standards import services as standards_services
from surveys.forms import services as survey_services
from surveys.invitations import services as invitation_services
from tests.fake_smtp import fake_smtp
from tests.personas import add_person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
GUESTS = "anna.nowak@example.com\njan.kowalski@example.com\nola@bounce.example"


@pytest.fixture
def smtp_server(settings):
    with fake_smtp(settings) as server:
        yield server


def test_manager_sees_which_invitations_wait_and_retries_the_failed_ones(
    browser, live_server, login, shoot, smtp_server, manager, consultant, critical_moment
):
    survey = survey_services.create_survey(
        organization=manager.organization, name="Dinner NPS", metric="nps", moment=critical_moment
    )
    smtp_server.busy = {"jan.kowalski@example.com"}
    smtp_server.reject = {"ola@bounce.example"}
    # Alice sent the list: a location manager sees the lists she started (README "Roles").
    batch = invitation_services.invite(survey=survey, text=GUESTS, language="pl", by=manager.user)
    invitation_services.send_invitation_batch(batch_id=batch.pk)

    page = browser.new_page(viewport=DESKTOP)
    login(page, "alice")
    page.goto(f"{live_server.url}/surveys/invitations/{batch.pk}/")
    rows = page.locator(".invitetable tbody tr")
    expect(rows.filter(has_text="anna.nowak@example.com")).to_contain_text("Sent")
    expect(rows.filter(has_text="jan.kowalski@example.com")).to_contain_text("Waiting to retry at")
    expect(rows.filter(has_text="jan.kowalski@example.com")).to_contain_text("451 4.3.2")
    expect(rows.filter(has_text="ola@bounce.example")).to_contain_text("Could not be sent")
    expect(rows.filter(has_text="ola@bounce.example")).to_contain_text("550 5.1.1 No such user")
    shoot(page, "invitations-retrying")

    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot(page, "invitations-retrying-phone")

    # The server takes them now (Ola's address was fixed at her provider).
    smtp_server.busy, smtp_server.reject = set(), set()
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Retry failed now").click()
    expect(page.locator(".messages, .msg").first).to_contain_text(
        "2 invitations are being sent again."
    )
    expect(page.locator("#progress")).to_contain_text("Sent: 3")
    expect(page.locator(".invitetable")).not_to_contain_text("Waiting to retry")
    shoot(page, "invitations-retried")
    assert sorted(m.to[0] for m in smtp_server.messages) == sorted(GUESTS.split())


def test_manager_sees_the_e_mail_to_each_staff_member_of_a_version(
    browser, live_server, login, shoot, smtp_server, manager, location, iron_behaviour
):
    for name in ("kasia", "piotr", "zofia"):
        add_person(
            manager.organization, name, Role.STAFF, location=location, email=f"{name}@example.com"
        )
    smtp_server.busy = {"piotr@example.com"}
    smtp_server.reject = {"zofia@example.com"}
    version = standards_services.publish_standards(
        organization=manager.organization, by=manager.user
    )
    standards_services.notify_staff_of_version(version=version)

    page = browser.new_page(viewport=DESKTOP)
    login(page, "alice")
    page.goto(f"{live_server.url}/standards/versions/{version.number}/#notices")
    notices = page.locator("#notices")
    expect(notices).to_contain_text("E-mail to staff")
    expect(notices.locator("tr", has_text="kasia@example.com")).to_contain_text("Sent")
    expect(notices.locator("tr", has_text="piotr@example.com")).to_contain_text(
        "Waiting to retry at"
    )
    expect(notices.locator("tr", has_text="zofia@example.com")).to_contain_text(
        "550 5.1.1 No such user"
    )
    notices.scroll_into_view_if_needed()
    shoot(page, "version-notices", full_page=False)
