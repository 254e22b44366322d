"""Standards on a phone (390 px), in Chromium.

Stan waits tables in Kraków. Version 1 of the dinner standards is behind him; the hotel
in Warszawa then publishes its check-in standards (nothing for Stan), and the dinner
standards change in version 3. On his phone Stan reads what changed first, confirms
right after it, and finds the full checklist below, moments of truth open and marked
where they changed. The manager chose the journey when publishing and sees coverage
per version, counting only the staff each version is asked of.
"""

import re

import pytest
from playwright.sync_api import expect

from standards import services
from touchpoints import services as touchpoint_services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
BUTTON = "I have read and understood these standards"

DINNER = [
    # touchpoint, moment, moment of truth, iron behaviours, master behaviours
    (
        "Arrival",
        "Entering and finding a table",
        True,
        ["Greet the guest within 30 seconds", "Walk the guest to the table"],
        ["Remember a returning guest's name"],
    ),
    ("Arrival", "Taking coats", False, ["Offer to take the coat"], []),
    (
        "Ordering",
        "Taking the order",
        True,
        ["Come to the table within two minutes", "Repeat the order back"],
        ["Suggest a dish from the guest's last visit"],
    ),
    ("Ordering", "Menu questions", False, ["Know today's specials"], ["Tell where it comes from"]),
    (
        "Food at the table",
        "Serving the dishes",
        True,
        ["Serve everyone at the same time", "Name each dish"],
        ["Check back after two bites"],
    ),
    (
        "Paying",
        "Bringing the bill",
        True,
        ["Bring the bill within three minutes"],
        ["Thank the guest by name"],
    ),
    ("Paying", "Saying goodbye", False, ["Hold the door"], []),
]


def _build_dinner(organization, location):
    journey = touchpoint_services.create_journey(organization=organization, name="Dinner")
    journey.locations.set([location])
    touchpoints, behaviours = {}, {}
    for tp_name, name, critical, iron, master in DINNER:
        if tp_name not in touchpoints:
            touchpoints[tp_name] = touchpoint_services.create_touchpoint(
                journey=journey, name=tp_name
            )
        moment = touchpoint_services.create_moment(
            touchpoint=touchpoints[tp_name], name=name, is_critical=critical
        )
        for kind, texts in (("iron", iron), ("master", master)):
            for text in texts:
                behaviours[text] = services.create_behaviour(moment=moment, kind=kind, text=text)
    return journey, behaviours


def _build_hotel(organization, location):
    journey = touchpoint_services.create_journey(organization=organization, name="Hotel check-in")
    journey.locations.set([location])
    desk = touchpoint_services.create_touchpoint(journey=journey, name="Front desk")
    moment = touchpoint_services.create_moment(
        touchpoint=desk, name="Handing over the key", is_critical=True
    )
    services.create_behaviour(moment=moment, kind="iron", text="Say the breakfast hours")
    return journey


@pytest.fixture
def story(organization, manager, consultant, second_consultant, location, second_location):
    dinner, behaviours = _build_dinner(organization, location)
    hotel = _build_hotel(organization, second_location)
    first = services.publish_standards(organization=organization, by=manager.user)
    services.acknowledge_version(membership=consultant, version=first)
    services.acknowledge_version(membership=second_consultant, version=first)
    hotel_moment = hotel.touchpoints.get().moments.get()
    services.create_behaviour(moment=hotel_moment, kind="master", text="Remember the room")
    services.publish_standards(organization=organization, by=manager.user, journey=hotel)
    # Version 3: the dinner changes, published for the dinner only.
    services.update_behaviour(
        behaviour=behaviours["Come to the table within two minutes"],
        kind="iron",
        text="Come to the table within one minute",
    )
    ordering = dinner.touchpoints.get(name="Ordering").moments.get(name="Taking the order")
    services.create_behaviour(
        moment=ordering, kind="iron", text="Ask about allergies before the order"
    )
    return dinner, hotel


def _top(page, locator) -> float:
    return locator.first.evaluate("element => element.getBoundingClientRect().top + scrollY")


def test_manager_publishes_the_dinner_and_sees_who_confirmed(
    browser, live_server, login, shoot, story
):
    dinner, _hotel = story
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, "alice")
    page.goto(f"{live_server.url}/standards/publish/")
    # Choosing the journey reloads the preview (data-autosubmit) with its audience.
    page.get_by_label("Standards of").select_option(label="Dinner (2 changes)")
    expect(page).to_have_url(re.compile(rf"journey={dinner.pk}"))
    expect(page.locator(".audience")).to_contain_text(
        "“Dinner” applies at Kraków Rynek: 1 staff member there is asked to confirm it."
    )
    expect(page.locator("main")).not_to_contain_text("Remember the room")
    shoot(page, "publish-journey")
    page.get_by_label("Note for staff").fill("Faster at the table, and allergies first")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Standards, version 3")
    expect(page.locator("h1 .tag.scope")).to_have_text("Dinner")

    page.goto(f"{live_server.url}/standards/acknowledgements/")
    dinner_card = page.locator(".coverage-version", has_text="Version 3")
    expect(dinner_card).to_contain_text("0 of 1 staff member (0%) has confirmed.")
    expect(dinner_card).not_to_contain_text("Sara")
    shoot(page, "coverage-per-journey")


def test_staff_read_the_changes_first_and_confirm_on_a_phone(
    browser, live_server, login, shoot, story, organization, manager
):
    dinner, _hotel = story
    services.publish_standards(
        organization=organization, by=manager.user, journey=dinner, note="Allergies first"
    )
    staff = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    login(staff, "stan")
    # The hotel's version 2 never asked Stan anything; version 3 does.
    expect(staff.locator(".banner")).to_contain_text("New standards: version 3")
    staff.goto(f"{live_server.url}/standards/mine/")
    shoot(staff, "my-standards-changes-phone-top", full_page=False)

    changes = staff.get_by_role("heading", name=re.compile("What changed in version 3"))
    button = staff.get_by_role("button", name=BUTTON)
    checklist = staff.locator(".checklist")
    expect(changes).to_be_visible()
    expect(staff.locator(".whatchanged")).to_contain_text("Ask about allergies before the order")
    expect(staff.locator(".whatchanged")).to_contain_text("Come to the table within one minute")
    y_changes, y_button, y_checklist = (
        _top(staff, changes),
        _top(staff, button),
        _top(staff, checklist),
    )
    assert y_changes < y_button < y_checklist
    # The button is within reach: under two screens of scrolling, not at the page's end.
    assert y_button < 2 * PHONE["height"], y_button
    assert staff.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    expect(staff.locator(".checklist")).not_to_contain_text("Handing over the key")

    # Moments of truth first and open; the other moments folded, a tap away.
    groups = staff.locator(".cl-group")
    expect(groups.nth(0)).to_contain_text("Moments of truth")
    expect(groups.nth(1)).to_contain_text("Other moments")
    expect(staff.locator("details.moment.critical[open]")).to_have_count(4)
    coats = staff.locator("details.moment", has_text="Taking coats")
    expect(coats).not_to_have_attribute("open", "")
    expect(coats.get_by_text("Offer to take the coat")).to_be_hidden()
    coats.locator("summary").tap()
    expect(coats.get_by_text("Offer to take the coat")).to_be_visible()

    # New and changed behaviours are marked in words.
    new = staff.locator(".blist li", has_text="Ask about allergies before the order")
    expect(new.locator(".cl-badge")).to_have_text("New")
    changed = staff.locator(".blist li", has_text="Come to the table within one minute")
    expect(changed.locator(".cl-badge")).to_have_text("Changed")
    expect(
        staff.locator(".blist li", has_text="Repeat the order back").locator(".cl-badge")
    ).to_have_count(0)
    # Plain markers, nothing that looks like a box to tick.
    expect(staff.locator(".checklist .box")).to_have_count(0)
    marker = staff.locator(".checklist .marker").first
    assert marker.evaluate("e => getComputedStyle(e).borderRadius") == "50%"
    shoot(staff, "my-standards-changes-phone")

    button.tap()
    expect(staff.locator(".ackbox.done")).to_contain_text(
        "you confirmed that you have read and understood these standards"
    )
    expect(staff.get_by_role("button", name=BUTTON)).to_have_count(0)
    expect(staff.locator(".banner")).to_have_count(0)
    # The changes fold away behind one line once confirmed.
    expect(staff.locator(".whatchanged details summary")).to_have_text("Show the 2 changes")
    shoot(staff, "my-standards-confirmed-phone", full_page=False)


def test_the_checklist_folds_without_javascript(
    browser, live_server, login, story, organization, manager
):
    dinner, _hotel = story
    services.publish_standards(organization=organization, by=manager.user, journey=dinner)
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    login(page, "stan")
    page.goto(f"{live_server.url}/standards/mine/")
    goodbye = page.locator("details.moment", has_text="Saying goodbye")
    expect(goodbye.get_by_text("Hold the door")).to_be_hidden()
    goodbye.locator("summary").click()
    expect(goodbye.get_by_text("Hold the door")).to_be_visible()
    page.get_by_role("button", name=BUTTON).click()
    expect(page.locator(".ackbox.done")).to_be_visible()
    context.close()


def test_the_manager_says_where_a_journey_applies(browser, live_server, login, shoot, story):
    dinner, _hotel = story
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, "alice")
    page.goto(f"{live_server.url}/journeys/{dinner.pk}/")
    page.get_by_role("link", name=re.compile("^Edit the journey Dinner")).click()
    locations = page.locator("#journey-head")
    expect(locations.get_by_label("Kraków Rynek")).to_be_checked()
    locations.get_by_label("Warszawa Mokotów").check()
    shoot(page, "journey-locations", full_page=False)
    locations.get_by_role("button", name="Save").click()
    expect(page.locator("#messages")).to_contain_text("was saved")
    assert set(dinner.locations.values_list("code", flat=True)) == {"krk", "waw"}
