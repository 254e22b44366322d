"""Role × endpoint × organization for reviews, compliance and competitor practices.

Personas as in test_access_matrix.py, plus Mira: staff allowed to mystery-shop. Aurora
has three submitted reviews and a draft (see conftest.py); the target review is Mira's
mystery shop of Sara, so Stan (staff) must not find it and Mira must. Rival Bank has a
review and a competitor practice of its own.
"""

import pytest

from reviews.models import Review, ReviewItem
from standards.models import CompetitorPractice

from .test_access_matrix import PERSONAS as BASE_PERSONAS
from .test_compliance_api import rebuild_rollups

PERSONAS = [*BASE_PERSONAS, "mystery_shopper"]
FOREIGN = ("outsider", "rival_key")

REVIEWS = {
    #                  list  retrieve create
    # Alice manages Kraków: Mira's mystery shop of Sara at Warszawa is not hers to read.
    "manager": (200, 404, 201),
    "admin": (200, 200, 201),
    "aurora_key": (200, 200, 201),
    "executive": (200, 200, 403),
    "staff": (200, 404, 403),  # only reviews of himself; may not review Sara
    "mystery_shopper": (200, 200, 201),
    "outsider": (200, 404, 400),  # Aurora's codes are unknown to Rival
    "rival_key": (200, 404, 400),
    "nomember": (403, 403, 403),
    "anonymous": (401, 401, 401),
}
# Which reviews each persona's list holds, by index into aurora_reviews (R: Rival's).
REVIEWS_LISTED = {
    "manager": {0, 2, 3},  # Kraków's, and her own draft of Sara
    "admin": {0, 1, 2, 3},
    "aurora_key": {0, 1, 2, 3},
    "executive": {0, 1, 2, 3},
    "staff": {0, 2},
    "mystery_shopper": {1},
    "outsider": {"R"},
    "rival_key": {"R"},
}
COMPLIANCE = {
    # status, reviews counted in the totals
    "manager": (200, 2),  # Kraków's
    "admin": (200, 3),
    "aurora_key": (200, 3),
    "executive": (200, 3),
    "staff": (200, 2),
    "mystery_shopper": (200, 0),
    "outsider": (200, 1),
    "rival_key": (200, 1),
    "nomember": (403, None),
    "anonymous": (401, None),
}
WRITER = (200, 200, 201, 204)
READER = (200, 200, 403, 403)
PRACTICES = {
    #                  list  retrieve create destroy
    "manager": WRITER,
    "admin": WRITER,
    "aurora_key": WRITER,
    "executive": READER,
    "staff": READER,
    "mystery_shopper": READER,
    "outsider": (200, 404, 400, 404),
    "rival_key": (200, 404, 400, 404),
    "nomember": (403,) * 4,
    "anonymous": (401,) * 4,
}


@pytest.fixture
def client_as(personas, mystery_shopper, nomember, aurora_key, rival_key, session_api):
    from rest_framework.test import APIClient

    from .conftest import key_client

    def make(persona: str):
        if persona == "anonymous":
            return APIClient()
        if persona in ("aurora_key", "rival_key"):
            return key_client(aurora_key if persona == "aurora_key" else rival_key)
        if persona == "nomember":
            client = APIClient()
            client.force_login(nomember)
            return client
        if persona == "mystery_shopper":
            return session_api(mystery_shopper)
        return session_api(personas[persona])

    return make


def db_state():
    return [
        list(model.objects.order_by("pk").values())
        for model in (Review, ReviewItem, CompetitorPractice)
    ]


def create_body(persona, review_body):
    """What each persona would send: keys name the reviewer, sessions do not. Stan (staff)
    tries an observation of Sara; everyone else observes Stan."""
    if persona in ("aurora_key", "rival_key", "anonymous"):
        return review_body()
    body = review_body(consultant="E002" if persona == "staff" else "E001")
    del body["reviewer"]
    return body


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", ["list", "retrieve", "create"])
def test_reviews(
    operation, persona, client_as, aurora_reviews, rival_reviews, review_body, second_consultant
):
    status = REVIEWS[persona][("list", "retrieve", "create").index(operation)]
    client = client_as(persona)
    before = db_state()
    target = aurora_reviews.reviews[1]

    if operation == "list":
        response = client.get("/api/v1/reviews/")
    elif operation == "retrieve":
        response = client.get(f"/api/v1/reviews/{target.pk}/")
    else:
        response = client.post("/api/v1/reviews/", create_body(persona, review_body), format="json")

    assert response.status_code == status, response.content
    if status >= 400:
        assert db_state() == before
    if status == 401:
        assert response["WWW-Authenticate"] == "Api-Key"
    if operation == "list" and status == 200:
        ids = {
            aurora_reviews.reviews[index].pk if index != "R" else rival_reviews.reviews[0].pk
            for index in REVIEWS_LISTED[persona]
        }
        assert {row["id"] for row in response.json()["results"]} == ids
    if operation == "create" and status == 400:
        assert response.json()["consultant"] == ["Unknown consultant."]
    if status == 201:
        assert Review.objects.get(pk=response.json()["id"]).organization.slug == "aurora"


@pytest.mark.parametrize("persona", PERSONAS)
def test_compliance(persona, client_as, aurora_reviews, rival_reviews):
    # The figures come from the rollup, which the fixtures' reviews (written inside the
    # test's transaction, so never committed) reach only by a rebuild.
    rebuild_rollups()
    status, reviews = COMPLIANCE[persona]
    response = client_as(persona).get("/api/v1/compliance/?group_by=consultant")
    assert response.status_code == status, response.content
    if status == 200:
        assert response.json()["totals"]["reviews"] == reviews


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", ["list", "retrieve", "create", "destroy"])
def test_competitor_practices(
    operation, persona, client_as, aurora, aurora_practices, rival_practice
):
    status = PRACTICES[persona][("list", "retrieve", "create", "destroy").index(operation)]
    client = client_as(persona)
    before = db_state()
    target = aurora_practices[0]
    url = "/api/v1/competitor-practices/"

    if operation == "list":
        response = client.get(url)
    elif operation == "retrieve":
        response = client.get(f"{url}{target.pk}/")
    elif operation == "create":
        body = {
            "moment": aurora.moments[0].pk,
            "competitor": "Cafe Nero",
            "observed_on": "2025-03-01",
            "description": "Names on the cups",
            "rating": 4,
        }
        response = client.post(url, body, format="json")
    else:
        response = client.delete(f"{url}{target.pk}/")

    assert response.status_code == status, response.content
    if status >= 400:
        assert db_state() == before
    if operation == "list" and status == 200:
        own = [rival_practice] if persona in FOREIGN else aurora_practices
        assert {row["id"] for row in response.json()["results"]} == {p.pk for p in own}
    if status == 400:
        assert response.json() == {"moment": ["Unknown moment."]}
