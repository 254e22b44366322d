"""Dashboard filters, read from the query string so a filtered view can be shared.

The period is a preset (default: the last 90 days, so the change vs the previous period
means something) or custom dates. `scope_for()` turns the valid form into a selector
`Scope` and pins what the viewer may see: a manager with a location sees that location,
staff see themselves.
"""

from datetime import date, timedelta
from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from accounts.models import Membership
from accounts.selectors import locations_for, visible_location_ids
from reviews.compliance_forms import CUSTOM, ISO_DATE, PERIOD_CHOICES, PRESET_DAYS, _date_field
from touchpoints.choices import Channel
from touchpoints.selectors import journeys_for

from .selectors import Scope

DEFAULT_PERIOD = "90"
# "All time" makes no previous period to compare with: the dashboards offer presets.
DASHBOARD_PERIODS = [choice for choice in PERIOD_CHOICES if choice[0] != "all"]
MAX_DAYS = 3 * 366


def manager_location_ids(membership: Membership) -> tuple[int, ...] | None:
    """The locations a viewer's dashboard covers: a manager's own location if set,
    otherwise the whole organization (None); the rule is accounts.selectors.visibility."""
    return visible_location_ids(membership)


def preset_bounds(period: str) -> tuple[date, date]:
    """The first and last day of a preset period: "Last 90 days" is today and the 89
    days before, in the current time zone."""
    today = timezone.localdate()
    return today - timedelta(days=PRESET_DAYS[period] - 1), today


class DashboardFilterForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"),
        choices=DASHBOARD_PERIODS,
        required=False,
        error_messages={"invalid_choice": _("Choose a period from the list.")},
    )
    date_from = _date_field(_("From"))
    date_to = _date_field(_("To"))
    location = forms.ModelChoiceField(
        label=_("Location"),
        queryset=None,
        required=False,
        empty_label=_("All locations"),
        error_messages={"invalid_choice": _("Choose one of your locations.")},
    )
    journey = forms.ModelChoiceField(
        label=_("Journey"),
        queryset=None,
        required=False,
        empty_label=_("All journeys"),
        error_messages={"invalid_choice": _("Choose a journey of your organization.")},
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", _("All channels")), *Channel.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a channel from the list.")},
    )

    # The longest custom period, also checked in the browser (static/js/period_filters.js).
    max_days = MAX_DAYS

    def __init__(self, data=None, *args, membership: Membership, **kwargs):
        if data is not None and not data.get("period"):
            data = data.copy()
            has_dates = data.get("date_from") or data.get("date_to")
            data["period"] = CUSTOM if has_dates else DEFAULT_PERIOD
        if data is not None and data.get("period") in PRESET_DAYS:
            # The dates show the preset's bounds: choosing "Custom dates" then starts from
            # the period on screen (without JavaScript too, where the button applies).
            data = data.copy()
            start, end = preset_bounds(data["period"])
            data["date_from"], data["date_to"] = start.strftime(ISO_DATE), end.strftime(ISO_DATE)
        super().__init__(data, *args, **kwargs)
        self.membership = membership
        organization = membership.organization
        locations = locations_for(organization)
        allowed = manager_location_ids(membership)
        if allowed is not None:
            locations = locations.filter(pk__in=allowed)
        self.fields["location"].queryset = locations
        self.fields["journey"].queryset = journeys_for(organization)

    def clean(self) -> dict:
        data = super().clean()
        period = data.get("period") or DEFAULT_PERIOD
        data["period"] = period
        today = timezone.localdate()
        if period in PRESET_DAYS:
            data["date_from"], data["date_to"] = preset_bounds(period)
        else:
            start, end = data.get("date_from"), data.get("date_to")
            if not start and not end:
                self.add_error("date_from", _("Choose a start date, an end date or both."))
                return data
            end = end or today
            start = start or end - timedelta(days=PRESET_DAYS[DEFAULT_PERIOD] - 1)
            if start > end:
                self.add_error("date_to", _("The end date is before the start date."))
            elif (end - start).days > MAX_DAYS:
                self.add_error("date_to", _("Choose a period of at most three years."))
            data["date_from"], data["date_to"] = start, end
        return data

    def scope(self) -> Scope:
        """The selectors' scope for the valid form, within what the viewer may see."""
        data = self.cleaned_data
        membership = self.membership
        location_ids = manager_location_ids(membership)
        if data.get("location"):
            location_ids = (data["location"].pk,)
        return Scope(
            organization_id=membership.organization_id,
            date_from=data["date_from"],
            date_to=data["date_to"],
            location_ids=location_ids,
            consultant_id=membership.pk if membership.role == Role.STAFF else None,
            journey_id=data["journey"].pk if data.get("journey") else None,
            channel=data.get("channel") or None,
        )

    def query(self) -> str:
        """The filters as a query string (for export links and the pushed URL)."""
        data = self.cleaned_data
        params: dict[str, str] = {"period": data["period"]}
        if data["period"] == CUSTOM:
            params["date_from"] = data["date_from"].strftime(ISO_DATE)
            params["date_to"] = data["date_to"].strftime(ISO_DATE)
        for name in ("location", "journey"):
            if data.get(name):
                params[name] = str(data[name].pk)
        if data.get("channel"):
            params["channel"] = data["channel"]
        return urlencode(params)

    def summary(self) -> list[str]:
        """What the figures cover, in words: on screen and on paper."""
        data = self.cleaned_data
        if data["period"] == CUSTOM:
            period = gettext("From %(start)s to %(end)s") % {
                "start": data["date_from"].isoformat(),
                "end": data["date_to"].isoformat(),
            }
        else:
            period = str(dict(PERIOD_CHOICES)[data["period"]])
        location = data.get("location")
        allowed = manager_location_ids(self.membership)
        if location:
            where = location.name
        elif allowed:
            where = self.fields["location"].queryset.first().name
        else:
            where = gettext("all locations")
        parts = [period, where]
        if data.get("journey"):
            parts.append(data["journey"].name)
        if data.get("channel"):
            parts.append(str(dict(Channel.choices)[data["channel"]]))
        return parts
