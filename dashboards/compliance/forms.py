"""Filters of the compliance pages, read from the query string.

Open presets plus "All time" (common.periods says what a period is).
"""

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.selectors import locations_for
from common.periods import ALL_TIME, CUSTOM, ISO_DATE, PeriodForm
from reviews.choices import ReviewKind
from touchpoints.forms import MomentChoiceField
from touchpoints.selectors import moments_for_filter

from .reports import ComplianceFilter


class CompliancePeriodForm(PeriodForm):
    """Period and kind of review: the filters every compliance page offers."""

    kind = forms.ChoiceField(
        label=_("Kind of review"),
        choices=[("", _("All kinds")), *ReviewKind.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a kind of review from the list.")},
    )

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
        return self.period_value.label

    def summary(self) -> list[str]:
        """What the figures are restricted to, in words: shown on screen and on paper."""
        kind = self.cleaned_data.get("kind")
        return [
            self.period_label(),
            str(dict(ReviewKind.choices)[kind]) if kind else gettext("all kinds of review"),
        ]


class ComplianceFilterForm(CompliancePeriodForm):
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
