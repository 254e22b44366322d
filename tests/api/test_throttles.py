"""Too many API requests from one key or one user get 429 with Retry-After; others are
not held up, and a cache outage lets requests through."""

import pytest
from django.test import override_settings

from accounts import services as account_services
from tests.api.conftest import key_client

pytestmark = pytest.mark.django_db

URL = "/api/v1/journeys/"


@pytest.fixture
def limits(settings):
    settings.API_THROTTLE_RATES = {"api_key": "5/minute", "user": "3/minute"}


def test_a_key_over_its_rate_gets_429_with_retry_after(api, limits):
    codes = [api.get(URL).status_code for _ in range(7)]

    assert codes == [200] * 5 + [429] * 2
    refused = api.get(URL)
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "Request was throttled" in refused.json()["detail"]


def test_writes_count_too(api, limits, aurora):
    codes = [api.post(URL, {"name": f"Journey {n}"}, format="json").status_code for n in range(6)]

    assert codes == [201] * 5 + [429]


def test_each_key_has_its_own_count(api, limits, organization):
    for _ in range(5):
        api.get(URL)
    _key, raw = account_services.create_api_key(organization=organization, name="Till 2", by=None)

    assert key_client(raw).get(URL).status_code == 200


def test_a_signed_in_user_has_a_limit_too(session_api, manager, limits):
    client = session_api(manager)
    codes = [client.get(URL).status_code for _ in range(4)]

    assert codes == [200, 200, 200, 429]


def test_without_the_cache_requests_go_through(api, limits):
    from socket import socket

    with socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    down = {
        "default": {
            "BACKEND": "common.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    with override_settings(CACHES=down):
        codes = [api.get(URL).status_code for _ in range(8)]
    assert codes == [200] * 8
