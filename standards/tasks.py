from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services
from .models import StandardsVersion

# Worth another try later: the database was away for a moment. (Mail failures are not
# raised: each notice records its own and is tried again by the sweep.)
TRANSIENT = (ConnectionError, TimeoutError, OperationalError, InterfaceError)
# A task sends for at most this long; the sweep sends the rest a minute later.
BUDGET_SECONDS = 300


@shared_task(
    name="standards.notify_staff_of_version",
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    max_retries=5,
)
def notify_staff_of_version(version_id: int) -> int:
    """E-mail staff about a newly published version (idempotent: each notice is claimed
    before sending and marked sent once the mail server accepted it)."""
    version = StandardsVersion.objects.filter(pk=version_id).first()
    if version is None:
        return 0
    return services.notify_staff_of_version(version=version, budget_seconds=BUDGET_SECONDS)


@shared_task(name="standards.send_due_notices", ignore_result=True)
def send_due_notices() -> int:
    """Celery beat, every minute: staff notices whose message was lost, whose worker
    died, or whose next try is due."""
    return services.send_due_notices(budget_seconds=BUDGET_SECONDS)
