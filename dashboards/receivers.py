"""Keep the rollups current (surveys and reviews announce, after commit, which days
changed) and the cached figures fresh."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import Location, Membership
from reviews.signals import reviews_counted
from surveys.signals import responses_recorded
from touchpoints.models import Journey

from . import figure_cache
from .tasks import refresh_answered_reviews, schedule_days, schedule_drivers


@receiver(responses_recorded, dispatch_uid="dashboards.responses_recorded")
def on_responses_recorded(
    sender, organization_id: int, utc_dates, local_dates=None, interaction_refs=None, **kwargs
) -> None:
    schedule_days("surveys", organization_id, utc_dates, local_days=local_dates)
    if interaction_refs is None:  # not told which interactions: every review may join
        schedule_drivers(organization_id)
    elif interaction_refs:
        refresh_answered_reviews.delay(organization_id, list(interaction_refs))


@receiver(reviews_counted, dispatch_uid="dashboards.reviews_counted")
def on_reviews_counted(sender, organization_id: int, utc_dates, **kwargs) -> None:
    schedule_days("compliance", organization_id, utc_dates)


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
