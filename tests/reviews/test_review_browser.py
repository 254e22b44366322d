"""The self-review on a 375px phone in headless Chromium, with htmx and without JavaScript.

Stan taps through his checklist after a real interaction: every tap saves its row, the note
saves as he types, the submit button is disabled while it submits. The same sheet works
as plain forms when JavaScript is off.
"""

import os
import re
import time
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reviews.models import Review, ReviewItem
from tests.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 375, "height": 740}
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
    pytest.skip(f"{CHROMIUM} not found: apt-get install chromium", allow_module_level=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": args}


@pytest.fixture
def phone(browser, live_server):
    """A logged-in page on a 375px phone; closed with the test, so no request of it
    reaches the live server after the test's database is gone."""
    contexts = []

    def open_as(username, *, javascript=True):
        context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        return page

    yield open_as
    for context in contexts:
        context.close()


def _eventually(check, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _note_of(review):
    review.refresh_from_db(fields=["coaching_note"])
    return review.coaching_note


def _fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_staff_review_themselves_on_a_phone_with_htmx(
    phone,
    live_server,
    consultant,
    critical_moment,
    iron_behaviour,
    master_behaviour,
    published_version,
):
    page = phone("stan")
    page.goto(live_server.url + reverse("reviews:my_situations"))
    assert _fits_the_screen(page)
    page.get_by_role("button", name="Review myself").click()
    expect(page.get_by_role("heading", name=re.compile("Self-review by Stan"))).to_be_visible()
    assert _fits_the_screen(page)
    review = Review.objects.get()

    # Big tap targets, labels visible, iron before master.
    segment = page.locator(f"#row-{iron_behaviour.pk} .seg label").first.bounding_box()
    assert segment["height"] >= 44 and segment["width"] >= 80
    rows = page.locator(".scorerow")
    expect(rows.first).to_contain_text("Greet the table")
    expect(rows.nth(1)).to_contain_text("Recall the guest")

    page.evaluate("window.sameDocument = true")
    iron_row = page.locator(f"#row-{iron_behaviour.pk}")
    iron_row.locator("label.seg-met").click()
    expect(page.locator(f"#row-{iron_behaviour.pk}")).to_have_class(re.compile("is-met"))
    master_row = page.locator(f"#row-{master_behaviour.pk}")
    master_row.locator("summary").click()
    master_row.locator("textarea").fill("Did not ask about his usual")
    master_row.locator("label.seg-not_met").click()
    expect(page.locator(f"#row-{master_behaviour.pk}")).to_have_class(re.compile("is-not_met"))
    expect(page.locator(f"#row-{master_behaviour.pk} textarea")).to_have_value(
        "Did not ask about his usual"
    )

    page.locator("#id_coaching_note").press_sequentially("Next time: greet by name.")
    expect(page.locator("#note-status")).to_contain_text("Saved at")
    assert page.evaluate("window.sameDocument === true")  # no reloads so far
    # On a busy machine a pause mid-typing saves part of it first; the last save wins.
    assert _eventually(lambda: _note_of(review) == "Next time: greet by name.")
    assert dict(ReviewItem.objects.values_list("behaviour_id", "result")) == {
        iron_behaviour.pk: "met",
        master_behaviour.pk: "not_met",
    }

    page.get_by_role("button", name="Submit my self-review").click()
    expect(page.locator(".tag.rstatus")).to_have_text("Submitted")
    expect(page.get_by_text("Your self-review is submitted.")).to_be_visible()
    expect(page.get_by_text("standards version 1")).to_be_visible()
    review.refresh_from_db()
    assert review.status == "submitted"
    page.wait_for_load_state("networkidle")


def test_a_refused_submit_marks_the_open_rows_in_place(
    phone, live_server, consultant, critical_moment, iron_behaviour, master_behaviour
):
    page = phone("stan")
    page.goto(live_server.url + reverse("reviews:my_situations"))
    page.get_by_role("button", name="Review myself").click()
    page.locator(f"#row-{iron_behaviour.pk} label.seg-met").click()
    expect(page.locator(f"#row-{iron_behaviour.pk}")).to_have_class(re.compile("is-met"))

    page.get_by_role("button", name="Submit my self-review").click()

    expect(page.locator("#sheet .msg.error")).to_contain_text("1 is still open")
    expect(page.locator(f"#row-{master_behaviour.pk}")).to_have_class(re.compile("missing"))
    assert Review.objects.get().status == "draft"


def test_the_sheet_works_without_javascript(
    phone, live_server, consultant, critical_moment, iron_behaviour, master_behaviour
):
    page = phone("stan", javascript=False)
    page.goto(live_server.url + reverse("reviews:my_situations"))
    page.get_by_role("button", name="Review myself").click()
    expect(page.get_by_role("heading", name=re.compile("Self-review by Stan"))).to_be_visible()

    for behaviour, result in ((iron_behaviour, "met"), (master_behaviour, "na")):
        row = page.locator(f"#row-{behaviour.pk}")
        row.locator(f"label.seg-{result}").click()
        expect(row.locator(f"input[value={result}]")).to_be_checked()
        row.get_by_role("button", name="Save").click()
        page.wait_for_load_state()
    page.locator("#id_coaching_note").fill("Plain forms work")
    page.get_by_role("button", name="Save the note").click()
    expect(page.get_by_text("The note is saved.")).to_be_visible()
    page.get_by_role("button", name="Submit my self-review").click()

    expect(page.locator(".tag.rstatus")).to_have_text("Submitted")
    review = Review.objects.get()
    assert (review.status, review.coaching_note) == ("submitted", "Plain forms work")
    assert sorted(review.items.values_list("result", flat=True)) == ["met", "na"]
