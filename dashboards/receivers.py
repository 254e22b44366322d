"""Keep the rollups current (surveys and reviews announce, inside the transaction that
changes them, which days changed: the slices owed are recorded in that transaction) and
the cached figures fresh."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import Location, Membership
from reviews.signals import reviews_counted
from surveys.signals import responses_recorded
from touchpoints.models import Journey

from . import figure_cache, pending, rollups


@receiver(responses_recorded, dispatch_uid="dashboards.responses_recorded")
def on_responses_recorded(
    sender, organization_id: int, utc_dates, local_dates=None, interaction_refs=None, **kwargs
) -> None:
    days = local_dates if local_dates is not None else rollups.local_days_around(utc_dates)
    pending.owe(organization_id=organization_id, rollup=pending.SURVEYS, days=days)
    if interaction_refs is None:  # not told which interactions: every review may join
        pending.owe(organization_id=organization_id, rollup=pending.DRIVERS, days=None)
    elif interaction_refs:
        pending.owe(
            organization_id=organization_id,
            rollup=pending.DRIVERS,
            interaction_refs=interaction_refs,
        )


@receiver(reviews_counted, dispatch_uid="dashboards.reviews_counted")
def on_reviews_counted(sender, organization_id: int, utc_dates, **kwargs) -> None:
    # Reviews also change which answered interactions each behaviour was met in.
    days = rollups.local_days_around(utc_dates)
    for rollup in (pending.COMPLIANCE, pending.DRIVERS):
        pending.owe(organization_id=organization_id, rollup=rollup, days=days)


@receiver(post_save, sender=Location, dispatch_uid="dashboards.location_saved")
@receiver(post_delete, sender=Location, dispatch_uid="dashboards.location_deleted")
@receiver(post_save, sender=Membership, dispatch_uid="dashboards.membership_saved")
@receiver(post_delete, sender=Membership, dispatch_uid="dashboards.membership_deleted")
@receiver(post_save, sender=Journey, dispatch_uid="dashboards.journey_saved")
@receiver(post_delete, sender=Journey, dispatch_uid="dashboards.journey_deleted")
def on_named_row_changed(sender, instance, **kwargs) -> None:
    """Cached panels name locations, consultants and journeys: a rename shows at once.
    (Renamed moments and behaviours show when the entries expire, within 15 minutes.)"""
    figure_cache.invalidate(instance.organization_id)
