"""A manager's side of surveys in headless Chromium: Alice creates an NPS survey (the
Polish question comes pre-filled), makes a QR code for every consultant of Kraków, opens
the print sheet, then invites three customers by e-mail and watches them go out.
Screenshots go to docs/screenshots/ (make screenshots)."""

import re

import pytest
from playwright.sync_api import expect

from accounts.choices import Role
from surveys.forms.defaults import QUESTIONS
from surveys.models import Invitation, SurveyLink
from tests.personas import add_person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_manager_creates_a_survey_prints_qr_codes_and_invites_customers(
    browser,
    live_server,
    login,
    shoot,
    manager,
    consultant,
    second_consultant,
    location,
    critical_moment,
):
    add_person(manager.organization, "kasia", Role.STAFF, location=location, employee_code="E003")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, "alice")

    # A new NPS survey starts with the question in every language.
    page.get_by_role("link", name="Surveys", exact=True).click()
    page.get_by_role("link", name=re.compile("New survey|Create the first survey")).first.click()
    polish = page.locator("#id_question_pl")
    expect(polish).to_have_value(QUESTIONS["nps"]["pl"])
    page.get_by_label(re.compile("CSAT")).check()
    expect(polish).to_have_value(QUESTIONS["csat"]["pl"])
    page.get_by_label(re.compile("NPS")).check()
    expect(polish).to_have_value(QUESTIONS["nps"]["pl"])
    page.get_by_label("Name").fill("Dinner NPS")
    page.get_by_label("Moment").select_option(str(critical_moment.pk))
    page.get_by_role("button", name="Create the survey").click()
    expect(page.locator("h1")).to_have_text("Dinner NPS")

    # A QR code for each consultant of Kraków: Kasia and Stan, not Sara from Warsaw.
    page.locator("#id_bulk_location").select_option(label=location.name)
    page.get_by_role("button", name="Create the links").click()
    expect(page.locator("#messages")).to_contain_text("2 links created")
    rows = page.locator(".linktable tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator(".linktable")).to_contain_text("Kasia Test")
    expect(page.locator(".linktable")).not_to_contain_text("Sara")
    token = SurveyLink.objects.get(consultant=consultant).token
    expect(page.locator(f"#url-{token}")).to_have_value(re.compile(f"/s/{token}/$"))
    page.locator("#links").scroll_into_view_if_needed()
    shoot(page, "survey-detail")

    # The print sheet: one card per QR code, in Polish.
    page.get_by_role("link", name="Print QR codes").click()
    cards = page.locator(".printcard")
    expect(cards).to_have_count(2)
    page.get_by_label("Language of the cards").select_option("pl")
    expect(cards.first).to_contain_text(QUESTIONS["nps"]["pl"])
    expect(page.locator(".printcard svg")).to_have_count(2)
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    shoot(page, "qr-print-sheet")
    page.emulate_media(media="print")
    assert page.locator(".topbar").is_hidden()
    page.emulate_media(media="screen")

    # Three customers invited by e-mail; the embedded Celery sends them at once.
    page.get_by_role("link", name="Dinner NPS").click()
    page.get_by_role("link", name="Invite by e-mail").click()
    page.get_by_label("Recipients").fill(
        "anna@example.com, E001, R-1043\njan@example.com, E003\npiotr@example.com"
    )
    page.get_by_label("Language of the e-mail").select_option("pl")
    page.get_by_role("button", name="Send the invitations").click()
    expect(page.locator(".c-sent")).to_have_text("Sent: 3")
    expect(page.locator("progress")).to_have_attribute("value", "3")
    expect(page.locator(".invitetable tbody tr")).to_have_count(3)
    assert Invitation.objects.filter(status="sent").count() == 3
    shoot(page, "invitations-progress")

    # On a phone the survey page stays within the screen.
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    login(phone, "alice")
    phone.goto(page.url.split("/invitations/")[0] + "/")
    phone.get_by_role("button", name="Menu").click()  # a phone folds the links into a menu
    phone.get_by_role("link", name="Surveys", exact=True).click()
    phone.get_by_role("link", name="Dinner NPS").click()
    # Measured once the survey page is there, not while the click still navigates.
    expect(phone.locator("h1")).to_have_text("Dinner NPS")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_list_with_a_bad_line_is_refused_whole(
    browser, live_server, login, manager, consultant, critical_moment
):
    from surveys.forms import services

    survey = services.create_survey(
        organization=manager.organization, name="Dinner NPS", metric="nps"
    )
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, "alice")
    page.goto(f"{live_server.url}/surveys/{survey.pk}/invite/")
    page.get_by_label("Recipients").fill("anna@example.com\nnot-an-address\njan@example.com, E404")
    page.get_by_role("button", name="Send the invitations").click()

    errors = page.locator("#line-errors")
    expect(errors).to_contain_text("Line 2: “not-an-address” is not an e-mail address.")
    expect(errors).to_contain_text("Line 3: No consultant has the employee code “E404”.")
    expect(page.get_by_label("Recipients")).to_have_value(re.compile("not-an-address"))
    assert not Invitation.objects.exists()
