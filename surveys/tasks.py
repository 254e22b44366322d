from celery import shared_task

from . import import_services, invitation_services


@shared_task(
    name="surveys.run_import",
    acks_late=True,
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def run_import(batch_id: int) -> int:
    """Import a checked CSV file (idempotent: a finished batch is not imported again)."""
    return import_services.run_import(batch_id=batch_id)


@shared_task(
    name="surveys.send_invitations",
    acks_late=True,
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def send_invitations(batch_id: int) -> int:
    """E-mail a batch of invitations (idempotent: each invitation is claimed before sending)."""
    return invitation_services.send_invitation_batch(batch_id=batch_id)
