"""Writes for surveys, survey links and responses.

Every response, whatever its way in (a link, a QR code, an e-mail invitation, the API or
a CSV import), is checked by the same rules here and saved all-or-nothing. Inside that
transaction, `signals.responses_recorded` tells the rollups which days changed.
"""

import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.models import Location, Membership, Organization
from common.db import is_retryable
from touchpoints.choices import Channel
from touchpoints.models import Journey, Moment, Touchpoint

from . import signals
from .choices import SCALES, SURVEY_LANGUAGES, LinkKind, Metric, Source
from .defaults import FOLLOW_UP, QUESTIONS
from .models import COMMENT_MAX, DeviceAnswer, ImportBatch, Response, Survey, SurveyLink

MAX_BATCH = 1000
# Tries of a list whose save raced a concurrent one (see record_responses).
SAVE_ATTEMPTS = 5
# A response may be stamped a little ahead of our clock (the sender's clock drifts).
CLOCK_SKEW = timedelta(minutes=5)
LOOKUP_CHUNK = 500


# ---------------------------------------------------------------------------- surveys


def _check_context(
    organization: Organization,
    journey: Journey | None,
    touchpoint: Touchpoint | None,
    moment: Moment | None,
) -> tuple[Journey | None, Touchpoint | None, Moment | None]:
    """A survey's or link's context, completed upwards (a moment implies its touchpoint
    and journey) and checked to belong to the organization and to fit together."""
    if moment is not None:
        if touchpoint is not None and moment.touchpoint_id != touchpoint.pk:
            raise ValidationError({"moment": _("This moment is not at the chosen touchpoint.")})
        touchpoint = moment.touchpoint
    if touchpoint is not None:
        if journey is not None and touchpoint.journey_id != journey.pk:
            raise ValidationError(
                {"touchpoint": _("This touchpoint is not on the chosen journey.")}
            )
        journey = touchpoint.journey
    if journey is not None and journey.organization_id != organization.pk:
        raise ValidationError({"journey": _("Choose a journey of this organization.")})
    return journey, touchpoint, moment


def default_questions(metric: str) -> dict[str, str]:
    """The question and follow-up fields a new survey of this metric starts with."""
    fields = {f"question_{code}": QUESTIONS[metric][code] for code in SURVEY_LANGUAGES}
    fields.update({f"follow_up_{code}": FOLLOW_UP[code] for code in SURVEY_LANGUAGES})
    return fields


def _texts(texts: dict[str, str] | None, metric: str) -> dict[str, str]:
    values = default_questions(metric)
    for field, value in (texts or {}).items():
        if field not in values:
            raise ValueError(f"unknown survey text field {field}")
        values[field] = " ".join((value or "").split())
    return values


@transaction.atomic
def create_survey(
    *,
    organization: Organization,
    name: str,
    metric: str,
    texts: dict[str, str] | None = None,
    journey: Journey | None = None,
    touchpoint: Touchpoint | None = None,
    moment: Moment | None = None,
    by=None,
) -> Survey:
    """Create a survey; question texts missing from `texts` take the metric's defaults."""
    if metric not in Metric.values:
        raise ValidationError({"metric": _("Choose NPS, CSAT or CES.")})
    journey, touchpoint, moment = _check_context(organization, journey, touchpoint, moment)
    survey = Survey(
        organization=organization,
        name=" ".join(name.split()),
        metric=metric,
        journey=journey,
        touchpoint=touchpoint,
        moment=moment,
        created_by=by,
        **_texts(texts, metric),
    )
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def update_survey(
    *,
    survey: Survey,
    name: str,
    texts: dict[str, str],
    journey: Journey | None = None,
    touchpoint: Touchpoint | None = None,
    moment: Moment | None = None,
    is_active: bool = True,
) -> Survey:
    """Reword a survey or change its context. The metric never changes once answers
    may exist: scores on another scale would not add up."""
    journey, touchpoint, moment = _check_context(survey.organization, journey, touchpoint, moment)
    survey.name = " ".join(name.split())
    for field, value in texts.items():
        if not field.startswith(("question_", "follow_up_")):
            raise ValueError(f"unknown survey text field {field}")
        setattr(survey, field, " ".join((value or "").split()))
    survey.journey, survey.touchpoint, survey.moment = journey, touchpoint, moment
    survey.is_active = is_active
    survey.full_clean()
    survey.save()
    return survey


# ------------------------------------------------------------------------------ links


def _check_link_people(
    organization: Organization, consultant: Membership | None, location: Location | None
) -> None:
    errors = {}
    if consultant is not None and (
        consultant.organization_id != organization.pk or consultant.role != Role.STAFF
    ):
        errors["consultant"] = _("Choose a consultant of this organization.")
    if location is not None and location.organization_id != organization.pk:
        errors["location"] = _("Choose a location of this organization.")
    if errors:
        raise ValidationError(errors)


def _check_expiry(expires_at: datetime | None) -> None:
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})


def create_link(
    *,
    survey: Survey,
    kind: str = LinkKind.SINGLE,
    consultant: Membership | None = None,
    location: Location | None = None,
    touchpoint: Touchpoint | None = None,
    moment: Moment | None = None,
    channel: str = "",
    label: str = "",
    interaction_ref: str = "",
    expires_at: datetime | None = None,
    source: str | None = None,
    by=None,
) -> SurveyLink:
    """A link to `survey` whose responses are credited to the given context.

    Missing context comes from the survey (touchpoint, moment) and from the consultant
    (their location)."""
    organization = survey.organization
    if kind not in LinkKind.values:
        raise ValidationError({"kind": _("Choose single-use or reusable.")})
    if channel and channel not in Channel.values:
        raise ValidationError({"channel": _("Unknown channel.")})
    _check_link_people(organization, consultant, location)
    _check_expiry(expires_at)
    _journey, touchpoint, moment = _check_context(
        organization,
        None,
        touchpoint or (None if moment else survey.touchpoint),
        moment or (None if touchpoint else survey.moment),
    )
    if location is None and consultant is not None:
        location = consultant.location
    if source is None:
        source = Source.QR if kind == LinkKind.REUSABLE else Source.LINK
    link = SurveyLink(
        organization=organization,
        survey=survey,
        kind=kind,
        consultant=consultant,
        location=location,
        touchpoint=touchpoint,
        moment=moment,
        channel=channel or (touchpoint.channel if touchpoint else ""),
        label=" ".join(label.split()),
        interaction_ref=interaction_ref.strip(),
        expires_at=expires_at,
        source=source,
        created_by=by,
    )
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def create_links_for_location(
    *,
    survey: Survey,
    location: Location,
    kind: str = LinkKind.REUSABLE,
    expires_at: datetime | None = None,
    by=None,
) -> list[SurveyLink]:
    """One link per active consultant of the location (e.g. a QR code for each desk),
    in one transaction: all or none."""
    _check_link_people(survey.organization, None, location)
    consultants = Membership.objects.filter(
        organization=survey.organization, location=location, role=Role.STAFF, user__is_active=True
    ).select_related("user", "location")
    if not consultants:
        raise ValidationError({"location": _("This location has no consultants yet.")})
    return [
        create_link(
            survey=survey,
            kind=kind,
            consultant=consultant,
            location=location,
            expires_at=expires_at,
            label=consultant.display_name,
            by=by,
        )
        for consultant in consultants
    ]


def revoke_link(*, link: SurveyLink) -> SurveyLink:
    """Stop a link from taking answers (e.g. a QR code that was printed by mistake)."""
    SurveyLink.objects.filter(pk=link.pk, revoked_at=None).update(revoked_at=timezone.now())
    link.refresh_from_db()
    return link


# -------------------------------------------------------------------------- responses


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


class RowErrors(Exception):
    """Errors of a batch of responses, by row index (0-based) then field."""

    def __init__(self, errors: dict[int, dict[str, str]]):
        super().__init__(f"{len(errors)} invalid rows")
        self.errors = errors


@dataclass
class ResponseRow:
    """One response, checked and resolved, ready to be saved."""

    metric: str
    score: int
    submitted_at: datetime
    comment: str = ""
    language: str = "en"
    survey: Survey | None = None
    consultant: Membership | None = None
    location: Location | None = None
    touchpoint: Touchpoint | None = None
    moment: Moment | None = None
    channel: str = ""
    interaction_ref: str = ""
    external_id: str = ""


def check_score(metric: str, score) -> int:
    """The score as an int on the metric's scale, or a ValidationError saying the scale."""
    low, high = SCALES[metric]
    if isinstance(score, str):
        text = score.strip()
        if text.lstrip("-").isdigit():
            score = int(text)
    if isinstance(score, bool) or not isinstance(score, int):
        raise ValidationError(
            _("The score must be a whole number from %(low)d to %(high)d.")
            % {"low": low, "high": high}
        )
    if not low <= score <= high:
        raise ValidationError(
            _("%(score)d is outside the %(metric)s scale (%(low)d–%(high)d).")
            % {"score": score, "metric": metric.upper(), "low": low, "high": high}
        )
    return score


def check_comment(comment) -> str:
    comment = (comment or "").strip()
    if "\x00" in comment:
        raise ValidationError(_("The comment contains a null character."))
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            _("The comment is %(length)d characters long; at most %(max)d are accepted.")
            % {"length": len(comment), "max": COMMENT_MAX}
        )
    return comment


def _check_when(value, location: Location | None, now: datetime) -> datetime:
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed = parse_datetime(text) or (datetime.fromisoformat(text) if text else None)
        except ValueError:
            parsed = None
        if parsed is None:
            raise ValidationError(
                _("“%s” is not a date and time; use e.g. 2026-11-20 14:30 or %s.")
                % (text[:40], "2026-11-20T14:30:00+01:00")
            )
        value = parsed
    if not isinstance(value, datetime):
        raise ValidationError(_("A date and time is required."))
    if timezone.is_naive(value):
        # A time without an offset is the location's local time, as a person reads a receipt.
        tz = ZoneInfo(location.time_zone) if location else timezone.get_default_timezone()
        value = timezone.make_aware(value, tz)
    if value > now + CLOCK_SKEW:
        raise ValidationError(_("The date is in the future."))
    if value.year < 2000:
        raise ValidationError(_("The date is too far in the past."))
    return value


def _chunks(values: Sequence, size: int = LOOKUP_CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _by_key(model_query, field: str, keys: set) -> dict:
    found = {}
    keys = sorted(k for k in keys if k not in (None, ""))
    for chunk in _chunks(keys):
        for row in model_query.filter(**{f"{field}__in": chunk}):
            found[getattr(row, field)] = row
    return found


def _as_id(value):
    """An id from JSON (int) or CSV (digits); anything else is unknown (None)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


@dataclass
class _Tables:
    """The codes and ids of a batch, resolved in one query per table."""

    consultants: dict
    locations: dict
    touchpoints: dict
    moments: dict
    surveys: dict


def _code(value):
    return value.strip() if isinstance(value, str) else None


def _check_row(
    row: dict, index: int, tables: _Tables, seen_ids: dict, now: datetime
) -> tuple[ResponseRow | None, dict[str, str]]:
    errors: dict[str, str] = {}

    def field(name, check, *args):
        try:
            return check(*args)
        except ValidationError as exc:
            errors[name] = " ".join(exc.messages)
            return None

    def lookup(name, table, key, message):
        value = row.get(name)
        if value in (None, ""):
            return None
        found = table.get(key(value))
        if found is None:
            errors[name] = message
        return found

    survey = lookup("survey", tables.surveys, _as_id, _("Unknown survey."))
    metric = row.get("metric") or (survey.metric if survey else "")
    if metric not in Metric.values:
        errors["metric"] = _("Choose nps, csat or ces.")
        metric = None
    elif survey is not None and survey.metric != metric:
        errors["metric"] = _("This survey asks for %s.") % survey.metric
    score = None
    if metric and row.get("score") in (None, ""):
        errors["score"] = _("A score is required.")
    elif metric:
        score = field("score", check_score, metric, row.get("score"))
    consultant = lookup("consultant", tables.consultants, _code, _("Unknown consultant code."))
    if consultant is not None and consultant.role != Role.STAFF:
        errors["consultant"] = _("This employee code is not a consultant's.")
    location = lookup("location", tables.locations, _code, _("Unknown location code."))
    if location is None and consultant is not None and "location" not in errors:
        location = consultant.location
    touchpoint = lookup("touchpoint", tables.touchpoints, _as_id, _("Unknown touchpoint."))
    moment = lookup("moment", tables.moments, _as_id, _("Unknown moment."))
    if moment is not None:
        if touchpoint is not None and moment.touchpoint_id != touchpoint.pk:
            errors["moment"] = _("This moment is not at the given touchpoint.")
        touchpoint = touchpoint or moment.touchpoint
    if touchpoint is None and survey is not None:
        touchpoint, moment = survey.touchpoint, moment or survey.moment
    channel = row.get("channel") or ""
    if channel not in ("", *Channel.values):
        errors["channel"] = _("Unknown channel.")
    language = row.get("language") or "en"
    if language not in SURVEY_LANGUAGES:
        errors["language"] = _("Choose en, pl, ru or ro.")
    comment = field("comment", check_comment, row.get("comment"))
    submitted_at = None
    if row.get("submitted_at") in (None, ""):
        errors["submitted_at"] = _("The date and time of the answer is required.")
    else:
        submitted_at = field("submitted_at", _check_when, row.get("submitted_at"), location, now)
    interaction_ref = (row.get("interaction_ref") or "").strip()
    if len(interaction_ref) > 100:
        errors["interaction_ref"] = _("At most 100 characters.")
    external_id = (row.get("external_id") or "").strip()
    if len(external_id) > 100:
        errors["external_id"] = _("At most 100 characters.")
    elif external_id in seen_ids:
        # Items are numbered from 0, as the API's error keys are.
        errors["external_id"] = (
            _("The same external id is already in item %d.") % seen_ids[external_id]
        )
    elif external_id:
        seen_ids[external_id] = index
    if errors:
        return None, errors
    return (
        ResponseRow(
            metric=metric,
            score=score,
            submitted_at=submitted_at,
            comment=comment,
            language=language,
            survey=survey,
            consultant=consultant,
            location=location,
            touchpoint=touchpoint,
            moment=moment,
            channel=channel or (touchpoint.channel if touchpoint else ""),
            interaction_ref=interaction_ref,
            external_id=external_id,
        ),
        {},
    )


def check_responses(
    *,
    organization: Organization,
    rows: Sequence[dict],
    now: datetime | None = None,
    max_rows: int | None = MAX_BATCH,
) -> list[ResponseRow]:
    """Check raw rows (from JSON or CSV) and resolve their codes, in a handful of queries.

    A row is a dict of: metric, score, submitted_at (datetime or ISO text; without an
    offset it is the location's local time), comment, language, survey (id), consultant
    (employee code), location (code), touchpoint (id), moment (id), channel,
    interaction_ref, external_id. Raises RowErrors naming every bad row and field.
    `max_rows=None` lifts the API's limit (CSV imports check whole files).
    """
    now = now or timezone.now()
    if max_rows is not None and len(rows) > max_rows:
        raise RowErrors({-1: {"non_field_errors": _("At most %d responses at once.") % max_rows}})

    consultants = _by_key(
        Membership.objects.filter(organization=organization).select_related("user", "location"),
        "employee_code",
        {_code(row.get("consultant")) for row in rows},
    )
    locations = _by_key(
        Location.objects.filter(organization=organization),
        "code",
        {_code(row.get("location")) for row in rows},
    )
    touchpoints = _by_key(
        Touchpoint.objects.filter(journey__organization=organization),
        "pk",
        {_as_id(row.get("touchpoint")) for row in rows},
    )
    moments = _by_key(
        Moment.objects.filter(touchpoint__journey__organization=organization).select_related(
            "touchpoint"
        ),
        "pk",
        {_as_id(row.get("moment")) for row in rows},
    )
    surveys = _by_key(
        Survey.objects.filter(organization=organization),
        "pk",
        {_as_id(row.get("survey")) for row in rows},
    )

    tables = _Tables(consultants, locations, touchpoints, moments, surveys)
    cleaned, errors, seen_ids = [], {}, {}
    for index, row in enumerate(rows):
        checked, row_errors = _check_row(row, index, tables, seen_ids, now)
        if row_errors:
            errors[index] = row_errors
        else:
            cleaned.append(checked)
    if errors:
        raise RowErrors(errors)
    return cleaned


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


def _existing(organization: Organization, external_ids: list[str]) -> dict[str, Response]:
    found = {}
    for chunk in _chunks(external_ids):
        for response in Response.objects.filter(organization=organization, external_id__in=chunk):
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


def _take_device_turn(link: SurveyLink, device: str, now: datetime) -> None:
    """Take the device's one answer to a reusable link for the window, or raise
    AlreadyAnswered. Runs in the answer's transaction: a refused or failed answer gives
    the turn back, and of two parallel posts from one device the second waits for the
    first and is refused by the unique (link, device) pair."""
    window = timedelta(hours=settings.SURVEY_DEVICE_WINDOW_HOURS)
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
    window = timedelta(hours=settings.SURVEY_DEVICE_WINDOW_HOURS)
    deleted, _by_model = DeviceAnswer.objects.filter(answered_at__lte=now - window).delete()
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
        touchpoint = link.touchpoint or link.survey.touchpoint
        moment = link.moment or (link.survey.moment if link.touchpoint is None else None)
        response = Response.objects.create(
            organization_id=link.organization_id,
            survey=link.survey,
            link=link,
            metric=link.survey.metric,
            score=score,
            comment=comment,
            language=language,
            consultant=link.consultant,
            location=link.location or (link.consultant.location if link.consultant_id else None),
            touchpoint=touchpoint,
            moment=moment,
            channel=link.channel or (touchpoint.channel if touchpoint else ""),
            source=link.source,
            submitted_at=now,
            interaction_ref=link.interaction_ref,
        )
        _announce(link.organization_id, [response])
    return response
