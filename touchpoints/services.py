"""Writes for journeys, touchpoints, moments and priceless notes."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import Max, ProtectedError
from django.db.models.deletion import Collector
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Organization

from .choices import Channel
from .models import Journey, Moment, PricelessNote, Touchpoint
from .translation import outdate_translations


@dataclass(frozen=True)
class DeletionImpact:
    counts: dict[str, int]  # verbose plural name -> number of rows deleted with it
    blocked_by: int  # protected rows that refer to it; > 0 means it cannot be deleted


def _next_order(queryset) -> int:
    current = queryset.aggregate(m=Max("order"))["m"]
    return 0 if current is None else current + 1


def _save(obj: models.Model) -> models.Model:
    obj.full_clean()
    obj.save()
    return obj


def _clean_name(name: str) -> str:
    return " ".join((name or "").split())


@transaction.atomic
def create_journey(*, organization: Organization, name: str, description: str = "") -> Journey:
    """Add a journey at the end of the organization's list."""
    journey = Journey(
        organization=organization,
        name=_clean_name(name),
        description=description,
        order=_next_order(Journey.objects.filter(organization=organization)),
    )
    return _save(journey)


@transaction.atomic
def update_journey(
    *, journey: Journey, name: str, description: str = "", locations=None
) -> Journey:
    """Rename or describe a journey and, with `locations` (none: every location), say
    where it applies: its published standards are asked of the staff there."""
    journey.name, journey.description = _clean_name(name), description
    _save(journey)
    if locations is not None:
        if any(location.organization_id != journey.organization_id for location in locations):
            raise ValidationError(_("That location belongs to another organization."))
        journey.locations.set(locations)
    return journey


@transaction.atomic
def create_touchpoint(
    *, journey: Journey, name: str, channel: str = Channel.IN_PERSON, stage: str = ""
) -> Touchpoint:
    """Add a touchpoint as the journey's last column."""
    touchpoint = Touchpoint(
        journey=journey,
        name=_clean_name(name),
        channel=channel,
        stage=stage,
        order=_next_order(journey.touchpoints.all()),
    )
    return _save(touchpoint)


def update_touchpoint(
    *, touchpoint: Touchpoint, name: str, channel: str, stage: str = ""
) -> Touchpoint:
    touchpoint.name, touchpoint.channel, touchpoint.stage = _clean_name(name), channel, stage
    return _save(touchpoint)


@transaction.atomic
def create_moment(
    *,
    touchpoint: Touchpoint,
    name: str,
    customer_expectation: str = "",
    customer_feeling: str = "",
    is_critical: bool = False,
) -> Moment:
    """Add a moment (situation) at the end of a touchpoint."""
    moment = Moment(
        touchpoint=touchpoint,
        name=_clean_name(name),
        customer_expectation=customer_expectation,
        customer_feeling=customer_feeling,
        is_critical=is_critical,
        order=_next_order(touchpoint.moments.all()),
    )
    return _save(moment)


def update_moment(
    *,
    moment: Moment,
    name: str,
    customer_expectation: str = "",
    customer_feeling: str = "",
    is_critical: bool | None = None,
) -> Moment:
    name = _clean_name(name)
    # A changed original makes its translations outdated (touchpoints.translation).
    outdate_translations(
        moment,
        [
            field
            for field, value in (
                ("name", name),
                ("customer_expectation", customer_expectation),
                ("customer_feeling", customer_feeling),
            )
            if getattr(moment, field) != value
        ],
    )
    moment.name = name
    moment.customer_expectation, moment.customer_feeling = customer_expectation, customer_feeling
    if is_critical is not None:
        moment.is_critical = is_critical
    return _save(moment)


def toggle_critical(*, moment: Moment) -> Moment:
    """Mark or unmark a moment of truth."""
    moment.is_critical = not moment.is_critical
    moment.save(update_fields=["is_critical"])
    return moment


def siblings(obj: models.Model) -> models.QuerySet:
    """The ordered list an object is reordered within."""
    if isinstance(obj, Journey):
        return Journey.objects.filter(organization_id=obj.organization_id)
    if isinstance(obj, Touchpoint):
        return Touchpoint.objects.filter(journey_id=obj.journey_id)
    if isinstance(obj, Moment):
        return Moment.objects.filter(touchpoint_id=obj.touchpoint_id)
    # Behaviours (standards app) keep their own siblings: same moment and kind.
    return obj.siblings()


@transaction.atomic
def move(*, obj: models.Model, direction: str) -> models.Model:
    """Move an object one place up/left ("up") or down/right ("down") among its siblings."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Unknown direction."))
    ordered = list(siblings(obj).select_for_update().order_by("order", "id"))
    index = next(i for i, item in enumerate(ordered) if item.pk == obj.pk)
    target = index - 1 if direction == "up" else index + 1
    if target < 0:
        raise ValidationError(_("“%s” is already first.") % obj)
    if target >= len(ordered):
        raise ValidationError(_("“%s” is already last.") % obj)
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered):
        item.order = position
    type(obj).objects.bulk_update(ordered, ["order"])
    obj.order = target
    return obj


def deletion_impact(obj: models.Model) -> DeletionImpact:
    """What else goes with this object, and what stops its deletion, for the confirm page."""
    collector = Collector(using=router.db_for_write(type(obj)))
    try:
        collector.collect([obj])
    except ProtectedError as exc:
        return DeletionImpact(counts={}, blocked_by=len(exc.protected_objects))
    counts = {
        model._meta.verbose_name_plural: len(instances)
        for model, instances in collector.data.items()
        if model is not type(obj) and instances
    }
    return DeletionImpact(counts=counts, blocked_by=0)


@transaction.atomic
def delete_node(*, obj: models.Model) -> None:
    """Delete a journey, touchpoint or moment and what hangs below it.

    Published versions keep their frozen copy. Records that must not lose their
    reference (protected foreign keys, e.g. reviews) stop the deletion with a message.
    """
    try:
        obj.delete()
    except ProtectedError as exc:
        count = len(exc.protected_objects)
        raise ValidationError(
            ngettext(
                "“%(name)s” cannot be deleted: %(count)d record refers to it.",
                "“%(name)s” cannot be deleted: %(count)d records refer to it.",
                count,
            )
            % {"name": obj, "count": count}
        ) from exc


def add_priceless_note(*, journey: Journey, text: str, by=None) -> PricelessNote:
    """Record what customers find priceless on this journey."""
    return _save(PricelessNote(journey=journey, text=" ".join(text.split()), created_by=by))


def delete_priceless_note(*, note: PricelessNote) -> None:
    note.delete()
