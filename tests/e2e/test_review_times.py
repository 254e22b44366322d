"""Issue 13's review times in headless Chromium, on a phone whose own clock is in New York:
Alice (manager, Kraków) opens a review; the time is pre-filled on Kraków's clock, moves to
Auckland's when she picks the Auckland branch, a time the clocks skipped is refused in
place, the repeated autumn hour is stored as the first and named CEST, and the sheet counts
the behaviours still open as she scores them. Screenshots go to docs/screenshots/."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from accounts import services as account_services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _clock(zone: str) -> set[str]:
    """What a wall clock in `zone` shows now, to the minute (and a minute later)."""
    now = datetime.now(ZoneInfo(zone))
    return {(now + timedelta(minutes=m)).strftime("%Y-%m-%dT%H:%M") for m in (0, 1)}


def score(page, behaviour, result):
    page.locator(f"label[for='r{behaviour.pk}-{result}']").click()
    expect(page.locator(f"#r{behaviour.pk}-{result}")).to_be_checked()
    page.wait_for_load_state("networkidle")


def test_review_times_on_the_locations_clock_and_the_live_open_count(
    browser,
    live_server,
    login,
    shoot,
    organization,
    manager,
    consultant,
    critical_moment,
    iron_behaviour,
    master_behaviour,
):
    auckland = account_services.save_location(
        organization=organization, name="Auckland Viaduct", code="akl", time_zone="Pacific/Auckland"
    )
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, timezone_id="America/New_York"
    )
    page = context.new_page()
    login(page, "alice")
    page.goto(f"{live_server.url}/reviews/new/")

    when = page.locator("#id_occurred_at")
    assert when.input_value() in _clock("Europe/Warsaw")  # not UTC, not the phone's
    expect(page.locator("[data-zone-name]")).to_have_text("Europe/Warsaw")
    # "Menu questions" has no behaviours: not offered, and named with the reason.
    expect(page.get_by_label(re.compile("Menu questions"))).to_have_count(0)
    expect(page.locator(".unscorable")).to_contain_text("Menu questions")

    page.get_by_label("Consultant").select_option(label="Stan Test (E001, Kraków Rynek)")
    page.get_by_label("Location").select_option(label=auckland.name)
    expect(page.locator("[data-zone-name]")).to_have_text("Pacific/Auckland")
    assert when.input_value() in _clock("Pacific/Auckland")
    page.get_by_label("Location").select_option(label=consultant.location.name)
    expect(page.locator("[data-zone-name]")).to_have_text("Europe/Warsaw")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot(page, "review-form-times-phone")

    # 02:30 on 29 March 2026 never happened in Kraków: refused in place, kept to correct.
    page.get_by_label(re.compile("Taking the order")).check()
    when.fill("2026-03-29T02:30")
    page.get_by_role("button", name="Start scoring").click()
    expect(page.locator("#review-form")).to_contain_text(
        "did not exist in Europe/Warsaw: the clocks moved forward an hour that night"
    )
    assert when.input_value() == "2026-03-29T02:30"

    # 02:30 on 25 October 2026 happened twice: the first, on summer time (CEST).
    when.fill("2026-10-25T02:30")
    page.get_by_role("button", name="Start scoring").click()
    meta = page.locator(".review-meta")
    expect(meta).to_contain_text("25 Oct 2026, 02:30")
    expect(meta).to_contain_text("CEST · Europe/Warsaw")

    count = page.locator("#open-count")
    expect(count).to_have_text("2 behaviours are still to score.")
    page.get_by_role("button", name="Submit the review").click()
    expect(page.locator("#sheet-error")).to_contain_text("2 are still open")
    score(page, iron_behaviour, "met")
    expect(count).to_have_text("1 behaviour is still to score.")
    expect(page.locator("#sheet-error")).to_be_hidden()  # the refused submit's count is gone
    score(page, master_behaviour, "not_met")
    expect(count).to_contain_text("Every behaviour is scored: you can submit.")

    page.locator("#id_coaching_note").fill("Greeted in time; ask about the last visit.")
    expect(page.locator("#note-status")).to_contain_text("Saved at")
    saved = re.search(r"\d\d:\d\d", page.locator("#note-status").inner_text()).group(0)
    assert saved in {value[-5:] for value in _clock("Europe/Warsaw")}
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot(page, "review-sheet-times-phone")
    context.close()


def test_a_review_in_a_far_zone_shows_its_clock_and_the_readers(
    browser,
    live_server,
    login,
    shoot,
    organization,
    manager,
    consultant,
    critical_moment,
    iron_behaviour,
):
    from reviews import services

    auckland = account_services.save_location(
        organization=organization, name="Auckland Viaduct", code="akl", time_zone="Pacific/Auckland"
    )
    review = services.start_review(
        organization=organization,
        reviewer=manager,
        kind="call_review",
        consultant=consultant,
        location=auckland,
        moments=[critical_moment],
        occurred_at=datetime(2026, 7, 1, 9, 15, tzinfo=ZoneInfo("Pacific/Auckland")),
    )
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, "alice")
    page.goto(f"{live_server.url}/reviews/{review.pk}/")

    meta = page.locator(".review-meta")
    expect(meta).to_contain_text("1 Jul 2026, 09:15")
    expect(meta).to_contain_text("NZST · Pacific/Auckland")
    expect(meta).to_contain_text("30 Jun 2026, 23:15 in your time zone (Europe/Warsaw)")
    shoot(page, "review-far-zone", full_page=False)
