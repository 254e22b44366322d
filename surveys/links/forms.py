"""Forms of the link pages: one link, or one per consultant of a location.

Every choice comes from the request's organization only, so a foreign id is "not a valid
choice" (400) before a service is called; the services check the same rules again."""

from datetime import datetime, tzinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Location, Membership, Organization
from accounts.selectors import locations_for, staff_for
from touchpoints.choices import Channel
from touchpoints.models import Moment, Touchpoint
from touchpoints.selectors import moments_for, touchpoints_for

from ..choices import LinkKind
from ..forms.forms import MomentChoiceField, TouchpointChoiceField
from ..models import SurveyLink

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


class ConsultantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        details = [value for value in (obj.employee_code, str(obj.location or "")) if value]
        if details:
            return f"{obj.display_name} ({', '.join(details)})"
        return obj.display_name


class ExpiryField(forms.DateTimeField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Expires"),
            required=False,
            input_formats=[DATETIME_INPUT, "%Y-%m-%d %H:%M", "%Y-%m-%d"],
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
            help_text=_("Optional. After this date and time the link takes no answers."),
            **kwargs,
        )


class _ZoneMixin:
    """Dates are typed in the manager's local time."""

    zone: tzinfo

    def clean_expires_at(self) -> datetime | None:
        value = self.cleaned_data.get("expires_at")
        if value is None:
            return None
        return timezone.make_aware(timezone.make_naive(value), self.zone)


class LinkForm(_ZoneMixin, forms.Form):
    """One link: who and what its answers are credited to."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=LinkKind.choices,
        initial=LinkKind.SINGLE,
        widget=forms.RadioSelect,
        help_text=_(
            "Single-use: one answer (a receipt, a message to one customer). "
            "Reusable: a QR code on a table or desk."
        ),
    )
    consultant = ConsultantChoiceField(
        label=_("Consultant"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("Nobody in particular"),
    )
    location = forms.ModelChoiceField(
        label=_("Location"),
        queryset=Location.objects.none(),
        required=False,
        empty_label=_("The consultant's location"),
    )
    touchpoint = TouchpointChoiceField(
        label=_("Touchpoint"),
        queryset=Touchpoint.objects.none(),
        required=False,
        empty_label=_("From the survey"),
    )
    moment = MomentChoiceField(
        label=_("Moment"),
        queryset=Moment.objects.none(),
        required=False,
        empty_label=_("From the survey"),
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", _("From the touchpoint")), *Channel.choices],
        required=False,
    )
    expires_at = ExpiryField()
    label = forms.CharField(
        label=_("Label"),
        max_length=SurveyLink._meta.get_field("label").max_length,
        required=False,
        help_text=_("Optional, for you: e.g. “Table 4” or “Receipt printer”."),
    )

    def __init__(self, *args, organization: Organization, zone: tzinfo, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.fields["consultant"].queryset = staff_for(organization)
        self.fields["location"].queryset = locations_for(organization)
        self.fields["touchpoint"].queryset = touchpoints_for(organization)
        self.fields["moment"].queryset = moments_for(organization)


class BulkLinksForm(_ZoneMixin, forms.Form):
    """One link per consultant of a location, e.g. a QR code for every desk."""

    location = forms.ModelChoiceField(
        label=_("Location"), queryset=Location.objects.none(), empty_label=_("Choose…")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=LinkKind.choices, initial=LinkKind.REUSABLE)
    expires_at = ExpiryField()

    def __init__(self, *args, organization: Organization, zone: tzinfo, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.fields["location"].queryset = locations_for(organization)
        self.fields["location"].widget.attrs["id"] = "id_bulk_location"
        self.fields["kind"].widget.attrs["id"] = "id_bulk_kind"
        self.fields["expires_at"].widget.attrs["id"] = "id_bulk_expires_at"
