"""An integrator says where a journey applies, as the journey's edit form does: its
published standards are then asked only of the staff at those locations."""

from accounts import services as account_services

URL = "/api/v1/journeys/"


def test_a_journey_is_created_for_some_locations_and_read_back(api, organization, location):
    response = api.post(URL, {"name": "Hotel check-in", "locations": [location.pk]}, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["locations"] == [location.pk]
    assert list(organization.journeys.get(name="Hotel check-in").locations.all()) == [location]


def test_a_patch_without_locations_keeps_them_and_an_empty_list_means_everywhere(
    api, journey, location
):
    journey.locations.set([location])

    api.patch(f"{URL}{journey.pk}/", {"description": "Evening"}, format="json")
    assert list(journey.locations.all()) == [location]

    response = api.patch(f"{URL}{journey.pk}/", {"locations": []}, format="json")
    assert response.status_code == 200
    assert response.json()["locations"] == []
    assert not journey.locations.exists()


def test_another_organizations_location_is_unknown_and_changes_nothing(
    api, journey, other_organization
):
    theirs = account_services.save_location(
        organization=other_organization, name="Theirs", code="theirs", time_zone="UTC"
    )

    response = api.patch(f"{URL}{journey.pk}/", {"locations": [theirs.pk]}, format="json")

    assert response.status_code == 400
    assert "Unknown location." in str(response.json())
    assert not journey.locations.exists()


def test_listing_journeys_reads_their_locations_in_one_query(
    api, organization, location, second_location, django_assert_max_num_queries
):
    for n in range(5):
        journey = organization.journeys.create(name=f"Journey {n}", order=n)
        journey.locations.set([location, second_location])

    with django_assert_max_num_queries(6):
        response = api.get(URL)

    assert response.status_code == 200
    rows = response.json()["results"]
    assert all(
        sorted(row["locations"]) == sorted([location.pk, second_location.pk]) for row in rows
    )
