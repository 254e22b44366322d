"""Recording answers for the figures tests as the API does (checked, then recorded), and
rebuilding the rollups as the Celery task would after commit."""

from datetime import timedelta

from django.utils import timezone

from dashboards import rollups
from surveys.intake.checks import check_responses
from surveys.intake.services import record_responses


def record_answers(
    organization, metric, scores, *, consultant="", location="", days_ago=1, **extra
):
    """Record answers `days_ago` days back, one per score."""
    when = timezone.now() - timedelta(days=days_ago, hours=1)
    rows = [
        {
            "metric": metric,
            "score": score,
            "consultant": consultant,
            "location": location,
            "submitted_at": when.isoformat(),
            **{key: value(index) if callable(value) else value for key, value in extra.items()},
        }
        for index, score in enumerate(scores)
    ]
    checked = check_responses(organization=organization, rows=rows)
    record_responses(organization=organization, rows=checked, source="api")


def record(organization, metric, scores, *, days_ago, consultant="E001", location="krk"):
    """Answers credited to a consultant at Kraków, `days_ago` days back, as the API does."""
    when = (timezone.now() - timedelta(days=days_ago, hours=1)).isoformat()
    rows = [
        {
            "metric": metric,
            "score": score,
            "consultant": consultant,
            "location": location,
            "submitted_at": when,
        }
        for score in scores
    ]
    checked = check_responses(organization=organization, rows=rows)
    record_responses(organization=organization, rows=checked, source="api")


def answer(member, *, metric="nps", score=9, days_ago=1, comment="", **extra):
    """One customer answer credited to `member` at their location, recorded as the API
    does, `days_ago` days back."""
    organization = member.organization
    row = {
        "metric": metric,
        "score": score,
        "comment": comment,
        "consultant": member.employee_code,
        "location": member.location.code if member.location else "",
        "submitted_at": (timezone.now() - timedelta(days=days_ago, hours=1)).isoformat(),
        **extra,
    }
    checked = check_responses(organization=organization, rows=[row])
    return record_responses(organization=organization, rows=checked, source="api")


def answers(member, scores, *, metric="nps", days_ago=1):
    for score in scores:
        answer(member, metric=metric, score=score, days_ago=days_ago)


def rebuild(organization):
    rollups.rebuild_all(organization_id=organization.pk)
