"""The response list and the dashboard read one NPS, one CSAT and one CES: two promoters
and a detractor out of three answers is 33.3 on both (the response list used to round it
to 33)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dashboards import rollups, selectors
from surveys.intake.checks import check_responses
from surveys.intake.services import record_responses
from surveys.responses.selectors import response_figures

pytestmark = pytest.mark.django_db

URL = "/surveys/responses/"


@pytest.fixture
def manager(manager):
    manager.location = None  # the whole organization's responses
    manager.save(update_fields=["location"])
    return manager


@pytest.fixture
def answers(organization, consultant, nps_survey):
    submitted = (timezone.now() - timedelta(days=3)).isoformat()
    rows = [
        {
            "external_id": f"n{i}",
            "metric": "nps",
            "score": score,
            "consultant": "E001",
            "survey": nps_survey.pk,
            "submitted_at": submitted,
        }
        for i, score in enumerate((10, 9, 3))
    ]
    checked = check_responses(organization=organization, rows=rows)
    saved = record_responses(organization=organization, rows=checked, source="api")
    rollups.rebuild_all(organization_id=organization.pk)
    return [response for response, _created in saved]


def test_response_list_shows_the_dashboards_nps(client_for, manager, organization, answers):
    dashboard = selectors.survey_totals(selectors.Scope(organization.pk), "nps")["score"]
    listed = response_figures(organization.responses.all())["all"].nps
    assert dashboard == listed == 33.3
    html = client_for(manager).get(URL).content.decode()
    assert "NPS <strong>+33.3</strong>" in html


def test_response_list_shows_the_dashboards_csat_and_ces(
    client_for, manager, organization, consultant
):
    """Two satisfied customers of three is 66.7% on both (the list used to say 67%), and
    CES 7, 6, 6 is a mean of 6.33 on both (the list used to say 6.3)."""
    submitted = (timezone.now() - timedelta(days=3)).isoformat()
    rows = [
        {"external_id": f"{metric}{i}", "metric": metric, "score": score, "consultant": "E001"}
        | {"submitted_at": submitted}
        for metric, scores in (("csat", (5, 4, 2)), ("ces", (7, 6, 6)))
        for i, score in enumerate(scores)
    ]
    checked = check_responses(organization=organization, rows=rows)
    record_responses(organization=organization, rows=checked, source="api")
    rollups.rebuild_all(organization_id=organization.pk)
    scope = selectors.Scope(organization.pk)

    listed = response_figures(organization.responses.all())["all"]
    assert selectors.survey_totals(scope, "csat")["score"] == listed.csat == 66.7
    assert selectors.survey_totals(scope, "ces")["score"] == listed.ces_mean == 6.33
    html = client_for(manager).get(URL).content.decode()
    assert "CSAT <strong>66.7%</strong>" in html
    assert "CES <strong>6.33</strong>" in html
