"""The OpenAPI schema generates cleanly, the docs render, and text rules in the schema are
exactly the rules the server applies."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from common.api.fields import NOT_EMPTY_NO_NUL, collapsed_length, min_length_pattern


def test_schema_validates_without_warnings(tmp_path):
    # --fail-on-warn turns any drf-spectacular warning (an unresolvable field, a
    # missing type) into an error, and --validate checks it against the OpenAPI spec.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    schema = (tmp_path / "s.yml").read_text()
    for path in ("journeys", "touchpoints", "moments", "behaviours", "versions"):
        assert f"/api/v1/{path}/" in schema


def test_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert set(paths["/api/v1/journeys/{id}/"]["delete"]["responses"]) == {
        "204",
        "400",
        "401",
        "403",
        "404",
        "429",
    }
    assert "/api/v1/versions/{number}/" in paths
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_api_docs_work_without_the_internet(client, url):
    """Swagger UI and ReDoc come from the installed package, never from a CDN."""
    page = client.get(url).content.decode()

    scripts = re.findall(r'<script[^>]+src="([^"]+)"', page)
    assert scripts, page
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', page), "loads from another site"
    assert "<script>" not in page  # no inline script: the page works under the CSP
    for src in scripts:
        if src.startswith("/static/"):
            assert finders.find(src.removeprefix("/static/")), src
        else:
            assert client.get(src).status_code == 200, src


TEXT = st.text(
    alphabet=st.sampled_from(["a", "b", " ", "\t", "\n", "\x1c", "\u3000", "\ufeff", "\x00"])
    | st.characters(),
    max_size=8,
)


@pytest.mark.parametrize("length", [2, 3])
@given(text=TEXT)
def test_min_length_pattern_is_the_servers_rule(length, text):
    """What the schema's regex accepts is what the services store: no NUL, and at least
    `length` characters once trimmed and collapsed."""
    expected = "\x00" not in text and collapsed_length(text) >= length
    assert bool(re.search(min_length_pattern(length), text)) == expected


@given(text=TEXT)
def test_free_text_pattern_only_refuses_nul(text):
    assert bool(re.search(NOT_EMPTY_NO_NUL, text)) == (text != "" and "\x00" not in text)


def test_the_browsable_api_renders_for_a_signed_in_manager(aurora, manager, session_api):
    client = session_api(manager)
    for url in ("/api/v1/", "/api/v1/journeys/", f"/api/v1/moments/{aurora.moments[0].pk}/"):
        assert client.get(url, HTTP_ACCEPT="text/html").status_code == 200


def _served_schema(client) -> dict:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_does_not_depend_on_who_asks(api, session_api, admin_member):
    """An API key and a session get the same schema, with the ids typed as integers (as
    `manage.py spectacular` writes them): no view reads the caller's rows to describe itself."""
    by_key = _served_schema(api)
    by_session = _served_schema(session_api(admin_member))
    assert by_key == by_session
    parameters = by_key["paths"]["/api/v1/responses/{id}/"]["get"]["parameters"]
    (id_parameter,) = [p for p in parameters if p["name"] == "id" and p["in"] == "path"]
    assert id_parameter["schema"]["type"] == "integer"
