"""Ewa, an executive, reads the demo dashboard, narrows it to the last 30 days and to
Kraków, and the tiles, charts and leaderboard follow without a page load; the address
bar keeps the filters, so the view can be shared; the page prints."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def _points(page, chart_id: str) -> int:
    """How many weeks or months the drawn plotly line spans (the line is the trace drawn
    with lines and markers; partial and thin buckets are on it as gaps)."""
    return page.evaluate(
        "(id) => { const box = document.getElementById(id); if (!box || !box.data) return -1; "
        "return box.data.find((t) => t.mode === 'lines+markers').x.length; }",
        chart_id,
    )


def test_an_executive_filters_the_dashboard_and_charts_and_leaderboard_follow(
    browser, live_server, login, shoot, demo
):
    from demo.seed import PASSWORD as DEMO_PASSWORD

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, "ewa", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/dashboards/")

    # 90 days by default: 13 or 14 weekly points drawn by plotly, all four consultants.
    expect(page.locator("#chart-nps.js-plotly-plot")).to_be_visible()
    expect(page.locator("#chart-csat.js-plotly-plot")).to_be_visible()
    weeks_90 = _points(page, "chart-nps")
    assert weeks_90 >= 13
    board = page.locator("#leaderboard-ranked")
    expect(board).to_contain_text("Tomasz Lewandowski")
    expect(board).to_contain_text("Piotr Zieliński")
    answers_90 = page.locator(".tile-responses .big").inner_text()
    expect(page.locator(".heatmap td.heat").first).to_be_visible()
    shoot(page, "dashboard-executive")

    # The last 30 days: fewer weeks, fewer answers, and the URL says so.
    page.select_option("#id_period", "30")
    expect(page).to_have_url(re.compile(r"/dashboards/\?period=30"))
    expect(page.locator(".filter-summary")).to_contain_text("Last 30 days")
    expect(page.locator(".tile-responses .big")).not_to_have_text(answers_90)
    expect(page.locator("#chart-nps.js-plotly-plot")).to_be_visible()
    weeks_30 = _points(page, "chart-nps")
    assert 4 <= weeks_30 <= 6 < weeks_90
    # The first and last weeks of 30 days are cut by the period: marked, not summarised.
    expect(page.locator(".trend .chart-summary").first).to_contain_text("partial week")

    # Kraków only: its two consultants stay, Warszawa's leave the leaderboard.
    page.select_option("#id_location", label="Kraków Rynek")
    expect(page).to_have_url(re.compile(r"period=30&location=\d+"))
    expect(page.locator(".filter-summary")).to_contain_text("Kraków Rynek")
    expect(board).not_to_contain_text("Tomasz Lewandowski")
    expect(board).to_contain_text("Piotr Zieliński")
    expect(page.locator(".locations tbody tr")).to_have_count(1)
    expect(page.locator("#chart-nps.js-plotly-plot")).to_be_visible()

    # The shared URL opens the same view in a fresh page, without htmx.
    shared = page.url
    other = browser.new_page(viewport={"width": 1280, "height": 900})
    login(other, "ewa", DEMO_PASSWORD)
    other.goto(shared)
    expect(other.locator(".filter-summary")).to_contain_text("Last 30 days · Kraków Rynek")
    expect(other.locator("#leaderboard-ranked")).not_to_contain_text("Tomasz Lewandowski")

    # Back: the previous view comes back with its charts drawn again.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/dashboards/\?period=30$"))
    expect(board).to_contain_text("Tomasz Lewandowski")
    expect(page.locator("#chart-nps.js-plotly-plot")).to_be_visible()

    # On paper: no navigation or filters; the filter summary first, numbers printed.
    page.emulate_media(media="print")
    expect(page.locator("form.dash-filters")).to_be_hidden()
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.locator(".filter-summary")).to_be_visible()
    shoot(page, "dashboard-print")
