"""Query-string filters that reject what the schema does not allow, instead of ignoring it."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ChoiceField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .fields import MAX_ID


class RejectEmpty:
    """`?kind=` is neither a kind nor "no filter": leave the parameter out instead."""

    def clean(self, value):
        if value == "":
            raise forms.ValidationError(
                _("Give a value, or leave the parameter out."), code="empty"
            )
        return super().clean(value)


class StrictIntegerFormField(RejectEmpty, forms.IntegerField):
    """Digits only: Django's IntegerField would also take "1.0"."""

    def to_python(self, value):
        value = value.strip() if isinstance(value, str) else value
        if value not in self.empty_values and not (
            isinstance(value, str) and value.lstrip("-").isascii() and value.lstrip("-").isdigit()
        ):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """A parent's id. Another organization's id finds nothing, like an id that does not
    exist: the list is already limited to the caller's organization."""

    field_class = StrictIntegerFormField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class StrictBooleanFormField(RejectEmpty, forms.TypedChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        kwargs["coerce"] = lambda value: value == "true"
        kwargs["empty_value"] = None
        super().__init__(**kwargs)


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.Filter):
    """`true` or `false`; anything else is a 400 rather than "no filter"."""

    field_class = StrictBooleanFormField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _("true or false"))
        super().__init__(*args, **kwargs)


class StrictChoiceFormField(RejectEmpty, ChoiceField):
    pass


class StrictChoiceFilter(django_filters.ChoiceFilter):
    """One of the choices; an empty value is a 400, not "no filter"."""

    field_class = StrictChoiceFormField


class ExactTextFormField(RejectEmpty, forms.CharField):
    def __init__(self, **kwargs):
        # As sent: " E001" is not the code "E001".
        kwargs["strip"] = False
        super().__init__(**kwargs)


def exact_text_filter(field_name: str, max_length: int, help_text: str):
    """An exact code or reference (an employee code, a location's code, a receipt number).
    Another organization's code, like an unknown one, finds nothing: the list is already
    the caller's organization's."""

    @extend_schema_field(
        {"type": "string", "minLength": 1, "maxLength": max_length, "pattern": r"^[^\u0000]+$"}
    )
    class ExactTextFilter(django_filters.CharFilter):
        field_class = ExactTextFormField

    return ExactTextFilter(field_name=field_name, max_length=max_length, help_text=help_text)
