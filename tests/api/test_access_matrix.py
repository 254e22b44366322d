"""Role × endpoint × organization: who may do what to Aurora's objects.

Personas: Aurora's manager (Alice), staff (Stan), executive (Eve) and admin (Adam) in
a browser session; Oscar, a manager of Rival Bank; Nina, signed in with no membership;
an anonymous caller; an API key of Aurora and one of Rival Bank.

Unauthenticated calls are always 401 (`WWW-Authenticate: Api-Key`), signed-in users
without the right role or membership always 403, and another organization's objects
are always 404, never 403, so nobody learns that they exist.
"""

import pytest

from accounts.models import ApiKey
from standards.models import Behaviour, StandardsVersion
from touchpoints.models import Journey, Moment, Touchpoint

from .conftest import key_client
from .resources import RESOURCES

OPERATIONS = ("list", "retrieve", "create", "update", "partial_update", "destroy", "move")
WRITER = (200, 200, 201, 200, 200, 204, 200)
READER = (200, 200, 403, 403, 403, 403, 403)
# Rival's lists hold only Rival's objects; Aurora's ids are unknown to them. Creating
# under an Aurora parent is a 400 ("Unknown journey."): the parent id is in the body.
FOREIGN = (200, 404, 400, 404, 404, 404, 404)
EXPECTED = {
    "manager": WRITER,
    "admin": WRITER,
    "aurora_key": WRITER,
    "staff": READER,
    "executive": READER,
    "outsider": FOREIGN,
    "rival_key": FOREIGN,
    "nomember": (403,) * 7,
    "anonymous": (401,) * 7,
}
PERSONAS = list(EXPECTED)
MATRIX = [
    pytest.param(resource, operation, persona, EXPECTED[persona][index])
    for resource in RESOURCES
    for index, operation in enumerate(OPERATIONS)
    for persona in PERSONAS
]
VERSION_EXPECTED = {
    persona: {"list": statuses[0], "retrieve": statuses[1]}
    for persona, statuses in EXPECTED.items()
}


@pytest.fixture
def client_as(personas, nomember, aurora_key, rival_key, session_api):
    from rest_framework.test import APIClient

    def make(persona: str):
        if persona == "anonymous":
            return APIClient()
        if persona == "aurora_key":
            return key_client(aurora_key)
        if persona == "rival_key":
            return key_client(rival_key)
        if persona == "nomember":
            client = APIClient()
            client.force_login(nomember)
            return client
        return session_api(personas[persona])

    return make


def db_state():
    """Every row the API can change, to prove a refused request changed nothing."""
    return [
        list(model.objects.order_by("pk").values())
        for model in (Journey, Touchpoint, Moment, Behaviour, StandardsVersion)
    ]


def call(client, resource, operation, tree):
    target = resource.target(tree)
    if operation == "list":
        return client.get(resource.url())
    if operation == "retrieve":
        return client.get(resource.url(target.pk))
    if operation == "create":
        return client.post(resource.url(), resource.create_body(tree), format="json")
    if operation == "update":
        return client.put(resource.url(target.pk), resource.update_body(target), format="json")
    if operation == "partial_update":
        return client.patch(resource.url(target.pk), resource.patch_body(), format="json")
    if operation == "destroy":
        return client.delete(resource.url(target.pk))
    return client.post(resource.url(target.pk, "move"), {"direction": "up"}, format="json")


@pytest.mark.parametrize(("resource_name", "operation", "persona", "status"), MATRIX)
def test_access(resource_name, operation, persona, status, aurora, rival, client_as):
    resource = RESOURCES[resource_name]
    if persona in ("outsider", "rival_key") and (resource_name, operation) == (
        "journeys",
        "create",
    ):
        status = 201  # a journey has no parent: Rival creates one of its own
    before = db_state()

    response = call(client_as(persona), resource, operation, aurora)

    assert response.status_code == status, response.content
    if status == 401:
        assert response["WWW-Authenticate"] == "Api-Key"
    if status >= 400:
        assert db_state() == before
    if operation == "list" and status == 200:
        listed = {row["id"] for row in response.json()["results"]}
        own = rival if persona in ("outsider", "rival_key") else aurora
        assert listed == own.ids(resource_name)
    if status == 400:
        parent = resource.parent
        assert response.json() == {parent: [f"Unknown {parent}."]}
    if persona in ("outsider", "rival_key") and status == 201:
        assert Journey.objects.get(pk=response.json()["id"]).organization.slug == "rival"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", ["list", "retrieve"])
def test_version_access(operation, persona, published_version, rival, client_as):
    status = VERSION_EXPECTED[persona][operation]
    url = "/api/v1/versions/" + (f"{published_version.number}/" if operation == "retrieve" else "")

    response = client_as(persona).get(url)

    assert response.status_code == status, response.content
    if operation == "list" and status == 200:
        numbers = [row["number"] for row in response.json()["results"]]
        # Rival has published nothing: Aurora's version is not among its versions.
        assert numbers == ([] if persona in ("outsider", "rival_key") else [1])


def test_a_revoked_key_is_refused_everywhere(aurora, aurora_key):
    from accounts.services import revoke_api_key

    revoke_api_key(api_key=ApiKey.objects.get())
    client = key_client(aurora_key)
    for resource in RESOURCES.values():
        assert client.get(resource.url()).status_code == 401
    assert client.get("/api/v1/versions/").status_code == 401


def test_an_api_key_wins_over_a_session(aurora, rival_key, manager, session_api):
    """A browser signed in as Alice but sending Rival's key acts for Rival only."""
    client = session_api(manager)
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {rival_key}")
    assert client.get(f"/api/v1/journeys/{aurora.journeys[0].pk}/").status_code == 404
