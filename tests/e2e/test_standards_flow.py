"""The issue's story in headless Chromium: a manager builds and publishes standards,
a consultant reads and acknowledges them on a phone, the manager sees coverage go up.
Screenshots of each page land in docs/screenshots/ for the README."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def open_details(details):
    """Open a <details> disclosure whatever its current state (a click would toggle)."""
    details.evaluate("element => { element.open = true; }")


def test_manager_publishes_and_staff_acknowledges_on_a_phone(
    browser, live_server, login, shoot, manager, consultant, second_consultant
):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    login(page, "alice")
    expect(page).to_have_url(re.compile(r"/journeys/$"))

    page.fill("#id_newjourney_name", "Dinner at Aurora")
    page.get_by_role("button", name="Add journey").click()
    # The new journey opens on its map, where its touchpoints are added.
    expect(page.get_by_role("heading", name="Dinner at Aurora")).to_be_visible()

    # A refused form answers 400; htmx swaps the error in place, without a reload.
    page.evaluate("window.sameDocument = true")
    open_details(page.locator(".tp-new details"))
    page.locator(".tp-new form").get_by_role("button", name="Add touchpoint").click()
    expect(page.locator(".tp-new .errorlist")).to_be_visible()
    assert page.evaluate("window.sameDocument === true")

    for name in ["Ordering", "Paying"]:
        open_details(page.locator(".tp-new details"))
        new_column = page.locator(".tp-new form")
        new_column.get_by_label("Name").fill(name)
        new_column.get_by_role("button", name="Add touchpoint").click()
        expect(page.locator(".tp-col h2", has_text=name)).to_be_visible()

    ordering = page.locator(".tp-col", has=page.locator("h2", has_text="Ordering"))
    open_details(ordering.locator("details.addform"))
    ordering.get_by_label("Name").fill("Taking the order")
    ordering.get_by_label("Moment of truth").check()
    ordering.get_by_role("button", name="Add moment").click()
    card = page.locator(".moment-card", has_text="Taking the order")
    expect(card).to_have_class(re.compile("critical"))

    # Reorder: the payment column moves left of ordering, and stays there after a reload.
    page.get_by_role("button", name="Move Paying left").click()
    expect(page.locator(".tp-col h2").first).to_have_text("Paying")
    page.reload()
    expect(page.locator(".tp-col h2").first).to_have_text("Paying")
    page.get_by_role("button", name="Move Paying right").click()
    expect(page.locator(".tp-col h2").first).to_have_text("Ordering")

    page.locator(".moment-card", has_text="Taking the order").get_by_role(
        "link", name="Taking the order", exact=True
    ).click()
    for kind, text in [
        ("iron", "Greet the table within two minutes"),
        ("master", "Recall the guest's favourite dish"),
        ("iron", "Repeat the order back, with allergies"),
    ]:
        page.locator(f".addbehaviour input[value={kind}]").check()
        page.locator(".addbehaviour [name=text]").fill(text)
        page.locator(".addbehaviour").get_by_role("button", name="Add behaviour").click()
        expect(page.locator(f".blist.{kind}")).to_contain_text(text)
    page.get_by_role("button", name="Move “Repeat the order back, with allergies” up").click()
    expect(page.locator(".blist.iron > li").first).to_contain_text("Repeat the order back")
    shoot(page, "moment")

    # "Standards" opens the publish page for editors, with tabs for versions and the rest.
    page.get_by_role("link", name="Standards", exact=True).click()
    expect(page.locator(".subnav [aria-current=page]")).to_have_text("Publish")
    expect(page.locator("main")).to_contain_text("Greet the table within two minutes")
    shoot(page, "publish")
    page.get_by_role("button", name=re.compile("^Publish")).click()
    expect(page.locator("main")).to_contain_text("Version 1")

    page.get_by_role("link", name="Acknowledgements").click()
    expect(page.locator("main")).to_contain_text("0 of 2 staff (0%) have confirmed.")

    staff = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    login(staff, "stan")
    banner = staff.locator(".banner")
    expect(banner).to_contain_text("New standards: version 1")
    banner.get_by_role("link", name="Read and acknowledge").click()
    expect(staff.locator(".checklist")).to_contain_text("Taking the order")
    expect(staff.locator(".checklist")).to_contain_text("Recall the guest's favourite dish")
    no_sideways_scroll = staff.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_sideways_scroll
    shoot(staff, "checklist-phone")
    staff.get_by_role("button", name="I have read and understood these standards").click()
    expect(staff.locator(".ackbox.done")).to_be_visible()
    expect(staff.locator(".banner")).to_have_count(0)

    page.reload()
    expect(page.locator("main")).to_contain_text("1 of 2 staff (50%) have confirmed.")
    expect(page.locator("main")).to_contain_text("Sara")
    shoot(page, "coverage")


def test_journey_map_and_history_screenshots_from_the_demo(
    browser, live_server, login, shoot, demo
):

    page = browser.new_page(viewport={"width": 1366, "height": 900})
    from demo.seed import PASSWORD as DEMO_PASSWORD

    login(page, "magda", DEMO_PASSWORD)
    page.get_by_role("link", name="An evening at the restaurant").click()
    expect(page.locator(".moment-card.critical")).to_have_count(4)
    shoot(page, "journey-map")
    # Printed, the whole map fits one A4 landscape sheet (842 × 595 pt).
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    assert re.search(rb"/MediaBox\s*\[0 0 84[12](\.\d+)? 59[45](\.\d+)?\]", pdf)
    page.emulate_media(media="print")
    shoot(page, "journey-map-print")
    page.emulate_media(media="screen")
    page.get_by_role("link", name="Standards", exact=True).click()
    page.locator(".subnav").get_by_role("link", name="History").click()
    expect(page.locator("main")).to_contain_text("Bring the bill within 3 minutes")
    shoot(page, "history", full_page=False)
    page.get_by_role("link", name="Compliance").click()
    # 90 days of demo reviews: Piotr masters the master behaviours, Tomasz does not yet.
    consultants = page.locator("table", has_text="Consultant").first
    expect(consultants).to_contain_text("Piotr Zieliński")
    shoot(page, "compliance-demo")
    page.get_by_role("link", name="Practices").click()
    expect(page.locator("main")).to_contain_text("Ritz-Carlton")
    shoot(page, "practices", full_page=False)
    page.get_by_role("link", name="Standards", exact=True).click()
    page.locator(".subnav").get_by_role("link", name="Versions").click()
    page.get_by_role("link", name=re.compile("2")).first.click()
    shoot(page, "version")


def test_the_journey_map_works_without_javascript(browser, live_server, login, manager, journey):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    login(page, "alice")
    page.goto(f"{live_server.url}/journeys/{journey.pk}/")
    column = page.locator(".tp-col", has=page.locator("h2", has_text="Ordering"))
    # Without JavaScript the <details> opens natively on click; the form posts and redirects.
    column.locator("details.addform summary").click()
    column.get_by_label("Name").fill("Bringing the wine")
    column.get_by_role("button", name="Add moment").click()
    expect(page.locator(".msg.success")).to_be_visible()
    card = page.locator(".moment-card", has_text="Bringing the wine")
    expect(card).not_to_have_class(re.compile("critical"))
    page.get_by_role("button", name="Mark Bringing the wine as a moment of truth").click()
    expect(page.locator(".moment-card", has_text="Bringing the wine")).to_have_class(
        re.compile("critical")
    )
    page.get_by_role("button", name="Move Bringing the wine up").click()
    expect(page.locator(".moment-card h3").nth(1)).to_have_text("Bringing the wine")
    context.close()
