"""The survey rollup equals the raw responses, at any grouping, however it was built."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts import services as account_services
from dashboards import rollups
from dashboards.models import SurveyDaily
from surveys.choices import SCALES
from surveys.intake.checks import check_responses
from surveys.intake.services import record_responses
from surveys.models import Response

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


@pytest.fixture
def far_location(organization):
    """A location twelve hours ahead of Kraków, so one instant falls on two local days."""
    return account_services.save_location(
        organization=organization, name="Auckland", code="akl", time_zone="Pacific/Auckland"
    )


def _record(organization, rows):
    checked = check_responses(organization=organization, rows=rows, now=NOW)
    return record_responses(organization=organization, rows=checked, source="api")


response_rows = st.lists(
    st.tuples(
        st.sampled_from(["nps", "csat", "ces"]),
        st.floats(min_value=0, max_value=1),
        st.sampled_from(["E001", "E002", ""]),
        st.sampled_from(["krk", "akl", ""]),
        # Minutes back from NOW over five days: crosses midnights in both zones.
        st.integers(min_value=0, max_value=5 * 24 * 60),
    ),
    max_size=40,
)


def _as_rows(drawn):
    rows = []
    for metric, fraction, consultant, location, minutes in drawn:
        low, high = SCALES[metric]
        rows.append(
            {
                "metric": metric,
                "score": low + round(fraction * (high - low)),
                "consultant": consultant,
                "location": location,
                "submitted_at": (NOW - timedelta(minutes=minutes)).isoformat(),
            }
        )
    return rows


def _local_day(response):
    zone = response.location.time_zone if response.location else "UTC"
    from zoneinfo import ZoneInfo

    return response.submitted_at.astimezone(ZoneInfo(zone)).date()


def _table():
    return sorted(
        (
            tuple(-1 if value is None else value for value in row)
            for row in SurveyDaily.objects.values_list(
                "day",
                "location_id",
                "consultant_id",
                "metric",
                "n",
                "promoters",
                "detractors",
                "score_sum",
            )
        ),
    )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(drawn=response_rows)
def test_rollup_counts_equal_the_raw_responses(
    organization, consultant, second_consultant, far_location, drawn
):
    Response.objects.all().delete()
    _record(organization, _as_rows(drawn))
    rollups.rebuild_survey_days(organization_id=organization.pk)
    raw = {}
    for response in Response.objects.select_related("location"):
        key = (_local_day(response), response.location_id, response.consultant_id, response.metric)
        n, top, bottom, total = raw.get(key, (0, 0, 0, 0))
        low, high = SCALES[response.metric]
        span = high - low
        top_band = response.score >= {"nps": 9, "csat": 4, "ces": 6}[response.metric]
        bottom_band = response.score <= {"nps": 6, "csat": 2, "ces": 3}[response.metric]
        assert span > 0
        raw[key] = (n + 1, top + top_band, bottom + bottom_band, total + response.score)
    rolled = {}
    for row in SurveyDaily.objects.values("day", "location_id", "consultant_id", "metric").annotate(
        n=Sum("n"), top=Sum("promoters"), bottom=Sum("detractors"), total=Sum("score_sum")
    ):
        key = (row["day"], row["location_id"], row["consultant_id"], row["metric"])
        rolled[key] = (row["n"], row["top"], row["bottom"], row["total"])
    assert rolled == raw


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batches=st.lists(response_rows, min_size=1, max_size=4))
def test_incremental_rollups_equal_a_full_rebuild(
    organization, consultant, second_consultant, far_location, batches
):
    """Each batch refreshes only the days it touched, as the after-commit hook does."""
    Response.objects.all().delete()
    rollups.clear(organization_id=organization.pk)
    for drawn in batches:
        saved = _record(organization, _as_rows(drawn))
        utc_dates = {response.submitted_at.astimezone(UTC).date() for response, _ in saved}
        rollups.rebuild_survey_days(
            organization_id=organization.pk, days=rollups.local_days_around(utc_dates)
        )
    incremental = _table()
    # A rebuild from empty tables (nothing remembered of the days) gives the same rows.
    rollups.clear(organization_id=organization.pk)
    rollups.rebuild_survey_days(organization_id=organization.pk)
    assert incremental == _table()
    # And running the rebuild again changes nothing.
    rollups.rebuild_survey_days(organization_id=organization.pk)
    assert incremental == _table()


def test_a_response_is_counted_on_its_location_local_day(organization, consultant, far_location):
    # 11:30 UTC on 29 November is 00:30 on 30 November in Auckland (UTC+13).
    _record(
        organization,
        [
            {
                "metric": "nps",
                "score": 10,
                "location": "akl",
                "submitted_at": "2026-11-29T11:30:00+00:00",
            },
            {
                "metric": "nps",
                "score": 10,
                "location": "krk",
                "submitted_at": "2026-11-29T11:30:00+00:00",
            },
        ],
    )
    rollups.rebuild_survey_days(organization_id=organization.pk)
    days = dict(SurveyDaily.objects.values_list("location__code", "day"))
    assert days == {"akl": date(2026, 11, 30), "krk": date(2026, 11, 29)}


def test_saving_a_response_refreshes_its_day(
    organization, consultant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _record(
            organization,
            [
                {
                    "metric": "nps",
                    "score": 3,
                    "consultant": "E001",
                    "submitted_at": "2026-11-29T10:00:00+00:00",
                }
            ],
        )
    row = SurveyDaily.objects.get()
    assert (row.n, row.detractors, row.consultant_id) == (1, 1, consultant.pk)
