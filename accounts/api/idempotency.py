"""`Idempotency-Key` on every POST of the API: a client that could not see an answer
(a timeout, a dropped connection) sends the same request with the same key again and
gets the first answer back, with nothing written twice. For clients whose data has no
natural id (responses have `external_id`; most writes have none).

The key's record is written in the same transaction as the write it answers for: a
concurrent retry with the same key waits on the record's unique index until the first
request commits, then replays its answer; if the first request failed with a server
error, nothing was kept and the retry runs afresh. Records expire after
IDEMPOTENCY_HOURS (24 by default), like the keys of payment APIs clients know.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from accounts.models import ApiKey, IdempotencyRecord
from common.api.tenancy import api_organization

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_MAX = 255
# Answers a retry should not get back: the server failed, or it asked to try later.
NOT_KEPT = {status.HTTP_409_CONFLICT, status.HTTP_429_TOO_MANY_REQUESTS}


class KeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _(
        "This Idempotency-Key was already used with a different request; use a new key "
        "for a new request."
    )
    default_code = "idempotency_key_reused"


class Replay(Exception):
    """The request was answered before: `response` is that answer."""

    def __init__(self, response: Response):
        super().__init__("replay")
        self.response = response


def wanted(request) -> bool:
    return request.method == "POST" and bool(request.headers.get(HEADER, "").strip())


def _credential(request) -> str:
    if isinstance(request.auth, ApiKey):
        return f"key:{request.auth.pk}"
    return f"user:{request.user.pk}"


def _fingerprint(request) -> str:
    body = request._request.body  # read before (viewsets.WriteMixin), within the limit
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def begin(request) -> IdempotencyRecord:
    """Claim the request's key (after authentication, inside the request's transaction),
    or raise Replay with the answer given to it before, or KeyReused."""
    key = request.headers.get(HEADER, "").strip()
    if len(key) > KEY_MAX:
        raise ValidationError({HEADER: [_("At most %d characters.") % KEY_MAX]})
    organization = api_organization(request)
    credential = _credential(request)
    fingerprint = _fingerprint(request)
    now = timezone.now()
    scope = {"organization": organization, "credential": credential, "key": key}
    # An expired record is as good as none (the nightly clean-up may not have run yet).
    IdempotencyRecord.objects.filter(**scope, expires_at__lte=now).delete()
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(
                **scope,
                fingerprint=fingerprint,
                status_code=0,
                expires_at=now + timedelta(hours=settings.IDEMPOTENCY_HOURS),
            )
    except IntegrityError:
        # Another request with this key committed first (we waited for it).
        previous = IdempotencyRecord.objects.get(**scope)
    if previous.fingerprint != fingerprint:
        raise KeyReused()
    response = Response(previous.body, status=previous.status_code)
    response[REPLAYED_HEADER] = "true"
    raise Replay(response)


def keep(record: IdempotencyRecord, response) -> bool:
    """Store the answer with its key; False when it must not be kept (a server error:
    the caller rolls the request back so a retry runs afresh)."""
    if response.status_code >= 500 or response.status_code in NOT_KEPT:
        return False
    record.status_code = response.status_code
    record.body = getattr(response, "data", None)
    record.save(update_fields=["status_code", "body"])
    return True


def forget_expired() -> int:
    """Delete expired records (nightly); returns how many."""
    deleted, _by_model = IdempotencyRecord.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
