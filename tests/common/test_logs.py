"""Log lines an operator can search: JSON with the id of the request, carried into the
tasks the request caused; a 403 or 404 is one line, not a traceback."""

import io
import json
import logging

import pytest
from django.test import Client

from common import logs

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """The production log handler (JSON, with the filters), writing into a buffer."""
    from django.conf import settings
    from pythonjsonlogger.json import JsonFormatter

    config = {k: v for k, v in settings.LOGGING["formatters"]["json"].items() if k != "()"}
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonFormatter(**config))
    handler.addFilter(logs.RequestIdFilter())
    handler.addFilter(logs.ClientErrorsInOneLine())
    root = logging.getLogger()
    root.addHandler(handler)
    previous = root.level
    root.setLevel(logging.INFO)
    django = logging.getLogger("django")  # logs through its own handler (settings.LOGGING)
    django.addHandler(handler)

    def read() -> list[dict]:
        return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]

    yield read
    root.removeHandler(handler)
    django.removeHandler(handler)
    root.setLevel(previous)


@pytest.mark.django_db(transaction=True)
def test_a_request_id_reaches_the_log_lines_of_the_tasks_it_causes(
    organization, consultant, json_lines
):
    from accounts import services as account_services
    from tests.api.conftest import hours_ago_iso, key_client

    _key, raw = account_services.create_api_key(organization=organization, name="Till", by=None)
    body = {"metric": "nps", "score": 9, "consultant": "E001", "submitted_at": hours_ago_iso(1)}
    # The answer commits inside the request, and its rollup task runs (in-process here,
    # in a worker in production, see tests/integration/test_faults.py).
    answer = key_client(raw).post(
        "/api/v1/responses/", body, format="json", HTTP_X_REQUEST_ID="till-7-r42"
    )

    assert answer.status_code == 201
    assert answer["X-Request-ID"] == "till-7-r42"
    task_lines = [line for line in json_lines() if line["logger"] == "dashboards.tasks"]
    assert task_lines and task_lines[0]["message"].startswith("Rollups recomputed")
    assert {line["request_id"] for line in task_lines} == {"till-7-r42"}


def test_each_request_gets_an_id_when_it_brings_none_or_a_strange_one(client):
    first = client.get("/healthz?live")["X-Request-ID"]
    second = client.get("/healthz?live", HTTP_X_REQUEST_ID="bad id\nwith a newline")["X-Request-ID"]

    assert len(first) == 32 and len(second) == 32 and first != second


def test_a_refused_page_is_one_line_without_a_traceback(client_for, consultant, json_lines):
    assert client_for(consultant).get("/accounts/settings/people/").status_code == 403
    assert Client().get("/no-such-page/").status_code == 404

    lines = [line for line in json_lines() if line["logger"] == "django.request"]
    assert [line["message"].split(":")[0] for line in lines] == [
        "Forbidden (Permission denied)",
        "Not Found",
    ]
    assert all("exc_info" not in line for line in lines)
    assert all(line["request_id"] != "-" for line in lines)


def test_a_task_sent_to_a_worker_carries_the_id_in_its_message():
    headers = {}
    token = logs.request_id.set("r-99")
    try:
        logs._on_publish(headers=headers)
    finally:
        logs.request_id.reset(token)

    assert headers == {logs.TASK_HEADER: "r-99"}
