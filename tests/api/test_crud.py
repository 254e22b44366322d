"""Happy paths: every resource read, created, edited, moved and deleted, with an API key
and as Alice (manager) in the browser session."""

import pytest

from standards.models import Behaviour, StandardsVersion
from touchpoints.models import Journey, Moment, Touchpoint

from .resources import RESOURCES

LAST_ORDER = {"journeys": 2, "touchpoints": 2, "moments": 2, "behaviours": 1}


@pytest.fixture(params=["api_key", "manager_session"])
def writer(request, aurora, aurora_key, manager, session_api):
    if request.param == "api_key":
        from .conftest import key_client

        return key_client(aurora_key)
    return session_api(manager)


@pytest.mark.parametrize("name", list(RESOURCES))
def test_it_lists_creates_reads_updates_moves_and_deletes(name, writer, aurora):
    resource = RESOURCES[name]
    listed = writer.get(resource.url())
    assert listed.status_code == 200
    assert {row["id"] for row in listed.json()["results"]} == aurora.ids(name)

    created = writer.post(resource.url(), resource.create_body(aurora), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    obj = resource.model.objects.get(pk=body["id"])
    # Through the service: last among its siblings (Aurora has two journeys, two
    # touchpoints on Dinner, two moments at Ordering and one master behaviour).
    assert body["order"] == obj.order == LAST_ORDER[name]
    for field, value in resource.create_body(aurora).items():
        assert body[field] == value

    fetched = writer.get(resource.url(obj.pk))
    assert fetched.status_code == 200 and fetched.json() == body

    update = resource.update_body(obj)
    updated = writer.put(resource.url(obj.pk), update, format="json")
    assert updated.status_code == 200, updated.json()
    assert {k: updated.json()[k] for k in update} == update

    patched = writer.patch(resource.url(obj.pk), resource.patch_body(), format="json")
    assert patched.status_code == 200, patched.json()
    expected = {**update, **resource.patch_body()}
    assert {k: patched.json()[k] for k in expected} == expected

    target = resource.target(aurora)
    moved = writer.post(resource.url(target.pk, "move"), {"direction": "up"}, format="json")
    assert moved.status_code == 200, moved.json()
    assert moved.json()["id"] == target.pk and moved.json()["order"] == 0

    deleted = writer.delete(resource.url(obj.pk))
    assert deleted.status_code == 204
    assert writer.get(resource.url(obj.pk)).status_code == 404
    assert obj.pk not in {row["id"] for row in writer.get(resource.url()).json()["results"]}


def test_journey_create_belongs_to_the_keys_organization(api, organization):
    response = api.post("/api/v1/journeys/", {"name": "Lunch"}, format="json")
    assert response.status_code == 201
    assert Journey.objects.get(pk=response.json()["id"]).organization == organization


def test_names_are_trimmed_and_collapsed_like_in_the_web_ui(api, aurora):
    response = api.post("/api/v1/journeys/", {"name": "  Late   lunch  "}, format="json")
    assert response.status_code == 201
    assert response.json()["name"] == "Late lunch"


def test_deleting_a_journey_takes_its_touchpoints_moments_and_behaviours(api, aurora):
    dinner = aurora.journeys[0]
    assert api.delete(f"/api/v1/journeys/{dinner.pk}/").status_code == 204
    assert not Touchpoint.objects.filter(journey_id=dinner.pk).exists()
    assert not Moment.objects.filter(touchpoint__journey_id=dinner.pk).exists()
    assert not Behaviour.objects.filter(moment__touchpoint__journey_id=dinner.pk).exists()


def test_deleting_a_behaviour_retires_it(api, aurora, iron_behaviour):
    assert api.delete(f"/api/v1/behaviours/{iron_behaviour.pk}/").status_code == 204
    iron_behaviour.refresh_from_db()
    assert iron_behaviour.retired_at is not None  # kept for versions and reviews
    listed = api.get("/api/v1/behaviours/").json()["results"]
    assert iron_behaviour.pk not in {row["id"] for row in listed}
    assert api.get(f"/api/v1/behaviours/{iron_behaviour.pk}/").status_code == 404
    assert api.delete(f"/api/v1/behaviours/{iron_behaviour.pk}/").status_code == 404


def test_moving_down_and_back_up_restores_the_order(api, aurora):
    first, second = aurora.journeys
    down = api.post(f"/api/v1/journeys/{first.pk}/move/", {"direction": "down"}, format="json")
    assert down.status_code == 200 and down.json()["order"] == 1
    listed = [row["id"] for row in api.get("/api/v1/journeys/").json()["results"]]
    assert listed == [second.pk, first.pk]
    api.post(f"/api/v1/journeys/{first.pk}/move/", {"direction": "up"}, format="json")
    listed = [row["id"] for row in api.get("/api/v1/journeys/").json()["results"]]
    assert listed == [first.pk, second.pk]


def test_behaviours_move_within_their_kind(api, aurora, iron_behaviour, master_behaviour):
    second_iron = aurora.behaviours[1]
    response = api.post(
        f"/api/v1/behaviours/{second_iron.pk}/move/", {"direction": "up"}, format="json"
    )
    assert response.status_code == 200
    iron_behaviour.refresh_from_db()
    master_behaviour.refresh_from_db()
    assert (second_iron.pk, iron_behaviour.order, master_behaviour.order) == (
        response.json()["id"],
        1,
        0,
    )


@pytest.mark.parametrize(
    ("url", "query", "expected"),
    [
        ("touchpoints", "journey={dinner}", ["Ordering", "Paying"]),
        ("touchpoints", "journey={breakfast}", []),
        ("moments", "touchpoint={ordering}", ["Taking the order", "Menu questions"]),
        ("moments", "journey={dinner}", ["Taking the order", "Menu questions"]),
        ("moments", "is_critical=true", ["Taking the order"]),
        ("moments", "is_critical=false", ["Menu questions"]),
        ("behaviours", "kind=master", ["Recall the guest's usual order and preferences"]),
        ("behaviours", "moment={menu}", []),
        (
            "behaviours",
            "moment={critical}&kind=iron",
            ["Greet the table within two minutes", "Repeat the order back to the guest"],
        ),
    ],
)
def test_lists_filter_by_parent_and_flag(api, aurora, url, query, expected):
    ids = {
        "dinner": aurora.journeys[0].pk,
        "breakfast": aurora.journeys[1].pk,
        "ordering": aurora.touchpoints[0].pk,
        "critical": aurora.moments[0].pk,
        "menu": aurora.moments[1].pk,
    }
    response = api.get(f"/api/v1/{url}/?{query.format(**ids)}")
    assert response.status_code == 200
    label = "text" if url == "behaviours" else "name"
    assert [row[label] for row in response.json()["results"]] == expected


def test_filtering_by_another_organizations_parent_finds_nothing(api, aurora, rival):
    response = api.get(f"/api/v1/touchpoints/?journey={rival.journeys[0].pk}")
    assert response.status_code == 200 and response.json()["results"] == []


def test_lists_are_paginated_by_fifty(api, organization):
    from touchpoints.services import create_journey

    for number in range(55):
        create_journey(organization=organization, name=f"Journey {number:02d}")
    first = api.get("/api/v1/journeys/").json()
    assert first["count"] == 55 and len(first["results"]) == 50 and first["next"]
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 5 and second["next"] is None
    assert api.get("/api/v1/journeys/?page=3").status_code == 404


def test_versions_list_newest_first_and_retrieve_by_number(api, published_version, manager):
    from standards.services import create_behaviour, publish_standards

    moment = Moment.objects.get(name="Menu questions")
    create_behaviour(moment=moment, kind="iron", text="Know the allergens of every dish")
    second = publish_standards(organization=manager.organization, by=manager.user, note="Allergens")

    listed = api.get("/api/v1/versions/").json()["results"]
    assert [row["number"] for row in listed] == [2, 1]
    assert "snapshot" not in listed[0]
    assert listed[0]["note"] == "Allergens" and listed[0]["published_by"] == "Alice Test"
    assert [entry["label"] for entry in listed[0]["changelog"]["added"]] == [
        "Know the allergens of every dish"
    ]

    detail = api.get("/api/v1/versions/2/").json()
    assert detail["number"] == 2 and detail["changelog"] == second.changelog
    assert detail["snapshot"] == second.snapshot
    assert api.get("/api/v1/versions/3/").status_code == 404


def test_versions_are_read_only(api, published_version):
    assert api.post("/api/v1/versions/", {}, format="json").status_code == 405
    assert api.delete(f"/api/v1/versions/{published_version.number}/").status_code == 405
    assert StandardsVersion.objects.count() == 1


def test_each_organization_reads_its_own_version_of_the_same_number(
    api, published_version, other_organization, rival, rival_key
):
    from standards.services import publish_standards

    from .conftest import key_client

    publish_standards(organization=other_organization, by=None)
    aurora_v1 = api.get("/api/v1/versions/1/").json()
    rival_v1 = key_client(rival_key).get("/api/v1/versions/1/").json()
    assert aurora_v1["snapshot"]["journeys"][0]["name"] == "Dinner"
    assert rival_v1["snapshot"]["journeys"][0]["name"] == "Rival visit"


def test_a_touchpoint_without_a_channel_is_in_person(api, aurora):
    body = {"journey": aurora.journeys[0].pk, "name": "Waiting area"}
    response = api.post("/api/v1/touchpoints/", body, format="json")
    assert response.status_code == 201 and response.json()["channel"] == "in_person"


def test_patch_changes_only_what_is_sent(api, aurora):
    moment = aurora.moments[0]
    response = api.patch(f"/api/v1/moments/{moment.pk}/", {"name": "Order taken"}, format="json")
    assert response.status_code == 200
    moment.refresh_from_db()
    assert (moment.name, moment.is_critical, moment.customer_expectation) == (
        "Order taken",
        True,
        "Someone comes within two minutes",
    )
