"""Standards in the reader's language, in headless Chromium: Adam (admin) adds Romanian,
Alice (manager) sees what is missing and translates on the journey's sheet, and Stan
(staff) reads My standards in Romanian on a phone, the untranslated behaviour in the
original English."""

import re

import pytest
from playwright.sync_api import expect

from standards import services as standards_services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def shoot_whole(shoot, page, name, width):
    """The whole page in one viewport, so the sticky save bar sits at the bottom of the
    picture rather than across the middle of a full-page screenshot."""
    page.set_viewport_size({"width": width, "height": 900})
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": width, "height": height})
    shoot(page, name, full_page=False)


def test_a_romanian_reader_sees_the_romanian_behaviour_and_the_original_where_missing(
    browser,
    live_server,
    login,
    shoot,
    organization,
    admin_member,
    manager,
    consultant,
    journey,
    critical_moment,
    iron_behaviour,
    master_behaviour,
):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    login(page, "adam")
    page.goto(f"{live_server.url}/accounts/settings/")
    page.get_by_label("Romanian").check()
    shoot(page, "organization-languages")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".msg.success")).to_be_visible()
    expect(page.get_by_label("Romanian")).to_be_checked()

    page = browser.new_page(viewport={"width": 1366, "height": 900})
    login(page, "alice")
    page.goto(f"{live_server.url}/standards/translations/")
    section = page.locator("#language-ro")
    expect(section).to_contain_text("2 behaviours not yet translated")
    expect(section).to_contain_text("2 moments not yet translated")
    shoot(page, "translations-overview")

    section.get_by_role("link", name=re.compile("Translate Dinner")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("“Dinner” in Romanian")
    page.fill(f"#id_moment-{critical_moment.pk}-name", "Preluarea comenzii")
    page.fill(f"#id_behaviour-{iron_behaviour.pk}-text", "Salutați masa în cel mult două minute")
    page.fill(
        f"#id_behaviour-{iron_behaviour.pk}-example",
        "„Bună seara, sunt Stan și voi avea grijă de dumneavoastră în seara aceasta.”",
    )
    page.get_by_role("button", name="Save translations").click()
    expect(page.locator(".msg.success")).to_contain_text("Romanian translations of “Dinner”")
    expect(page.locator(f"#behaviour-{iron_behaviour.pk}")).not_to_have_class(re.compile("missing"))
    expect(page.locator(f"#behaviour-{master_behaviour.pk}")).to_have_class(re.compile("missing"))
    shoot_whole(shoot, page, "translation-sheet", 1366)
    page.set_viewport_size(PHONE)
    shoot_whole(shoot, page, "translation-sheet-phone", PHONE["width"])

    # Staff read published versions: the translation reaches them with the next one.
    standards_services.publish_standards(organization=organization, by=manager.user)

    phone = browser.new_page(viewport=PHONE)
    login(phone, "stan")
    phone.get_by_role("button", name="română").click()
    expect(phone.locator("html")).to_have_attribute("lang", "ro")
    phone.goto(f"{live_server.url}/standards/mine/")
    checklist = phone.locator(".checklist")
    expect(checklist).to_contain_text("Preluarea comenzii")
    expect(checklist).to_contain_text("Salutați masa în cel mult două minute")
    expect(checklist).not_to_contain_text("Greet the table within two minutes")
    # No Romanian yet: the original, never an empty line.
    expect(checklist).to_contain_text("usual order and preferences")
    shoot(phone, "my-standards-romanian-phone")
