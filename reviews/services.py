"""Writes for reviews: self-reviews, observations, mystery shops and call reviews."""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.choices import Role
from accounts.models import Location, Membership, Organization
from standards.models import Behaviour
from standards.selectors import current_version_for_journey
from touchpoints.models import Moment

from . import signals
from .choices import ItemResult, ReviewKind, ReviewStatus
from .models import Review, ReviewItem


def _require_draft(review: Review) -> None:
    # The status is read again under a row lock, not only from the caller's copy: a submit
    # that committed after the copy was loaded wins over a late autosave, score or delete.
    # Callers run in a transaction.
    current = (
        Review.objects.select_for_update()
        .filter(pk=review.pk)
        .values_list("status", flat=True)
        .first()
    )
    if review.status != ReviewStatus.DRAFT or current != ReviewStatus.DRAFT:
        raise ValidationError(
            _("This review was submitted and can no longer be changed. Correct it instead.")
        )


def _check_participants(*, organization, reviewer, kind, consultant, location) -> None:
    errors = {}
    if reviewer.organization_id != organization.pk:
        errors["reviewer"] = _("The reviewer is not a member of this organization.")
    if consultant.organization_id != organization.pk or consultant.role != Role.STAFF:
        errors["consultant"] = _("Choose a consultant of this organization.")
    if location.organization_id != organization.pk:
        errors["location"] = _("Choose a location of this organization.")
    if kind == ReviewKind.SELF:
        if reviewer.pk != consultant.pk:
            errors["kind"] = _("A self-review is done by the consultant themselves.")
    elif kind not in ReviewKind.values:
        errors["kind"] = _("Unknown kind of review.")
    elif not reviewer.can_review:
        errors["kind"] = _("You may not record reviews of other people.")
    elif reviewer.pk == consultant.pk:
        errors["consultant"] = _("Reviewing yourself is a self-review.")
    if errors:
        raise ValidationError(errors)


def _check_moments(organization: Organization, moments: Iterable[Moment]) -> list[Moment]:
    moments = list(moments)
    if not moments:
        raise ValidationError({"moments": _("Choose at least one moment.")})
    if any(m.touchpoint.journey.organization_id != organization.pk for m in moments):
        raise ValidationError({"moments": _("Choose moments of this organization.")})
    return moments


def _check_occurred_at(occurred_at: datetime) -> None:
    if occurred_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"occurred_at": _("The interaction cannot be in the future.")})


@transaction.atomic
def start_review(
    *,
    organization: Organization,
    reviewer: Membership,
    kind: str,
    consultant: Membership,
    location: Location,
    moments: Iterable[Moment],
    occurred_at: datetime,
    interaction_ref: str = "",
    client_token: str = "",
) -> Review:
    """Open a draft review. The same client token returns the same draft (safe retries)."""
    if client_token:
        existing = Review.objects.filter(organization=organization, client_token=client_token)
        if existing.exists():
            return existing.get()
    _check_participants(
        organization=organization,
        reviewer=reviewer,
        kind=kind,
        consultant=consultant,
        location=location,
    )
    moments = _check_moments(organization, moments)
    _check_occurred_at(occurred_at)
    try:
        with transaction.atomic():
            review = Review.objects.create(
                organization=organization,
                kind=kind,
                reviewer=reviewer,
                consultant=consultant,
                location=location,
                occurred_at=occurred_at,
                interaction_ref=interaction_ref.strip(),
                client_token=client_token,
            )
    except IntegrityError:  # the same token raced in from a concurrent retry
        return Review.objects.get(organization=organization, client_token=client_token)
    review.moments.set(moments)
    return review


@transaction.atomic
def update_review(
    *,
    review: Review,
    coaching_note: str | None = None,
    interaction_ref: str | None = None,
    occurred_at: datetime | None = None,
) -> Review:
    """Change a draft's note, reference or time."""
    _require_draft(review)
    if coaching_note is not None:
        review.coaching_note = coaching_note.strip()
    if interaction_ref is not None:
        review.interaction_ref = interaction_ref.strip()
    if occurred_at is not None:
        _check_occurred_at(occurred_at)
        review.occurred_at = occurred_at
    review.full_clean(exclude=["moments"])
    # Only these fields: a stale copy must never write back an old status.
    review.save(update_fields=["coaching_note", "interaction_ref", "occurred_at"])
    return review


@transaction.atomic
def score_item(*, review: Review, behaviour: Behaviour, result: str, note: str = "") -> ReviewItem:
    """Record met / not met / not applicable for one behaviour of a draft (upsert)."""
    _require_draft(review)
    if result not in ItemResult.values:
        raise ValidationError({"result": _("Choose met, not met or not applicable.")})
    if behaviour.retired_at is not None:
        raise ValidationError(
            {
                "behaviour": _("“%s” was removed from the standards and cannot be scored.")
                % behaviour.text
            }
        )
    if not review.moments.filter(pk=behaviour.moment_id).exists():
        raise ValidationError(
            {"behaviour": _("“%s” does not belong to a moment of this review.") % behaviour.text}
        )
    if len(note) > 1000:
        raise ValidationError({"note": _("A note can be at most 1,000 characters.")})
    item, _created = ReviewItem.objects.update_or_create(
        review=review,
        behaviour=behaviour,
        defaults={"result": result, "note": note.strip(), "kind": behaviour.kind},
    )
    return item


@transaction.atomic
def score_sheet(*, review: Review, results: dict[Behaviour, str]) -> int:
    """Record a whole sheet at once (behaviour → met / not met / not applicable), with the
    rules of score_item, in a handful of queries: the demo's 6,000 items took a minute one
    by one. Notes already written are kept. Returns how many items were written."""
    _require_draft(review)
    if any(result not in ItemResult.values for result in results.values()):
        raise ValidationError({"result": _("Choose met, not met or not applicable.")})
    moment_ids = set(review.moments.values_list("pk", flat=True))
    for behaviour in results:
        if behaviour.retired_at is not None:
            raise ValidationError(
                {
                    "behaviour": _("“%s” was removed from the standards and cannot be scored.")
                    % behaviour.text
                }
            )
        if behaviour.moment_id not in moment_ids:
            raise ValidationError(
                {
                    "behaviour": _("“%s” does not belong to a moment of this review.")
                    % behaviour.text
                }
            )
    items = [
        ReviewItem(review=review, behaviour=behaviour, result=result, kind=behaviour.kind)
        for behaviour, result in results.items()
    ]
    ReviewItem.objects.bulk_create(
        items,
        update_conflicts=True,
        unique_fields=["review", "behaviour"],
        update_fields=["result", "kind"],
    )
    return len(items)


def expected_behaviours(review: Review):
    """The active behaviours a review has to score: those of its moments."""
    return Behaviour.objects.active().filter(moment__in=review.moments.all())


def open_behaviour_count(review: Review) -> int:
    """How many behaviours of a draft are still to score (one query)."""
    return expected_behaviours(review).exclude(review_items__review=review).count()


@transaction.atomic
def submit_review(*, review: Review, coaching_note: str | None = None) -> Review:
    """Submit a draft once. A double click or retried request returns the submitted review."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.status == ReviewStatus.SUBMITTED:
        return review
    if coaching_note is not None:
        review.coaching_note = coaching_note.strip()
    missing = open_behaviour_count(review)
    if missing:
        raise ValidationError(
            ngettext(
                "Score every behaviour before submitting: %(count)d is still open.",
                "Score every behaviour before submitting: %(count)d are still open.",
                missing,
            )
            % {"count": missing}
        )
    now = timezone.now()
    review.status = ReviewStatus.SUBMITTED
    review.submitted_at = now
    # The version its consultant worked from: the newest of the reviewed moments' journeys
    # (publishing one journey does not change another's standards).
    review.standards_version = current_version_for_journey(
        review.organization_id,
        Moment.objects.filter(reviews=review).values("touchpoint__journey_id"),
    )
    review.save()
    changed = [review.occurred_at]
    if review.supersedes_id:
        Review.objects.filter(pk=review.supersedes_id, superseded_at=None).update(superseded_at=now)
        changed.append(review.supersedes.occurred_at)
    days = sorted({when.astimezone(UTC).date() for when in changed})
    signals.reviews_counted.send(
        sender=Review, organization_id=review.organization_id, utc_dates=days
    )
    return review


@transaction.atomic
def correct_review(*, review: Review, by: Membership) -> Review:
    """Start a correction: a draft copy that replaces the submitted review once submitted."""
    if review.status != ReviewStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted review can be corrected; edit the draft."))
    if review.superseded_at is not None:
        raise ValidationError(_("This review was already corrected by a newer one."))
    # Checked before looking for an existing correction, which must not be handed out
    # to someone who may not correct.
    if not (by.pk == review.reviewer_id or by.role in (Role.MANAGER, Role.ADMIN)):
        raise ValidationError(_("Only the reviewer or a manager can correct a review."))
    existing = Review.objects.filter(supersedes=review).first()
    if existing is not None:
        return existing
    correction = Review.objects.create(
        organization_id=review.organization_id,
        kind=review.kind,
        reviewer=by,
        consultant_id=review.consultant_id,
        location_id=review.location_id,
        occurred_at=review.occurred_at,
        interaction_ref=review.interaction_ref,
        coaching_note=review.coaching_note,
        supersedes=review,
    )
    correction.moments.set(review.moments.all())
    ReviewItem.objects.bulk_create(
        ReviewItem(
            review=correction,
            behaviour_id=item.behaviour_id,
            kind=item.kind,
            result=item.result,
            note=item.note,
        )
        for item in review.items.filter(behaviour__retired_at__isnull=True)
    )
    return correction


@transaction.atomic
def delete_draft(*, review: Review) -> None:
    """Throw away a draft; submitted reviews are never deleted."""
    _require_draft(review)
    review.delete()


def acknowledge_review(*, review: Review, membership: Membership) -> Review:
    """The consultant confirms having read a review of them (idempotent)."""
    if review.consultant_id != membership.pk:
        raise ValidationError(_("Only the reviewed consultant can acknowledge a review."))
    if review.status != ReviewStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted review can be acknowledged."))
    Review.objects.filter(pk=review.pk, acknowledged_at=None).update(acknowledged_at=timezone.now())
    review.refresh_from_db(fields=["acknowledged_at"])
    return review


def start_self_review(
    *,
    membership: Membership,
    moment: Moment,
    location: Location | None = None,
    client_token: str = "",
) -> Review:
    """A consultant opens a self-review of one moment of truth, just after the interaction.

    The location defaults to the consultant's own; the same client token returns the same
    draft (a double tap on a phone).
    """
    if moment.touchpoint.journey.organization_id != membership.organization_id:
        raise ValidationError({"moment": _("Choose a moment of this organization.")})
    if not moment.is_critical:
        raise ValidationError(
            {"moment": _("Self-reviews are for moments of truth; this moment is not one.")}
        )
    location = location or membership.location
    if location is None:
        raise ValidationError({"location": _("Choose the location where it happened.")})
    return start_review(
        organization=membership.organization,
        reviewer=membership,
        kind=ReviewKind.SELF,
        consultant=membership,
        location=location,
        moments=[moment],
        occurred_at=timezone.now(),
        client_token=client_token,
    )
