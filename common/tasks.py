from celery import shared_task
from django.utils import timezone

from .models import Heartbeat

WORKER = "worker"


@shared_task(name="common.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Beat sends this every half minute; a worker that runs it is alive and consuming
    (and so is beat). /healthz reads the time."""
    Heartbeat.objects.update_or_create(name=WORKER, defaults={"beat_at": timezone.now()})
