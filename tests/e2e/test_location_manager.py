"""Magda manages the demo's Kraków restaurant: her dashboard, responses and compliance show
Kraków only, the filters offer no other location, and Warszawa's address in the URL is
refused (README, Roles: what a manager with a location sees)."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Location

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_a_manager_of_krakow_sees_krakow_only(browser, live_server, login, shoot, demo):
    from demo.seed import PASSWORD as DEMO_PASSWORD

    warszawa = Location.objects.get(organization__slug="aurora", name__startswith="Warszawa")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, "magda", DEMO_PASSWORD)

    page.goto(f"{live_server.url}/dashboards/")
    expect(page.locator("h1")).to_have_text("My location's dashboard")
    expect(page.locator(".filter-summary")).to_contain_text("Kraków Rynek")
    expect(page.locator("#id_location option")).to_have_text(["All locations", "Kraków Rynek"])
    expect(page.locator(".locations tbody tr")).to_have_count(1)
    expect(page.locator("#leaderboard-ranked")).to_contain_text("Piotr Zieliński")
    expect(page.locator("main")).not_to_contain_text("Tomasz Lewandowski")
    expect(page.locator("#chart-nps.js-plotly-plot")).to_be_visible()
    shoot(page, "dashboard-location-manager")

    # Warszawa typed into the address: refused, with no figures under it.
    refused = page.goto(f"{live_server.url}/dashboards/?location={warszawa.pk}")
    assert refused.status == 400
    expect(page.locator("main")).to_contain_text("Choose one of your locations.")

    page.goto(f"{live_server.url}/surveys/responses/")
    expect(page.locator("#id_location option")).to_have_text(["All locations", "Kraków Rynek"])
    expect(page.locator(".responsetable")).not_to_contain_text("Warszawa")
    expect(page.locator(".responsetable")).not_to_contain_text("Tomasz")

    page.goto(f"{live_server.url}/reviews/compliance/")
    expect(page.locator("main")).not_to_contain_text("Tomasz Lewandowski")
    assert page.goto(f"{live_server.url}/reviews/locations/{warszawa.pk}/").status == 404

    # On a phone the narrowed list reads the same and stays within the screen.
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    login(phone, "magda", DEMO_PASSWORD)
    phone.goto(f"{live_server.url}/surveys/responses/")
    expect(phone.locator(".summary-line")).to_contain_text(re.compile(r"\d+ responses"))
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.locator(".summary-line").scroll_into_view_if_needed()
    shoot(phone, "responses-location-manager-phone", full_page=False)
