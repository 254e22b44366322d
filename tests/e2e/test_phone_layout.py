"""The header on a phone and on a wide screen, in headless Chromium.

Stan (staff) on a 390px phone sees a one-line header naming where he is and a Menu button;
the menu opens and closes by tap, keyboard or Esc, and works with JavaScript off. Every role's
main pages fit a 390px phone without sideways scrolling, in English and Romanian. At 1440px
every role's navigation is one line, in all four languages.
Screenshots: docs/screenshots/phone-menu*.png, header-1440-*.png."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dashboards import rollups
from surveys.forms.services import create_survey
from surveys.intake.checks import check_responses
from surveys.intake.services import record_responses
from surveys.links.services import create_link

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1440, "height": 900}
HEADER_MAX = 60


@pytest.fixture
def workplace(organization, manager, consultant, executive, admin_member, published_version):
    """Aurora with published standards, an NPS survey and its QR link, and thirteen weeks of
    Stan's answers (enough for his trend table, the widest table a phone shows him)."""
    survey = create_survey(organization=organization, name="Dinner NPS", metric="nps")
    link = create_link(survey=survey, kind="reusable", consultant=consultant)
    rng = random.Random(11)
    rows = []
    for days_ago in range(1, 92, 3):
        when = (timezone.now() - timedelta(days=days_ago, hours=2)).isoformat()
        for metric, scale in (("nps", [10, 9, 8, 7, 3]), ("csat", [5, 4, 3, 2])):
            rows += [
                {
                    "metric": metric,
                    "score": rng.choice(scale),
                    "consultant": consultant.employee_code,
                    "location": consultant.location.code,
                    "submitted_at": when,
                    "comment": "Kelner pamiętał, że nie jem glutenu.",
                }
                for _ in range(4)
            ]
    checked = check_responses(organization=organization, rows=rows, max_rows=None)
    record_responses(organization=organization, rows=checked, source="api")
    rollups.rebuild_all(organization_id=organization.pk)
    return {"survey": survey, "link": link}


def open_as(browser, live_server, login, username, viewport, language="en", **options):
    context = browser.new_context(viewport=viewport, **options)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    login(page, username)
    return page


def header_height(page) -> float:
    return page.locator("header.topbar").bounding_box()["height"]


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_phone_menu_opens_closes_and_names_the_page(browser, live_server, login, shoot, workplace):
    page = open_as(browser, live_server, login, "stan", PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{live_server.url}/standards/mine/")
    menu_button = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Main")

    # One short line: the brand, where Stan is, and the menu button; no links yet.
    assert header_height(page) <= HEADER_MAX
    expect(page.locator(".here")).to_have_text("My standards")
    expect(nav).to_be_hidden()
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    # The pending-standards banner stays one short row on a phone too.
    assert page.locator(".banner").bounding_box()["height"] <= 64
    shoot(page, "phone-menu-closed", full_page=False)

    menu_button.tap()
    expect(nav).to_be_visible()
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="My standards")).to_have_attribute("aria-current", "page")
    for name in ("My scores", "My situations", "My compliance", "My feedback", "Reviews"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    # The account is in the same menu: nothing else to find on a phone.
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    shoot(page, "phone-menu-open", full_page=False)

    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(menu_button).to_have_attribute("aria-expanded", "false")

    # Keyboard only: Enter opens it, Tab goes straight into the links.
    menu_button.focus()
    page.keyboard.press("Enter")
    expect(nav).to_be_visible()
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="My scores")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".here")).to_have_text("My scores")
    expect(nav).to_be_hidden()


def test_phone_menu_works_without_javascript(browser, live_server, login, workplace):
    page = open_as(browser, live_server, login, "alice", PHONE, java_script_enabled=False)
    page.goto(f"{live_server.url}/surveys/")
    nav = page.get_by_role("navigation", name="Main")

    expect(page.locator(".here")).to_have_text("Surveys")
    expect(nav).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(nav).to_be_visible()
    nav.get_by_role("link", name="Journeys").click()
    expect(page.locator("h1")).to_have_text("Customer journeys")


def _pages(workplace, journey, consultant):
    survey, link = workplace["survey"], workplace["link"]
    return {
        "alice": [
            "/dashboards/",
            "/journeys/",
            f"/journeys/{journey.pk}/",
            "/reviews/",
            "/reviews/new/",
            "/reviews/compliance/",
            "/surveys/",
            f"/surveys/{survey.pk}/",
            f"/surveys/links/{link.pk}/",
            "/surveys/responses/",
            "/standards/publish/",
        ],
        "eve": ["/dashboards/", "/surveys/responses/", "/standards/versions/"],
        "adam": ["/accounts/settings/", "/accounts/settings/people/"],
        "stan": [
            "/dashboards/me/",
            "/standards/mine/",
            "/reviews/situations/",
            "/reviews/",
            f"/reviews/consultants/{consultant.pk}/",
            "/surveys/my-feedback/",
        ],
    }


@pytest.mark.parametrize("language", ["en", "ro"])
def test_main_pages_fit_a_phone_for_every_role(
    browser, live_server, login, workplace, journey, consultant, language
):
    overflowing = []
    for username, paths in _pages(workplace, journey, consultant).items():
        page = open_as(browser, live_server, login, username, PHONE, language=language)
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            # goto waits for the load event: no page loads a part later (no hx-trigger="load").
            assert response.ok, (username, path, response.status)
            assert header_height(page) <= HEADER_MAX, (username, path)
            if not no_sideways_scroll(page):
                width = page.evaluate("document.documentElement.scrollWidth")
                overflowing.append((username, path, width))
        page.context.close()
    assert overflowing == []


@pytest.mark.parametrize("language", ["en", "pl", "ru", "ro"])
def test_every_roles_navigation_is_one_line_at_1440(
    browser, live_server, login, shoot, workplace, language
):
    for username in ("alice", "adam", "eve", "stan"):
        page = open_as(browser, live_server, login, username, WIDE, language=language)
        links = page.locator(".mainnav a")
        expect(links.first).to_be_visible()
        tops = {
            round(box["y"])
            for box in links.evaluate_all("links => links.map(l => l.getBoundingClientRect())")
        }
        assert len(tops) == 1, (username, language)
        nav_right = page.locator(".mainnav a").last.bounding_box()
        account = page.locator(".accountbutton").bounding_box()
        assert nav_right["x"] + nav_right["width"] < account["x"], (username, language)
        assert header_height(page) <= HEADER_MAX
        if language == "ru" and username == "adam":
            shoot(page, "header-1440-ru-admin", full_page=False)
        page.context.close()


def test_account_menu_holds_the_organization_password_and_log_out(
    browser, live_server, login, workplace
):
    page = open_as(browser, live_server, login, "alice", WIDE)
    account = page.locator(".accountbutton")
    expect(account).to_contain_text("Alice Test")
    expect(page.get_by_role("button", name="Log out")).to_be_hidden()

    account.click()
    expect(account).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#accountmenu")).to_contain_text("Manager")
    expect(page.get_by_role("link", name="Password")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(page.locator("#id_username")).to_be_visible()
