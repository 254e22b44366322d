"""`python manage.py import_responses FILE --organization SLUG [--dry-run]`: the upload's
checks and import from a shell, errors per line on stderr, a progress bar on stdout."""

import io

import pytest
from django.core.management import CommandError, call_command

from surveys.choices import JobStatus
from surveys.models import ImportBatch, Response
from tests.surveys.test_import import GOOD, HEADER, csv_bytes, many_rows


@pytest.fixture
def people(organization, consultant, second_consultant):
    return organization


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_responses", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_a_file_with_a_progress_bar(tmp_path, people):
    path = tmp_path / "march.csv"
    path.write_bytes(many_rows(1234))
    out, err = run(path, "--organization", "aurora")
    assert err == ""
    lines = out.splitlines()
    assert lines[0].startswith("[------------------------------]   0% 0 of 1,234 rows")
    assert "[############" in lines[1] and "500 of 1,234 rows" in lines[1]
    assert lines[-2].startswith("[##############################] 100% 1,234 of 1,234 rows")
    assert lines[-1] == "Imported 1,234 of 1,234 rows: 1,234 new, 0 already present."
    assert Response.objects.filter(source="import").count() == 1234
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.file_name, batch.content) == (JobStatus.DONE, "march.csv", "")


def test_the_same_file_twice_adds_nothing(tmp_path, people):
    path = tmp_path / "march.csv"
    path.write_bytes(GOOD)
    run(path, "--organization", "aurora")
    out, _err = run(path, "--organization", "aurora")
    assert out.splitlines()[-1] == "Imported 3 of 3 rows: 0 new, 3 already present."
    assert Response.objects.count() == 3


def test_errors_go_to_stderr_per_line_and_nothing_is_saved(tmp_path, people):
    path = tmp_path / "bad.csv"
    path.write_bytes(
        csv_bytes(
            HEADER,
            "2025-03-01 12:00,nps,9,,E001",
            "2025-03-01 12:05,nps,11,,E001",
            "2025-03-01 12:10,ces,4,,E404",
        )
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 errors in .*bad.csv: nothing was imported"):
        call_command("import_responses", str(path), "--organization", "aurora", stderr=err)
    assert err.getvalue().splitlines() == [
        "line 3, score: 11 is outside the NPS scale (0–10).",
        "line 4, consultant “E404”: Unknown consultant code.",
    ]
    assert not Response.objects.exists()
    assert not ImportBatch.objects.exists()


def test_a_file_that_is_not_utf8_is_refused(tmp_path, people):
    path = tmp_path / "excel.csv"
    path.write_bytes(csv_bytes(HEADER, "2025-03-01 12:00,nps,9,Zażółć,E001", encoding="cp1250"))
    with pytest.raises(CommandError, match="The file is not UTF-8"):
        run(path, "--organization", "aurora")
    assert not Response.objects.exists()


def test_dry_run_checks_and_saves_nothing(tmp_path, people):
    path = tmp_path / "march.csv"
    path.write_bytes(GOOD)
    out, _err = run(path, "--organization", "aurora", "--dry-run")
    assert "3 rows, no errors; 0 already present. Dry run: nothing was imported." in out
    assert not Response.objects.exists()
    assert not ImportBatch.objects.exists()


def test_unknown_organization_or_file(tmp_path, people):
    path = tmp_path / "march.csv"
    path.write_bytes(GOOD)
    with pytest.raises(CommandError, match="No organization with the slug “nope”"):
        run(path, "--organization", "nope")
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "missing.csv", "--organization", "aurora")


def test_codes_are_looked_up_in_the_named_organization_only(tmp_path, people, other_organization):
    path = tmp_path / "march.csv"
    path.write_bytes(GOOD)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_responses", str(path), "--organization", "rival", stderr=err)
    assert "line 2, consultant “E001”: Unknown consultant code." in err.getvalue()
    assert not Response.objects.exists()
