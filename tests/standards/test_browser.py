"""In Chromium: the htmx moment page (400s swapped in place, no reloads) and the phone checklist.

These need /usr/bin/chromium (see tests/e2e/conftest.py) and are skipped without it.
"""

from pathlib import Path

import pytest

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.personas import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not found"),
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_manager_edits_behaviours_in_place_without_reloading(
    page, live_server, manager, critical_moment, iron_behaviour, second_iron
):
    from playwright.sync_api import expect

    _login(page, live_server, "alice")
    page.goto(f"{live_server.url}/standards/moments/{critical_moment.pk}/")
    page.evaluate("window.sameDocument = true")
    behaviours = page.locator("#behaviours")

    page.fill("#id_text", "ab")
    page.click("text=Add behaviour")
    expect(behaviours.locator(".errorlist")).to_contain_text("at least 3 characters")

    page.check("#id_kind_1")
    page.fill("#id_text", "Walk the guest to the table")
    page.click("text=Add behaviour")
    expect(behaviours.locator(".msg.success")).to_contain_text("was added")
    expect(page.locator(".blist.master .btext")).to_have_text(["Walk the guest to the table"])

    page.locator(".blist.iron li").first.locator("button[title='Move down']").click()
    expect(page.locator(".blist.iron .btext")).to_have_text([second_iron.text, iron_behaviour.text])

    page.locator(".blist.master li").first.get_by_text("Edit").click()
    page.fill("#id_edit_text", "Walk the guest to their table")
    page.click("text=Save")
    expect(page.locator(".blist.master .btext")).to_have_text(["Walk the guest to their table"])

    page.locator(".blist.master li").first.get_by_text("Remove").click()
    expect(page.locator(".confirm")).to_contain_text("Remove “Walk the guest to their table”?")
    page.locator(".confirm button").click()
    expect(behaviours.locator(".msg.success")).to_contain_text("was removed")
    expect(page.locator(".blist.master .empty")).to_be_visible()

    assert page.evaluate("window.sameDocument") is True


def test_staff_checklist_fits_a_phone_and_acknowledges(
    page, live_server, consultant, published_version
):
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 375, "height": 740})
    _login(page, live_server, "stan")
    page.goto(f"{live_server.url}/standards/mine/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    button = page.get_by_role("button", name="I have read and understood these standards")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300  # a large tap target

    button.click()
    expect(page.locator(".ackbox.done")).to_contain_text("you confirmed")
    expect(page.locator(".banner")).to_have_count(0)
