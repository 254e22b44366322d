"""Checking answers before they are saved: scores on the metric's scale, comments,
times, and the codes and ids of a batch resolved in a handful of queries. One set of
rules for every way in (the API, a CSV import, a link)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.models import Location, Membership, Organization
from touchpoints.choices import Channel
from touchpoints.models import Moment, Touchpoint

from ..choices import SCALES, SURVEY_LANGUAGES, Metric
from ..models import COMMENT_MAX, Survey
from .attribution import credit

MAX_BATCH = 1000
# A response may be stamped a little ahead of our clock (the sender's clock drifts).
CLOCK_SKEW = timedelta(minutes=5)
LOOKUP_CHUNK = 500


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


def chunks(values: Sequence, size: int = LOOKUP_CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _by_key(model_query, field: str, keys: set) -> dict:
    found = {}
    keys = sorted(k for k in keys if k not in (None, ""))
    for chunk in chunks(keys):
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
    touchpoint = lookup("touchpoint", tables.touchpoints, _as_id, _("Unknown touchpoint."))
    moment = lookup("moment", tables.moments, _as_id, _("Unknown moment."))
    if moment is not None and touchpoint is not None and moment.touchpoint_id != touchpoint.pk:
        errors["moment"] = _("This moment is not at the given touchpoint.")
    channel = row.get("channel") or ""
    if channel not in ("", *Channel.values):
        errors["channel"] = _("Unknown channel.")
    credited = credit(
        survey=survey,
        consultant=consultant,
        location=location,
        touchpoint=touchpoint,
        moment=moment,
        channel=channel,
    )
    # An unknown location code stays unknown: the consultant's location in its place
    # would read the row's time on another clock.
    location = None if "location" in errors else credited.location
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
            consultant=credited.consultant,
            location=location,
            touchpoint=credited.touchpoint,
            moment=credited.moment,
            channel=credited.channel,
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
