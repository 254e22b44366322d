"""Issue 4's import story in headless Chromium: Alice uploads a CSV with an error, reads the
error by line, fixes the file and uploads it again, imports it, watches the progress bar
while the worker imports, sees the result, then finds the responses in the response list
filtered by consultant. Screenshots: import-errors, import-progress, import-done,
responses-list."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from surveys.imports import services as import_services
from surveys.models import ImportBatch

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def manager(manager):
    """Alice manages the whole organization here (no location of her own): the file holds
    Kraków's and Warszawa's answers and she finds them all. A manager of one location
    reads only its answers (tests/accounts/test_location_visibility.py)."""
    manager.location = None
    manager.save(update_fields=["location"])
    return manager


HEADER = "submitted_at;metric;score;comment;language;consultant"
# (comment, language, score): what customers of a bistro write, in the four languages.
COMMENTS = [
    ("Kelner pamiętał, że piję kawę bez cukru. Wrócimy!", "pl", 10),
    ("Долго ждали счёт, пришлось звать официанта дважды.", "ru", 4),
    ("Ospătarul ne-a recomandat un vin potrivit, excelent!", "ro", 9),
    ("Friendly welcome, but the soup arrived lukewarm.", "en", 7),
    ("Czekaliśmy 20 minut, zanim ktoś przyjął zamówienie.", "pl", 3),
    ("Официант сразу принёс меню и посоветовал блюдо дня.", "ru", 10),
    ("Masa era pregătită, ca de obicei. Mulțumim!", "ro", 8),
    ("Stan knew we were celebrating and brought a candle.", "en", 10),
]
ROWS = 1200


def the_file(*, bad_line: int | None = None, first_day: date = date(2025, 3, 1)) -> bytes:
    """1,200 answers over 28 days (by default March 2025), alternately for Stan (E001) and
    Sara (E002); a third of them with a comment."""
    lines = [HEADER]
    for i in range(ROWS):
        day, minute = first_day + timedelta(days=i % 28), (i * 7) % 600
        comment, language, score = "", "en", (10, 9, 8, 6, 3)[i % 5]
        if i % 3 == 0:
            comment, language, score = COMMENTS[(i // 3) % len(COMMENTS)]
        if bad_line == i + 2:
            score = 11
        consultant = "E001" if i % 2 == 0 else "E002"
        when = f"{day:%Y-%m-%d} {10 + minute // 60:02d}:{minute % 60:02d}"
        lines.append(f'{when};nps;{score};"{comment}";{language};{consultant}')
    return ("\n".join(lines) + "\n").encode()


def choose_file(page, data: bytes, name: str = "march-2025.csv"):
    page.set_input_files("#id_file", files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
    page.get_by_role("button", name="Check the file").click()


def test_manager_fixes_a_csv_imports_it_and_finds_the_responses(
    page, live_server, login, shoot, monkeypatch, manager, consultant, second_consultant
):
    # The background worker is busy: the import waits in the queue until the test runs it.
    queued = []
    monkeypatch.setattr(
        import_services, "wake_on_commit", lambda task, args, **kwargs: queued.append(args[0])
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "alice")

    page.get_by_role("link", name="Responses").click()
    page.get_by_role("link", name="Import a CSV file").first.click()
    choose_file(page, the_file(bad_line=7))
    errors = page.locator(".import-errors")
    expect(errors).to_contain_text("The file has 1 error: nothing can be imported")
    expect(errors).to_contain_text("line 7, score: 11 is outside the NPS scale (0–10).")
    expect(page.get_by_role("button", name=re.compile("^Import"))).to_have_count(0)
    shoot(page, "import-errors")

    # The fixed file, uploaded from the same page.
    choose_file(page, the_file())
    expect(page.locator(".import-ready")).to_contain_text("1200 responses are ready to import")
    expect(page.locator("table.sample")).to_contain_text("Kelner pamiętał")  # as read
    page.get_by_role("button", name="Import 1200 responses").click()
    expect(page.locator(".import-progress")).to_contain_text("Waiting to start")
    expect(page.locator("progress")).to_be_visible()
    assert len(queued) == 1

    # The worker picks it up; halfway through, the page (polling every second) shows it.
    def halfway(processed, total):
        if processed == 500:
            expect(page.locator(".progress-text")).to_contain_text("500 of 1200 rows (42%)")
            expect(page.locator("progress")).to_have_attribute("value", "500")
            shoot(page, "import-progress")

    assert import_services.run_import(batch_id=queued[0], progress=halfway) == ROWS
    done = page.locator(".import-done")
    expect(done).to_contain_text("Imported 1200 rows")
    expect(done).to_contain_text("1200 new responses")
    shoot(page, "import-done")
    assert ImportBatch.objects.get(pk=queued[0]).status == "done"

    # The responses list, restricted to the file's period, then to Stan.
    page.get_by_role("link", name="See the imported responses").click()
    page.wait_for_load_state()  # htmx is ready before the first filter changes
    expect(page.locator(".summary-line")).to_contain_text("1200 responses")
    page.get_by_label("Consultant").select_option(label="Stan Test (E001)")
    expect(page).to_have_url(re.compile(rf"consultant={consultant.pk}"))
    expect(page.locator(".summary-line")).to_contain_text("600 responses")
    expect(page.locator(".responsetable tbody tr")).to_have_count(50)
    expect(page.locator(".responsetable")).not_to_contain_text("Sara Test")
    # Only those with a comment, to read what Stan's customers wrote.
    page.get_by_label("Comment").select_option(label="With a comment")
    expect(page.locator(".summary-line")).to_contain_text("200 responses")
    expect(page.locator(".responsetable td.comment p")).to_have_count(50)
    expect(page.locator(".responsetable")).to_contain_text("Kelner pamiętał")
    shoot(page, "responses-list", full_page=False)

    # The address bar holds the filters: loading it again gives the same list.
    page.reload()
    expect(page.get_by_label("Consultant")).to_have_value(str(consultant.pk))
    expect(page.locator(".summary-line")).to_contain_text("200 responses")

    # On a phone the rows stack: nothing wider than the screen.
    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator(".responsetable").scroll_into_view_if_needed()
    shoot(page, "responses-list-phone", full_page=False)


PHONE = {"width": 390, "height": 844}


def test_consultant_reads_their_feedback_on_a_phone(
    browser, live_server, login, shoot, organization, manager, consultant, second_consultant
):
    batch = import_services.preview_import(
        organization=organization,
        file_name="last-month.csv",
        data=the_file(first_day=date.today() - timedelta(days=31)),
        by=manager.user,
    )
    batch.status = "queued"
    batch.save(update_fields=["status"])
    import_services.run_import(batch_id=batch.pk)

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    login(phone, "stan")
    phone.get_by_role("button", name="Menu").click()  # a phone folds the links into a menu
    phone.get_by_role("link", name="My feedback").click()
    expect(phone.locator("h1")).to_have_text("My feedback")
    expect(phone.locator(".feedback-item")).to_have_count(20)
    expect(phone.locator(".feedback-figures")).to_contain_text("600 answers")  # last 90 days
    phone.get_by_role("link", name="With a comment").click()
    expect(phone.locator(".feedback-comment").first).to_be_visible()
    main = phone.locator("main")
    expect(main).to_contain_text(re.compile("Kelner pamiętał|Ospătarul"))
    expect(main).not_to_contain_text("Sara")  # only Stan's own answers
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.evaluate("window.scrollTo(0, 0)")
    shoot(phone, "my-feedback-phone", full_page=False)
