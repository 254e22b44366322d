"""Dashboard filters, read from the query string so a filtered view can be shared.

The period is a preset (default: the last 90 days, so the change vs the previous period
means something) or custom dates. `scope_for()` turns the valid form into a selector
`Scope` and pins what the viewer may see: a manager with a location sees that location,
staff see themselves.
"""

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from accounts.models import Membership
from accounts.selectors import locations_for, visible_location_ids
from common.periods import CUSTOM, ISO_DATE, PERIOD_LABELS, PeriodForm
from touchpoints.choices import Channel
from touchpoints.selectors import journeys_for

from .selectors import Scope

MAX_DAYS = 3 * 366


def manager_location_ids(membership: Membership) -> tuple[int, ...] | None:
    """The locations a viewer's dashboard covers: a manager's own location if set,
    otherwise the whole organization (None); the rule is accounts.selectors.visibility."""
    return visible_location_ids(membership)


class DashboardFilterForm(PeriodForm):
    # Closed presets, default the last 90 days, so the change vs the previous period
    # means something.
    all_time = False
    closed = True
    default = "90"
    max_days = MAX_DAYS

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

    def __init__(self, data=None, *args, membership: Membership, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.membership = membership
        organization = membership.organization
        locations = locations_for(organization)
        allowed = manager_location_ids(membership)
        if allowed is not None:
            locations = locations.filter(pk__in=allowed)
        self.fields["location"].queryset = locations
        self.fields["journey"].queryset = journeys_for(organization)

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
            period = str(PERIOD_LABELS[data["period"]])
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
