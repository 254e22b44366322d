"""Forms of the response pages: the filters of the response list and exports, and the CSV
upload of an import.

Filters travel in the query string with ISO dates (YYYY-MM-DD) whatever the language, so a
filtered list can be bookmarked, shared and exported with the same URL parameters. Every
choice of a location, consultant or survey comes from the request's organization only: a
foreign id is "not a valid choice" (400).
"""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from accounts.models import Membership, Organization
from accounts.selectors import locations_for, members_for
from common.periods import ALL_TIME, CUSTOM, STANDARD_PRESETS, Period, PeriodForm

from ..choices import SURVEY_LANGUAGES, Metric, ScoreBand, Source
from ..forms.selectors import surveys_for
from ..models import LANGUAGE_CHOICES
from .selectors import ResponseFilter

YES, NO = "yes", "no"


def _choice(label, choices, everything, message) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", everything), *choices],
        required=False,
        error_messages={"invalid_choice": message},
    )


class ConsultantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        if obj.employee_code:
            return f"{obj.display_name} ({obj.employee_code})"
        return obj.display_name


class ResponseFilterForm(PeriodForm):
    """What the response list (and its exports) shows: period, where, who, which survey,
    metric, score band, comment and language."""

    presets = ("7", *STANDARD_PRESETS)

    location = forms.ModelChoiceField(
        label=_("Location"),
        queryset=None,
        required=False,
        empty_label=_("All locations"),
        error_messages={"invalid_choice": _("Choose a location of your organization.")},
    )
    consultant = ConsultantChoiceField(
        label=_("Consultant"),
        queryset=None,
        required=False,
        empty_label=_("All consultants"),
        error_messages={"invalid_choice": _("Choose a consultant of your organization.")},
    )
    survey = forms.ModelChoiceField(
        label=_("Survey"),
        queryset=None,
        required=False,
        empty_label=_("All surveys"),
        error_messages={"invalid_choice": _("Choose a survey of your organization.")},
    )
    metric = _choice(_("Metric"), Metric.choices, _("All metrics"), _("Choose NPS, CSAT or CES."))
    band = _choice(
        _("Score band"),
        ScoreBand.choices,
        _("All scores"),
        _("Choose promoter, passive or detractor."),
    )
    has_comment = _choice(
        _("Comment"),
        [(YES, _("With a comment")), (NO, _("Without a comment"))],
        _("With or without"),
        _("Choose with or without a comment."),
    )
    language = _choice(
        _("Language"),
        [(code, name) for code, name in LANGUAGE_CHOICES if code in SURVEY_LANGUAGES],
        _("All languages"),
        _("Choose a language from the list."),
    )
    source = _choice(
        _("Source"), Source.choices, _("All sources"), _("Choose a source from the list.")
    )

    def __init__(self, data=None, *args, organization: Organization, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.fields["location"].queryset = locations_for(organization)
        # Former consultants too: their responses stay in the list.
        self.fields["consultant"].queryset = members_for(organization).filter(role=Role.STAFF)
        self.fields["survey"].queryset = surveys_for(organization).order_by("name", "pk")

    def response_filter(self) -> ResponseFilter:
        data = self.cleaned_data

        def pk(name):
            return data[name].pk if data.get(name) else None

        return ResponseFilter(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            metric=data.get("metric") or None,
            location_id=pk("location"),
            consultant_id=pk("consultant"),
            survey_id=pk("survey"),
            band=data.get("band") or None,
            has_comment={YES: True, NO: False}.get(data.get("has_comment")),
            language=data.get("language") or None,
            source=data.get("source") or None,
        )

    @property
    def is_filtered(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(value for name, value in data.items() if name != "period") or (
            data.get("period", ALL_TIME) not in (ALL_TIME, CUSTOM)
        )


def period_query(date_from: date | None, date_to: date | None, **extra: str) -> str:
    """The query string of the response list restricted to a period (e.g. an import's)."""
    return Period(start=date_from, end=date_to).query(**extra)
