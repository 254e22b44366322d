"""Filters of the compliance pages, read from the query string.

Dates travel in ISO format (YYYY-MM-DD) whatever the language, so a filtered page can be
bookmarked and shared. A period preset wins over dates; dates apply with "Custom dates",
or on their own in a hand-written URL.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.selectors import locations_for
from touchpoints.models import Moment

from .choices import ReviewKind
from .selectors import ComplianceFilter, moments_for_filter

ALL_TIME, CUSTOM = "all", "custom"
PRESET_DAYS = {"30": 30, "90": 90, "365": 365}
PERIOD_CHOICES = [
    (ALL_TIME, _("All time")),
    ("30", _("Last 30 days")),
    ("90", _("Last 90 days")),
    ("365", _("Last 365 days")),
    (CUSTOM, _("Custom dates")),
]
ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATE)


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=[ISO_DATE],
        widget=DateInput,
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


class PeriodForm(forms.Form):
    """Period and kind of review: the filters every compliance page offers."""

    period = forms.ChoiceField(
        label=_("Period"),
        choices=PERIOD_CHOICES,
        required=False,
        initial=ALL_TIME,
        error_messages={"invalid_choice": _("Choose a period from the list.")},
    )
    date_from = _date_field(_("From"))
    date_to = _date_field(_("To"))
    kind = forms.ChoiceField(
        label=_("Kind of review"),
        choices=[("", _("All kinds")), *ReviewKind.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a kind of review from the list.")},
    )

    def __init__(self, data=None, *args, **kwargs):
        if (
            data is not None
            and not data.get("period")
            and (data.get("date_from") or data.get("date_to"))
        ):
            # Dates without a period (a hand-written URL): show them as custom dates.
            data = data.copy()
            data["period"] = CUSTOM
        super().__init__(data, *args, **kwargs)

    def clean(self) -> dict:
        data = super().clean()
        period = data.get("period") or ALL_TIME
        data["period"] = period
        if period in PRESET_DAYS:
            # "Last 30 days" is today and the 29 days before.
            data["date_from"] = timezone.localdate() - timedelta(days=PRESET_DAYS[period] - 1)
            data["date_to"] = None
        elif period == CUSTOM:
            # No date chosen yet (just switched to custom dates): nothing to restrict, and
            # the summary says "All time" until a date is picked.
            date_from, date_to = data.get("date_from"), data.get("date_to")
            if date_from and date_to and date_from > date_to:
                self.add_error("date_to", _("The end date is before the start date."))
        else:
            data["date_from"] = data["date_to"] = None
        return data

    def compliance_filter(self, **scope) -> ComplianceFilter:
        """The selector's filter from the valid form; `scope` pins a consultant or location."""
        data = self.cleaned_data
        return ComplianceFilter(
            date_from=data["date_from"],
            date_to=data["date_to"],
            review_kind=data.get("kind") or None,
            **scope,
        )

    def period_query(self) -> str:
        """Period and kind as a query string, carried to the consultant and location pages."""
        data = self.cleaned_data
        params: dict[str, str] = {}
        if data["period"] != ALL_TIME:
            params["period"] = data["period"]
        if data["period"] == CUSTOM:
            for name in ("date_from", "date_to"):
                if data[name]:
                    params[name] = data[name].strftime(ISO_DATE)
        if data.get("kind"):
            params["kind"] = data["kind"]
        return urlencode(params)

    def period_label(self) -> str:
        data = self.cleaned_data
        start, end = data["date_from"], data["date_to"]
        if data["period"] == CUSTOM and not (start or end):
            return str(dict(PERIOD_CHOICES)[ALL_TIME])
        if data["period"] != CUSTOM:
            return str(dict(PERIOD_CHOICES)[data["period"]])
        if start and end:
            return gettext("From %(start)s to %(end)s") % {"start": _date(start), "end": _date(end)}
        if start:
            return gettext("From %(start)s") % {"start": _date(start)}
        return gettext("Until %(end)s") % {"end": _date(end)}

    def summary(self) -> list[str]:
        """What the figures are restricted to, in words: shown on screen and on paper."""
        kind = self.cleaned_data.get("kind")
        return [
            self.period_label(),
            str(dict(ReviewKind.choices)[kind]) if kind else gettext("all kinds of review"),
        ]


class MomentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Moment) -> str:
        return f"{obj.touchpoint.name} › {obj.name}"


class ComplianceFilterForm(PeriodForm):
    """The compliance page's filters: period, location, moment and kind of review."""

    location = forms.ModelChoiceField(
        label=_("Location"),
        queryset=None,
        required=False,
        empty_label=_("All locations"),
        error_messages={"invalid_choice": _("Choose a location of your organization.")},
    )
    moment = MomentChoiceField(
        label=_("Moment"),
        queryset=None,
        required=False,
        empty_label=_("All moments"),
        error_messages={"invalid_choice": _("Choose a moment of your organization.")},
    )
    field_order = ["period", "date_from", "date_to", "location", "moment", "kind"]

    def __init__(self, data=None, *args, organization, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.fields["location"].queryset = locations_for(organization)
        self.fields["moment"].queryset = moments_for_filter(organization.pk)

    def compliance_filter(self, **scope) -> ComplianceFilter:
        data = self.cleaned_data
        return super().compliance_filter(
            location_id=data["location"].pk if data.get("location") else None,
            moment_id=data["moment"].pk if data.get("moment") else None,
            **scope,
        )

    def summary(self) -> list[str]:
        location, moment = self.cleaned_data.get("location"), self.cleaned_data.get("moment")
        period, kind = super().summary()
        return [
            period,
            location.name if location else gettext("all locations"),
            moment.name if moment else gettext("all moments"),
            kind,
        ]
