"""Strict dates, times and numbers for the API: exactly the formats the schema names.

Django parses dates leniently ("2024-1-5", "20240105", a date-time without an offset);
the OpenAPI schema says RFC 3339 `full-date` / `date-time`, so that is all that is taken.
"""

import re
from datetime import UTC, date, datetime, timedelta, timezone

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .filters import RejectEmpty

_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATE_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
    r"(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))"
)

DATE_MESSAGE = _("Enter a date as YYYY-MM-DD.")
DATE_TIME_MESSAGE = _("Enter a date and time with its offset, e.g. 2025-03-14T18:30:00+01:00.")


def parse_date(value) -> date | None:
    """A `full-date` (2025-03-14), or None."""
    match = _DATE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


def parse_date_time(value) -> datetime | None:
    """An RFC 3339 `date-time` with its offset, or None. Fractions beyond microseconds
    are cut, as Python keeps no more."""
    match = _DATE_TIME.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    try:
        if zulu:
            tz = UTC
        else:
            if int(off_h) > 23 or int(off_m) > 59:
                return None
            offset = timedelta(hours=int(off_h), minutes=int(off_m))
            tz = timezone(-offset if sign == "-" else offset)
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            int((fraction or "0")[:6].ljust(6, "0")),
            tzinfo=tz,
        )
    except ValueError:
        return None


class StrictDateField(serializers.DateField):
    """A JSON string in the `full-date` format, nothing else."""

    default_error_messages = {"invalid": DATE_MESSAGE}

    def to_internal_value(self, value):
        parsed = parse_date(value)
        if parsed is None:
            self.fail("invalid")
        return parsed


class StrictDateTimeField(serializers.DateTimeField):
    """A JSON string in the RFC 3339 `date-time` format, offset included."""

    default_error_messages = {"invalid": DATE_TIME_MESSAGE}

    def to_internal_value(self, value):
        parsed = parse_date_time(value)
        if parsed is None:
            self.fail("invalid")
        return parsed


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer: not "3", 3.0 or true."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictDateFormField(RejectEmpty, forms.DateField):
    """A query-string date as YYYY-MM-DD only."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        parsed = parse_date(value.strip() if isinstance(value, str) else value)
        if parsed is None:
            raise forms.ValidationError(DATE_MESSAGE, code="invalid")
        return parsed


@extend_schema_field({"type": "string", "format": "date"})
class StrictDateFilter(django_filters.DateFilter):
    """A day as YYYY-MM-DD, compared with the date of a date-time in the server's time zone."""

    field_class = StrictDateFormField
