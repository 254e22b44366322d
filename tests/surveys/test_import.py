"""Alice imports a CSV file of responses: the file is checked whole (encoding, header,
every row by CSV line) and previewed; only a file without errors is imported, in the
background, in chunks saved with their progress, once, with its progress visible while it
runs. (Interrupted imports, Retry and Cancel: test_import_resume.py.)"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.choices import Role
from accounts.models import Membership
from surveys import tasks
from surveys.choices import JobStatus
from surveys.imports import files as import_files
from surveys.imports import services as import_services
from surveys.intake import services
from surveys.models import ImportBatch, Response
from tests.personas import add_person


@pytest.fixture
def manager(manager):
    """Alice manages the whole organization in these tests (no location of her own), as
    they read every location's imports. A manager of one location sees only its own
    (tests/accounts/test_location_visibility.py)."""
    manager.location = None
    manager.save(update_fields=["location"])
    return manager


UPLOAD_URL = "/surveys/responses/import/"
HEADER = "submitted_at,metric,score,comment,consultant"


def csv_bytes(*lines: str, bom: bool = False, encoding: str = "utf-8") -> bytes:
    data = ("\n".join(lines) + "\n").encode(encoding)
    return b"\xef\xbb\xbf" + data if bom else data


def many_rows(count: int, consultant: str = "E001") -> bytes:
    lines = [HEADER]
    for i in range(count):
        day, minute = 1 + (i // 1440) % 28, i % 1440
        lines.append(
            f"2025-03-{day:02d} {minute // 60:02d}:{minute % 60:02d},nps,{i % 11},,{consultant}"
        )
    return csv_bytes(*lines)


GOOD = csv_bytes(
    HEADER,
    "2025-03-01 12:00,nps,9,Kelner pamiętał moje zamówienie,E001",
    "2025-03-01 18:30,csat,4,Очень быстро,E002",
    "2025-03-02 09:15,nps,3,,E001",
)


def upload(client, data: bytes, name: str = "responses.csv"):
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, data, "text/csv")})


def detail_url(batch) -> str:
    return reverse("surveys:import_detail", args=[batch.pk])


def run_url(batch) -> str:
    return reverse("surveys:import_run", args=[batch.pk])


@pytest.fixture
def alice(client_for, manager, consultant, second_consultant):
    return client_for(manager)


@pytest.fixture
def imported(alice, django_capture_on_commit_callbacks):
    """Upload a file and run its import as the task would; returns the batch."""

    def do(data: bytes, name: str = "responses.csv") -> ImportBatch:
        response = upload(alice, data, name)
        assert response.status_code == 302, response.content.decode()[:2000]
        batch = ImportBatch.objects.latest("pk")
        with django_capture_on_commit_callbacks(execute=True):
            assert alice.post(run_url(batch)).status_code == 302
        batch.refresh_from_db()
        return batch

    return do


# --- Reading the file -----------------------------------------------------------------------


@pytest.mark.parametrize("bom", [True, False])
def test_utf8_file_with_or_without_bom_is_previewed(alice, bom):
    response = upload(alice, csv_bytes(*GOOD.decode().splitlines(), bom=bom))
    batch = ImportBatch.objects.get()
    assert response["Location"] == detail_url(batch)
    assert (batch.status, batch.total_rows, batch.errors) == (JobStatus.PREVIEW, 3, [])
    page = alice.get(detail_url(batch)).content.decode()
    assert "3 responses are ready to import" in page
    assert "Kelner pamiętał moje zamówienie" in page  # the sample, as read
    assert "Import 3 responses" in page
    assert Response.objects.count() == 0  # nothing saved before the import


def test_same_content_with_and_without_bom_is_the_same_file(organization, consultant):
    plain = import_files.check_file(organization=organization, data=GOOD)
    with_bom = import_files.check_file(organization=organization, data=b"\xef\xbb\xbf" + GOOD)
    assert plain.content_hash == with_bom.content_hash
    assert [r.external_id for r in plain.rows] == [r.external_id for r in with_bom.rows]


def test_cp1250_file_is_refused_with_a_clear_message(alice):
    data = csv_bytes(HEADER, "2025-03-01 12:00,nps,9,Zażółć gęślą jaźń,E001", encoding="cp1250")
    response = upload(alice, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The file is not UTF-8." in html
    assert "CSV UTF-8 (Comma delimited)" in html
    assert not ImportBatch.objects.exists()


def test_unknown_and_missing_columns_are_named(alice):
    response = upload(alice, csv_bytes("submitted_at,metric,scroe,notes", "2025-03-01,nps,9,x"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Unknown columns: scroe, notes." in html
    assert "Missing required columns: score." in html
    assert not ImportBatch.objects.exists()


def test_header_matching_ignores_case_and_spaces(organization, consultant):
    data = csv_bytes(" Submitted_At , METRIC,Score", "2025-03-01 12:00,NPS,9")
    checked = import_files.check_file(organization=organization, data=data)
    assert checked.errors == []
    assert checked.rows[0].metric == "nps"


def test_semicolon_separated_file_is_read(alice):
    data = csv_bytes(
        "submitted_at;metric;score;comment;consultant",
        '2025-03-01 12:00;nps;10;"Super, naprawdę";E001',
        "2025-03-01 12:05;csat;5;;E002",
    )
    assert upload(alice, data).status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.total_rows, batch.errors) == (2, [])
    assert "Super, naprawdę" in alice.get(detail_url(batch)).content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "The file is empty."),
        (csv_bytes(HEADER), "The file has a header but no responses."),
        (b"\x00\x01\x02" * 10, "The file is not a CSV text file."),
    ],
)
def test_empty_or_binary_files_are_refused(alice, data, message):
    response = upload(alice, data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_file_over_5_mb_is_refused(alice):
    data = GOOD + b"#" * (5 * 1024 * 1024)
    response = upload(alice, data)
    assert response.status_code == 400
    assert "at most 5 MB can be imported at once" in response.content.decode()


# --- Errors by line -------------------------------------------------------------------------


def test_errors_are_listed_by_csv_line_and_nothing_can_be_imported(
    alice, organization, other_organization
):
    add_person(other_organization, "rita", Role.STAFF, employee_code="R001")
    data = csv_bytes(
        HEADER,
        '2025-03-01 12:00,nps,9,"Great,',  # a quoted comment over two lines
        'really great",E001',
        "2025-03-01 12:05,nps,11,,E001",
        "2025-03-01 12:10,nps,7,,E999",
        "2099-01-01 10:00,csat,4,,E002",
        f"2025-03-01 12:20,csat,5,{'x' * 2001},E001",
        "2025-03-01 12:30,nps,10,,R001",
    )
    response = upload(alice, data)
    batch = ImportBatch.objects.get()
    assert response["Location"] == detail_url(batch)
    assert batch.total_rows == 6
    assert batch.errors == [
        {"line": 4, "field": "score", "message": "11 is outside the NPS scale (0–10)."},
        {"line": 5, "field": "consultant", "message": "Unknown consultant code.", "value": "E999"},
        {"line": 6, "field": "submitted_at", "message": "The date is in the future."},
        {
            "line": 7,
            "field": "comment",
            "message": "The comment is 2001 characters long; at most 2000 are accepted.",
        },
        # Rita is Rival Bank's: for Aurora her code does not exist.
        {"line": 8, "field": "consultant", "message": "Unknown consultant code.", "value": "R001"},
    ]
    html = alice.get(detail_url(batch)).content.decode()
    assert "The file has 5 errors: nothing can be imported" in html
    assert (
        "<strong>line 4</strong>, <code>score</code>: 11 is outside the NPS scale (0–10)." in html
    )
    assert "Import 6 responses" not in html
    assert 'action="/surveys/responses/import/"' in html  # upload the fixed file here
    assert batch.content == ""  # a file with errors is not kept

    refused = alice.post(run_url(batch))
    assert refused.status_code == 400
    batch.refresh_from_db()
    assert batch.status == JobStatus.PREVIEW
    assert not Response.objects.exists()


def test_a_line_with_too_many_values_is_named(organization, consultant):
    data = csv_bytes(
        HEADER, "2025-03-01 12:00,nps,9,Good, fast,E001", "2025-03-01 12:00,nps,9,,E001"
    )
    checked = import_files.check_file(organization=organization, data=data)
    assert [(e["line"], e["field"]) for e in checked.errors] == [(2, "")]
    assert "has 6 values but the header names 5 columns" in checked.errors[0]["message"]


def test_a_repeated_external_id_names_the_first_line(organization, consultant):
    data = csv_bytes(
        "submitted_at,metric,score,external_id",
        "2025-03-01 12:00,nps,9,T-1",
        "2025-03-01 12:01,nps,8,T-2",
        "2025-03-01 12:02,nps,7,T-1",
    )
    checked = import_files.check_file(organization=organization, data=data)
    assert checked.errors == [
        {"line": 4, "field": "external_id", "message": "The same external id is already on line 2."}
    ]


def test_more_than_200_errors_are_summed_up(organization, consultant):
    data = csv_bytes(HEADER, *[f"2025-03-01 12:00,nps,{20 + i},,E001" for i in range(250)])
    errors = import_files.check_file(organization=organization, data=data).errors
    assert len(errors) == 201
    assert errors[-1] == {
        "line": None,
        "field": "",
        "message": "… and 50 more errors, on 250 lines in all.",
    }


# --- The import -----------------------------------------------------------------------------


def test_import_saves_every_row_and_links_to_them(alice, imported, consultant):
    batch = imported(GOOD)
    assert batch.status == JobStatus.DONE
    assert (batch.processed_rows, batch.created_count, batch.duplicate_count) == (3, 3, 0)
    assert batch.finished_at is not None
    assert batch.content == ""
    responses = Response.objects.filter(import_batch=batch)
    assert responses.count() == 3
    assert set(responses.values_list("source", flat=True)) == {"import"}
    polish = responses.get(score=9)
    assert (polish.consultant, polish.location) == (consultant, consultant.location)
    assert polish.external_id.startswith("csv-")

    html = alice.get(detail_url(batch)).content.decode()
    assert "Imported 3 rows" in html
    assert "3 new responses" in html
    link = "/surveys/responses/?period=custom&amp;date_from=2025-03-01&amp;date_to=2025-03-02"
    assert link in html
    listed = alice.get("/surveys/responses/?period=custom&date_from=2025-03-01&date_to=2025-03-02")
    assert listed.context["page"].paginator.count == 3


def test_same_file_twice_adds_nothing_and_the_preview_says_so(alice, imported):
    first = imported(GOOD, "march.csv")
    assert first.created_count == 3

    upload(alice, GOOD, "march-again.csv")
    again = ImportBatch.objects.latest("pk")
    assert again.duplicate_count == 3
    html = alice.get(detail_url(again)).content.decode()
    assert "This same file was already imported on" in html
    assert "3 of these rows were already imported and will be skipped" in html
    assert (
        "3 have no external id, and the same content and position as rows of an earlier "
        "import of this same file." in html
    )

    second = imported(GOOD, "march-again.csv")
    assert (second.created_count, second.duplicate_count, second.duplicate_file_count) == (
        0,
        3,
        3,
    )
    assert Response.objects.count() == 3
    html = alice.get(detail_url(second)).content.decode()
    assert "3 already present" in html
    assert "3 rows were recognised as already imported and skipped" in html


def test_identical_rows_in_one_file_are_two_answers(imported):
    line = "2025-03-01 12:00,nps,10,,E001"
    batch = imported(csv_bytes(HEADER, line, line))
    assert batch.created_count == 2
    # ...and the same file again still adds nothing.
    assert imported(csv_bytes(HEADER, line, line)).created_count == 0
    assert Response.objects.count() == 2


def test_rows_with_their_own_external_ids_keep_them(imported):
    data = csv_bytes(
        "submitted_at,metric,score,external_id",
        "2025-03-01 12:00,nps,9,TILL-1",
        "2025-03-01 12:01,nps,8,TILL-2",
    )
    imported(data)
    assert set(Response.objects.values_list("external_id", flat=True)) == {"TILL-1", "TILL-2"}


def test_a_failure_midway_keeps_the_saved_chunk_and_interrupts_the_import(
    alice, imported, monkeypatch
):
    calls = []
    record = services.record_responses

    def fail_on_second_chunk(**kwargs):
        calls.append(len(kwargs["rows"]))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return record(**kwargs)

    monkeypatch.setattr(services, "record_responses", fail_on_second_chunk)
    batch = imported(many_rows(700))
    assert calls == [500, 200]
    assert batch.status == JobStatus.INTERRUPTED
    assert batch.last_error == "disk full"
    assert (batch.processed_rows, batch.created_count) == (500, 500)
    assert batch.content != ""  # kept for the retry
    assert Response.objects.filter(import_batch=batch).count() == 500
    html = alice.get(detail_url(batch)).content.decode()
    assert "The import was interrupted" in html
    assert "500 of 700 rows saved (71%)." in html


def test_rows_are_checked_again_when_the_import_runs(alice, organization, second_consultant):
    upload(alice, GOOD)
    batch = ImportBatch.objects.get()
    assert import_services.queue_import(batch=batch)  # queued, the task not yet run
    Membership.objects.filter(pk=second_consultant.pk).update(employee_code="E222")

    assert import_services.run_import(batch_id=batch.pk) == 0
    batch.refresh_from_db()
    assert batch.status == JobStatus.FAILED
    assert batch.errors == [
        {"line": 3, "field": "consultant", "message": "Unknown consultant code.", "value": "E002"}
    ]
    assert not Response.objects.exists()


def test_progress_is_read_from_the_database_after_each_chunk(alice, manager):
    upload(alice, many_rows(1200))
    batch = ImportBatch.objects.get()
    assert import_services.queue_import(batch=batch)
    seen = []

    def watch(processed, total):
        # What the page sees mid-import: the chunk and its progress are committed.
        running = ImportBatch.objects.get(pk=batch.pk)
        html = alice.get(detail_url(batch), headers={"HX-Request": "true"}).content.decode()
        saved = Response.objects.filter(import_batch=batch).count()
        seen.append((processed, total, import_services.processed_rows(running), saved, html))

    import_services.run_import(batch_id=batch.pk, progress=watch)

    assert [(p, t, shown, saved) for p, t, shown, saved, _html in seen] == [
        (500, 1200, 500, 500),
        (1000, 1200, 1000, 1000),
        (1200, 1200, 1200, 1200),
    ]
    first_poll = seen[0][4]
    assert first_poll.lstrip().startswith('<div id="import-status"')
    assert 'hx-trigger="every 1s"' in first_poll
    assert '<progress value="500" max="1200"' in first_poll
    assert "500 of 1200 rows (42%)" in first_poll
    batch.refresh_from_db()
    assert (batch.status, batch.processed_rows, batch.percent) == (JobStatus.DONE, 1200, 100)
    assert batch.content == "" and batch.run_token == ""
    done = alice.get(detail_url(batch), headers={"HX-Request": "true"}).content.decode()
    assert "every 1s" not in done  # polling stops
    assert "Imported 1200 rows" in done


def test_a_task_delivered_twice_imports_once(alice):
    upload(alice, GOOD)
    batch = ImportBatch.objects.get()
    assert import_services.queue_import(batch=batch)
    assert tasks.run_import.apply(args=[batch.pk]).get() == 3
    assert tasks.run_import.apply(args=[batch.pk]).get() == 0
    assert Response.objects.count() == 3
    batch.refresh_from_db()
    assert batch.created_count == 3


def test_double_click_queues_the_import_once(alice, django_capture_on_commit_callbacks):
    upload(alice, GOOD)
    batch = ImportBatch.objects.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        alice.post(run_url(batch))
        alice.post(run_url(batch))
    assert len(callbacks) == 1
    batch.refresh_from_db()
    assert batch.status == JobStatus.QUEUED
    page = alice.get(detail_url(batch)).content.decode()
    assert "Waiting to start" in page
    assert '<progress value="0" max="3"' in page
    assert f'href="{detail_url(batch)}">Reload</a>' in page  # without JavaScript


def test_a_transient_failure_puts_the_batch_back_in_the_queue(alice, monkeypatch):
    upload(alice, GOOD)
    batch = ImportBatch.objects.get()
    import_services.queue_import(batch=batch)
    record = services.record_responses

    def lost_connection(**kwargs):
        raise ConnectionError("database went away")

    monkeypatch.setattr(services, "record_responses", lost_connection)
    with pytest.raises(ConnectionError):
        import_services.run_import(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == JobStatus.QUEUED
    assert not Response.objects.exists()

    monkeypatch.setattr(services, "record_responses", record)
    assert import_services.run_import(batch_id=batch.pk) == 3  # the retry
