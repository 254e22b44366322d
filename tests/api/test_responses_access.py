"""Role × method × organization for /api/v1/responses/.

Personas as in test_access_matrix.py. Aurora has five responses (three of Stan's, two of
Sara's; see conftest.py); the target of the detail is Sara's detractor, so Stan (staff)
must not find it. Rival Bank has one response of its own. A response is a fact: nobody
changes or deletes one (405 for whoever may get that far).
"""

import pytest

from surveys.models import Response

from .conftest import key_client
from .test_access_matrix import PERSONAS

OPERATIONS = ("list", "retrieve", "create", "partial_update", "destroy")
FOREIGN = ("outsider", "rival_key")
EXPECTED = {
    #             list retrieve create patch delete
    # Alice manages Kraków: Sara's answers, given at Warszawa, are not hers to read.
    "manager": (200, 404, 201, 405, 405),
    "admin": (200, 200, 201, 405, 405),
    "aurora_key": (200, 200, 201, 405, 405),
    "executive": (200, 200, 403, 403, 403),
    "staff": (200, 404, 403, 403, 403),  # his own only; reading is all he may do
    # Rival's list holds Rival's response; Aurora's id is unknown, and so is Stan's code.
    "outsider": (200, 404, 400, 405, 405),
    "rival_key": (200, 404, 400, 405, 405),
    "nomember": (403,) * 5,
    "anonymous": (401,) * 5,
}
# Which responses each persona lists, by index into aurora_responses (R: Rival's).
LISTED = {
    "manager": {0, 1, 3},
    "admin": {0, 1, 2, 3, 4},
    "aurora_key": {0, 1, 2, 3, 4},
    "executive": {0, 1, 2, 3, 4},
    "staff": {0, 1, 3},
    "outsider": {"R"},
    "rival_key": {"R"},
}
TARGET = 2  # Sara's detractor


@pytest.fixture
def client_as(personas, nomember, aurora_key, rival_key, session_api):
    from rest_framework.test import APIClient

    def make(persona: str):
        if persona == "anonymous":
            return APIClient()
        if persona in ("aurora_key", "rival_key"):
            return key_client(aurora_key if persona == "aurora_key" else rival_key)
        if persona == "nomember":
            client = APIClient()
            client.force_login(nomember)
            return client
        return session_api(personas[persona])

    return make


def db_state():
    return list(Response.objects.order_by("pk").values())


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_responses(operation, persona, client_as, aurora_responses, rival_response, response_body):
    status = EXPECTED[persona][OPERATIONS.index(operation)]
    client = client_as(persona)
    before = db_state()
    url = "/api/v1/responses/"
    target = f"{url}{aurora_responses[TARGET].pk}/"

    if operation == "list":
        response = client.get(url)
    elif operation == "retrieve":
        response = client.get(target)
    elif operation == "create":
        response = client.post(url, response_body(), format="json")
    elif operation == "partial_update":
        response = client.patch(target, {"score": 10}, format="json")
    else:
        response = client.delete(target)

    assert response.status_code == status, response.content
    if status >= 400:
        assert db_state() == before
    if status == 401:
        assert response["WWW-Authenticate"] == "Api-Key"
    if operation == "list" and status == 200:
        ids = {
            rival_response.pk if index == "R" else aurora_responses[index].pk
            for index in LISTED[persona]
        }
        assert {row["id"] for row in response.json()["results"]} == ids
    if operation == "retrieve" and status == 200:
        assert response.json()["consultant"] == "E002"
    if status == 400:
        assert response.json() == {"consultant": ["Unknown consultant code."]}
    if status == 201:
        created = Response.objects.get(pk=response.json()["id"])
        assert (created.organization.slug, created.source) == ("aurora", "api")


def test_staff_read_their_own_response(consultant, aurora_responses, session_api):
    stan = session_api(consultant)
    response = stan.get(f"/api/v1/responses/{aurora_responses[0].pk}/")
    assert response.status_code == 200 and response.json()["consultant"] == "E001"


def test_an_api_key_wins_over_a_session(aurora_responses, rival_key, manager, session_api):
    """A browser signed in as Alice but sending Rival's key acts for Rival only."""
    client = session_api(manager)
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {rival_key}")
    assert client.get(f"/api/v1/responses/{aurora_responses[0].pk}/").status_code == 404
    assert client.get("/api/v1/responses/").json()["count"] == 0
