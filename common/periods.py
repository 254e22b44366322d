"""Periods: the one value a filtered page, export or figure is restricted to, and the one
form that reads it from the query string.

Dates travel in ISO format (YYYY-MM-DD) whatever the language, so a filtered page can be
bookmarked and shared. Days are the member's local days: `timezone.localdate()`, the
middleware having activated the member's zone for the request. A preset wins over dates;
dates apply with "Custom dates", or on their own in a hand-written URL.

Pages differ in what they offer, and keep doing so through the form's options:
- open presets ("since 30 days ago", no end) with "All time" (compliance, responses);
- closed presets that end today and no "All time", so a previous period of the same length
  exists to compare with (dashboards), with custom dates capped in length.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ISO_DATE = "%Y-%m-%d"
ALL_TIME, CUSTOM = "all", "custom"
PRESET_DAYS = {"7": 7, "30": 30, "90": 90, "365": 365}
PERIOD_LABELS = {
    ALL_TIME: _("All time"),
    "7": _("Last 7 days"),
    "30": _("Last 30 days"),
    "90": _("Last 90 days"),
    "365": _("Last 365 days"),
    CUSTOM: _("Custom dates"),
}
# The presets most pages offer; the response list adds "7".
STANDARD_PRESETS = ("30", "90", "365")


def _date(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def preset_bounds(key: str, today: date | None = None) -> tuple[date, date]:
    """The first and last day of a preset: "Last 90 days" is today and the 89 days before."""
    today = today or timezone.localdate()
    return today - timedelta(days=PRESET_DAYS[key] - 1), today


@dataclass(frozen=True)
class Period:
    """A run of local days, either end open; `key` is the preset, "all" or "custom"."""

    start: date | None = None
    end: date | None = None
    key: str = CUSTOM

    @property
    def label(self) -> str:
        """The period in words, dates in the language's format."""
        if self.key != CUSTOM:
            return str(PERIOD_LABELS[self.key])
        if self.start and self.end:
            return gettext("From %(start)s to %(end)s") % {
                "start": _date(self.start),
                "end": _date(self.end),
            }
        if self.start:
            return gettext("From %(start)s") % {"start": _date(self.start)}
        if self.end:
            return gettext("Until %(end)s") % {"end": _date(self.end)}
        # Just switched to custom dates, none picked yet: nothing is restricted.
        return str(PERIOD_LABELS[ALL_TIME])

    @property
    def days(self) -> int | None:
        if not (self.start and self.end):
            return None
        return (self.end - self.start).days + 1

    def previous(self) -> "Period | None":
        """The period of the same length just before this one (none for an open period)."""
        if not (self.start and self.end):
            return None
        return Period(
            start=self.start - timedelta(days=self.days),
            end=self.start - timedelta(days=1),
        )

    def query(self, **extra: str) -> str:
        """The period as a query string of a filtered page: `period`, `date_from`, `date_to`."""
        params = {"period": self.key}
        if self.key == CUSTOM:
            if self.start:
                params["date_from"] = self.start.strftime(ISO_DATE)
            if self.end:
                params["date_to"] = self.end.strftime(ISO_DATE)
        params.update(extra)
        return urlencode(params)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATE)


def date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=[ISO_DATE],
        widget=DateInput,
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )


class PeriodForm(forms.Form):
    """The period fields (`period`, `date_from`, `date_to`) and their rules; a page's filter
    form subclasses it and sets the options below."""

    presets: tuple[str, ...] = STANDARD_PRESETS
    all_time = True  # offer "All time" (the default then)
    closed = False  # presets end today and a period always has both ends
    default = ALL_TIME
    # The longest custom period, also checked in the browser (static/js/period_filters.js).
    max_days: int | None = None

    period = forms.ChoiceField(
        label=_("Period"),
        choices=[],
        required=False,
        error_messages={"invalid_choice": _("Choose a period from the list.")},
    )
    date_from = date_field(_("From"))
    date_to = date_field(_("To"))

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("period"):
            if data.get("date_from") or data.get("date_to"):
                # Dates without a period (a hand-written URL or a link): custom dates.
                data = data.copy()
                data["period"] = CUSTOM
            elif self.closed:
                data = data.copy()
                data["period"] = self.default
        if self.closed and data is not None and data.get("period") in self.presets:
            # The dates show the preset's bounds: choosing "Custom dates" then starts from
            # the period on screen (without JavaScript too, where the button applies).
            data = data.copy()
            start, end = preset_bounds(data["period"])
            data["date_from"], data["date_to"] = start.strftime(ISO_DATE), end.strftime(ISO_DATE)
        super().__init__(data, *args, **kwargs)
        keys = ([ALL_TIME] if self.all_time else []) + [*self.presets, CUSTOM]
        field = self.fields["period"]
        field.choices = [(key, PERIOD_LABELS[key]) for key in keys]
        if self.all_time:
            field.initial = ALL_TIME

    def clean(self) -> dict:
        data = super().clean()
        key = data.get("period") or self.default
        data["period"] = key
        if key in PRESET_DAYS:
            start, end = preset_bounds(key)
            # Open presets: "Last 30 days" is since 29 days ago, whatever comes after.
            data["date_from"], data["date_to"] = start, end if self.closed else None
        elif key == CUSTOM:
            self._clean_custom(data)
        else:
            data["date_from"] = data["date_to"] = None
        return data

    @classmethod
    def preset_days(cls) -> dict[str, int]:
        """The form's presets and their lengths in days."""
        return {key: PRESET_DAYS[key] for key in cls.presets}

    def _clean_custom(self, data: dict) -> None:
        start, end = data.get("date_from"), data.get("date_to")
        if self.closed:
            if not start and not end:
                self.add_error("date_from", _("Choose a start date, an end date or both."))
                return
            end = end or timezone.localdate()
            start = start or end - timedelta(days=PRESET_DAYS[self.default] - 1)
            data["date_from"], data["date_to"] = start, end
        # Open custom dates without any date (just switched to them): nothing to restrict.
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        elif self.max_days and start and end and (end - start).days > self.max_days:
            self.add_error("date_to", _("Choose a period of at most three years."))

    @property
    def period_value(self) -> Period:
        """The valid form's period."""
        data = self.cleaned_data
        return Period(start=data["date_from"], end=data["date_to"], key=data["period"])
