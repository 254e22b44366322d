"""An import that stopped half-way, in headless Chromium: Alice sees it interrupted with
the share already saved, retries it and sees it complete; another one she cancels on her
phone, and what it had saved is removed. Screenshots: import-interrupted,
import-interrupted-done, import-interrupted-phone, import-cancelled-phone."""

from datetime import date

import pytest
from playwright.sync_api import expect

from surveys.imports import services as import_services
from surveys.models import ImportBatch, Response
from tests.e2e.test_survey_import import PHONE, ROWS, the_file

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1280, "height": 900}


def interrupted(organization, manager, name: str, first_day: date) -> ImportBatch:
    """A file whose import stopped after its first chunk: the database went away and did
    not come back before the task gave up."""
    batch = import_services.preview_import(
        organization=organization,
        file_name=name,
        data=the_file(first_day=first_day),
        by=manager.user,
    )
    ImportBatch.objects.filter(pk=batch.pk).update(status="queued")

    def database_lost(processed, _total):
        if processed >= import_services.CHUNK:
            raise RuntimeError("server closed the connection unexpectedly")

    import_services.run_import(batch_id=batch.pk, progress=database_lost)
    batch.refresh_from_db()
    assert batch.status == "interrupted"
    return batch


def test_manager_retries_an_interrupted_import_and_sees_it_complete(
    page, live_server, login, shoot, organization, manager, consultant, second_consultant
):
    batch = interrupted(organization, manager, "march-2025.csv", date(2025, 3, 1))
    page.set_viewport_size(DESKTOP)
    login(page, "alice")

    page.goto(f"{live_server.url}/surveys/responses/import/{batch.pk}/")
    card = page.locator(".import-interrupted")
    expect(card).to_contain_text("The import was interrupted")
    expect(card).to_contain_text("500 of 1200 rows saved (42%).")
    expect(card).to_contain_text("server closed the connection unexpectedly")
    expect(card.locator("progress")).to_have_attribute("value", "500")
    expect(card).to_contain_text("Removes the 500 responses this import saved")
    shoot(page, "import-interrupted")

    page.get_by_role("button", name="Retry").click()
    done = page.locator(".import-done")
    expect(done).to_contain_text("Imported 1200 rows")
    expect(done).to_contain_text("1200 new responses")
    shoot(page, "import-interrupted-done")
    saved = Response.objects.filter(import_batch=batch)
    assert saved.count() == ROWS == saved.values("external_id").distinct().count()

    # The upload page lists it as done.
    page.goto(f"{live_server.url}/surveys/responses/import/")
    expect(page.locator("table.stack")).to_contain_text("1200 new, 0 already present")


def test_manager_cancels_an_interrupted_import_on_a_phone(
    browser, live_server, login, shoot, organization, manager, consultant, second_consultant
):
    batch = interrupted(organization, manager, "april-2025.csv", date(2025, 4, 1))
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    login(phone, "alice")

    phone.goto(f"{live_server.url}/surveys/responses/import/{batch.pk}/")
    expect(phone.locator(".import-interrupted")).to_contain_text("500 of 1200 rows saved")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot(phone, "import-interrupted-phone")

    phone.get_by_role("button", name="Cancel").click()
    cancelled = phone.locator(".import-cancelled")
    expect(cancelled).to_contain_text("The import was cancelled")
    expect(cancelled).to_contain_text("The 500 responses it had saved were removed")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot(phone, "import-cancelled-phone")
    assert not Response.objects.filter(import_batch=batch).exists()
    batch.refresh_from_db()
    assert (batch.status, batch.content) == ("cancelled", "")
