import django_filters

from common.api.filters import IdFilter, StrictBooleanFilter

from ..models import Moment, Touchpoint


class TouchpointFilterSet(django_filters.FilterSet):
    journey = IdFilter(field_name="journey", help_text="Touchpoints of this journey.")

    class Meta:
        model = Touchpoint
        fields = ["journey"]


class MomentFilterSet(django_filters.FilterSet):
    touchpoint = IdFilter(field_name="touchpoint", help_text="Moments at this touchpoint.")
    journey = IdFilter(field_name="touchpoint__journey", help_text="Moments on this journey.")
    is_critical = StrictBooleanFilter(
        field_name="is_critical", help_text="Only moments of truth (true) or only the others."
    )

    class Meta:
        model = Moment
        fields = ["touchpoint", "journey", "is_critical"]
