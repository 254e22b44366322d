import django_filters

from accounts.api.filters import IdFilter, StrictChoiceFilter

from ..choices import BehaviourKind
from ..models import Behaviour


class BehaviourFilterSet(django_filters.FilterSet):
    moment = IdFilter(field_name="moment", help_text="Behaviours of this moment.")
    kind = StrictChoiceFilter(choices=BehaviourKind.choices, help_text="iron or master.")

    class Meta:
        model = Behaviour
        fields = ["moment", "kind"]
