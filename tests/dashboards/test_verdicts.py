"""One rule judges a change vs the previous period (figures.compare), on the dashboard
tiles and on Stan's scorecard alike: below the minimum sample in either period there is
no arrow and no colour, only "Not enough answers to compare"; CES has a margin of error
(1.96 standard errors of the mean) so a CES change is judged like NPS and CSAT.

The margins are checked against values computed here with Python's statistics module,
not with the code under test."""

import statistics
from math import sqrt

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from common import figures
from dashboards import rollups, selectors
from tests.dashboards.recording import record

pytestmark = pytest.mark.django_db

SCORECARD = reverse("dashboards:scorecard")
OVERVIEW = reverse("dashboards:overview")


def sem_margin(scores: list[int]) -> float:
    return 1.96 * statistics.stdev(scores) / sqrt(len(scores))


# The CES margin


@pytest.mark.parametrize(
    "scores",
    [
        [5] * 29 + [7],
        [1, 7] * 20,
        [3, 4, 4, 5, 6, 6, 7, 2, 5, 5, 4],
        [6, 7],
    ],
)
def test_the_ces_margin_is_1_96_standard_errors_of_the_mean(organization, consultant, scores):
    record(organization, "ces", scores, days_ago=2)
    rollups.rebuild_all(organization_id=organization.pk)

    totals = selectors.survey_totals(selectors.Scope(organization.pk), "ces")

    assert totals["n"] == len(scores)
    assert totals["mean"] == round(statistics.fmean(scores), 2)
    assert totals["margin"] == pytest.approx(sem_margin(scores), abs=0.005)
    assert totals["lower"] == pytest.approx(totals["score"] - totals["margin"], abs=0.001)


def test_the_ces_margin_adds_up_over_days_and_people(organization, consultant, second_consultant):
    # Spread over days and two consultants: the rollup's sums of squares add up.
    scores = {"E001": [2, 5, 7, 6], "E002": [1, 3, 7]}
    for days_ago in (1, 3, 9):
        for code, own in scores.items():
            record(organization, "ces", own, days_ago=days_ago, consultant=code, location="")
    rollups.rebuild_all(organization_id=organization.pk)
    every = [score for own in scores.values() for score in own] * 3

    totals = selectors.survey_totals(selectors.Scope(organization.pk), "ces")

    assert totals["margin"] == pytest.approx(sem_margin(every), abs=0.005)


def test_one_ces_answer_has_no_margin_and_all_equal_answers_have_zero(organization, consultant):
    assert figures.mean_margin(5, 25, 1) is None
    assert figures.mean_margin(150, 750, 30) == 0.0
    assert figures.mean_margin(0, 0, 0) is None


# The verdict rule


def _figures(n, score, margin):
    return {"n": n, "score": score, "margin": margin}


@pytest.mark.parametrize(
    "now,before,verdict",
    [
        (_figures(40, 45.8, 20.0), None, "no_previous"),
        # n = 2 before: not compared, however large the difference.
        (_figures(40, 45.8, 20.0), _figures(2, -45.6, 0.0), "not_enough"),
        # n = 2 now.
        (_figures(2, 100.0, 0.0), _figures(40, 10.0, 20.0), "not_enough"),
        (_figures(30, 5.07, 0.13), _figures(30, 5.0, 0.0), "within_margin"),
        (_figures(100, 40.0, 3.0), _figures(100, 30.0, 3.0), "up"),
        (_figures(100, 30.0, 3.0), _figures(100, 40.0, 3.0), "down"),
        # Enough answers but no margin (a metric without one): not judged.
        (_figures(100, 5.0, None), _figures(100, 4.0, 0.1), "not_enough"),
    ],
)
def test_one_rule_gives_the_verdict(now, before, verdict):
    result = figures.compare(now, before, 30, metric="ces")
    assert result["verdict"] == verdict
    if verdict in ("no_previous", "not_enough"):
        assert result["delta"] is None and result["better"] is None


def test_a_change_is_compared_exactly_at_the_minimum_sample():
    at = figures.compare(_figures(30, 60.0, 5.0), _figures(30, 20.0, 5.0), 30, metric="nps")
    below = figures.compare(_figures(30, 60.0, 5.0), _figures(29, 20.0, 5.0), 30, metric="nps")
    assert (at["verdict"], below["verdict"]) == ("up", "not_enough")
    assert (below["n"], below["previous_n"], below["min_sample"]) == (30, 29, 30)


def test_a_higher_ces_is_better_news_since_7_means_very_easy():
    from surveys.choices import SCALE_LABELS, Metric

    assert str(SCALE_LABELS[Metric.CES][1]) == "Very easy"
    up = figures.compare(_figures(50, 6.1, 0.2), _figures(50, 5.0, 0.2), 30, metric="ces")
    down = figures.compare(_figures(50, 5.0, 0.2), _figures(50, 6.1, 0.2), 30, metric="ces")
    assert (up["verdict"], up["better"], up["delta"]) == ("up", True, 1.1)
    assert (down["verdict"], down["better"]) == ("down", False)


def test_the_combined_margin_is_the_root_of_the_sum_of_squares():
    result = figures.compare(_figures(100, 40.0, 3.0), _figures(100, 30.0, 4.0), 30, metric="nps")
    assert result["margin"] == 5.0 and result["delta"] == 10.0


# On the pages


def test_the_scorecard_calls_a_tiny_ces_change_within_the_margin(
    client_for, organization, consultant
):
    # 30 answers of 5, then 29 × 5 + 1 × 7: mean 5.00 → 5.07.
    record(organization, "ces", [5] * 30, days_ago=100)
    record(organization, "ces", [5] * 29 + [7], days_ago=3)
    rollups.rebuild_all(organization_id=organization.pk)

    response = client_for(consultant).get(SCORECARD)

    ces = response.context["card"]["tiles"]["ces"]
    assert ces["margin"] == pytest.approx(sem_margin([5] * 29 + [7]), abs=0.005)
    assert ces["change"]["verdict"] == "within_margin"
    assert ces["change"]["delta"] == 0.07
    tile = _tile(response.content.decode(), "CES")
    assert "within the margin of error" in tile
    assert "a significant change" not in tile and "▲" not in tile


def test_the_scorecard_says_not_enough_answers_rather_than_within_the_margin(
    client_for, organization, consultant
):
    record(organization, "nps", [10] * 3, days_ago=3)
    record(organization, "nps", [0] * 2, days_ago=100)
    rollups.rebuild_all(organization_id=organization.pk)

    response = client_for(consultant).get(SCORECARD)

    tile = _tile(response.content.decode(), "NPS")
    assert "Not enough answers to compare" in tile
    assert "within the margin of error" not in tile
    assert "▲" not in tile and "better" not in tile
    # Both n's are there for whoever asks (hover and screen readers).
    assert "This period: n = 3; previous period: n = 2" in tile


def test_the_dashboard_shows_no_arrow_or_colour_against_a_previous_period_of_two(
    client_for, organization, consultant, executive
):
    record(organization, "nps", [10] * 36 + [3] * 4, days_ago=3)
    record(organization, "nps", [0, 5], days_ago=100)
    rollups.rebuild_all(organization_id=organization.pk)

    response = client_for(executive).get(OVERVIEW)

    nps = response.context["tiles"]["nps"]
    assert nps["change"]["verdict"] == "not_enough"
    tile = _tile(response.content.decode(), "NPS", start='<div class="tile card tile-nps">')
    assert "Not enough answers to compare" in tile
    assert "▲" not in tile and "up 1" not in tile
    assert "better" not in tile and "worse" not in tile
    assert "previous period: n = 2" in tile


def test_a_real_ces_drop_is_red_on_the_dashboard(client_for, organization, consultant, executive):
    record(organization, "ces", [6, 7] * 20, days_ago=100)
    record(organization, "ces", [2, 3] * 20, days_ago=3)
    rollups.rebuild_all(organization_id=organization.pk)

    response = client_for(executive).get(OVERVIEW)

    change = response.context["tiles"]["ces"]["change"]
    assert (change["verdict"], change["better"], change["delta"]) == ("down", False, -4.0)
    tile = _tile(response.content.decode(), "CES", start='<div class="tile card tile-ces">')
    assert "verdict-down worse" in tile and "▼" in tile and "down 4.00" in tile


def test_the_dashboard_and_the_scorecard_give_the_same_verdict(
    client_for, organization, consultant, executive
):
    record(organization, "csat", [5] * 25 + [2] * 15, days_ago=100)
    record(organization, "csat", [5] * 38 + [2] * 2, days_ago=3)
    rollups.rebuild_all(organization_id=organization.pk)

    mine = client_for(consultant).get(SCORECARD).context["card"]["tiles"]["csat"]["change"]
    everyone = client_for(executive).get(OVERVIEW).context["tiles"]["csat"]["change"]

    # Stan is the only consultant: the same answers, the same verdict.
    assert mine == everyone
    assert mine["verdict"] == "up" and mine["better"] is True


def _tile(page: str, name: str, start: str | None = None) -> str:
    """The HTML of one tile, from its start to the next tile."""
    marker = start or f"<h3>{name}</h3>"
    begin = page.index(marker)
    end = page.find('class="card sc-tile"' if start is None else 'class="tile card', begin + 20)
    return page[begin : end if end != -1 else None]


# What an answer's band is called


@pytest.mark.parametrize(
    "metric,score,label",
    [
        ("csat", 4, "Satisfied"),
        ("csat", 5, "Satisfied"),
        ("csat", 3, "Neutral"),
        ("csat", 1, "Dissatisfied"),
        ("ces", 6, "Easy"),
        ("ces", 2, "Difficult"),
        ("nps", 9, "Promoter"),
    ],
)
def test_a_csat_of_4_is_called_satisfied_not_top_score(metric, score, label):
    from surveys.choices import band_of

    html = render_to_string(
        "surveys/response_score.html",
        {"r": {"metric": metric, "score": score, "band": band_of(metric, score)}},
    )
    assert label in html
    assert "Top score" not in html
