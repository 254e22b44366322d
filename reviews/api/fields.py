"""Named enums of the reviews API. The strict dates and numbers live in common/api/dates.py."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent

from common.api.fields import StrictChoiceField
from standards.choices import BehaviourKind

from ..choices import ReviewKind


class NamedEnumField(StrictChoiceField):
    """A strict choice field whose enum is its own named schema component.

    drf-spectacular names enums after the field (`KindEnum`); review kinds and behaviour
    tiers are both called `kind`, so the automatic names would collide.
    """

    enum_name = ""
    enum_choices: list[tuple[str, str]] = []
    enum_description = ""

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", self.enum_choices)
        super().__init__(**kwargs)


class ReviewKindField(NamedEnumField):
    enum_name = "ReviewKindEnum"
    enum_choices = ReviewKind.choices
    enum_description = (
        "`self` (self-review), `observation`, `mystery_shop` (mystery shopping) or `call_review`."
    )


class BehaviourKindField(NamedEnumField):
    enum_name = "BehaviourTierEnum"
    enum_choices = BehaviourKind.choices
    enum_description = (
        "`iron` (the baseline: without it the customer is dissatisfied) or `master` "
        "(it makes the experience remarkable)."
    )


class NamedEnumScheme(OpenApiSerializerFieldExtension):
    target_class = NamedEnumField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        component = ResolvedComponent(
            name=field.enum_name,
            type=ResolvedComponent.SCHEMA,
            object=field.enum_name,
            schema={
                "type": "string",
                "enum": [value for value, _label in field.enum_choices],
                "description": field.enum_description,
            },
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref
