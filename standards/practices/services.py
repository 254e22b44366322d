"""Writes for competitor and best practices; a best practice can become a master behaviour."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Organization
from touchpoints.models import Moment

from ..models import Behaviour, BestPractice, CompetitorPractice
from ..services import create_behaviour


def record_competitor_practice(
    *,
    organization: Organization,
    moment: Moment,
    competitor: str,
    observed_on: date,
    description: str,
    rating: int,
    industry: str = "",
    where: str = "",
    photo=None,
    by=None,
) -> CompetitorPractice:
    """Note what a competitor or a leader of another industry does at one of our moments."""
    if moment.touchpoint.journey.organization_id != organization.pk:
        raise ValidationError({"moment": _("Choose a moment of this organization.")})
    if observed_on > timezone.localdate():
        raise ValidationError({"observed_on": _("The date cannot be in the future.")})
    practice = CompetitorPractice(
        organization=organization,
        moment=moment,
        competitor=" ".join(competitor.split()),
        industry=industry.strip(),
        where=where.strip(),
        observed_on=observed_on,
        description=description.strip(),
        rating=rating,
        created_by=by,
    )
    if photo:
        practice.photo = photo
    practice.full_clean()
    practice.save()
    return practice


@transaction.atomic
def record_best_practice(
    *,
    organization: Organization,
    consultant: Membership,
    moment: Moment,
    description: str,
    behaviours: Iterable[Behaviour] = (),
    by=None,
) -> BestPractice:
    """Note what a top consultant does differently at a moment."""
    if consultant.organization_id != organization.pk:
        raise ValidationError({"consultant": _("Choose a consultant of this organization.")})
    if moment.touchpoint.journey.organization_id != organization.pk:
        raise ValidationError({"moment": _("Choose a moment of this organization.")})
    behaviours = list(behaviours)
    if any(b.moment_id != moment.pk for b in behaviours):
        raise ValidationError({"behaviours": _("Link behaviours of the same moment.")})
    practice = BestPractice(
        organization=organization,
        consultant=consultant,
        moment=moment,
        description=description.strip(),
        created_by=by,
    )
    practice.full_clean()
    practice.save()
    practice.behaviours.set(behaviours)
    return practice


@transaction.atomic
def promote_best_practice(*, practice: BestPractice) -> Behaviour:
    """Turn a best practice into a master behaviour of the moment (a draft until the next
    publication). Promoting twice returns the same behaviour."""
    practice = BestPractice.objects.select_for_update().get(pk=practice.pk)
    if practice.promoted_behaviour_id:
        return practice.promoted_behaviour
    text = practice.description.split("\n")[0][:300]
    behaviour = create_behaviour(
        moment=practice.moment,
        kind="master",
        text=text,
        example=practice.description if len(practice.description) > len(text) else "",
    )
    practice.promoted_behaviour = behaviour
    practice.save(update_fields=["promoted_behaviour"])
    return behaviour


@transaction.atomic
def delete_competitor_practice(*, practice: CompetitorPractice) -> None:
    """Delete a competitor practice; its photo file goes once the deletion is committed."""
    photo_name, storage = practice.photo.name, practice.photo.storage
    practice.delete()
    if photo_name:
        transaction.on_commit(lambda: storage.delete(photo_name))
