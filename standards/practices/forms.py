"""Forms for competitor practices and best practices; the services check the rules again."""

from uuid import uuid4

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership
from accounts.selectors import staff_for
from common.periods import DateInput
from touchpoints.forms import MomentChoiceField
from touchpoints.selectors import moments_for_filter

from ..models import Behaviour, BestPractice, CompetitorPractice
from ..selectors import behaviours_for

PHOTO_MAX_BYTES = 5 * 1024 * 1024
# Pillow's format name → the extension the stored file gets.
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]


def _max_length(model, field: str) -> int:
    return model._meta.get_field(field).max_length


class PhotoField(forms.ImageField):
    """A JPEG, PNG or WebP image of at most 5 MB, stored under a random name.

    The size is checked before Pillow opens the file. The random name keeps whatever the
    user's file was called (a name, a place) out of the URL.
    """

    default_error_messages = {
        "invalid_image": _(
            "This file is not a photo we can use. Upload a JPEG, PNG or WebP image."
        ),
        "too_large": _("The photo is %(size)s; it can be at most 5 MB."),
    }

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = "image/jpeg,image/png,image/webp"
        return attrs

    def to_python(self, data):
        if data in self.empty_values:
            return None
        size = getattr(data, "size", 0) or 0
        if size > PHOTO_MAX_BYTES:
            raise ValidationError(
                self.error_messages["too_large"],
                code="too_large",
                params={"size": filesizeformat(size)},
            )
        photo = super().to_python(data)
        extension = PHOTO_FORMATS.get(photo.image.format)
        if extension is None:
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image")
        photo.name = f"{uuid4().hex}.{extension}"
        return photo


class CompetitorPracticeForm(forms.Form):
    """What a competitor, or a leader of another industry, does at one of our moments."""

    moment = MomentChoiceField(
        label=_("At which of our moments"),
        queryset=None,
        empty_label=_("Choose a moment"),
        error_messages={"invalid_choice": _("Choose a moment of your organization.")},
    )
    competitor = forms.CharField(
        label=_("Who"),
        min_length=2,
        max_length=_max_length(CompetitorPractice, "competitor"),
        help_text=_("A competitor, or a leader of another industry, e.g. a hotel chain."),
    )
    industry = forms.CharField(
        label=_("Industry"),
        required=False,
        max_length=_max_length(CompetitorPractice, "industry"),
    )
    where = forms.CharField(
        label=_("Where"),
        required=False,
        max_length=_max_length(CompetitorPractice, "where"),
        help_text=_("A branch, a city, a website or a phone line."),
    )
    observed_on = forms.DateField(
        label=_("When"),
        input_formats=["%Y-%m-%d"],
        widget=DateInput,
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )
    description = forms.CharField(
        label=_("What they do"),
        min_length=3,
        max_length=_max_length(CompetitorPractice, "description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the customer sees, hears or gets, as concretely as you can."),
    )
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 = poor, 5 = remarkable"),
        error_messages={"invalid_choice": _("Choose a rating from 1 to 5.")},
    )
    photo = PhotoField(
        label=_("Photo"),
        required=False,
        help_text=_("Optional: a JPEG, PNG or WebP image of at most 5 MB."),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["moment"].queryset = moments_for_filter(organization.pk)


class ConsultantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return obj.display_name


class BehaviourChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Behaviour) -> str:
        return f"{obj.moment.name} · {obj.get_kind_display()}: {obj.text}"


class BestPracticeForm(forms.Form):
    """What a top consultant does differently at a moment."""

    consultant = ConsultantChoiceField(
        label=_("Consultant"),
        queryset=None,
        empty_label=_("Choose a consultant"),
        error_messages={"invalid_choice": _("Choose a consultant of your organization.")},
    )
    moment = MomentChoiceField(
        label=_("Moment"),
        queryset=None,
        empty_label=_("Choose a moment"),
        error_messages={"invalid_choice": _("Choose a moment of your organization.")},
    )
    description = forms.CharField(
        label=_("What they do differently"),
        min_length=3,
        max_length=_max_length(BestPractice, "description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Start with one sentence that could become a master behaviour, e.g. “Refers to "
            "the customer's past purchases”. Details and examples can follow on new lines."
        ),
    )
    behaviours = BehaviourChoiceField(
        label=_("Related behaviours"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional: behaviours of the same moment that this practice goes beyond."),
        error_messages={"invalid_choice": _("Choose behaviours of your organization.")},
    )

    def __init__(self, *args, organization, moment_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = staff_for(organization)
        self.fields["moment"].queryset = moments_for_filter(organization.pk)
        behaviours = behaviours_for(organization).order_by(
            "moment__touchpoint__journey__order",
            "moment__touchpoint__order",
            "moment__order",
            "moment_id",
            "kind",
            "order",
            "id",
        )
        if moment_id and not self.is_bound:
            # Opened from a moment: offer only its behaviours. A posted form accepts any
            # of the organization's, so the service can say why another moment's is wrong.
            behaviours = behaviours.filter(moment_id=moment_id)
        self.fields["behaviours"].queryset = behaviours
