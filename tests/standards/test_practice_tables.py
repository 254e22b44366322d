"""Competitor and best practices moved from reviews to standards without touching their
rows: the migrations change only Django's picture of the models, so what was recorded
before the move is read after it, and the content types (permissions, admin history)
are the same rows under the new app."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from standards.models import BestPractice, CompetitorPractice

BEFORE_THE_MOVE = [("reviews", "0002_created_by_optional"), ("standards", "0005_version_scope")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
    return executor.loader.project_state(targets).apps if targets else None


@pytest.mark.django_db(transaction=True)
def test_practices_recorded_before_the_move_are_read_after_it(
    organization, manager, consultant, critical_moment, iron_behaviour
):
    types = dict(
        ContentType.objects.filter(model__in=["bestpractice", "competitorpractice"]).values_list(
            "model", "pk"
        )
    )
    try:
        old = _migrate(BEFORE_THE_MOVE)
        assert set(
            ContentType.objects.filter(pk__in=types.values()).values_list("app_label", flat=True)
        ) == {"reviews"}
        old.get_model("reviews", "CompetitorPractice").objects.create(
            organization_id=organization.pk,
            moment_id=critical_moment.pk,
            competitor="Hotel Europa",
            observed_on=date(2025, 3, 14),
            description="Greets regulars by name",
            rating=5,
            created_by_id=manager.user_id,
        )
        best = old.get_model("reviews", "BestPractice").objects.create(
            organization_id=organization.pk,
            consultant_id=consultant.pk,
            moment_id=critical_moment.pk,
            description="Remembers the guest's usual table",
            promoted_behaviour_id=iron_behaviour.pk,
        )
        best.behaviours.add(iron_behaviour.pk)
    finally:
        _migrate(None)

    competitor = CompetitorPractice.objects.get()
    assert (competitor.competitor, competitor.created_by) == ("Hotel Europa", manager.user)
    assert list(organization.competitor_practices.all()) == [competitor]
    assert list(critical_moment.competitor_practices.all()) == [competitor]
    practice = BestPractice.objects.get()
    assert list(practice.behaviours.all()) == [iron_behaviour]
    assert list(consultant.best_practices.all()) == [practice]
    assert list(critical_moment.best_practices.all()) == [practice]
    iron_behaviour.refresh_from_db()
    assert iron_behaviour.source_practice == practice
    assert list(iron_behaviour.best_practices.all()) == [practice]
    assert ContentType.objects.get_for_model(BestPractice).pk == types["bestpractice"]
    assert ContentType.objects.get_for_model(CompetitorPractice).pk == types["competitorpractice"]
