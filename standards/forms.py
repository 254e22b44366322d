from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import BehaviourKind
from .models import Behaviour, StandardsVersion

TEXT_MAX = Behaviour._meta.get_field("text").max_length
EXAMPLE_MAX = Behaviour._meta.get_field("example").max_length
NOTE_MAX = StandardsVersion._meta.get_field("note").max_length


class BehaviourForm(forms.Form):
    """Add or edit one behaviour; the service checks the rest (length, kind) again."""

    kind = forms.ChoiceField(
        label=_("Tier"),
        choices=BehaviourKind.choices,
        initial=BehaviourKind.IRON,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Behaviour"),
        max_length=TEXT_MAX,
        help_text=_("One observable action, e.g. “Greet the guest within two minutes”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    example = forms.CharField(
        label=_("What it looks like"),
        max_length=EXAMPLE_MAX,
        required=False,
        help_text=_("Optional: the words or gesture a customer would notice."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PublishForm(forms.Form):
    note = forms.CharField(
        label=_("Note for staff"),
        max_length=NOTE_MAX,
        required=False,
        help_text=_("Optional: why these standards changed, in one sentence."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
