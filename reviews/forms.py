"""Forms of the reviews pages. Every choice of a consultant, location or moment comes from
the request's organization only, so a foreign id is "not a valid choice" (400) before a
service is even called; the services check the same rules again."""

import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Location, Membership, Organization
from accounts.selectors import locations_for, staff_for
from standards.models import Behaviour
from touchpoints.models import Moment
from touchpoints.selectors import moments_for
from touchpoints.translation import translated

from .choices import ItemResult, ReviewKind
from .models import Review, ReviewItem

NOTE_MAX = Review._meta.get_field("coaching_note").max_length
ITEM_NOTE_MAX = ReviewItem._meta.get_field("note").max_length
REF_MAX = Review._meta.get_field("interaction_ref").max_length
TOKEN_MAX = Review._meta.get_field("client_token").max_length
DATETIME_INPUT = "%Y-%m-%dT%H:%M"


class ConsultantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        details = [value for value in (obj.employee_code, str(obj.location or "")) if value]
        if details:
            return _("%(name)s (%(details)s)") % {
                "name": obj.display_name,
                "details": ", ".join(details),
            }
        return obj.display_name


class MomentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Moment) -> str:
        # The moment in the reviewer's language (touchpoints.translation).
        path = f"{obj.touchpoint.journey.name} › {obj.touchpoint.name} › {translated(obj, 'name')}"
        if obj.is_critical:
            return _("%(moment)s · moment of truth") % {"moment": path}
        return path


class ZoneSelect(forms.Select):
    """A select whose options carry the time zone of their place (data-zone), so the page
    can say on which clock the interaction time is typed as soon as a choice is made."""

    def __init__(self, *args, zone_of, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone_of = zone_of

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        instance = getattr(value, "instance", None)
        if instance is not None and (zone := self.zone_of(instance)):
            option["attrs"]["data-zone"] = zone
        return option


class WallClockDateTimeField(forms.DateTimeField):
    """A date and time as read on a wall clock, kept naive: the form knows the clock (the
    location's zone) only once the location is chosen, and Django's own field would read
    it on the viewer's clock and refuse a time that only the viewer's zone skips."""

    def to_python(self, value):
        if isinstance(value, datetime):
            return value
        with timezone.override(UTC):  # a fixed clock: no gap, no repeat, then made naive
            parsed = super().to_python(value)
        return timezone.make_naive(parsed, UTC) if parsed is not None else None

    def prepare_value(self, value):
        return value  # the initial value is already the wall-clock time to show


def on_wall_clock(naive: datetime, zone: ZoneInfo) -> datetime:
    """The aware datetime a clock in `zone` showed as `naive`.

    A time the clocks skipped (02:30 on the last Sunday of March in Warsaw) is refused,
    since nobody saw it. A time the clocks showed twice (02:30 on the last Sunday of
    October) is taken as the first of the two, still on summer time: the earlier reading is
    what a reviewer writing it down straight after the interaction saw first, and the
    review page shows the zone's abbreviation (CEST or CET) so the choice is visible.
    """
    aware = naive.replace(tzinfo=zone, fold=0)
    round_trip = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != naive:
        raise forms.ValidationError(
            _(
                "%(when)s did not exist in %(zone)s: the clocks moved forward an hour "
                "that night. Check the time."
            ),
            code="nonexistent_time",
            params={"when": formats.date_format(naive, "SHORT_DATETIME_FORMAT"), "zone": zone},
        )
    return aware


def _client_token() -> str:
    return uuid.uuid4().hex


class ReviewForm(forms.Form):
    """Open an observation, a mystery shop or a call review of a named consultant."""

    kind = forms.ChoiceField(
        label=_("Kind of review"),
        choices=[(value, label) for value, label in ReviewKind.choices if value != ReviewKind.SELF],
        initial=ReviewKind.OBSERVATION,
        widget=forms.RadioSelect,
    )
    consultant = ConsultantChoiceField(
        label=_("Consultant"),
        queryset=Membership.objects.none(),
        empty_label=_("Choose…"),
        widget=ZoneSelect(
            zone_of=lambda member: member.location.time_zone if member.location_id else ""
        ),
    )
    location = forms.ModelChoiceField(
        label=_("Location"),
        queryset=Location.objects.none(),
        required=False,
        empty_label=_("The consultant's location"),
        widget=ZoneSelect(zone_of=lambda location: location.time_zone),
    )
    moments = MomentChoiceField(
        label=_("Moments"),
        queryset=Moment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One or more: you score the behaviours of each."),
    )
    occurred_at = WallClockDateTimeField(
        label=_("Date and time of the interaction"),
        input_formats=[DATETIME_INPUT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "data-wall-clock": ""}, format=DATETIME_INPUT
        ),
        help_text=_("Local time at the location:"),
    )
    interaction_ref = forms.CharField(
        label=_("Interaction reference"),
        max_length=REF_MAX,
        required=False,
        help_text=_(
            "Optional: a call id or receipt number, so a survey answer can be matched later."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    # A fresh token per rendered form: a double click or a retried request opens one draft.
    client_token = forms.CharField(max_length=TOKEN_MAX, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, organization: Organization, reviewer: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        consultants = staff_for(organization).exclude(pk=reviewer.pk)
        locations = locations_for(organization)
        self.fields["consultant"].queryset = consultants
        self.fields["location"].queryset = locations
        # A moment without behaviours has nothing to score: it is not offered, and the page
        # names it so the manager knows why it is missing.
        with_behaviours = Exists(Behaviour.objects.active().filter(moment=OuterRef("pk")))
        moments = (
            moments_for(organization)
            .annotate(scorable=with_behaviours)
            .order_by("touchpoint__journey__order", "touchpoint__order", "order", "id")
        )
        self.fields["moments"].queryset = moments.filter(scorable=True)
        self.unscorable_moments = moments.filter(scorable=False)
        # The clock the time is typed on until a location is chosen: the preselected
        # place's, else the reviewer's own.
        self.zone = reviewer.zone
        place = self._preselected(locations, "location") or getattr(
            self._preselected(consultants, "consultant"), "location", None
        )
        if place is not None:
            self.zone = ZoneInfo(place.time_zone)
        if self.is_bound:
            # What the reviewer sent back stays as typed when the place changes (app.js).
            self.fields["occurred_at"].widget.attrs["data-typed"] = "1"
        else:
            self.initial.setdefault("client_token", _client_token())
            self.initial.setdefault(
                "occurred_at",
                timezone.localtime(timezone=self.zone).replace(
                    second=0, microsecond=0, tzinfo=None
                ),
            )

    def _preselected(self, queryset, name: str):
        value = self.data.get(name) if self.is_bound else self.initial.get(name)
        if not value:
            return None
        try:
            return queryset.filter(pk=int(getattr(value, "pk", value))).first()
        except (TypeError, ValueError):
            return None

    def clean(self):
        data = super().clean()
        consultant = data.get("consultant")
        if consultant is not None and data.get("location") is None:
            if consultant.location is None:
                self.add_error("location", _("Choose the location where it happened."))
            else:
                data["location"] = consultant.location
        when, location = data.get("occurred_at"), data.get("location")
        if when is not None and location is not None:
            # The reviewer types the time as it was on the clock at that location.
            try:
                data["occurred_at"] = on_wall_clock(when, ZoneInfo(location.time_zone))
            except forms.ValidationError as error:
                self.add_error("occurred_at", error)
        elif when is not None:
            data.pop("occurred_at")  # no clock to read it on: the location's error says why
        return data


class SelfReviewForm(forms.Form):
    """Start a self-review of a moment: one tap; the location only if the consultant has none."""

    location = forms.ModelChoiceField(
        label=_("Where"), queryset=Location.objects.none(), required=False
    )
    client_token = forms.CharField(max_length=TOKEN_MAX, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations_for(organization)


class ScoreForm(forms.Form):
    """One behaviour of a draft: met, not met or not applicable, with an optional note."""

    result = forms.ChoiceField(
        label=_("Result"),
        choices=ItemResult.choices,
        error_messages={"required": _("Choose met, not met or not applicable.")},
    )
    note = forms.CharField(label=_("Note"), max_length=ITEM_NOTE_MAX, required=False)


class NoteForm(forms.Form):
    coaching_note = forms.CharField(
        label=_("Coaching note"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ReviewFilterForm(forms.Form):
    """The filters of the review list; staff only filter their own reviews by kind and status."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *ReviewKind.choices], required=False
    )
    consultant = ConsultantChoiceField(
        label=_("Consultant"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("All consultants"),
    )
    location = forms.ModelChoiceField(
        label=_("Location"),
        queryset=Location.objects.none(),
        required=False,
        empty_label=_("All locations"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", _("Any status")),
            # The values are those of selectors.LIST_STATUSES.
            ("draft", _("Drafts")),
            ("submitted", _("Submitted")),
            ("corrected", _("Corrected by a newer review")),
            ("to_acknowledge", _("Not acknowledged yet")),
        ],
        required=False,
    )

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        if membership.is_staff_member:
            del self.fields["consultant"], self.fields["location"]
        else:
            self.fields["consultant"].queryset = staff_for(membership.organization)
            self.fields["location"].queryset = locations_for(membership.organization)

    def filters(self) -> dict:
        """Keyword arguments for selectors.review_list_for."""
        data = self.cleaned_data
        return {
            "kind": data.get("kind", ""),
            "status": data.get("status", ""),
            "consultant_id": data["consultant"].pk if data.get("consultant") else None,
            "location_id": data["location"].pk if data.get("location") else None,
        }
