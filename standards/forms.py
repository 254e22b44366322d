from django import forms
from django.db.models import TextField
from django.utils.translation import gettext_lazy as _

from .choices import BehaviourKind
from .models import Behaviour, StandardsVersion
from .translations import field_key

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


class TranslationSheetForm(forms.Form):
    """One field per translatable field of each item on a journey's translation sheet,
    as long as the original may be; empty means "not translated" (the original shows)."""

    def __init__(self, data=None, *, sheet: dict, language: str):
        super().__init__(data)
        items = list(sheet["notes"])
        for touchpoint in sheet["touchpoints"]:
            for moment in touchpoint["moments"]:
                items += [moment["item"], *moment["behaviours"]]
        for item in items:
            item.bound_fields = []
            for name in item.fields:
                key = field_key(item.kind, item.obj.pk, name)
                model_field = item.obj._meta.get_field(name)
                self.fields[key] = forms.CharField(
                    label=model_field.verbose_name,
                    max_length=model_field.max_length,
                    required=False,
                    initial=((item.obj.translations or {}).get(language) or {}).get(name, ""),
                    widget=forms.Textarea(attrs={"rows": 2, "lang": language})
                    if isinstance(model_field, TextField) or name in ("text", "example")
                    else forms.TextInput(attrs={"lang": language, "autocomplete": "off"}),
                )
                item.bound_fields.append((getattr(item.obj, name), self[key]))
