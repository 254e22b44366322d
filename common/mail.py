"""E-mail sent at least once, never zero: one row per recipient, claimed for a lease,
marked sent only after the mail server accepted it, retried with backoff.

A model that inherits `common.models.Delivery` holds the state of one e-mail to one
recipient. `send_due` sends what is due:

- a delivery is *claimed* by one conditional UPDATE (pending, due, not claimed by anyone
  else) that sets `claimed_until`, checked by its row count: two workers never send one
  delivery at the same time;
- it is marked SENT only once the SMTP server accepted the message. A worker that dies
  between the claim and that moment leaves the delivery pending; when its lease runs out
  the next sweep sends it again. So a recipient may, rarely, get a message twice
  (the server accepted it and the worker died before recording it), never zero times;
- a transient failure (server unreachable, timeout, 4xx answer) is tried again after
  1, 2, 4, 8… minutes (capped at an hour) up to MAIL_MAX_ATTEMPTS times, then FAILED;
  a permanent refusal of the recipient or the message (5xx) fails it at once;
- when the server cannot be reached at all, everyone still waiting is postponed
  together instead of being tried one by one against a dead server.
"""

import contextlib
import logging
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import models
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("cxm.mail")

ERROR_MAX = 300
MAX_BACKOFF = timedelta(hours=1)
# Deliveries read per query while sending: a batch of a thousand is read in ten steps.
PAGE = 100


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be sent")


PENDING, SENT, FAILED = DeliveryStatus.PENDING, DeliveryStatus.SENT, DeliveryStatus.FAILED


def max_attempts() -> int:
    return settings.MAIL_MAX_ATTEMPTS


def lease() -> timedelta:
    """How long a claim holds: longer than one send can take (each step of the SMTP
    conversation may wait EMAIL_TIMEOUT, and there are about seven), short enough that a
    dead worker's claim is taken over within minutes."""
    return timedelta(seconds=max(300, 10 * (settings.EMAIL_TIMEOUT or 30)))


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed try: 1, 2, 4, 8… minutes, at most an hour."""
    seconds = settings.MAIL_RETRY_SECONDS * 2 ** max(0, attempts - 1)
    return min(timedelta(seconds=seconds), MAX_BACKOFF)


def due(deliveries: QuerySet, *, now: datetime | None = None) -> QuerySet:
    """The deliveries that may be claimed now: pending, their next try due, and not
    claimed by anyone (or claimed by a worker whose lease ran out)."""
    now = now or timezone.now()
    return deliveries.filter(status=PENDING, next_attempt_at__lte=now).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )


def claim(deliveries: QuerySet, pk: int, *, now: datetime | None = None) -> bool:
    """Take delivery `pk` for one lease; False when another caller has it, it is not
    due, or `deliveries` (which may exclude more, e.g. a cool-down) leaves it out."""
    now = now or timezone.now()
    return bool(due(deliveries, now=now).filter(pk=pk).update(claimed_until=now + lease()))


def is_claimed(delivery, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return delivery.claimed_until is not None and delivery.claimed_until >= now


def retry_now(deliveries: QuerySet, *, now: datetime | None = None) -> int:
    """Failed deliveries and those waiting for their next try, due again at once, with
    a fresh count of attempts (a manager fixed the address or the server)."""
    now = now or timezone.now()
    waiting = Q(status=PENDING, attempts__gt=0, next_attempt_at__gt=now)
    return deliveries.filter(Q(status=FAILED) | waiting).update(
        status=PENDING, attempts=0, next_attempt_at=now, claimed_until=None
    )


@dataclass(frozen=True)
class SendError:
    """Why a send failed. `permanent`: trying again cannot help (the server refused the
    recipient or the message). `unreachable`: the server could not be reached or would
    not talk to us, so no one else gets through right now either."""

    message: str
    permanent: bool = False
    unreachable: bool = False


def _text(value) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def classify(exc: BaseException) -> SendError:
    """What an exception of the SMTP conversation means for the delivery."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        answers = list(exc.recipients.values())
        message = "; ".join(f"{code} {_text(text)}" for code, text in answers)
        return SendError(message[:ERROR_MAX], permanent=all(code >= 500 for code, _t in answers))
    if isinstance(exc, smtplib.SMTPResponseException):
        message = f"{exc.smtp_code} {_text(exc.smtp_error)}"[:ERROR_MAX]
        if isinstance(exc, smtplib.SMTPDataError):
            # The server read the message and refused it: for good on 5xx.
            return SendError(message, permanent=exc.smtp_code >= 500)
        # Greeting, HELO, login or the sender refused: the server or our settings, not
        # this recipient. Nobody gets through until that changes.
        return SendError(message, unreachable=True)
    if isinstance(exc, smtplib.SMTPServerDisconnected | OSError):
        return SendError((_text(exc) or type(exc).__name__)[:ERROR_MAX], unreachable=True)
    return SendError(f"{type(exc).__name__}: {_text(exc)}"[:ERROR_MAX])


def mark_sent(deliveries: QuerySet, pk: int, *, now: datetime | None = None) -> None:
    """The server accepted the message: record it, whatever else happened meanwhile."""
    deliveries.filter(pk=pk).update(
        status=SENT,
        sent_at=now or timezone.now(),
        attempts=F("attempts") + 1,
        claimed_until=None,
        last_error="",
    )


def mark_failed(
    deliveries: QuerySet, pk: int, error: SendError, *, now: datetime | None = None
) -> str:
    """Record a failed try: FAILED when permanent or out of attempts, otherwise pending
    with the next try after the backoff. Returns the new status."""
    now = now or timezone.now()
    attempts = (deliveries.filter(pk=pk).values_list("attempts", flat=True).first() or 0) + 1
    fields = {"attempts": attempts, "claimed_until": None, "last_error": error.message}
    if error.permanent or attempts >= max_attempts():
        deliveries.filter(pk=pk, status=PENDING).update(status=FAILED, **fields)
        return FAILED
    deliveries.filter(pk=pk, status=PENDING).update(
        next_attempt_at=now + backoff(attempts), **fields
    )
    return PENDING


def postpone_all(
    deliveries: QuerySet, error: SendError, *, attempts: int, now: datetime | None = None
) -> int:
    """The server is unreachable: every delivery still due counts a failed try and waits
    as long as the one that found out (`attempts` is its count)."""
    now = now or timezone.now()
    waiting = due(deliveries, now=now)
    failed = waiting.filter(attempts__gte=max_attempts() - 1).update(
        status=FAILED, attempts=F("attempts") + 1, last_error=error.message
    )
    postponed = waiting.update(
        attempts=F("attempts") + 1,
        next_attempt_at=now + backoff(attempts),
        last_error=error.message,
    )
    return failed + postponed


@dataclass
class Outcome:
    """What one `send_due` run did."""

    sent: int = 0
    failed: int = 0
    retrying: int = 0
    not_claimed: int = 0
    # Stopped before the end: out of time, or the server was unreachable.
    stopped: bool = False


def _close(connection) -> None:
    # A broken connection is replaced; closing it has nothing to tell.
    with contextlib.suppress(Exception):
        connection.close()


def send_due(
    deliveries: QuerySet,
    *,
    message_for: Callable[[object, object], EmailMessage],
    claim_one: Callable[[int, datetime], bool] | None = None,
    after_each: Callable[[], None] | None = None,
    budget_seconds: float | None = None,
) -> Outcome:
    """Send every delivery of `deliveries` that is due, once, in id order.

    `message_for(delivery, connection)` builds its message; `claim_one(pk, now)` claims
    it (default: `claim`), and may refuse for reasons of its own; `after_each()` runs
    after each delivery (a job's heartbeat). Stops after `budget_seconds`, so a task
    stays well within the broker's visibility timeout; what is left stays due.
    """
    claim_one = claim_one or (lambda pk, now: claim(deliveries, pk, now=now))
    started = time.monotonic()
    outcome = Outcome()
    connection = get_connection()
    last_pk = 0
    try:
        while True:
            page = list(
                due(deliveries)
                .filter(pk__gt=last_pk)
                .order_by("pk")
                .values_list("pk", flat=True)[:PAGE]
            )
            if not page:
                return outcome
            for pk in page:
                last_pk = pk
                if budget_seconds is not None and time.monotonic() - started > budget_seconds:
                    outcome.stopped = True
                    return outcome
                now = timezone.now()
                if not claim_one(pk, now):
                    outcome.not_claimed += 1
                    continue
                if not _send_one(deliveries, pk, message_for, connection, outcome):
                    outcome.stopped = True
                    return outcome
                if after_each is not None:
                    after_each()
    finally:
        _close(connection)


def _send_one(deliveries, pk, message_for, connection, outcome: Outcome) -> bool:
    """Send one claimed delivery and record the result; False when the server is
    unreachable (everyone still due was postponed)."""
    delivery = deliveries.get(pk=pk)
    try:
        message = message_for(delivery, connection)
        if not connection.send_messages([message]):
            to = ", ".join(message.recipients())
            raise smtplib.SMTPRecipientsRefused({to: (550, b"no valid recipient")})
    except Exception as exc:
        _close(connection)  # a half-finished conversation is not reused
        error = classify(exc)
        if not isinstance(exc, smtplib.SMTPException | OSError):
            logger.exception("Building or sending e-mail %s failed", delivery)
        status = mark_failed(deliveries, pk, error)
        outcome.failed += status == FAILED
        outcome.retrying += status == PENDING
        if error.unreachable:
            logger.warning("Mail server unreachable (%s); the others wait too", error.message)
            postpone_all(deliveries, error, attempts=delivery.attempts + 1)
            return False
        return True
    mark_sent(deliveries, pk)
    outcome.sent += 1
    return True
