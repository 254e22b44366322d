"""The pages work under the Content-Security-Policy: scripts only from our own files, no
inline script or handler. Every kind of page is opened in Chromium and used a little;
the browser reports no CSP violation and no console error."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def _watch(page) -> list[str]:
    """Collect console errors and CSP violations (the browser reports both)."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}") if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return problems


def test_the_main_pages_work_under_the_csp(browser, live_server, login, demo):
    from demo.seed import PASSWORD
    from surveys.models import SurveyLink
    from touchpoints.models import Journey

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems = _watch(page)

    # The executive's dashboard: plotly charts, htmx filters.
    login(page, "ewa", PASSWORD)
    response = page.goto(f"{live_server.url}/dashboards/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator("#chart-nps.js-plotly-plot")).to_be_visible()
    page.select_option("#id_period", "30")
    expect(page.locator(".filter-summary")).to_contain_text("Last 30 days")
    expect(page.locator("#chart-nps.js-plotly-plot")).to_be_visible()

    # The manager's journey map (htmx inline editing) and the print button's handler.
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    problems += _watch(page)
    login(page, "magda", PASSWORD)
    journey = Journey.objects.order_by("pk").first()
    page.goto(f"{live_server.url}/journeys/{journey.pk}/")
    expect(page.locator(".journeymap")).to_be_visible()
    page.evaluate("window.print = () => { window.printed = true; }")
    page.click("[data-print]")
    assert page.evaluate("window.printed") is True

    # The API's documentation, from the installed package.
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info")).to_be_visible()

    # A customer answers a QR code on a phone.
    link = SurveyLink.objects.filter(kind="reusable", revoked_at=None).first()
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    problems += _watch(phone)
    phone.goto(f"{live_server.url}/s/{link.token}/?lang=pl")
    phone.locator(".scores label").last.click()
    phone.click("button.submit")
    expect(phone.locator(".notice.done")).to_be_visible()

    assert problems == []
