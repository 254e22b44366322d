from django import forms
from django.db.models import TextField
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from touchpoints.models import Journey
from touchpoints.translation import language_name, outdated_translation

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

    def __init__(self, *args, languages: tuple[str, ...] | list[str] = (), **kwargs):
        """`languages`: the organization's translation languages; each gets a field for
        the behaviour and one for its example (empty = staff read the original)."""
        super().__init__(*args, **kwargs)
        self.languages = list(languages)
        for code in self.languages:
            name = language_name(code)
            self.fields[f"text_{code}"] = forms.CharField(
                label=_("Behaviour in %(language)s") % {"language": name},
                max_length=TEXT_MAX,
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "off", "lang": code}),
            )
            self.fields[f"example_{code}"] = forms.CharField(
                label=_("What it looks like in %(language)s") % {"language": name},
                max_length=EXAMPLE_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "lang": code}),
            )

    def clean(self):
        """The translation fields become `translations` ({"ro": {"text", "example"}}),
        the shape the services take."""
        cleaned = super().clean()
        translations = {}
        for code in self.languages:
            translations[code] = {}
            for name in ("text", "example"):
                value = cleaned.pop(f"{name}_{code}", "") or ""
                original_changed = " ".join((cleaned.get(name) or "").split()) != " ".join(
                    (self.initial.get(name) or "").split()
                )
                if original_changed and value == (self.initial.get(f"{name}_{code}") or ""):
                    # The original changed and its translation was left as it was: the
                    # service sets it aside as outdated rather than keep it current.
                    continue
                translations[code][name] = value
        if self.languages:
            cleaned["translations"] = translations
        return cleaned

    @staticmethod
    def translation_initial(behaviour: Behaviour, languages) -> dict[str, str]:
        initial = {}
        for code in languages:
            values = (behaviour.translations or {}).get(code) or {}
            initial[f"text_{code}"] = values.get("text", "")
            initial[f"example_{code}"] = values.get("example", "")
        return initial


class PublishForm(forms.Form):
    """What to publish: one journey's standards, or all of them, and a note for staff."""

    journey = forms.ModelChoiceField(
        label=_("Standards of"),
        queryset=Journey.objects.none(),
        required=False,
        empty_label=_("All journeys"),
        help_text=_("Staff are asked to confirm only the journeys that apply at their location."),
    )
    note = forms.CharField(
        label=_("Note for staff"),
        max_length=NOTE_MAX,
        required=False,
        help_text=_("Optional: why these standards changed, in one sentence."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, data=None, *, organization, counts: dict[int, int] | None = None, **kw):
        super().__init__(data, **kw)
        field = self.fields["journey"]
        field.queryset = Journey.objects.filter(organization=organization).order_by("order", "id")
        if counts is not None:
            # The manager sees at once which journeys have something to publish.
            field.label_from_instance = lambda journey: _journey_choice(journey, counts)


def _journey_choice(journey: Journey, counts: dict[int, int]) -> str:
    count = counts.get(journey.pk, 0)
    if not count:
        return _("%(journey)s (no changes)") % {"journey": journey.name}
    return ngettext("%(journey)s (%(count)d change)", "%(journey)s (%(count)d changes)", count) % {
        "journey": journey.name,
        "count": count,
    }


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
                item.bound_fields.append(
                    (
                        getattr(item.obj, name),
                        self[key],
                        outdated_translation(item.obj, name, language),
                    )
                )
