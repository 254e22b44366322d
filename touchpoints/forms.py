"""Forms for the journey map: they parse input, the services decide what is valid."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Location

from .choices import Channel
from .models import NAME_MAX, TEXT_MAX, Moment

PRICELESS_MAX = 500


def name_field(help_text: str = "") -> forms.CharField:
    # CharField strips, so a name of spaces only fails as "required".
    return forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX,
        help_text=help_text,
        error_messages={"required": _("Give it a name.")},
    )


def text_field(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class JourneyForm(forms.Form):
    name = name_field(_("For example “Dinner at the restaurant” or “Opening an account”."))
    description = text_field(_("Description"))

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organization is not None:
            # Editing: where the journey applies decides whose standards it is.
            self.fields["locations"] = forms.ModelMultipleChoiceField(
                label=_("Locations"),
                queryset=Location.objects.filter(organization=organization).order_by("name"),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_(
                    "Where this journey happens. Its published standards are asked only of "
                    "the staff there. Tick none if it applies at every location."
                ),
            )


class TouchpointForm(forms.Form):
    name = name_field(_("For example “Ordering” or “Paying”."))
    stage = forms.CharField(
        label=_("Stage"),
        max_length=NAME_MAX,
        required=False,
        help_text=_("Optional, for example “Before the visit”."),
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=Channel.choices, initial=Channel.IN_PERSON
    )


class MomentForm(forms.Form):
    name = name_field(_("A situation, for example “Taking the order”."))
    customer_expectation = text_field(_("What the customer expects"))
    customer_feeling = text_field(_("What the customer feels"))
    is_critical = forms.BooleanField(
        label=_("Moment of truth"),
        required=False,
        help_text=_("A critical moment: it decides whether the customer comes back."),
    )


class PricelessNoteForm(forms.Form):
    text = forms.CharField(
        label=_("What customers find priceless"),
        max_length=PRICELESS_MAX,
        help_text=_("Why they come back, in their own words."),
        error_messages={"required": _("Write what customers find priceless.")},
    )


# The map shows many forms at once; a prefix of ids per object keeps labels unique.


def touchpoint_form(data=None, *, touchpoint=None, initial=None) -> TouchpointForm:
    key = f"tp{touchpoint.pk}" if touchpoint else "tpnew"
    return TouchpointForm(data, initial=initial, auto_id=f"id_{key}_%s")


def moment_form(data=None, *, touchpoint=None, moment=None, initial=None) -> MomentForm:
    key = f"m{moment.pk}" if moment else f"newm{touchpoint.pk}"
    return MomentForm(data, initial=initial, auto_id=f"id_{key}_%s")


def focus(form: forms.Form, field: str = "name") -> forms.Form:
    """Put the keyboard in the first field of a form that opens in place."""
    form.fields[field].widget.attrs["autofocus"] = True
    return form


class MomentChoiceField(forms.ModelChoiceField):
    """One of the organization's moments, named with its touchpoint."""

    def label_from_instance(self, obj: Moment) -> str:
        return f"{obj.touchpoint.name} › {obj.name}"
