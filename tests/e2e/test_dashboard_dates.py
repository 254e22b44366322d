"""Eve, an executive, picks "Custom dates" on her dashboard. The figures of the last 90
days stay on screen while she types: the two dates appear filled with those 90 days, an
end before the start is said beside the dates, and only a valid pair applies. The
response list's period filter behaves the same. Screenshots: dashboard-custom-dates*.png."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.dashboards.recording import answers, rebuild

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def figures(organization, executive, consultant, second_consultant):
    """Answers 5 and 60 days ago, so a custom period of the last 30 days shows fewer."""
    answers(consultant, [10, 9, 9, 10, 3], days_ago=5)
    answers(second_consultant, [8, 6, 10], days_ago=60)
    rebuild(organization)
    return executive


def _dashboard_requests(page) -> list[str]:
    requests: list[str] = []
    page.on(
        "request",
        lambda request: (
            requests.append(request.url)
            if "/dashboards/?" in request.url or request.url.endswith("/dashboards/")
            else None
        ),
    )
    return requests


@pytest.mark.parametrize("width", [1280, 390])
def test_custom_dates_keep_the_figures_until_both_dates_are_valid(
    browser, live_server, login, shoot, figures, width
):
    page = browser.new_page(viewport={"width": width, "height": 900})
    login(page, "eve")
    page.goto(f"{live_server.url}/dashboards/")
    summary = page.locator(".filter-summary")
    expect(summary).to_contain_text("Last 90 days")
    answered = page.locator(".tile-responses .big").inner_text()
    requests = _dashboard_requests(page)

    # Choosing "Custom dates" applies nothing: the dates appear, filled with the period shown.
    page.select_option("#id_period", "custom")
    today = timezone.localdate()
    start = today - timedelta(days=89)
    expect(page.locator("#id_date_from")).to_be_visible()
    expect(page.locator("#id_date_from")).to_have_value(start.isoformat())
    expect(page.locator("#id_date_to")).to_have_value(today.isoformat())
    page.wait_for_timeout(900)
    assert requests == []
    expect(summary).to_contain_text("Last 90 days")
    expect(page.locator(".refused")).to_have_count(0)

    # An end before the start: said beside the dates, the figures stay.
    page.fill("#id_date_to", (start - timedelta(days=1)).isoformat())
    error = page.locator("#period-error")
    expect(error).to_be_visible()
    expect(error).to_have_text("The end date is before the start date.")
    expect(page.locator("#id_date_to")).to_have_attribute("aria-invalid", "true")
    page.wait_for_timeout(900)
    assert requests == []
    expect(page.locator(".tile-responses .big")).to_have_text(answered)
    shoot(page, f"dashboard-custom-dates-error-{width}", full_page=False)

    # A valid pair applies: the last 30 days, and the address bar says so.
    page.fill("#id_date_from", (today - timedelta(days=29)).isoformat())
    page.fill("#id_date_to", today.isoformat())
    expect(page).to_have_url(re.compile(r"period=custom&date_from=\d{4}-\d\d-\d\d&date_to="))
    expect(summary).to_contain_text(f"to {today.isoformat()}")
    expect(error).to_be_hidden()
    expect(page.locator(".tile-responses .big")).not_to_have_text(answered)
    assert len(requests) == 1
    shoot(page, f"dashboard-custom-dates-{width}", full_page=False)

    # Back to a preset: it applies at once, as before.
    page.select_option("#id_period", "365")
    expect(summary).to_contain_text("Last 365 days")


def test_the_apply_button_refuses_half_typed_dates_in_place(browser, live_server, login, figures):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, "eve")
    page.goto(f"{live_server.url}/dashboards/")
    page.select_option("#id_period", "custom")
    page.fill("#id_date_from", "")
    page.get_by_role("button", name="Show figures").click()
    expect(page.locator("#period-error")).to_have_text(
        "Enter both dates: the figures change once both are set."
    )
    expect(page.locator(".filter-summary")).to_contain_text("Last 90 days")


def test_the_response_list_waits_for_both_dates_too(browser, live_server, login, figures):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, "eve")
    page.goto(f"{live_server.url}/surveys/responses/?period=30")
    rows = page.locator(".responsetable tbody tr")
    expect(rows).to_have_count(5)

    page.select_option("#id_period", "custom")
    expect(page.locator("#id_date_from")).to_be_visible()
    page.wait_for_timeout(900)
    expect(rows).to_have_count(5)  # not "all time" before a date is typed

    today = timezone.localdate()
    page.fill("#id_date_from", (today - timedelta(days=90)).isoformat())
    expect(rows).to_have_count(8)
    expect(page).to_have_url(re.compile(r"period=custom"))


@pytest.fixture(autouse=True)
def on_the_readers_clock():
    """The pages count days on the reader's clock (Kraków: Europe/Warsaw), so "today" in
    these expectations is Warsaw's too: between 23:00 and 24:00 UTC it is already tomorrow."""
    with timezone.override("Europe/Warsaw"):
        yield
