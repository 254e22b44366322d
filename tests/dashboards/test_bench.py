"""`python manage.py bench` runs end to end on tiny numbers: it builds its organization,
prints its measures with a verdict each, and leaves nothing behind. (Timings are
the benchmark's business, not a test's.)"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from accounts.models import Organization
from dashboards.models import RollupChecksum, SurveyDaily
from surveys.models import Response

pytestmark = pytest.mark.django_db

MEASURES = (
    "full rollup rebuild vs bare INSERT…SELECT…GROUP BY",
    "incremental rollup after one new response",
    "executive dashboard, computed, vs a trivial logged-in page",
    "executive dashboard, cached, vs a trivial logged-in page",
    "/api/v1/scores/?group_by=consultant, a year, computed, vs the trivial page",
    "/api/v1/scores/?group_by=consultant, a year, cached, vs the trivial page",
)


def run_bench(**options) -> str:
    out = StringIO()
    call_command("bench", stdout=out, **options)
    return out.getvalue()


def test_bench_prints_every_measure_and_cleans_up():
    output = run_bench(responses=300, reviews=30, locations=2, consultants=6, days=20, runs=1)

    table = output.split("measure", 1)[1]
    for name in MEASURES:
        line = next(line for line in table.splitlines() if line.startswith(name))
        assert line.rstrip().endswith(("PASS", "FAIL")), line
    # The baseline produced exactly the rollup's rows, table by table.
    assert output.count("(same rows)") == 3
    assert "HTTP 200" in output
    assert not Organization.objects.filter(slug__startswith="bench-").exists()
    assert not get_user_model().objects.filter(username__startswith="bench-").exists()
    assert not Response.objects.exists() and not SurveyDaily.objects.exists()
    assert not RollupChecksum.objects.exists()


def test_bench_refuses_nonsense_sizes():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--consultants"):
        run_bench(responses=10, consultants=0)
