"""Writes for surveys: their metric, questions in four languages and context."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organization
from touchpoints.models import Journey, Moment, Touchpoint

from ..choices import SURVEY_LANGUAGES, Metric
from ..models import Survey
from .defaults import FOLLOW_UP, QUESTIONS


def check_context(
    organization: Organization,
    journey: Journey | None,
    touchpoint: Touchpoint | None,
    moment: Moment | None,
) -> tuple[Journey | None, Touchpoint | None, Moment | None]:
    """A survey's or link's context, completed upwards (a moment implies its touchpoint
    and journey) and checked to belong to the organization and to fit together."""
    if moment is not None:
        if touchpoint is not None and moment.touchpoint_id != touchpoint.pk:
            raise ValidationError({"moment": _("This moment is not at the chosen touchpoint.")})
        touchpoint = moment.touchpoint
    if touchpoint is not None:
        if journey is not None and touchpoint.journey_id != journey.pk:
            raise ValidationError(
                {"touchpoint": _("This touchpoint is not on the chosen journey.")}
            )
        journey = touchpoint.journey
    if journey is not None and journey.organization_id != organization.pk:
        raise ValidationError({"journey": _("Choose a journey of this organization.")})
    return journey, touchpoint, moment


def default_questions(metric: str) -> dict[str, str]:
    """The question and follow-up fields a new survey of this metric starts with."""
    fields = {f"question_{code}": QUESTIONS[metric][code] for code in SURVEY_LANGUAGES}
    fields.update({f"follow_up_{code}": FOLLOW_UP[code] for code in SURVEY_LANGUAGES})
    return fields


def _texts(texts: dict[str, str] | None, metric: str) -> dict[str, str]:
    values = default_questions(metric)
    for field, value in (texts or {}).items():
        if field not in values:
            raise ValueError(f"unknown survey text field {field}")
        values[field] = " ".join((value or "").split())
    return values


@transaction.atomic
def create_survey(
    *,
    organization: Organization,
    name: str,
    metric: str,
    texts: dict[str, str] | None = None,
    journey: Journey | None = None,
    touchpoint: Touchpoint | None = None,
    moment: Moment | None = None,
    by=None,
) -> Survey:
    """Create a survey; question texts missing from `texts` take the metric's defaults."""
    if metric not in Metric.values:
        raise ValidationError({"metric": _("Choose NPS, CSAT or CES.")})
    journey, touchpoint, moment = check_context(organization, journey, touchpoint, moment)
    survey = Survey(
        organization=organization,
        name=" ".join(name.split()),
        metric=metric,
        journey=journey,
        touchpoint=touchpoint,
        moment=moment,
        created_by=by,
        **_texts(texts, metric),
    )
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def update_survey(
    *,
    survey: Survey,
    name: str,
    texts: dict[str, str],
    journey: Journey | None = None,
    touchpoint: Touchpoint | None = None,
    moment: Moment | None = None,
    is_active: bool = True,
) -> Survey:
    """Reword a survey or change its context. The metric never changes once answers
    may exist: scores on another scale would not add up."""
    journey, touchpoint, moment = check_context(survey.organization, journey, touchpoint, moment)
    survey.name = " ".join(name.split())
    for field, value in texts.items():
        if not field.startswith(("question_", "follow_up_")):
            raise ValueError(f"unknown survey text field {field}")
        setattr(survey, field, " ".join((value or "").split()))
    survey.journey, survey.touchpoint, survey.moment = journey, touchpoint, moment
    survey.is_active = is_active
    survey.full_clean()
    survey.save()
    return survey
