"""Issue 5's staff story in headless Chromium: Stan opens his scorecard on a phone and
sees his own NPS, a comment of his, his compliance per moment and his standing in the
Kraków team, and nothing of Sara. Screenshot: docs/screenshots/scorecard-phone.png."""

import random
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import Role
from standards import services as standards_services
from surveys.intake.checks import check_responses
from surveys.intake.services import record_responses
from tests.dashboards.recording import answer, rebuild
from tests.personas import add_person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def season(
    organization,
    location,
    manager,
    consultant,
    second_consultant,
    critical_moment,
    iron_behaviour,
    master_behaviour,
    submit,
):
    """Twelve weeks of answers for Stan, his colleague Kasia and Sara (Warszawa), and
    reviews of Stan at two moments."""
    rng = random.Random(5)
    kasia = add_person(organization, "kasia", Role.STAFF, location=location, employee_code="E003")
    rows = []
    for member, good in ((consultant, 0.7), (kasia, 0.5), (second_consultant, 0.3)):
        for i in range(96):
            metric = "csat" if i % 6 == 0 else "nps"
            if metric == "csat":
                score = rng.choice([3, 4, 5, 5])
            else:
                score = rng.choice([9, 10]) if rng.random() < good else rng.choice([2, 5, 7, 8])
            when = timezone.now() - timedelta(days=rng.randint(1, 170), hours=1)
            rows.append(
                {
                    "metric": metric,
                    "score": score,
                    "consultant": member.employee_code,
                    "location": member.location.code,
                    "submitted_at": when.isoformat(),
                }
            )
    checked = check_responses(organization=organization, rows=rows)
    record_responses(organization=organization, rows=checked, source="api")
    answer(
        consultant,
        score=10,
        days_ago=2,
        comment="Stan remembered we always take the window table. Lovely evening!",
        moment=critical_moment.pk,
    )
    answer(consultant, score=6, days_ago=9, comment="The order took a while to be taken.")
    answer(second_consultant, score=0, days_ago=3, comment="Sara ignored us all evening")
    menu = critical_moment.touchpoint.moments.get(is_critical=False)
    explain = standards_services.create_behaviour(
        moment=menu, kind="iron", text="Explain any dish without checking with the kitchen"
    )
    for days in (4, 20, 45):
        submit(
            reviewer=manager,
            consultant=consultant,
            results={iron_behaviour: "met", master_behaviour: rng.choice(["met", "not_met"])},
            days_ago=days,
        )
        submit(reviewer=manager, consultant=consultant, results={explain: "met"}, days_ago=days)
    submit(
        reviewer=manager,
        consultant=second_consultant,
        results={iron_behaviour: "not_met", master_behaviour: "not_met"},
    )
    rebuild(organization)


def test_staff_member_sees_their_own_scorecard_on_a_phone(browser, login, shoot, season):
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    login(phone, "stan")
    phone.get_by_role("button", name="Menu").click()  # a phone folds the links into a menu
    phone.get_by_role("link", name="My scores").click()

    main = phone.locator("main")
    expect(main.get_by_role("heading", name="My scores")).to_be_visible()
    expect(main.locator(".sc-tile").first).to_contain_text("NPS")
    expect(main).to_contain_text("Stan remembered we always take the window table")
    expect(main.get_by_role("heading", name="My compliance per moment")).to_be_visible()
    expect(main).to_contain_text("Taking the order")
    expect(main).to_contain_text("Menu questions")
    expect(main).to_contain_text("of your team (rank")
    expect(main).not_to_contain_text("Sara")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot(phone, "scorecard-phone")

    # A shorter period swaps the figures in place and keeps it in the address bar.
    phone.get_by_label("Period").select_option("30")
    expect(phone).to_have_url(re.compile(r"period=30"))
    expect(main).to_contain_text("Last 30 days")
    expect(main).not_to_contain_text("Sara")
