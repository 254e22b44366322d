"""Admins manage people and API keys; anyone switches language; a member of two
organizations switches between them."""

import re

import pytest
from playwright.sync_api import expect

from accounts import services as account_services
from accounts.choices import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_admin_adds_a_person_and_issues_then_revokes_an_api_key(
    browser, live_server, login, shoot, admin_member, consultant, location
):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, "adam")
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="People").click()
    page.get_by_role("link", name="Add person").click()
    page.get_by_label("Username").fill("kasia")
    page.get_by_label("First name").fill("Kasia")
    page.get_by_label("Role").select_option("staff")
    page.get_by_label("Location").select_option(label=location.name)
    page.get_by_label("Employee code").fill("E001")  # Stan's code
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".errorlist")).to_contain_text("already used by Stan Test")
    page.get_by_label("Employee code").fill("E002")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("table")).to_contain_text("Kasia")

    page.get_by_role("link", name="API keys").click()
    page.get_by_label("Name").fill("POS integration")
    page.get_by_role("button", name="Create key").click()
    raw = page.locator("#new-key").inner_text().strip()
    shoot(page, "api-keys", full_page=False)
    api = f"{live_server.url}/api/v1/journeys/"
    headers = {"Authorization": f"Api-Key {raw}"}
    assert page.request.get(api, headers=headers).status == 200

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke").click()
    expect(page.locator("table")).to_contain_text("revoked")
    assert page.request.get(api, headers=headers).status == 401


def test_language_and_organization_switchers(
    browser, live_server, login, manager, other_organization
):
    account_services.add_member(
        organization=other_organization, username="alice", role=Role.EXECUTIVE
    )
    page = browser.new_page()
    login(page, "alice")
    page.get_by_role("button", name="polski").click()
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_role("link", name="Ścieżki", exact=True)).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # The organization switcher lives in the account menu, behind the person's name.
    page.locator(".accountbutton").click()
    expect(page.locator("#org-switch")).to_have_value(str(manager.organization_id))
    page.select_option("#org-switch", str(other_organization.pk))
    expect(page.locator(".usermenu")).to_contain_text(re.compile("Executive"))
    expect(page.get_by_role("link", name="Publish")).to_have_count(0)
    page.get_by_role("link", name="Standards", exact=True).click()
    # Executives read versions and acknowledgements, but cannot publish.
    expect(page.locator(".subnav")).to_contain_text("Acknowledgements")
    expect(page.locator(".subnav").get_by_role("link", name="Publish")).to_have_count(0)
