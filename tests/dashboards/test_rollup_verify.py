"""`rebuild_rollups --verify` repairs a rollup table whose rows were deleted or edited
by hand, which a plain rebuild cannot see (the day's checksum says it is unchanged);
`--force` writes everything again; the nightly job verifies every day."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.utils import timezone

from dashboards import rollups, tasks, verify
from dashboards.models import SurveyDaily
from surveys.intake.checks import check_responses
from surveys.intake.services import record_responses

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(organization, consultant, second_consultant):
    """Forty days of answers, two consultants, rolled up."""
    now = timezone.now()
    rows = [
        {
            "metric": "nps",
            "score": (day * 7 + who) % 11,
            "consultant": code,
            "submitted_at": (now - timedelta(days=day, hours=who)).isoformat(),
        }
        for day in range(40)
        for who, code in enumerate(["E001", "E002"])
    ]
    checked = check_responses(organization=organization, rows=rows)
    record_responses(organization=organization, rows=checked, source="import")
    rollups.rebuild_all(organization_id=organization.pk)
    return organization


def _table():
    return sorted(
        SurveyDaily.objects.values_list(
            "day", "location_id", "consultant_id", "metric", "n", "promoters", "score_sum"
        )
    )


def _damage():
    """What an operator's stray SQL does: some rows gone, one count changed."""
    days = sorted(set(SurveyDaily.objects.values_list("day", flat=True)))
    SurveyDaily.objects.filter(day__in=days[:5]).delete()
    SurveyDaily.objects.filter(day=days[20]).update(n=F("n") + 5)


def test_verify_repairs_deleted_and_edited_rows(answered):
    expected = _table()
    _damage()
    assert _table() != expected
    out = StringIO()

    call_command("rebuild_rollups", "--verify", stdout=out)

    assert _table() == expected
    if connection.vendor == "postgresql":
        assert "days repaired: surveys 6" in out.getvalue()


def test_a_plain_rebuild_trusts_the_checksums(answered):
    if connection.vendor != "postgresql":
        pytest.skip("the embedded mode keeps no checksums: every rebuild rewrites all days")
    expected = _table()
    _damage()

    call_command("rebuild_rollups", stdout=StringIO())
    assert _table() != expected  # why --verify exists
    call_command("rebuild_rollups", "--verify", stdout=StringIO())
    assert _table() == expected


def test_verify_of_an_intact_table_rewrites_nothing(answered):
    ids = sorted(SurveyDaily.objects.values_list("id", flat=True))

    repaired = verify.verify_all(organization_id=answered.pk)

    if connection.vendor == "postgresql":
        assert repaired == {"surveys": 0, "compliance": 0, "drivers": 0}
        assert sorted(SurveyDaily.objects.values_list("id", flat=True)) == ids


def test_force_writes_every_row_again(answered):
    expected = _table()
    ids = set(SurveyDaily.objects.values_list("id", flat=True))
    _damage()

    call_command("rebuild_rollups", "--force", stdout=StringIO())

    assert _table() == expected
    assert not ids & set(SurveyDaily.objects.values_list("id", flat=True))


def test_force_and_since_do_not_mix(answered):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="leave out --since"):
        call_command("rebuild_rollups", "--force", "--since", "2026-01-01")


def test_the_nightly_job_repairs_days_older_than_the_week_it_rebuilds(answered):
    expected = _table()
    _damage()  # the damaged days are 35–39 and 19 days ago

    tasks.rebuild_organization(answered.pk)

    assert _table() == expected
