from django.core.management import call_command

from accounts.models import Membership, Organization
from standards.models import Behaviour, StandardsVersion
from touchpoints.models import Moment


def test_seed_demo_is_idempotent_and_tells_a_story(db, capsys):
    call_command("seed_demo")
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
    from reviews.models import BestPractice, CompetitorPractice, Review
    from reviews.selectors import compliance

    call_command("seed_demo")
    aurora = Organization.objects.get(slug="aurora")
    oldest = Review.objects.filter(organization=aurora).order_by("occurred_at").first()
    assert Review.objects.filter(organization=aurora, status="submitted").count() >= 90
    assert (Review.objects.latest("occurred_at").occurred_at - oldest.occurred_at).days >= 80
    rates = {row["label"].split()[0]: row for row in compliance(aurora.pk, "consultant")}
    assert rates["Piotr"]["master_rate"] > rates["Tomasz"]["master_rate"] + 40
    assert all(row["iron_rate"] > 70 for row in rates.values())
    assert CompetitorPractice.objects.filter(organization=aurora).count() >= 3
    assert BestPractice.objects.filter(organization=aurora).exists()
