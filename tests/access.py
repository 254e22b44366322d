"""One runner for the access matrices of the pages: every URL of an app × every persona,
with the status each must get.

An app's test lists its CASES as (url name, method, URL arguments, POST data, statuses):
the arguments are keys of the test's `aurora` dictionary of objects, the data may be a
function of that dictionary, and the statuses follow the personas' order (by default the
manager, staff, executive and admin of Aurora, then Oscar of Rival Bank)."""

from typing import NamedTuple

import pytest
from django.urls import reverse

PERSONAS = ("manager", "staff", "executive", "admin", "outsider")


class Case(NamedTuple):
    name: str
    method: str
    args: tuple
    data: object
    persona: str
    expected: int


def matrix(cases, personas=PERSONAS) -> list:
    """One pytest parameter `case` per URL and persona."""
    return [
        pytest.param(
            Case(name, method, tuple(args), data, persona, status),
            id="-".join((name, method, *args, persona)),
        )
        for name, method, args, data, statuses in cases
        for persona, status in zip(personas, statuses, strict=True)
    ]


def urls(cases) -> list:
    """One pytest parameter `case` per URL and method (for anonymous visitors)."""
    seen = {(name, method, tuple(args)): data for name, method, args, data, _ in cases}
    return [
        pytest.param(Case(name, method, args, data, "anonymous", 302), id=f"{name}-{method}")
        for (name, method, args), data in sorted(seen.items(), key=lambda item: item[0])
    ]


def request(client, namespace: str, case: Case, objects: dict):
    url = reverse(f"{namespace}:{case.name}", args=[objects[key] for key in case.args])
    data = case.data(objects) if callable(case.data) else case.data
    return getattr(client, case.method)(url, data or {})


def assert_sent_to_log_in(response) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
