"""Customers' answers, whatever their way in (a link, a QR code, an e-mail invitation, the
API or a CSV import): checked by the same rules and saved all-or-nothing. Inside that
transaction, `signals.responses_recorded` tells the rollups which days changed."""

import random
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from accounts.models import Organization
from common.db import is_retryable

from .. import signals
from ..choices import SURVEY_LANGUAGES, LinkKind
from ..models import DeviceAnswer, ImportBatch, Response, SurveyLink
from .attribution import credit
from .checks import LOOKUP_CHUNK, ResponseRow, check_comment, check_score, chunks

# Tries of a list whose save raced a concurrent one (see record_responses).
SAVE_ATTEMPTS = 5


class LinkClosed(Exception):
    """The link takes no answer: `reason` is unknown, used, expired or revoked."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class AlreadyAnswered(LinkClosed):
    """This device answered this reusable link within the window; it may again in
    `retry_after` seconds."""

    def __init__(self, retry_after: int):
        super().__init__("device")
        self.retry_after = retry_after


def _local_day(response: Response):
    """The response's day in its location's time zone, or None if the location is not
    at hand (it would cost a query)."""
    if response.location_id is None:
        zone = settings.TIME_ZONE
    elif Response.location.is_cached(response):
        zone = response.location.time_zone
    else:
        return None
    return response.submitted_at.astimezone(ZoneInfo(zone)).date()


def _announce(organization_id: int, responses: Iterable[Response]) -> None:
    """Tell the rollups, inside the transaction that saves the responses, which days
    gained responses and which interactions got an answer: what they owe is recorded
    in the same transaction, so it is never lost (nor recorded for a rollback)."""
    responses = list(responses)
    days = sorted({r.submitted_at.astimezone(UTC).date() for r in responses})
    local = {_local_day(r) for r in responses}
    local_days = None if None in local else sorted(local)
    refs = sorted({r.interaction_ref for r in responses if r.interaction_ref})
    if days:
        signals.responses_recorded.send(
            sender=Response,
            organization_id=organization_id,
            utc_dates=days,
            local_dates=local_days,
            interaction_refs=refs,
        )


def with_external_ids(organization: Organization, external_ids: Sequence[str]):
    """The organization's answers with these external ids. `<> ''` repeats the unique
    index's predicate: without it PostgreSQL cannot use that partial index, and above
    ~100 ids it scanned the whole table for each list."""
    return Response.objects.filter(organization=organization, external_id__in=external_ids).exclude(
        external_id=""
    )


def _existing(organization: Organization, external_ids: list[str]) -> dict[str, Response]:
    found = {}
    for chunk in chunks(external_ids):
        for response in with_external_ids(organization, chunk):
            found[response.external_id] = response
    return found


def record_responses(
    *,
    organization: Organization,
    rows: Sequence[ResponseRow],
    source: str,
    import_batch: ImportBatch | None = None,
) -> list[tuple[Response, bool]]:
    """Save checked rows all-or-nothing; a row whose external id is already saved returns
    the saved response instead (created = False), so a retried request adds nothing.

    New rows are inserted in the order of their external ids: two concurrent lists that
    share new ids then take the unique index's locks in the same order, so one waits for
    the other instead of deadlocking, and finds the ids saved when it tries again.
    """
    for attempt in range(1, SAVE_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                existing = _existing(organization, [r.external_id for r in rows if r.external_id])
                new = {
                    index: Response(
                        organization=organization,
                        source=source,
                        import_batch=import_batch,
                        **{name: getattr(row, name) for name in ResponseRow.__dataclass_fields__},
                    )
                    for index, row in enumerate(rows)
                    if row.external_id not in existing
                }
                ordered = sorted(new.values(), key=lambda r: (r.external_id == "", r.external_id))
                Response.objects.bulk_create(ordered, batch_size=LOOKUP_CHUNK)
                _announce(organization.pk, ordered)
        except (IntegrityError, OperationalError) as exc:
            # The same external id raced in from a concurrent retry (read it again), or
            # the database gave up on a lock wait; both pass on a second try.
            if attempt == SAVE_ATTEMPTS or (
                isinstance(exc, OperationalError) and not is_retryable(exc)
            ):
                raise
            time.sleep(random.uniform(0.005, 0.02) * attempt)
            continue
        return [
            (existing[row.external_id], False) if index not in new else (new[index], True)
            for index, row in enumerate(rows)
        ]
    raise AssertionError("unreachable")


def device_window() -> timedelta:
    """How long one device's answer to a reusable (QR) link stands before it may answer
    that link again."""
    return timedelta(hours=settings.SURVEY_DEVICE_WINDOW_HOURS)


def answered_from_device(*, link: SurveyLink, device: str, now: datetime | None = None) -> bool:
    """The device answered this reusable link within the window."""
    since = (now or timezone.now()) - device_window()
    return DeviceAnswer.objects.filter(link=link, device=device, answered_at__gt=since).exists()


def _take_device_turn(link: SurveyLink, device: str, now: datetime) -> None:
    """Take the device's one answer to a reusable link for the window, or raise
    AlreadyAnswered. Runs in the answer's transaction: a refused or failed answer gives
    the turn back, and of two parallel posts from one device the second waits for the
    first and is refused by the unique (link, device) pair."""
    window = device_window()
    renewed = DeviceAnswer.objects.filter(
        link=link, device=device, answered_at__lte=now - window
    ).update(answered_at=now)
    if renewed:
        return
    try:
        with transaction.atomic():
            DeviceAnswer.objects.create(link=link, device=device, answered_at=now)
    except IntegrityError:
        answered = (
            DeviceAnswer.objects.filter(link=link, device=device)
            .values_list("answered_at", flat=True)
            .first()
        )
        left = (answered + window - now).total_seconds() if answered else 0
        raise AlreadyAnswered(max(60, int(left))) from None


def forget_old_device_answers(*, now: datetime | None = None) -> int:
    """Delete device marks older than the window: they no longer stop anyone, and the
    table stays the size of the last few hours of QR answers."""
    now = now or timezone.now()
    deleted, _by_model = DeviceAnswer.objects.filter(
        answered_at__lte=now - device_window()
    ).delete()
    return deleted


def submit_via_link(
    *, link: SurveyLink, score, comment: str = "", language: str = "en", device: str = ""
) -> Response:
    """A customer's answer through a link or QR code.

    A single-use link is claimed by an UPDATE that only one of any number of concurrent
    submissions can win; the others get LinkClosed("used") and nothing is saved. On a
    reusable link, `device` (throttle.device_of) may answer once per window.
    """
    now = timezone.now()
    if link.revoked_at is not None or not link.survey.is_active:
        raise LinkClosed("revoked")
    if link.is_expired:
        raise LinkClosed("expired")
    if link.is_used:
        raise LinkClosed("used")
    errors = {}
    try:
        score = check_score(link.survey.metric, score)
    except ValidationError as exc:
        errors["score"] = exc.messages
    try:
        comment = check_comment(comment)
    except ValidationError as exc:
        errors["comment"] = exc.messages
    if errors:
        raise ValidationError(errors)
    if language not in SURVEY_LANGUAGES:
        language = "en"
    with transaction.atomic():
        if link.kind == LinkKind.SINGLE:
            claimed = SurveyLink.objects.filter(pk=link.pk, used_at=None).update(used_at=now)
            if not claimed:
                raise LinkClosed("used")
            link.used_at = now
        elif device:
            _take_device_turn(link, device, now)
        credited = credit(
            survey=link.survey,
            consultant=link.consultant,
            location=link.location,
            touchpoint=link.touchpoint,
            moment=link.moment,
            channel=link.channel,
        )
        response = Response.objects.create(
            organization_id=link.organization_id,
            survey=link.survey,
            link=link,
            metric=link.survey.metric,
            score=score,
            comment=comment,
            language=language,
            consultant=credited.consultant,
            location=credited.location,
            touchpoint=credited.touchpoint,
            moment=credited.moment,
            channel=credited.channel,
            source=link.source,
            submitted_at=now,
            interaction_ref=link.interaction_ref,
        )
        _announce(link.organization_id, [response])
    return response
