"""Keep the rollups current: surveys and reviews announce, after commit, which days
changed."""

from django.dispatch import receiver

from reviews.signals import reviews_counted
from surveys.signals import responses_recorded

from .tasks import schedule_days, schedule_drivers


@receiver(responses_recorded, dispatch_uid="dashboards.responses_recorded")
def on_responses_recorded(sender, organization_id: int, utc_dates, **kwargs) -> None:
    schedule_days("surveys", organization_id, utc_dates)
    schedule_drivers(organization_id)


@receiver(reviews_counted, dispatch_uid="dashboards.reviews_counted")
def on_reviews_counted(sender, organization_id: int, utc_dates, **kwargs) -> None:
    schedule_days("compliance", organization_id, utc_dates)
