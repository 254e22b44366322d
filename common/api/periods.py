"""`from` and `to`: the one period query of the API's figures.

Both are optional local days (YYYY-MM-DD) and must be in order. They are Python keywords,
so they are declared as `date_from` and `date_to` and renamed for the query string; an
endpoint says what its days are of through `from_help` and `to_help`.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.periods import Period

from .dates import StrictDateField, StrictDateFilter


class PeriodQuery(serializers.Serializer):
    """A query string with `from` and `to` (both optional, in order)."""

    from_help = "On or after this day (YYYY-MM-DD)."
    to_help = "On or before this day (YYYY-MM-DD)."

    date_from = StrictDateField(required=False)
    date_to = StrictDateField(required=False)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("date_from")
        fields["to"] = fields.pop("date_to")
        fields["from"].help_text, fields["to"].help_text = self.from_help, self.to_help
        return fields

    def validate(self, attrs):
        start, end = attrs.get("from"), attrs.get("to")
        if start and end and start > end:
            raise serializers.ValidationError({"to": [_("The end is before the start (from).")]})
        return super().validate(attrs)

    def period(self) -> Period:
        params = self.validated_data
        return Period(start=params.get("from"), end=params.get("to"))


def period_filters(filterset: type, *, start: dict, end: dict) -> None:
    """`from` and `to` on a list's FilterSet (keywords, so not class attributes there):
    `start` and `end` are each filter's arguments (field and lookup, or method; help)."""
    filterset.base_filters["from"] = StrictDateFilter(**start)
    filterset.base_filters["to"] = StrictDateFilter(**end)
