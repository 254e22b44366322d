"""Every kind of page is served with the Content-Security-Policy: scripts only from the
app's own files (tests/e2e/test_csp.py shows the pages still work under it)."""

import pytest

from surveys.forms.services import create_survey
from surveys.links.services import create_link

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture
def pages(organization, consultant, manager, executive, journey, client_for):
    survey = create_survey(organization=organization, name="NPS", metric="nps")
    link = create_link(survey=survey, kind="reusable", consultant=consultant)
    return [
        (None, "/accounts/login/"),
        (None, f"/s/{link.token}/"),
        (None, "/api/docs/"),
        (None, "/api/redoc/"),
        (executive, "/dashboards/"),
        (consultant, "/dashboards/me/"),
        (manager, f"/journeys/{journey.pk}/"),
        (manager, "/surveys/responses/"),
    ]


def test_every_kind_of_page_has_the_policy(pages, client, client_for):
    for who, url in pages:
        response = (client_for(who) if who else client).get(url)
        assert response.status_code == 200, url
        policy = _policy(response)
        assert policy["script-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["frame-ancestors"] == ["'none'"], url
        assert "'unsafe-inline'" not in policy["script-src"], url
