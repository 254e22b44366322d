"""API keys: the raw key is shown once, only its hash is kept, and it can be revoked."""

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import ApiKey, hash_api_key
from accounts.services import create_api_key, revoke_api_key

from .conftest import key_client


@pytest.fixture
def created(organization, admin_member):
    return create_api_key(organization=organization, name="Tablet app", by=admin_member.user)


def test_a_created_key_reads_and_writes_for_its_organization(created, aurora):
    _key, raw = created
    client = key_client(raw)
    assert client.get("/api/v1/journeys/").json()["count"] == 2
    response = client.post("/api/v1/journeys/", {"name": "Takeaway"}, format="json")
    assert response.status_code == 201


def test_only_the_hash_of_the_key_is_stored(created):
    key, raw = created
    assert key.hashed_key == hash_api_key(raw) and key.hashed_key != raw
    assert raw.startswith(key.prefix) and len(key.prefix) < len(raw) // 3
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apikey")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert raw not in stored


def test_last_used_at_is_set_when_the_key_is_used(created, aurora):
    key, raw = created
    assert key.last_used_at is None
    before = timezone.now()
    assert key_client(raw).get("/api/v1/journeys/").status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None and key.last_used_at >= before


def test_a_revoked_key_gets_401(created, aurora):
    key, raw = created
    revoke_api_key(api_key=key)
    response = key_client(raw).get("/api/v1/journeys/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid or revoked API key."}
    assert response["WWW-Authenticate"] == "Api-Key"


@pytest.mark.parametrize(
    "header",
    [
        "Api-Key cxm_not-a-key",
        "Api-Key ",
        "Api-Key",
        "Bearer something",
        "Token abc",
    ],
)
def test_a_wrong_or_malformed_key_gets_401(header, created, aurora):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/journeys/")
    assert response.status_code == 401


def test_a_wrong_key_does_not_fall_back_to_the_session(created, aurora, manager, session_api):
    client = session_api(manager)
    client.credentials(HTTP_AUTHORIZATION="Api-Key cxm_wrong")
    assert client.get("/api/v1/journeys/").status_code == 401


def test_no_credentials_get_401_with_the_scheme_named(aurora):
    from rest_framework.test import APIClient

    response = APIClient().get("/api/v1/journeys/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"


def test_a_key_writes_nothing_but_last_used_at(created, aurora):
    key, raw = created
    key_client(raw).get("/api/v1/journeys/")
    fresh = ApiKey.objects.get(pk=key.pk)
    assert (fresh.name, fresh.hashed_key, fresh.revoked_at) == (key.name, key.hashed_key, None)
