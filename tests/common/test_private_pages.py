"""Signed-in pages and the API are never kept by a shared cache or the browser's
history: they carry names, comments, scores and, once, a new API key."""

import pytest

pytestmark = pytest.mark.django_db

PRIVATE = "private, no-store"


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("executive", "/dashboards/"),
        ("manager", "/surveys/responses/"),
        ("manager", "/surveys/responses/export.csv"),
        ("manager", "/journeys/"),
        ("staff", "/dashboards/me/"),
        ("admin", "/accounts/settings/api-keys/"),
    ],
)
def test_signed_in_pages_are_private_and_not_stored(client_for, personas, role, url):
    response = client_for(personas[role]).get(url)

    assert response.status_code == 200, url
    assert set(response["Cache-Control"].split(", ")) >= {"private", "no-store"}


def test_the_api_is_private_and_not_stored(client_for, manager):
    response = client_for(manager).get("/api/v1/journeys/")

    assert set(response["Cache-Control"].split(", ")) >= {"private", "no-store"}


def test_anonymous_api_errors_are_not_stored_either(client):
    assert "no-store" in client.get("/api/v1/journeys/")["Cache-Control"]
