import pytest
from django.urls import reverse

from accounts import services
from accounts.choices import Role
from accounts.models import ApiKey, Location, Membership
from tests.personas import PASSWORD


def test_login_page_logs_in_and_sends_staff_to_their_standards(client, consultant):
    response = client.post(reverse("accounts:login"), {"username": "stan", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).url == reverse("standards:my_standards")


def test_managers_land_on_the_journeys(client_for, manager):
    assert client_for(manager).get(reverse("home")).url == reverse("touchpoints:journey_list")


def test_wrong_password_shows_a_clear_error(client, consultant):
    response = client.post(reverse("accounts:login"), {"username": "stan", "password": "nope"})
    assert response.status_code == 200
    assert "did not match" in response.content.decode()


def test_anonymous_visitors_are_sent_to_login(client, organization):
    response = client.get(reverse("touchpoints:journey_list"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_user_without_membership_gets_a_friendly_page(client, db, django_user_model):
    user = django_user_model.objects.create_user("loner", password=PASSWORD)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert "not a member of any organization" in response.content.decode()


def test_user_switches_between_organizations(client_for, manager, other_organization):
    services.add_member(organization=other_organization, username="alice", role=Role.EXECUTIVE)
    client = client_for(manager)
    assert "Bistro Aurora" in client.get(reverse("accounts:people"), follow=True).content.decode()
    response = client.post(
        reverse("accounts:switch_organization"), {"organization": other_organization.pk}
    )
    assert response.status_code == 302
    page = client.get(reverse("touchpoints:journey_list")).content.decode()
    assert "Rival Bank" in page
    assert client.session["organization_id"] == other_organization.pk


def test_switching_to_a_foreign_organization_is_refused(client_for, manager, other_organization):
    client = client_for(manager)
    response = client.post(
        reverse("accounts:switch_organization"), {"organization": other_organization.pk}
    )
    assert response.status_code == 404
    assert "organization_id" not in client.session


def test_password_change(client_for, consultant):
    client = client_for(consultant)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Anoth3r-long-pass",
            "new_password2": "Anoth3r-long-pass",
        },
    )
    assert response.status_code == 302
    consultant.user.refresh_from_db()
    assert consultant.user.check_password("Anoth3r-long-pass")


def test_admin_adds_a_consultant(client_for, admin_member, location):
    response = client_for(admin_member).post(
        reverse("accounts:member_create"),
        {
            "username": "kasia",
            "first_name": "Kasia",
            "last_name": "Nowak",
            "role": "staff",
            "location": location.pk,
            "employee_code": "E777",
            "password": "Str0ng-pass-here",
        },
    )
    assert response.status_code == 302
    member = Membership.objects.get(user__username="kasia")
    assert (member.role, member.employee_code, member.location) == ("staff", "E777", location)
    assert member.user.check_password("Str0ng-pass-here")


def test_duplicate_employee_code_is_refused_and_nothing_is_created(
    client_for, admin_member, consultant
):
    before = Membership.objects.count()
    response = client_for(admin_member).post(
        reverse("accounts:member_create"),
        {"username": "kasia", "role": "staff", "employee_code": "E001"},
    )
    assert response.status_code == 400
    assert "E001" in response.content.decode() and "already used" in response.content.decode()
    assert Membership.objects.count() == before


def test_editing_a_member_to_a_taken_code_is_refused(
    client_for, admin_member, consultant, second_consultant
):
    response = client_for(admin_member).post(
        reverse("accounts:member_edit", args=[second_consultant.pk]),
        {"role": "staff", "employee_code": "E001", "first_name": "Sara", "last_name": "T"},
    )
    assert response.status_code == 400
    second_consultant.refresh_from_db()
    assert second_consultant.employee_code == "E002"


def test_member_location_must_belong_to_the_organization(
    client_for, admin_member, consultant, other_organization
):
    foreign = services.save_location(organization=other_organization, name="X", code="x")
    response = client_for(admin_member).post(
        reverse("accounts:member_edit", args=[consultant.pk]),
        {"role": "staff", "employee_code": "E001", "location": foreign.pk},
    )
    assert response.status_code == 400
    consultant.refresh_from_db()
    assert consultant.location.organization_id == consultant.organization_id


def test_location_codes_are_unique_per_organization(client_for, admin_member, location):
    response = client_for(admin_member).post(
        reverse("accounts:locations"),
        {"name": "Another", "code": "krk", "time_zone": "Europe/Warsaw"},
    )
    assert response.status_code == 400
    assert Location.objects.filter(code="krk").count() == 1


def test_over_long_and_empty_location_names_are_refused(client_for, admin_member, organization):
    client = client_for(admin_member)
    for name in ["", "x" * 121]:
        response = client.post(
            reverse("accounts:locations"), {"name": name, "code": "new", "time_zone": "UTC"}
        )
        assert response.status_code == 400
    assert not Location.objects.filter(code="new").exists()


def test_admin_creates_and_revokes_an_api_key_shown_only_once(client_for, admin_member):
    client = client_for(admin_member)
    response = client.post(reverse("accounts:api_keys"), {"name": "POS"})
    page = response.content.decode()
    key = ApiKey.objects.get()
    raw = page.split('id="new-key"')[1].split(">")[1].split("<")[0]
    assert raw.startswith("cxm_") and key.hashed_key not in page
    assert raw not in client.get(reverse("accounts:api_keys")).content.decode()
    client.post(reverse("accounts:api_key_revoke", args=[key.pk]))
    key.refresh_from_db()
    assert key.revoked_at is not None


SETTINGS_URLS = [
    "accounts:people",
    "accounts:member_create",
    "accounts:locations",
    "accounts:api_keys",
]


@pytest.mark.parametrize("url", SETTINGS_URLS)
@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("manager", 403), ("staff", 403), ("executive", 403), ("outsider", 403)],
)
def test_settings_pages_are_for_admins_only(client_for, personas, url, role, status):
    assert client_for(personas[role]).get(reverse(url)).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("manager", 403), ("staff", 403), ("executive", 403), ("outsider", 403)],
)
def test_object_settings_pages_matrix(client_for, personas, location, role, status):
    member = personas["staff"]
    for url in [
        reverse("accounts:member_edit", args=[member.pk]),
        reverse("accounts:location_edit", args=[location.pk]),
    ]:
        assert client_for(personas[role]).get(url).status_code == status


def test_an_admin_of_another_organization_gets_404_for_our_objects(
    client_for, personas, location, other_organization
):
    rival_admin = services.add_member(
        organization=other_organization, username="rick", role=Role.ADMIN
    )
    client = client_for(rival_admin)
    key, _raw = services.create_api_key(
        organization=personas["admin"].organization, name="k", by=None
    )
    assert (
        client.get(reverse("accounts:member_edit", args=[personas["staff"].pk])).status_code == 404
    )
    assert client.get(reverse("accounts:location_edit", args=[location.pk])).status_code == 404
    assert client.post(reverse("accounts:api_key_revoke", args=[key.pk])).status_code == 404
    key.refresh_from_db()
    assert key.revoked_at is None


def test_people_page_query_count_does_not_grow(
    client_for, admin_member, location, django_assert_num_queries
):
    client = client_for(admin_member)
    client.get(reverse("accounts:people"))
    for i in range(10):
        services.add_member(
            organization=admin_member.organization,
            username=f"u{i}",
            role="staff",
            location=location,
            employee_code=f"C{i}",
        )
    # ... and one for who is locked out after wrong passwords.
    with django_assert_num_queries(6):
        client.get(reverse("accounts:people"))


def test_admin_changes_the_minimum_sample(client_for, admin_member, organization):
    client = client_for(admin_member)
    response = client.post(
        reverse("accounts:organization"), {"name": "Bistro Aurora", "min_sample": 50}
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.min_sample == 50
    bad = client.post(reverse("accounts:organization"), {"name": "", "min_sample": 0})
    assert bad.status_code == 400
    organization.refresh_from_db()
    assert (organization.name, organization.min_sample) == ("Bistro Aurora", 50)
