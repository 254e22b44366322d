"""The customer's NPS question on the narrowest common phone (360px): the eleven scores stay
one scale on one line, each wide enough to tap, with "Not at all likely" under 0 and
"Extremely likely" under 10, in the languages whose labels are longest.
Screenshot: docs/screenshots/survey-nps-360.png."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from surveys.forms.services import create_survey
from surveys.links.services import create_link

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 360, "height": 740}


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def qr_link(organization, critical_moment, consultant):
    survey = create_survey(
        organization=organization, name="Dinner NPS", metric="nps", moment=critical_moment
    )
    return create_link(survey=survey, kind="reusable", consultant=consultant)


def boxes(page) -> list[dict]:
    return page.locator(".score label").evaluate_all(
        "labels => labels.map(l => { const r = l.getBoundingClientRect();"
        " return {x: r.x, y: r.y, right: r.right, bottom: r.bottom, width: r.width,"
        " height: r.height}; })"
    )


@pytest.mark.parametrize("language", ["en", "ro", "ru", "pl"])
def test_eleven_scores_stay_on_one_line_at_360px(browser, live_server, shoot, qr_link, language):
    context = browser.new_context(viewport=SMALL_PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/s/{qr_link.token}/?lang={language}")

    scores = boxes(page)
    assert len(scores) == 11
    # One line: the same top for all eleven, in order from 0 to 10.
    assert {round(box["y"]) for box in scores} == {round(scores[0]["y"])}
    assert [box["x"] for box in scores] == sorted(box["x"] for box in scores)
    # Each is a target a thumb can hit (WCAG asks 24px); nothing scrolls sideways.
    assert min(box["width"] for box in scores) >= 28
    assert min(box["height"] for box in scores) >= 44
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # The end labels sit under the ends they name.
    zero, ten = scores[0], scores[-1]
    low = page.locator(".end.low").bounding_box()
    high = page.locator(".end.high").bounding_box()
    assert low["y"] >= zero["bottom"] and high["y"] >= ten["bottom"]
    assert abs(low["x"] - zero["x"]) < 2
    assert abs((high["x"] + high["width"]) - ten["right"]) < 2
    assert low["x"] + low["width"] <= high["x"]  # they never overlap

    # The edge scores are tappable, and the choice shows.
    page.locator("label[for=score-10]").tap()
    expect(page.locator("#score-10")).to_be_checked()
    page.locator("label[for=score-0]").tap()
    expect(page.locator("#score-0")).to_be_checked()
    if language == "ro":
        shoot(page, "survey-nps-360")
    context.close()
