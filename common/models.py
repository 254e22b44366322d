from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .mail import DeliveryStatus


class Heartbeat(models.Model):
    """The last time a background process showed it was alive (the Celery worker runs
    `common.heartbeat` every half minute from beat), read by /healthz."""

    name = models.CharField(max_length=40, primary_key=True)
    beat_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"


class Delivery(models.Model):
    """One e-mail to one recipient, sent at least once (common/mail.py): claimed for a
    lease before sending, marked sent only once the mail server accepted it, and tried
    again with backoff after a transient failure. Models that send e-mail inherit it."""

    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # Set by the claim: until then nobody else sends it; after it, a sweep may.
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def can_retry(self) -> bool:
        """Failed, or waiting for another try: "retry now" would send it at once."""
        if self.status == DeliveryStatus.FAILED:
            return True
        return self.status == DeliveryStatus.PENDING and self.attempts > 0
