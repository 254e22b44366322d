import django_filters

from common.api.filters import IdFilter, StrictBooleanFilter, StrictChoiceFilter

from ..choices import BehaviourKind
from ..models import Behaviour, StandardsVersion


class BehaviourFilterSet(django_filters.FilterSet):
    moment = IdFilter(field_name="moment", help_text="Behaviours of this moment.")
    kind = StrictChoiceFilter(choices=BehaviourKind.choices, help_text="iron or master.")

    class Meta:
        model = Behaviour
        fields = ["moment", "kind"]


class StandardsVersionFilterSet(django_filters.FilterSet):
    journey = IdFilter(
        field_name="journey",
        help_text="Versions of this journey (versions of all journeys are not included).",
    )
    all_journeys = StrictBooleanFilter(
        field_name="all_journeys", help_text="true: only versions published for all journeys."
    )

    class Meta:
        model = StandardsVersion
        fields = ["journey", "all_journeys"]
