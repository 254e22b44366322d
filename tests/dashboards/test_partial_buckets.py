"""A trend's partial week or month (cut by the period, or not over yet) is marked as
partial, with its n, on the chart, in its notes and in the table; a bucket with fewer
answers than the minimum sample is not drawn at its value (one answer of 1 would read as
CSAT 0%). CES has its own trend chart, and the 365-day view's caption speaks of months."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards import buckets, charts, rollups
from dashboards.overview import trend
from dashboards.selectors import Scope
from tests.dashboards.recording import record

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("dashboards:overview")
SCORECARD = reverse("dashboards:scorecard")
WEDNESDAY = date(2026, 12, 2)


def _row(key: date, n: int = 40, score: float = 80.0) -> dict:
    return {"key": key, "label": key.isoformat(), "n": n, "score": score}


# Which buckets are partial


def test_the_week_of_today_is_partial_with_the_days_it_has_so_far():
    monday = WEDNESDAY - timedelta(days=2)
    rows = buckets.mark_buckets(
        [_row(monday - timedelta(days=7)), _row(monday)],
        unit="week",
        date_from=monday - timedelta(days=7),
        date_to=WEDNESDAY,
        today=WEDNESDAY,
        min_sample=30,
    )
    whole, current = rows
    assert (whole["partial"], whole["covered"], whole["days"]) == (False, 7, 7)
    assert (current["partial"], current["covered"], current["days"]) == (True, 3, 7)


def test_a_week_cut_by_the_start_of_the_period_is_partial():
    monday = date(2026, 11, 23)
    (row,) = buckets.mark_buckets(
        [_row(monday)],
        unit="week",
        date_from=monday + timedelta(days=4),
        date_to=date(2026, 11, 30),
        today=WEDNESDAY,
        min_sample=30,
    )
    assert (row["partial"], row["covered"]) == (True, 3)


def test_a_week_ending_on_the_last_day_of_a_past_period_is_whole():
    monday = date(2026, 11, 23)
    (row,) = buckets.mark_buckets(
        [_row(monday)],
        unit="week",
        date_from=monday,
        date_to=monday + timedelta(days=6),
        today=WEDNESDAY,
        min_sample=30,
    )
    assert (row["partial"], row["covered"]) == (False, 7)


def test_months_are_calendar_months_and_the_current_one_is_partial():
    rows = buckets.mark_buckets(
        [_row(date(2026, 2, 1)), _row(date(2026, 12, 1))],
        unit="month",
        date_from=date(2026, 1, 1),
        date_to=WEDNESDAY,
        today=WEDNESDAY,
        min_sample=30,
    )
    february, december = rows
    assert (february["partial"], february["days"], february["end"]) == (
        False,
        28,
        date(2026, 2, 28),
    )
    assert (december["partial"], december["covered"], december["days"]) == (True, 2, 31)


def test_a_bucket_below_the_minimum_sample_is_not_enough():
    rows = buckets.mark_buckets(
        [_row(date(2026, 11, 23), n=29), _row(date(2026, 11, 30), n=30)],
        unit="week",
        date_from=None,
        date_to=None,
        today=WEDNESDAY,
        min_sample=30,
    )
    assert [row["enough"] for row in rows] == [False, True]


# How the chart draws them


def _trend_rows():
    """Three whole weeks, a week of one answer (CSAT 0%), then the partial current week."""
    mondays = [date(2026, 11, 2) + timedelta(days=7 * i) for i in range(5)]
    rows = [
        {**_row(mondays[0], 40, 80.0), "margin": 12.0},
        {**_row(mondays[1], 40, 82.0), "margin": 12.0},
        {**_row(mondays[2], 1, 0.0), "margin": 0.0},
        {**_row(mondays[3], 40, 81.0), "margin": 12.0},
        {**_row(mondays[4], 31, 100.0), "margin": 10.0},
    ]
    for row in rows:
        row["lower"], row["upper"] = row["score"] - row["margin"], row["score"] + row["margin"]
    return buckets.mark_buckets(
        rows, unit="week", date_from=mondays[0], date_to=WEDNESDAY, today=WEDNESDAY, min_sample=30
    )


def _traces(figure) -> dict:
    data = charts.figure_json(figure)["data"]
    return {trace["name"]: trace for trace in data if trace.get("name")}


def test_the_partial_week_is_a_hollow_point_apart_from_the_line():
    rows = _trend_rows()
    traces = _traces(charts.trend_figure(rows, metric="csat", unit="week", min_sample=30))

    line = traces["CSAT, % satisfied"]
    assert line["y"] == [80.0, 82.0, None, 81.0, None]
    partial = traces["Partial week"]
    assert partial["x"] == ["2026-11-30"] and partial["y"] == [100.0]
    assert partial["marker"]["symbol"] == "circle-open"
    assert partial["showlegend"] is True
    assert "partial week: 3 of 7 days, n = 31" in partial["customdata"][0][2]
    dotted = next(
        trace
        for trace in charts.figure_json(
            charts.trend_figure(rows, metric="csat", unit="week", min_sample=30)
        )["data"]
        if trace.get("line", {}).get("dash") == "dot"
    )
    assert dotted["x"][:2] == ["2026-11-23", "2026-11-30"]


def test_a_week_of_one_answer_is_not_drawn_at_0_percent():
    rows = _trend_rows()
    figure = charts.figure_json(
        charts.trend_figure(rows, metric="csat", unit="week", min_sample=30)
    )

    few = next(trace for trace in figure["data"] if trace["name"].startswith("Fewer than 30"))
    assert few["x"] == ["2026-11-16"] and few["text"] == ["n=1"]
    # Marked along the bottom of the axis, not at its 0%.
    assert few["y"][0] > figure["layout"]["yaxis"]["range"][0]
    for trace in figure["data"]:
        if trace is few:
            continue
        points = dict(zip(trace.get("x") or [], trace.get("y") or [], strict=False))
        assert points.get("2026-11-16") is None
    # The axis is scaled to the readable weeks, not stretched down to 0%.
    assert figure["layout"]["yaxis"]["range"][0] >= 60


def test_the_summary_reads_only_the_readable_weeks_and_names_the_others():
    text = charts.trend_summary(_trend_rows(), metric="csat", unit="week", min_sample=30)
    assert "3 weeks" in text and "lowest 80.0%" in text and "highest 82.0%" in text
    assert "2026-11-16: only 1 answer, fewer than 30: not plotted." in text
    assert "2026-11-30: partial week: 3 of 7 days, n = 31." in text


# On the pages


@pytest.fixture
def answered(organization, consultant):
    """CSAT: 40 answers two weeks back, then a single 1 in the current week (the 0% that
    looked like a collapse); CES and NPS in the same weeks."""
    record(organization, "csat", [5] * 36 + [2] * 4, days_ago=14)
    record(organization, "csat", [1], days_ago=0)
    record(organization, "ces", [6] * 30 + [4] * 10, days_ago=14)
    record(organization, "nps", [9] * 40, days_ago=14)
    rollups.rebuild_all(organization_id=organization.pk)


def test_the_dashboard_marks_the_current_week_and_never_plots_csat_0(
    client_for, executive, answered
):
    response = client_for(executive).get(OVERVIEW)

    csat = response.context["trend"]["csat"]
    current = csat[-1]
    assert (current["n"], current["score"], current["partial"], current["enough"]) == (
        1,
        0.0,
        True,
        False,
    )
    chart = response.context["charts"]["csat"]
    line = next(trace for trace in chart["data"] if trace["name"] == "CSAT, % satisfied")
    assert 0.0 not in line["y"]
    page = response.content.decode()
    # In the accessible table, and in the notes under the chart.
    assert "partial week:" in page and "only 1 answer, fewer than 30: not plotted" in page
    assert "weeks with fewer than 30 answers are not plotted" not in page  # listed, not counted


def test_ces_has_its_own_trend_chart(client_for, executive, answered):
    response = client_for(executive).get(OVERVIEW)

    ces = response.context["charts"]["ces"]
    line = next(trace for trace in ces["data"] if trace["name"] == "CES, mean of 1–7")
    assert 5.5 in line["y"]
    page = response.content.decode()
    assert 'id="chart-ces-data"' in page and "NPS, CSAT and CES by week" in page


def test_the_year_view_caption_speaks_of_months_not_weeks(client_for, executive, answered):
    page = client_for(executive).get(OVERVIEW, {"period": "365"}).content.decode()

    assert "NPS, CSAT and CES by month" in page
    assert "Weeks" not in page.split('id="trend-title"')[1].split("</section>")[0]
    assert "Points are calendar months" in page


def test_the_scorecard_marks_the_partial_week_and_greys_thin_figures(
    client_for, consultant, answered
):
    response = client_for(consultant).get(SCORECARD)

    trend_rows = response.context["card"]["trend"]["rows"]
    assert trend_rows[-1]["partial"] is True and trend_rows[0]["partial"] is False
    assert response.context["card"]["trend"]["has_ces"] is True
    page = response.content.decode()
    table = page.split('class="sc-trend-table"')[1].split("</table>")[0]
    assert "partial week:" in table
    assert "sc-few" in table  # the single CSAT answer is greyed
    assert '<th scope="col" class="num">CES</th>' in table


def test_trend_buckets_follow_the_periods_bounds(organization, consultant):
    record(organization, "nps", [9] * 5, days_ago=3)
    rollups.rebuild_all(organization_id=organization.pk)
    today = timezone.localdate()
    scope = Scope(organization.pk, date_from=today - timedelta(days=89), date_to=today)

    rows = trend(scope, 3, today=today)["nps"]

    assert all(
        row["partial"] == (row["covered"] < row["days"] or row["end"] >= today) for row in rows
    )
    assert rows[-1]["enough"] is True
