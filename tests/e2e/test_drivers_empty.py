"""Eve opens her dashboard while the driver analysis has too few answers at 90 days: the
panel names the closest behaviours and links to the last 365 days, which she follows to
the drivers table. Screenshots: dashboard-drivers-empty*.png."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_an_empty_driver_panel_leads_to_the_period_that_has_drivers(
    browser,
    live_server,
    login,
    shoot,
    executive,
    thin_quarter,
    width,
):
    page = browser.new_page(viewport={"width": width, "height": 900})
    login(page, "eve")
    page.goto(f"{live_server.url}/dashboards/")
    panel = page.locator("section.drivers")
    expect(panel.locator(".drivers-closest li")).to_have_count(2)
    expect(panel).to_contain_text("20 of 30 answers needed when not met (45 when met)")
    panel.scroll_into_view_if_needed()
    shoot(page, f"dashboard-drivers-empty-{width}", full_page=False)

    panel.get_by_role("link", name="Choose “Last 365 days” to see drivers").click()
    expect(page.locator(".filter-summary")).to_contain_text("Last 365 days")
    expect(page.locator("#drivers-table")).to_be_visible()
