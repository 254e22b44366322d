"""Dashboard figures read from the rollups equal the same figures computed directly from
the raw responses, at every grouping, including empty groups, single answers and
time-zone boundaries."""

import statistics
from datetime import UTC, date, datetime, timedelta
from math import sqrt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts import services as account_services
from common import figures
from dashboards import rollups, selectors
from surveys.choices import SCALES
from surveys.intake.checks import check_responses
from surveys.intake.services import record_responses
from surveys.models import Response

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


@pytest.fixture
def far_location(organization):
    return account_services.save_location(
        organization=organization, name="Auckland", code="akl", time_zone="Pacific/Auckland"
    )


answers = st.lists(
    st.tuples(
        st.sampled_from(["nps", "csat", "ces"]),
        st.floats(min_value=0, max_value=1),
        st.sampled_from(["E001", "E002", ""]),
        st.sampled_from(["krk", "akl", ""]),
        st.integers(min_value=0, max_value=20 * 24 * 60),
    ),
    max_size=40,
)


def _record(organization, drawn):
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
    checked = check_responses(organization=organization, rows=rows, now=NOW)
    record_responses(organization=organization, rows=checked, source="api")


def _local_day(response) -> date:
    zone = response.location.time_zone if response.location else "UTC"
    return response.submitted_at.astimezone(ZoneInfo(zone)).date()


TOP = {"nps": 9, "csat": 4, "ces": 6}
BOTTOM = {"nps": 6, "csat": 2, "ces": 3}


def _raw_figures(scores: list[int], metric: str) -> dict:
    """The DESIGN.md definitions, straight from a list of scores."""
    n = len(scores)
    top = sum(score >= TOP[metric] for score in scores)
    bottom = sum(score <= BOTTOM[metric] for score in scores)
    if not n:
        return {"n": 0, "score": None, "margin": None}
    if metric == "nps":
        p, d = top / n, bottom / n
        score = 100 * (p - d)
        margin = 1.96 * sqrt((p + d - (p - d) ** 2) / n) * 100
    elif metric == "csat":
        score = 100 * top / n
        margin = 1.96 * sqrt((top / n) * (1 - top / n) / n) * 100
    else:
        # CES: the mean with its standard error, from the statistics module.
        score = statistics.fmean(scores)
        margin = 1.96 * statistics.stdev(scores) / sqrt(n) if n > 1 else None
    return {"n": n, "score": round(score, 2 if metric == "ces" else 1), "margin": margin}


def _group_key(response, group_by):
    day = _local_day(response)
    return {
        "consultant": response.consultant_id,
        "location": response.location_id,
        "day": day,
        "week": day - timedelta(days=day.weekday()),
        "month": day.replace(day=1),
    }[group_by]


def _assert_same(rolled: dict, raw: dict):
    assert rolled["n"] == raw["n"]
    assert rolled["score"] == raw["score"]
    if raw["margin"] is None:
        assert rolled["margin"] is None
    else:
        assert rolled["margin"] == pytest.approx(raw["margin"], abs=0.051)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    drawn=answers,
    metric=st.sampled_from(["nps", "csat", "ces"]),
    group_by=st.sampled_from(["consultant", "location", "day", "week", "month"]),
    window=st.tuples(st.integers(0, 20), st.integers(0, 20)),
)
def test_grouped_figures_equal_the_raw_responses(
    organization, consultant, second_consultant, far_location, drawn, metric, group_by, window
):
    Response.objects.all().delete()
    _record(organization, drawn)
    rollups.rebuild_all(organization_id=organization.pk)
    first, last = sorted(window)
    date_from, date_to = NOW.date() - timedelta(days=last), NOW.date() - timedelta(days=first)
    scope = selectors.Scope(organization.pk, date_from=date_from, date_to=date_to)

    in_period = [
        response
        for response in Response.objects.select_related("location").filter(metric=metric)
        if date_from <= _local_day(response) <= date_to
    ]
    raw_groups: dict = {}
    for response in in_period:
        raw_groups.setdefault(_group_key(response, group_by), []).append(response.score)

    rolled = {row["key"]: row for row in selectors.survey_groups(scope, metric, group_by)}
    assert set(rolled) == set(raw_groups)
    for key, scores in raw_groups.items():
        _assert_same(rolled[key], _raw_figures(scores, metric))
    _assert_same(
        selectors.survey_totals(scope, metric),
        _raw_figures([response.score for response in in_period], metric),
    )


def test_an_empty_period_has_no_figures_rather_than_zero(organization):
    scope = selectors.Scope(organization.pk, date(2026, 1, 1), date(2026, 1, 31))
    totals = selectors.survey_totals(scope, "nps")
    assert (totals["n"], totals["score"], totals["margin"]) == (0, None, None)
    assert selectors.survey_groups(scope, "nps", "consultant") == []
    assert selectors.compliance_totals(scope)["iron_rate"] is None


def test_a_single_promoter_is_nps_100_with_a_zero_margin(organization, consultant):
    _record(organization, [("nps", 1.0, "E001", "krk", 60)])
    rollups.rebuild_all(organization_id=organization.pk)
    totals = selectors.survey_totals(selectors.Scope(organization.pk), "nps")
    assert (totals["n"], totals["score"], totals["margin"]) == (1, 100.0, 0.0)


def test_an_answer_just_after_midnight_in_auckland_counts_on_the_auckland_day(
    organization, far_location
):
    # 11:30 UTC on 29 November is 00:30 on 30 November in Auckland.
    checked = check_responses(
        organization=organization,
        rows=[
            {"metric": "nps", "score": 10, "location": "akl", "submitted_at": "2026-11-29T11:30Z"}
        ],
        now=NOW,
    )
    record_responses(organization=organization, rows=checked, source="api")
    rollups.rebuild_all(organization_id=organization.pk)
    on_29 = selectors.Scope(organization.pk, date(2026, 11, 29), date(2026, 11, 29))
    on_30 = selectors.Scope(organization.pk, date(2026, 11, 30), date(2026, 11, 30))
    assert selectors.survey_totals(on_29, "nps")["n"] == 0
    assert selectors.survey_totals(on_30, "nps")["n"] == 1


def test_nps_margin_follows_the_design_formula():
    # 50 promoters, 20 detractors of 100: p+ = .5, p- = .2.
    expected = 1.96 * sqrt((0.5 + 0.2 - 0.3**2) / 100) * 100
    assert figures.nps(50, 20, 100) == 30.0
    assert figures.nps_margin(50, 20, 100) == pytest.approx(expected, abs=0.05)


@pytest.mark.parametrize(
    "current,previous,significant",
    [
        # Wide margins: a 10-point move is within the noise.
        ((40.0, 12.0), (30.0, 12.0), False),
        # Narrow margins: the same move is real.
        ((40.0, 3.0), (30.0, 3.0), True),
    ],
)
def test_a_change_is_significant_only_beyond_the_combined_margin(current, previous, significant):
    now = {"n": 100, "score": current[0], "margin": current[1]}
    before = {"n": 100, "score": previous[0], "margin": previous[1]}
    result = figures.compare(now, before, 30, metric="nps")
    assert result["delta"] == 10.0
    assert result["verdict"] == ("up" if significant else "within_margin")


def test_kpis_compare_with_the_period_just_before(organization, consultant):
    # 30 promoters this month, 30 detractors the month before: a significant rise.
    rows = [("nps", 1.0, "E001", "krk", 60 * 24 * day) for day in range(1, 16) for _ in (0, 1)]
    rows += [("nps", 0.0, "E001", "krk", 60 * 24 * day) for day in range(31, 46) for _ in (0, 1)]
    _record(organization, rows)
    rollups.rebuild_all(organization_id=organization.pk)
    scope = selectors.Scope(organization.pk, NOW.date() - timedelta(days=29), NOW.date())
    tiles = selectors.kpis(scope, min_sample=30)
    assert (tiles["nps"]["score"], tiles["nps"]["previous"]) == (100.0, -100.0)
    change = tiles["nps"]["change"]
    assert (change["delta"], change["verdict"], change["better"]) == (200.0, "up", True)
    # The same data under a higher minimum sample: not compared at all.
    higher = selectors.kpis(scope, min_sample=31)["nps"]["change"]
    assert (higher["verdict"], higher["delta"]) == ("not_enough", None)
