"""Issue 13's misleading figures, in headless Chromium. Eve (executive) opens the dashboard
in the middle of a week: the current week's single CSAT answer of 1 is not drawn as a
collapse to 0%, the partial week is a hollow point with its n, CES has its own trend, and
the NPS tile, whose previous period had two answers, says only that it cannot compare.
Stan (staff) reads the same verdicts on his scorecard on a phone.
Screenshots: docs/screenshots/dashboard-figures*.png, scorecard-figures-phone.png."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dashboards import rollups
from surveys.intake.checks import check_responses
from surveys.intake.services import record_responses

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _rows(member, metric, scores, days_ago):
    when = timezone.now() - timedelta(days=days_ago, hours=1)
    return [
        {
            "metric": metric,
            "score": score,
            "consultant": member.employee_code,
            "location": member.location.code,
            "submitted_at": when.isoformat(),
        }
        for score in scores
    ]


@pytest.fixture
def quarter(organization, consultant, executive):
    """Thirteen weeks of Stan's answers at Kraków: NPS, CSAT and CES, about 35 a week each;
    this week only one CSAT answer, a 1. The quarter before: 40 CSAT and 40 CES answers
    but only two NPS answers."""
    rng = random.Random(13)
    rows = []
    today = timezone.localdate()
    # Whole weeks before this one; this week (Monday to today) gets the single answer.
    start_of_week = today.weekday()
    for days_ago in range(start_of_week + 1, 88):
        rows += _rows(
            consultant, "nps", [rng.choice([10, 9, 9, 8, 7, 3]) for _ in range(5)], days_ago
        )
        rows += _rows(
            consultant, "csat", [rng.choice([5, 5, 4, 4, 3, 2]) for _ in range(5)], days_ago
        )
        rows += _rows(
            consultant, "ces", [rng.choice([7, 6, 6, 5, 4, 2]) for _ in range(5)], days_ago
        )
    rows += _rows(consultant, "csat", [1], 0)
    rows += _rows(consultant, "nps", [2, 5], 120)
    rows += _rows(consultant, "csat", [rng.choice([5, 4, 3, 2, 1]) for _ in range(40)], 120)
    rows += _rows(consultant, "ces", [rng.choice([5, 4, 3, 2]) for _ in range(40)], 120)
    organization_id = consultant.organization_id
    checked = check_responses(organization=consultant.organization, rows=rows, max_rows=None)
    record_responses(organization=consultant.organization, rows=checked, source="api")
    rollups.rebuild_all(organization_id=organization_id)


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_partial_weeks_thin_weeks_and_tiny_previous_periods_do_not_look_like_news(
    browser, live_server, login, shoot, quarter
):
    page = browser.new_page(viewport=DESKTOP)
    login(page, "eve")
    page.goto(f"{live_server.url}/dashboards/")

    # The NPS tile: no arrow, no colour, only that it cannot compare (n's on hover).
    nps_change = page.locator(".tile-nps .change")
    expect(nps_change.locator(".not-enough")).to_have_text("Not enough answers to compare")
    expect(nps_change.locator(".arrow")).to_have_count(0)
    expect(nps_change).to_have_class("change verdict-not_enough")
    title = page.locator(".tile-nps .not-enough").get_attribute("title")
    assert "previous period: n = 2;" in title and "at least 30 in each" in title
    # CES has a margin and a verdict of its own.
    expect(page.locator(".tile-ces .margin")).to_contain_text("±")
    expect(page.locator(".tile-ces .change .verdict")).to_be_visible()

    # Three trend charts, drawn.
    for metric in ("nps", "csat", "ces"):
        expect(page.locator(f"#chart-{metric}.js-plotly-plot")).to_be_visible()
    # This week's one CSAT answer of 1 is not on the line, and the legend says why.
    line_values = page.evaluate(
        "() => document.getElementById('chart-csat').data.find(t => t.mode === 'lines+markers').y"
    )
    assert 0 not in line_values
    csat = page.locator("#chart-csat")
    expect(csat.locator(".legendtext").first).to_contain_text("Fewer than 30 answers")
    csat_card = page.locator(".chart-card").nth(1)
    notes = csat_card.locator(".chart-notes")
    expect(notes.locator(".chart-note-partial").last).to_contain_text(
        "partial week: " + str(timezone.localdate().weekday() + 1) + " of 7 days, n = 1"
    )
    expect(notes.locator(".chart-note-partial").last).to_contain_text("fewer than 30: not plotted")
    # The numbers say it too.
    csat_card.locator("summary").click()
    expect(csat_card.locator("tr.bucket-few").last).to_contain_text("only 1 answer, fewer than 30")
    expect(page.locator(".trend-caption")).to_contain_text("Weeks run from Monday to Sunday")
    page.mouse.move(0, 0)
    shoot(page, "dashboard-figures")

    # A year is drawn by month, and its caption speaks of months.
    page.select_option("#id_period", "365")
    expect(page.locator("#trend-title")).to_have_text("NPS, CSAT and CES by month")
    expect(page.locator(".trend-caption")).to_contain_text("Points are calendar months")
    expect(page.locator(".trend-caption")).not_to_contain_text("Weeks")
    expect(page.locator("#chart-ces.js-plotly-plot")).to_be_visible()

    phone = browser.new_page(viewport=PHONE)
    login(phone, "eve")
    phone.goto(f"{live_server.url}/dashboards/")
    expect(phone.locator("#chart-csat.js-plotly-plot")).to_be_visible()
    _no_sideways_scroll(phone)
    shoot(phone, "dashboard-figures-phone")


def test_stan_reads_the_same_verdicts_on_his_phone(browser, live_server, login, shoot, quarter):
    page = browser.new_page(viewport=PHONE)
    login(page, "stan")
    page.goto(f"{live_server.url}/dashboards/me/")
    expect(page.locator(".sc-tiles")).to_be_visible()

    tiles = page.locator(".sc-tile")
    nps = tiles.filter(has_text="NPS")
    expect(nps.locator(".not-enough")).to_have_text("Not enough answers to compare")
    expect(nps.locator(".arrow")).to_have_count(0)
    expect(tiles.filter(has_text="CES").locator(".sc-margin")).to_contain_text("±")
    table = page.locator(".sc-trend-table")
    expect(table.locator("thead")).to_contain_text("CES")
    expect(table.locator("tbody tr").last).to_contain_text("partial week")
    expect(table.locator("tbody tr").last.locator(".sc-few")).to_have_count(1)
    _no_sideways_scroll(page)
    shoot(page, "scorecard-figures-phone")


@pytest.fixture(autouse=True)
def on_the_readers_clock():
    """The pages count days on the reader's clock (Kraków: Europe/Warsaw), so "today" in
    these expectations is Warsaw's too: between 23:00 and 24:00 UTC it is already tomorrow."""
    with timezone.override("Europe/Warsaw"):
        yield
