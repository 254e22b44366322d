"""Forms of the survey pages, and the choice fields the link form shares.

Every choice of a consultant, location, journey, touchpoint or moment comes from the
request's organization only, so a foreign id is "not a valid choice" (400) before a
service is called; the services check the same rules again."""

from datetime import tzinfo
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Organization
from touchpoints.models import Journey, Moment, Touchpoint
from touchpoints.selectors import journeys_for, moments_for, touchpoints_for

from ..choices import SURVEY_LANGUAGES, Metric
from ..models import LANGUAGE_CHOICES, Survey
from . import services

TEXT_FIELDS = [f"{kind}_{code}" for kind in ("question", "follow_up") for code in SURVEY_LANGUAGES]
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


def member_zone(membership: Membership) -> tzinfo:
    """The time zone a manager types dates in: their location's, else the site's."""
    if membership.location_id:
        return ZoneInfo(membership.location.time_zone)
    return timezone.get_default_timezone()


class TouchpointChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Touchpoint) -> str:
        return f"{obj.journey.name} › {obj.name}"


class MomentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Moment) -> str:
        path = f"{obj.touchpoint.journey.name} › {obj.touchpoint.name} › {obj.name}"
        if obj.is_critical:
            return _("%(moment)s · moment of truth") % {"moment": path}
        return path


def _text_field(kind: str, code: str) -> forms.CharField:
    field = Survey._meta.get_field(f"{kind}_{code}")
    return forms.CharField(
        label=_("Question") if kind == "question" else _("Follow-up question"),
        max_length=field.max_length,
        required=kind == "question" and code == "en",
        # The question wraps over two lines: long ones stay readable in full.
        widget=(
            forms.Textarea(attrs={"lang": code, "rows": 2})
            if kind == "question"
            else forms.TextInput(attrs={"lang": code})
        ),
    )


def texts_for_metric(metric: str, current: dict | None = None) -> dict[str, str]:
    """The question texts after choosing `metric`: its defaults, except where the manager
    already wrote their own words (a text that is no metric's default is kept)."""
    current = current or {}
    defaults = {m: services.default_questions(m) for m in Metric.values}
    texts = {}
    for field in TEXT_FIELDS:
        typed = " ".join((current.get(field) or "").split())
        is_default = any(typed == values[field] for values in defaults.values())
        texts[field] = defaults[metric][field] if not typed or is_default else typed
    return texts


class SurveyForm(forms.Form):
    """A new survey, or a survey reworded; its metric is fixed once it exists."""

    name = forms.CharField(
        label=_("Name"),
        max_length=Survey._meta.get_field("name").max_length,
        help_text=_("For you and your team, e.g. “Dinner NPS, Kraków”. Customers do not see it."),
    )
    metric = forms.ChoiceField(
        label=_("Metric"), choices=Metric.choices, initial=Metric.NPS, widget=forms.RadioSelect
    )
    journey = forms.ModelChoiceField(
        label=_("Journey"),
        queryset=Journey.objects.none(),
        required=False,
        empty_label=_("The whole experience"),
    )
    touchpoint = TouchpointChoiceField(
        label=_("Touchpoint"),
        queryset=Touchpoint.objects.none(),
        required=False,
        empty_label=_("Any touchpoint"),
    )
    moment = MomentChoiceField(
        label=_("Moment"),
        queryset=Moment.objects.none(),
        required=False,
        empty_label=_("Any moment"),
        help_text=_("A moment implies its touchpoint and journey."),
    )
    is_active = forms.BooleanField(
        label=_("Active: links and QR codes take answers"), required=False, initial=True
    )

    def __init__(self, *args, organization: Organization, survey: Survey | None = None, **kw):
        super().__init__(*args, **kw)
        self.survey = survey
        for kind in ("question", "follow_up"):
            for code in SURVEY_LANGUAGES:
                self.fields[f"{kind}_{code}"] = _text_field(kind, code)
        self.fields["journey"].queryset = journeys_for(organization)
        self.fields["touchpoint"].queryset = touchpoints_for(organization)
        self.fields["moment"].queryset = moments_for(organization)
        if survey is None:
            del self.fields["is_active"]
        else:
            # Shown as text; a posted metric is only checked to be the same one.
            self.fields["metric"].required = False
            self.fields["metric"].widget = forms.HiddenInput()

    def clean_metric(self) -> str:
        metric = self.cleaned_data.get("metric")
        if self.survey is not None:
            if metric and metric != self.survey.metric:
                raise forms.ValidationError(
                    _(
                        "The metric of a survey cannot change: answers on another scale would "
                        "not add up. Create a new survey instead."
                    )
                )
            return self.survey.metric
        return metric

    def language_groups(self) -> list[dict]:
        """The question and follow-up of each language, for one fieldset per language."""
        return [
            {
                "code": code,
                "name": LANGUAGE_NAMES[code],
                "question": self[f"question_{code}"],
                "follow_up": self[f"follow_up_{code}"],
            }
            for code in SURVEY_LANGUAGES
        ]

    def texts(self) -> dict[str, str]:
        return {field: self.cleaned_data[field] for field in TEXT_FIELDS}

    def context(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("journey", "touchpoint", "moment")}

    @staticmethod
    def initial_of(survey: Survey) -> dict:
        fields = ["name", "metric", "journey", "touchpoint", "moment", "is_active", *TEXT_FIELDS]
        return {name: getattr(survey, name) for name in fields}
