from celery import shared_task

from .api import idempotency


@shared_task(name="accounts.forget_expired_keys", acks_late=True, ignore_result=True)
def forget_expired_keys() -> int:
    """Nightly: delete the API's Idempotency-Key records past their expiry (idempotent)."""
    return idempotency.forget_expired()
