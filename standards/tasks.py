from celery import shared_task

from . import services
from .models import StandardsVersion


@shared_task(
    name="standards.notify_staff_of_version",
    acks_late=True,
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def notify_staff_of_version(version_id: int) -> int:
    """E-mail staff about a newly published version (idempotent: claims the version)."""
    version = StandardsVersion.objects.filter(pk=version_id).first()
    if version is None:
        return 0
    return services.notify_staff_of_version(version=version)
