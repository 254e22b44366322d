from celery import shared_task

from common.jobs import woken

from .imports import services as imports
from .intake import services as intake
from .invitations import services as invitations


@shared_task(
    name="surveys.run_import",
    acks_late=True,
    autoretry_for=imports.TRANSIENT,
    retry_backoff=True,
    max_retries=5,
)
def run_import(batch_id: int) -> int:
    """Import a checked CSV file, or resume it after its last saved chunk (idempotent: the
    batch is claimed, and each chunk is saved once, with the progress)."""
    return imports.run_import(batch_id=batch_id, budget_seconds=imports.TASK_BUDGET_SECONDS)


@shared_task(
    name="surveys.send_invitations",
    acks_late=True,
    autoretry_for=imports.TRANSIENT,
    retry_backoff=True,
    max_retries=5,
)
def send_invitations(batch_id: int) -> int:
    """E-mail a batch's due invitations (idempotent: each is claimed before sending and
    marked sent once the mail server accepted it)."""
    woken(invitations.wake_key(batch_id))
    return invitations.send_invitation_batch(
        batch_id=batch_id, budget_seconds=invitations.SEND_BUDGET_SECONDS
    )


@shared_task(name="surveys.sweep_jobs", ignore_result=True)
def sweep_jobs() -> None:
    """Celery beat, every minute: imports and invitation batches whose message was lost
    or whose worker died are sent again (see the two sweeps)."""
    imports.sweep_imports()
    invitations.sweep_invitations()


@shared_task(name="surveys.forget_old_device_answers", acks_late=True, ignore_result=True)
def forget_old_device_answers() -> int:
    """Nightly: drop the QR codes' device marks older than the device window (idempotent)."""
    return intake.forget_old_device_answers()
