"""Issue 4's customer in headless Chromium: on a phone set to Polish, a guest scans the QR
code on the table, taps a score, writes a comment and sends it; a receipt link that was
already answered shows the friendly page. Screenshots go to docs/screenshots/."""

import re

import pytest
from django.core.cache import cache
from django.utils import translation
from playwright.sync_api import expect

from surveys.forms.services import create_survey
from surveys.intake.services import submit_via_link
from surveys.links.services import create_link
from surveys.models import Response

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 360, "height": 740}


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def survey(organization, manager, critical_moment, consultant):
    organization.show_first_name_on_surveys = True
    organization.save()
    return create_survey(
        organization=organization, name="Dinner NPS", metric="nps", moment=critical_moment
    )


def polish(text: str) -> str:
    """What the page says in Polish (the catalog's words, whatever they are today)."""
    with translation.override("pl"):
        return translation.gettext(text)


def phone_page(browser, viewport=PHONE):
    context = browser.new_context(viewport=viewport, locale="pl-PL", is_mobile=True, has_touch=True)
    return context.new_page()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_guest_answers_a_qr_code_in_polish_on_a_phone(
    browser, live_server, shoot, survey, consultant
):
    qr = create_link(survey=survey, kind="reusable", consultant=consultant)
    page = phone_page(browser)
    page.goto(f"{live_server.url}/s/{qr.token}/")

    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.locator("legend")).to_have_text(survey.question_pl)
    expect(page.get_by_text(re.compile("Stan"))).to_be_visible()
    radios = page.get_by_role("radio")
    expect(radios).to_have_count(11)
    assert fits(page)
    # Every score is a comfortable touch target: eleven on one row leave each about 32px
    # wide on this phone (WCAG asks 24), and tall.
    for width, height in page.locator(".score label").evaluate_all(
        "labels => labels.map(l => [l.offsetWidth, l.offsetHeight])"
    ):
        assert width >= 30
        assert height >= 44
    # The end labels sit at the ends they name: "low" by 0, "high" by 10.
    low = page.locator(".end.low").bounding_box()
    high = page.locator(".end.high").bounding_box()
    zero = page.locator("label[for=score-0]").bounding_box()
    ten = page.locator("label[for=score-10]").bounding_box()
    assert abs(low["x"] - zero["x"]) < 2
    assert abs((high["x"] + high["width"]) - (ten["x"] + ten["width"])) < 2

    # Keyboard: arrows move through the scores like any radio group.
    page.locator("#score-0").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#score-1")).to_be_checked()

    page.locator("label[for=score-9]").tap()
    expect(page.locator("#score-9")).to_be_checked()
    page.get_by_label(survey.follow_up_pl).fill("Kelner pamiętał, że nie jem glutenu.")
    shoot(page, "survey-phone-pl")

    page.get_by_role("button", name=polish("Send my answer")).click()

    expect(page).to_have_url(re.compile(rf"/s/{qr.token}/thanks/\?lang=pl$"))
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.locator("h1")).to_have_text(polish("Thank you for your answer!"))
    assert fits(page)
    shoot(page, "survey-thanks-phone")
    saved = Response.objects.get()
    assert (saved.score, saved.language, saved.source) == (9, "pl", "qr")
    assert saved.comment == "Kelner pamiętał, że nie jem glutenu."
    assert saved.consultant == consultant

    # Scanning the code again on the same phone: already answered, no second form.
    page.goto(f"{live_server.url}/s/{qr.token}/")
    expect(page.get_by_role("radio")).to_have_count(0)
    expect(page.locator("h1")).to_have_text(polish("You have already answered — thank you"))


def test_scores_fit_the_narrowest_phone(browser, live_server, survey, consultant):
    qr = create_link(survey=survey, kind="reusable", consultant=consultant)
    page = phone_page(browser, SMALL_PHONE)
    page.goto(f"{live_server.url}/s/{qr.token}/?lang=ro")

    expect(page.locator("legend")).to_have_text(survey.question_ro)
    assert fits(page)
    assert page.locator("label[for=score-10]").bounding_box()["width"] >= 28


def test_used_receipt_link_shows_the_friendly_page(browser, live_server, shoot, survey, consultant):
    receipt = create_link(survey=survey, consultant=consultant)
    submit_via_link(link=receipt, score=10)
    page = phone_page(browser)

    response = page.goto(f"{live_server.url}/s/{receipt.token}/")

    assert response.status == 410
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.locator("h1")).to_have_text(polish("This survey link has already been used"))
    expect(page.get_by_role("radio")).to_have_count(0)
    assert fits(page)
    shoot(page, "survey-used-link")
    assert Response.objects.count() == 1
