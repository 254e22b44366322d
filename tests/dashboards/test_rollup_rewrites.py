"""A rebuild rewrites only the days whose rows changed (PostgreSQL), and the dashboard's
cached figures follow every change of the rollups and of the names they show."""

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from dashboards import figure_cache, rollups, tasks
from dashboards.models import DriverDaily, RollupChecksum, SurveyDaily
from surveys.intake.checks import check_responses
from surveys.intake.services import record_responses
from surveys.models import Response
from tests.dashboards.recording import record_answers
from tests.dashboards.test_overview import BASE, FORM

pytestmark = pytest.mark.django_db

URL = reverse("dashboards:overview")
only_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite (the embedded mode) replaces every day it rebuilds; CI's PostgreSQL "
    "pass runs this",
)


def _record_one(organization, **row):
    """One NPS answer, checked and recorded as the API does."""
    rows = check_responses(organization=organization, rows=[{"metric": "nps", **row}])
    record_responses(organization=organization, rows=rows, source="api")


def _two_days(organization):
    for when, score in (("2026-11-20T10:00:00+00:00", 9), ("2026-11-22T10:00:00+00:00", 3)):
        _record_one(organization, score=score, consultant="E001", submitted_at=when)


def _ids_by_day():
    return dict(SurveyDaily.objects.values_list("day", "id"))


@only_postgresql
def test_a_rebuild_of_unchanged_days_rewrites_nothing(organization, consultant):
    _two_days(organization)
    rollups.rebuild_survey_days(organization_id=organization.pk)
    before, token = _ids_by_day(), figure_cache.generation(organization.pk)
    assert rollups.rebuild_survey_days(organization_id=organization.pk) == 2
    assert _ids_by_day() == before
    assert figure_cache.generation(organization.pk) == token


@only_postgresql
def test_a_changed_answer_rewrites_its_day_only(
    organization, consultant, django_capture_on_commit_callbacks
):
    _two_days(organization)
    rollups.rebuild_survey_days(organization_id=organization.pk)
    before, token = _ids_by_day(), figure_cache.generation(organization.pk)
    Response.objects.filter(score=3).update(score=10)
    with django_capture_on_commit_callbacks(execute=True):
        rollups.rebuild_survey_days(organization_id=organization.pk)
    after = _ids_by_day()
    assert after[date(2026, 11, 20)] == before[date(2026, 11, 20)]
    assert after[date(2026, 11, 22)] != before[date(2026, 11, 22)]
    changed = SurveyDaily.objects.get(day=date(2026, 11, 22))
    assert (changed.promoters, changed.detractors) == (1, 0)
    assert figure_cache.generation(organization.pk) != token


@only_postgresql
def test_a_day_whose_answers_are_gone_is_emptied(organization, consultant):
    _two_days(organization)
    rollups.rebuild_survey_days(organization_id=organization.pk)
    Response.objects.filter(score=3).delete()
    assert rollups.rebuild_survey_days(organization_id=organization.pk) == 1
    assert list(SurveyDaily.objects.values_list("day", flat=True)) == [date(2026, 11, 20)]
    assert list(RollupChecksum.objects.values_list("day", flat=True)) == [date(2026, 11, 20)]


def test_the_dashboard_is_served_from_the_cache_until_the_rollups_change(
    answers,
    executive,
    client_for,
    organization,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    client = client_for(executive)
    first = client.get(URL)
    # The same view again: only the page's own queries, no aggregate.
    with django_assert_num_queries(BASE + FORM):
        again = client.get(URL)
    assert again.context["tiles"]["responses"] == first.context["tiles"]["responses"]
    record_answers(organization, "nps", [10] * 5, consultant="E002", days_ago=2)
    with django_capture_on_commit_callbacks(execute=True):
        rollups.rebuild_all(organization_id=organization.pk)
    fresh = client.get(URL)
    assert fresh.context["tiles"]["responses"] == first.context["tiles"]["responses"] + 5


def test_a_renamed_location_shows_at_once(
    answers,
    executive,
    client_for,
    location,
    django_capture_on_commit_callbacks,
):
    client = client_for(executive)
    assert location.name in client.get(URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        location.name = "Kraków Rynek"
        location.save()
    assert "Kraków Rynek" in client.get(URL).content.decode()


def test_the_scores_api_follows_a_new_answer(
    answers,
    executive,
    client_for,
    organization,
    django_capture_on_commit_callbacks,
):
    client = client_for(executive)
    url = "/api/v1/scores/?metric=nps&group_by=consultant"
    before = client.get(url).json()["totals"]["n"]
    assert client.get(url).json()["totals"]["n"] == before
    with django_capture_on_commit_callbacks(execute=True):
        record_answers(organization, "nps", [9] * 3, consultant="E001", days_ago=2)
    assert client.get(url).json()["totals"]["n"] == before + 3


@only_postgresql
def test_a_new_answer_rewrites_only_its_own_row_of_the_day(
    organization, consultant, second_consultant
):
    _two_days(organization)
    rollups.rebuild_survey_days(organization_id=organization.pk)
    kept = SurveyDaily.objects.get(day=date(2026, 11, 22)).pk
    _record_one(organization, score=10, consultant="E002", submitted_at="2026-11-22T11:00:00+00:00")
    rollups.rebuild_survey_days(
        organization_id=organization.pk, days=rollups.local_days_around([date(2026, 11, 22)])
    )
    day = SurveyDaily.objects.filter(day=date(2026, 11, 22))
    assert day.count() == 2 and day.filter(pk=kept).exists()


def test_recently_viewed_figures_are_computed_again_after_a_change(
    answers,
    executive,
    client_for,
    organization,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    client = client_for(executive)
    before = client.get(URL).context["tiles"]["responses"]
    record_answers(organization, "nps", [10] * 5, consultant="E002", days_ago=2)
    with django_capture_on_commit_callbacks(execute=True):
        rollups.rebuild_all(organization_id=organization.pk)
    assert len(figure_cache.missing(organization.pk)) == 1
    # What the worker does after the change (the embedded mode has no worker for it).
    assert tasks.warm_figures(organization.pk) == 1
    assert figure_cache.missing(organization.pk) == []
    with django_assert_num_queries(BASE + FORM):
        page = client.get(URL)
    assert page.context["tiles"]["responses"] == before + 5


def test_the_embedded_mode_does_not_warm_inside_the_request(organization):
    # Eager Celery would compute every viewed dashboard in the request of each answer.
    assert tasks.schedule_warming(organization.pk) is False


def test_an_answer_to_a_reviewed_interaction_refreshes_that_review_s_drivers(
    organization,
    manager,
    consultant,
    iron_behaviour,
    master_behaviour,
    submit,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(
            reviewer=manager,
            consultant=consultant,
            results={iron_behaviour: "met", master_behaviour: "not_met"},
            interaction_ref="R-77",
        )
    assert not DriverDaily.objects.exists()  # no answer yet
    with django_capture_on_commit_callbacks(execute=True):
        record_answers(organization, "nps", [10], consultant="E001", interaction_ref="R-77")
    rows = {
        (row.behaviour_id, row.met): (row.n, row.promoters) for row in DriverDaily.objects.all()
    }
    assert rows == {(iron_behaviour.pk, True): (1, 1), (master_behaviour.pk, False): (1, 1)}


def test_the_rollups_are_told_each_answer_s_local_day_and_interaction(
    organization, consultant, django_capture_on_commit_callbacks
):
    from surveys import signals

    told = []

    def receiver(sender, local_dates, interaction_refs, **kwargs):
        told.append((local_dates, interaction_refs))

    signals.responses_recorded.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            # 23:30 UTC on 14 March is 00:30 on 15 March in Kraków (the consultant's).
            _record_one(
                organization,
                score=9,
                consultant="E001",
                submitted_at="2026-03-14T23:30:00+00:00",
                interaction_ref="T-1",
            )
    finally:
        signals.responses_recorded.disconnect(receiver)
    assert told == [([date(2026, 3, 15)], ["T-1"])]
