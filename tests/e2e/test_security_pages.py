"""Stan mistypes his password five times and is told, in plain words, that signing in is
paused and who can lift it; Adam, the administrator, sees the lock on the people page and
lifts it; Stan signs in. A customer whose browser drops cookies is told what to do."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_locked_out_consultant_is_unlocked_by_the_administrator(
    browser, live_server, login, shoot, consultant, admin_member
):
    from tests.personas import PASSWORD

    stan = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    for _ in range(5):
        stan.goto(f"{live_server.url}/accounts/login/")
        stan.fill("#id_username", "stan")
        stan.fill("#id_password", "not-my-password")
        stan.click("button[type=submit]")
    expect(stan.locator("h1")).to_have_text("Signing in is paused")
    expect(stan.locator("main")).to_contain_text("Try again in 15 minutes")
    shoot(stan, "locked-out-phone")

    adam = browser.new_page(viewport={"width": 1280, "height": 800})
    login(adam, "adam")
    adam.goto(f"{live_server.url}/accounts/settings/people/")
    row = adam.locator("tr", has_text="stan")
    expect(row.locator(".tag.locked")).to_contain_text("Locked out until")
    shoot(adam, "people-locked")
    row.get_by_role("button", name="Unlock").click()
    expect(adam.locator("#messages")).to_contain_text("can sign in again")
    expect(adam.locator(".tag.locked")).to_have_count(0)

    login(stan, "stan", PASSWORD)
    expect(stan.locator("body")).not_to_contain_text("Signing in is paused")
    assert "/accounts/login/" not in stan.url


def test_a_customer_without_cookies_is_told_what_to_do(browser, live_server, shoot, consultant):
    from surveys.forms.services import create_survey
    from surveys.links.services import create_link

    survey = create_survey(organization=consultant.organization, name="NPS", metric="nps")
    link = create_link(survey=survey, kind="single", consultant=consultant)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="pl-PL")
    phone = context.new_page()
    phone.goto(f"{live_server.url}/s/{link.token}/")
    context.clear_cookies()  # the browser dropped them (private mode, a strict setting)
    phone.locator(".scores label").last.click()
    phone.click("button.submit")

    expect(phone.locator("h1")).to_have_text("Nie udało się wysłać odpowiedzi")
    shoot(phone, "survey-no-cookies-phone")
    phone.click("a.submit")
    expect(phone.locator("button.submit")).to_be_visible()
