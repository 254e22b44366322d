"""Who may do what: every URL of the app × every role × own or another organization.

Alice (manager) and Adam (admin) edit; Stan (staff) and Eve (executive) only read;
Oscar manages Rival Bank and must not even learn that Aurora's objects exist (404).
"""

import pytest
from django.urls import reverse

from tests import access
from touchpoints import services

ROLES = ["manager", "staff", "executive", "admin", "outsider"]

# (url name, HTTP method, object in the URL, POST data). Objects are Aurora's and each
# has a neighbour, so every allowed write succeeds (moving "down" never hits an end).
CASES = [
    ("journey_list", "get", None, None),
    ("journey_create", "post", None, {"name": "Takeaway"}),
    ("journey_map", "get", "journey", None),
    ("journey_edit", "get", "journey", None),
    ("journey_edit", "post", "journey", {"name": "Dinner out"}),
    ("journey_delete", "get", "journey", None),
    ("journey_delete", "post", "journey", {}),
    ("journey_move", "post", "journey", {"direction": "down"}),
    ("touchpoint_create", "post", "journey", {"name": "Paying", "channel": "in_person"}),
    ("priceless_create", "post", "journey", {"text": "They remember us"}),
    ("touchpoint_edit", "get", "touchpoint", None),
    ("touchpoint_edit", "post", "touchpoint", {"name": "Ordering food", "channel": "phone"}),
    ("touchpoint_delete", "get", "touchpoint", None),
    ("touchpoint_delete", "post", "touchpoint", {}),
    ("touchpoint_move", "post", "touchpoint", {"direction": "down"}),
    ("moment_create", "post", "touchpoint", {"name": "Wine list"}),
    ("moment_edit", "get", "moment", None),
    ("moment_edit", "post", "moment", {"name": "Taking it"}),
    ("moment_delete", "get", "moment", None),
    ("moment_delete", "post", "moment", {}),
    ("moment_move", "post", "moment", {"direction": "down"}),
    ("moment_toggle_critical", "post", "moment", {}),
    ("priceless_delete", "post", "note", {}),
]
CASE_IDS = [f"{method}-{name}" for name, method, _target, _data in CASES]
READS = {"journey_list", "journey_map"}


def expected_status(role: str, name: str, method: str, target: str | None) -> int:
    allowed = 200 if method == "get" else 302
    if name in READS and target is None:
        return 200  # everyone reads their own organization's list
    if name not in READS and role in ("staff", "executive"):
        return 403  # the role is checked before anything is looked up
    if target is not None and role == "outsider":
        return 404  # another organization's id is simply not found
    return allowed


@pytest.fixture
def aurora(journey, manager):
    """One of each object, each with a neighbour after it."""
    ordering = journey.touchpoints.get()
    services.create_touchpoint(journey=journey, name="Paying", channel="in_person")
    services.create_journey(organization=journey.organization, name="Takeaway")
    return {
        "journey": journey,
        "touchpoint": ordering,
        "moment": ordering.moments.get(is_critical=True),
        "note": services.add_priceless_note(journey=journey, text="Warm bread", by=manager.user),
    }


def _url(name: str, objects: dict, target: str | None) -> str:
    return reverse(f"touchpoints:{name}", args=[objects[target].pk] if target else [])


# The same cases with each role's status, for the shared runner (tests/access.py).
MATRIX = [
    (
        name,
        method,
        (target,) if target else (),
        data,
        tuple(expected_status(role, name, method, target) for role in ROLES),
    )
    for name, method, target, data in CASES
]


def _ids(objects: dict) -> dict:
    return {key: obj.pk for key, obj in objects.items()}


@pytest.mark.parametrize("case", access.matrix(MATRIX, ROLES))
def test_role_and_organization_matrix(client_for, personas, aurora, case):
    response = access.request(client_for(personas[case.persona]), "touchpoints", case, _ids(aurora))

    assert response.status_code == case.expected


@pytest.mark.parametrize("case", access.urls(MATRIX))
def test_anonymous_visitors_are_sent_to_log_in(client, aurora, case):
    access.assert_sent_to_log_in(access.request(client, "touchpoints", case, _ids(aurora)))


@pytest.mark.parametrize(
    "name,method,target,data",
    [case for case in CASES if case[2] is not None],
    ids=[i for i, case in zip(CASE_IDS, CASES, strict=True) if case[2] is not None],
)
def test_aurora_manager_cannot_reach_rival_objects(
    client_for, manager, rival_journey, name, method, target, data
):
    touchpoint = rival_journey.touchpoints.get()
    rival = {
        "journey": rival_journey,
        "touchpoint": touchpoint,
        "moment": touchpoint.moments.get(),
        "note": rival_journey.priceless_notes.get(),
    }

    response = getattr(client_for(manager), method)(_url(name, rival, target), data or {})

    assert response.status_code == 404
    rival_journey.refresh_from_db()  # still there, untouched
    assert rival_journey.name == "Opening an account"


def test_a_user_without_membership_is_refused(client, django_user_model, journey):
    user = django_user_model.objects.create_user("nomad", password="x-Pass-12345")
    client.force_login(user)

    response = client.get(reverse("touchpoints:journey_map", args=[journey.pk]))

    assert response.status_code == 403


# Edit and delete have a page for GET (the form, the confirmation); these do not.
POST_ONLY = {
    name: target
    for name, method, target, _data in CASES
    if method == "post" and not any(n == name and m == "get" for n, m, _t, _d in CASES)
}


@pytest.mark.parametrize("name", sorted(POST_ONLY))
def test_writes_without_a_page_refuse_get(client_for, aurora, manager, name):
    response = client_for(manager).get(_url(name, aurora, POST_ONLY[name]))

    assert response.status_code == 405


def test_staff_cannot_edit_moments(client_for, consultant, aurora):
    moment = aurora["moment"]

    response = client_for(consultant).post(
        reverse("touchpoints:moment_edit", args=[moment.pk]), {"name": "Hacked"}
    )

    assert response.status_code == 403
    moment.refresh_from_db()
    assert moment.name == "Taking the order"
