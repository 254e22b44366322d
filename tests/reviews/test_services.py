from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import services as account_services
from accounts.choices import Role
from reviews import services
from reviews.models import Review, ReviewItem
from standards import services as standards_services
from standards.practices import services as practice_services


def _start(reviewer, consultant, moments, **extra):
    values = {"kind": "observation", "occurred_at": timezone.now() - timedelta(hours=2)}
    values.update(extra)
    return services.start_review(
        organization=consultant.organization,
        reviewer=reviewer,
        consultant=consultant,
        location=consultant.location,
        moments=moments,
        **values,
    )


def test_a_review_of_another_organizations_consultant_is_refused(
    manager, outsider, critical_moment, other_organization
):
    rival_staff = account_services.add_member(
        organization=other_organization, username="olga", role=Role.STAFF, employee_code="R1"
    )
    with pytest.raises(ValidationError) as error:
        services.start_review(
            organization=manager.organization,
            reviewer=manager,
            kind="observation",
            consultant=rival_staff,
            location=manager.location,
            moments=[critical_moment],
            occurred_at=timezone.now(),
        )
    assert "consultant" in error.value.message_dict
    assert not Review.objects.exists()


def test_a_future_interaction_is_refused(manager, consultant, critical_moment):
    with pytest.raises(ValidationError) as error:
        _start(
            manager, consultant, [critical_moment], occurred_at=timezone.now() + timedelta(days=1)
        )
    assert "occurred_at" in error.value.message_dict
    assert not Review.objects.exists()


def test_staff_without_the_right_cannot_review_others(
    consultant, second_consultant, critical_moment
):
    with pytest.raises(ValidationError):
        _start(consultant, second_consultant, [critical_moment])
    consultant.can_mystery_shop = True
    consultant.save()
    review = _start(consultant, second_consultant, [critical_moment], kind="mystery_shop")
    assert review.reviewer == consultant


def test_a_self_review_is_of_oneself(consultant, second_consultant, critical_moment):
    with pytest.raises(ValidationError):
        _start(consultant, second_consultant, [critical_moment], kind="self")
    assert _start(consultant, consultant, [critical_moment], kind="self").kind == "self"


def test_only_behaviours_of_the_reviews_moments_can_be_scored(
    manager, consultant, critical_moment, journey, iron_behaviour
):
    other_moment = journey.touchpoints.get().moments.get(is_critical=False)
    elsewhere = standards_services.create_behaviour(
        moment=other_moment, kind="iron", text="Explain the menu"
    )
    review = _start(manager, consultant, [critical_moment])
    with pytest.raises(ValidationError):
        services.score_item(review=review, behaviour=elsewhere, result="met")
    assert not ReviewItem.objects.exists()


def test_a_retired_behaviour_cannot_be_scored(manager, consultant, critical_moment, iron_behaviour):
    review = _start(manager, consultant, [critical_moment])
    standards_services.retire_behaviour(behaviour=iron_behaviour)
    with pytest.raises(ValidationError):
        services.score_item(review=review, behaviour=iron_behaviour, result="met")


def test_submission_needs_every_behaviour_scored_and_happens_once(
    manager, consultant, critical_moment, iron_behaviour, master_behaviour, published_version
):
    review = _start(manager, consultant, [critical_moment])
    services.score_item(review=review, behaviour=iron_behaviour, result="met")
    with pytest.raises(ValidationError):
        services.submit_review(review=review)
    services.score_item(review=review, behaviour=master_behaviour, result="na")
    first = services.submit_review(review=review, coaching_note="Well done")
    again = services.submit_review(review=review, coaching_note="changed?")
    assert first.pk == again.pk and again.coaching_note == "Well done"
    assert first.standards_version == published_version
    with pytest.raises(ValidationError):
        services.score_item(review=first, behaviour=iron_behaviour, result="not_met")
    assert ReviewItem.objects.get(behaviour=iron_behaviour).result == "met"


def test_the_same_client_token_gives_the_same_draft(manager, consultant, critical_moment):
    first = _start(manager, consultant, [critical_moment], client_token="tok-1")
    second = _start(manager, consultant, [critical_moment], client_token="tok-1")
    assert first.pk == second.pk and Review.objects.count() == 1


def test_a_correction_supersedes_the_original_and_both_are_kept(
    manager, consultant, critical_moment, iron_behaviour, submit
):
    original = submit(reviewer=manager, consultant=consultant, results={iron_behaviour: "met"})
    correction = services.correct_review(review=original, by=manager)
    assert services.correct_review(review=original, by=manager).pk == correction.pk
    services.score_item(review=correction, behaviour=iron_behaviour, result="not_met")
    services.submit_review(review=correction)
    original.refresh_from_db()
    assert original.superseded_at is not None and not original.counts
    assert Review.objects.count() == 2
    with pytest.raises(ValidationError):
        services.correct_review(review=original, by=manager)


def test_only_the_consultant_acknowledges_and_only_once(
    manager, consultant, second_consultant, iron_behaviour, submit
):
    review = submit(reviewer=manager, consultant=consultant, results={iron_behaviour: "met"})
    with pytest.raises(ValidationError):
        services.acknowledge_review(review=review, membership=second_consultant)
    first = services.acknowledge_review(review=review, membership=consultant).acknowledged_at
    again = services.acknowledge_review(review=review, membership=consultant).acknowledged_at
    assert first is not None and first == again


def test_promoting_a_best_practice_drafts_one_master_behaviour(
    organization, manager, consultant, critical_moment, published_version
):
    from standards.services import pending_changes

    practice = practice_services.record_best_practice(
        organization=organization,
        consultant=consultant,
        moment=critical_moment,
        description="Opens with the guest's favourite dish from last time",
        by=manager.user,
    )
    behaviour = practice_services.promote_best_practice(practice=practice)
    assert practice_services.promote_best_practice(practice=practice).pk == behaviour.pk
    assert behaviour.kind == "master" and behaviour.moment == critical_moment
    added = pending_changes(organization)["added"]
    assert [entry["label"] for entry in added] == [behaviour.text]


def test_a_whole_sheet_is_scored_at_once_with_the_rules_of_one_item(
    draft, iron_behaviour, master_behaviour, second_master, other_moment_behaviour
):
    services.score_item(review=draft, behaviour=iron_behaviour, result="not_met", note="Late")
    written = services.score_sheet(
        review=draft, results={iron_behaviour: "met", master_behaviour: "na"}
    )
    assert written == 2
    assert dict(ReviewItem.objects.filter(review=draft).values_list("behaviour", "result")) == {
        iron_behaviour.pk: "met",
        master_behaviour.pk: "na",
    }
    assert ReviewItem.objects.get(behaviour=iron_behaviour).note == "Late"

    for bad in ({second_master: "met", other_moment_behaviour: "met"}, {second_master: "maybe"}):
        with pytest.raises(ValidationError):
            services.score_sheet(review=draft, results=bad)
    assert not ReviewItem.objects.filter(behaviour=second_master).exists()
