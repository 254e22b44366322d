import io

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.models import Membership, Organization
from standards.models import Behaviour, StandardsVersion
from touchpoints.models import Moment


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded once for the module (it is the slowest fixture of the suite), in a
    transaction rolled back at the end. Each test runs in a savepoint on top of it (`db`),
    so what one test changes or seeds again, the next one does not see."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def test_seed_demo_is_idempotent_and_tells_a_story(db, capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "already present" in out and "magda" in out and "cxm-demo" in out
    assert Organization.objects.count() == 2
    aurora = Organization.objects.get(slug="aurora")
    critical = Moment.objects.filter(touchpoint__journey__organization=aurora, is_critical=True)
    assert critical.count() == 4
    for moment in critical:
        iron = moment.behaviours.filter(kind="iron").count()
        master = moment.behaviours.filter(kind="master").count()
        assert 3 <= iron <= 5 and 2 <= master <= 3, moment
    assert Membership.objects.filter(role="staff").values("user").distinct().count() == 6
    assert StandardsVersion.objects.filter(organization=aurora).count() == 2
    v2 = StandardsVersion.objects.get(organization=aurora, number=2)
    assert v2.changelog["added"] and v2.changelog["changed"]
    assert Behaviour.history.filter(history_user__username="magda").exists()


def test_demo_reviews_show_consultants_who_master_the_master_behaviours(db):
    from datetime import timedelta

    from django.utils import timezone

    from reviews.models import Review
    from standards.models import BestPractice, CompetitorPractice
    from tests.dashboards.raw_compliance import compliance

    aurora = Organization.objects.get(slug="aurora")
    oldest = Review.objects.filter(organization=aurora).order_by("occurred_at").first()
    assert Review.objects.filter(organization=aurora, status="submitted").count() >= 300
    # Reviews go back past a year (the year view and its previous period have some), and
    # the last quarter is audited far more closely than before.
    assert (Review.objects.latest("occurred_at").occurred_at - oldest.occurred_at).days >= 400
    quarter_ago = timezone.now() - timedelta(days=91)
    recent = Review.objects.filter(organization=aurora, occurred_at__gte=quarter_ago).count()
    assert (
        recent > 2 * Review.objects.filter(organization=aurora, occurred_at__lt=quarter_ago).count()
    )
    rates = {row["label"].split()[0]: row for row in compliance(aurora.pk, "consultant")}
    assert rates["Piotr"]["master_rate"] > rates["Tomasz"]["master_rate"] + 40
    assert all(row["iron_rate"] > 70 for row in rates.values())
    assert CompetitorPractice.objects.filter(organization=aurora).count() >= 3
    assert BestPractice.objects.filter(organization=aurora).exists()


def _nps(responses) -> int:
    from surveys.responses.selectors import response_figures

    return response_figures(responses)["all"].nps


def test_demo_surveys_give_every_consultant_enough_answers_that_differ(db):
    from datetime import timedelta

    from django.db.models import Count
    from django.utils import timezone

    from reviews.models import Review
    from surveys.models import Response, Survey, SurveyLink

    recent = Response.objects.filter(submitted_at__gte=timezone.now() - timedelta(days=90))
    per_consultant = dict(
        recent.values_list("consultant__user__username").annotate(n=Count("pk")).order_by()
    )
    staff = Membership.objects.filter(role="staff").values_list("user__username", flat=True)
    assert set(per_consultant) == set(staff)
    assert all(n >= 30 for n in per_consultant.values()), per_consultant
    aurora = Organization.objects.get(slug="aurora")
    assert aurora.show_first_name_on_surveys
    # Fourteen months of answers: every preset has a previous period, a year a full one.
    assert 7000 <= Response.objects.filter(organization=aurora).count() <= 11000
    oldest = Response.objects.order_by("submitted_at").first().submitted_at
    assert (timezone.now() - oldest).days >= 400
    assert set(Survey.objects.values_list("metric", flat=True)) == {"nps", "csat", "ces"}
    assert SurveyLink.objects.filter(kind="reusable").count() >= 6
    assert SurveyLink.objects.filter(kind="single", used_at=None).exists()
    assert SurveyLink.objects.filter(kind="single").exclude(used_at=None).exists()
    assert not Response.objects.filter(submitted_at__gt=timezone.now()).exists()

    # Comments in the four languages, from about three customers in ten.
    commented = Response.objects.exclude(comment="")
    assert set(commented.values_list("language", flat=True)) == {"pl", "ru", "ro", "en"}
    assert 0.2 < commented.count() / Response.objects.count() < 0.4
    assert commented.filter(language="pl", comment__contains="zamówieni").exists()

    # The consultant who masters the master behaviours leads; the one who keeps only the
    # iron ones has mostly passives. Moments differ too: the kitchen is the weak one.
    nps = Response.objects.filter(metric="nps")
    piotr, tomek = (nps.filter(consultant__user__username=name) for name in ("piotr", "tomek"))
    assert _nps(piotr) > _nps(tomek) + 40
    assert tomek.filter(score__in=[7, 8]).count() > tomek.count() / 2
    irina, andrei = (nps.filter(consultant__user__username=name) for name in ("irina", "andrei"))
    assert _nps(irina) > _nps(andrei) + 40
    food = nps.filter(moment__name="Food arriving at the table")
    ordering = nps.filter(moment__name="Taking the order")
    assert _nps(ordering) > _nps(food) + 20

    # Reviewed interactions were answered too, so reviews and answers can be joined.
    refs = Review.objects.exclude(interaction_ref="").values("interaction_ref")
    assert Response.objects.filter(interaction_ref__in=refs).count() >= 50

    # The dashboards open full: rollups built, and at the default 90 days the driver
    # analysis has behaviours with enough answers on both sides to compare, for the
    # executive (the whole organization) and the manager (pinned to her location).
    from dashboards import selectors as dashboard_selectors

    today = timezone.localdate()
    for organization in Organization.objects.all():
        magda = Membership.objects.get(organization=organization, user__username="magda")
        quarter = dashboard_selectors.Scope(
            organization.pk, date_from=today - timedelta(89), date_to=today
        )
        year = dashboard_selectors.Scope(
            organization.pk, date_from=today - timedelta(364), date_to=today
        )
        for scope in (quarter, year):
            assert dashboard_selectors.survey_totals(scope, "nps")["n"] > 500
            assert dashboard_selectors.survey_totals(scope.previous(), "nps")["n"] > 30
        for locations in (None, (magda.location_id,)):
            scope = dashboard_selectors.Scope(
                organization.pk, date_from=quarter.date_from, date_to=today, location_ids=locations
            )
            drivers = dashboard_selectors.drivers(scope, organization.min_sample)
            enough = [row for row in drivers if row["enough_data"]]
            assert len(enough) >= 2, (organization.slug, locations)
            assert all(row["kind_of"] == "master" for row in enough)


def test_seeding_again_doubles_nothing_and_completes_an_older_demo(db):
    from surveys.models import Response, Survey

    answers = Response.objects.count()
    call_command("seed_demo")
    assert Response.objects.count() == answers  # nothing doubled

    # A demo seeded before surveys existed: the next seed adds them, once.
    Response.objects.all().delete()
    Survey.objects.all().delete()
    call_command("seed_demo")
    assert Survey.objects.count() == 5
    assert abs(Response.objects.count() - answers) < 20
    call_command("seed_demo")
    assert Survey.objects.count() == 5
