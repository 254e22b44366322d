"""Role × view × own/other organization, for the compliance and practice URLs.

Alice (manager), Stan (staff), Eve (executive), Adam (admin) are in Aurora; Oscar manages
Rival Bank. Aurora's ids are 404 for Oscar (never 403, which would confirm they exist);
pages without an id show him his own, empty, organization. Staff open only their own
consultant page: another consultant's page is 404 for them, as if it did not exist.
Ids posted in a form (a moment, a consultant) that are not the organization's are a form
error (400), and nothing is saved.
"""

import pytest
from django.urls import reverse

from standards.models import BestPractice, CompetitorPractice
from standards.practices import services as practice_services
from tests import access

MY_URLS = {
    "compliance",
    "consultant_detail",
    "location_detail",
    "practices",
    "competitor_create",
    "competitor_delete",
    "competitor_photo",
    "best_practice_create",
    "best_practice_promote",
}


@pytest.fixture
def aurora(
    organization, manager, consultant, second_consultant, location, critical_moment, iron_behaviour
):
    competitor = practice_services.record_competitor_practice(
        organization=organization,
        moment=critical_moment,
        competitor="Hotel Europa",
        observed_on=consultant.created_at.date(),
        description="The waiter knows every regular by name",
        rating=5,
        by=manager.user,
    )
    best = practice_services.record_best_practice(
        organization=organization,
        consultant=consultant,
        moment=critical_moment,
        description="Asks whether the guest is celebrating something",
        by=manager.user,
    )
    return {
        "consultant": consultant.pk,
        "other_consultant": second_consultant.pk,
        "location": location.pk,
        "moment": critical_moment.pk,
        "competitor": competitor.pk,
        "best": best.pk,
    }


def _competitor_data(aurora):
    return {
        "moment": aurora["moment"],
        "competitor": "Café Nero",
        "observed_on": "2024-05-01",
        "description": "Brings water without being asked",
        "rating": "4",
    }


def _best_data(aurora):
    return {
        "consultant": aurora["consultant"],
        "moment": aurora["moment"],
        "description": "Offers the menu in the guest's language",
    }


# name, method, args (keys of `aurora`), data (a function of `aurora`), status per persona
CASES = [
    ("compliance", "get", (), None, (200, 403, 200, 200, 200)),
    ("consultant_detail", "get", ("consultant",), None, (200, 200, 200, 200, 404)),
    # Sara works at Warszawa: her page does not exist for Alice, who manages Kraków.
    ("consultant_detail", "get", ("other_consultant",), None, (404, 404, 200, 200, 404)),
    ("location_detail", "get", ("location",), None, (200, 403, 200, 200, 404)),
    ("practices", "get", (), None, (200, 403, 200, 200, 200)),
    ("competitor_create", "get", (), None, (200, 403, 403, 200, 200)),
    ("competitor_create", "post", (), _competitor_data, (302, 403, 403, 302, 400)),
    ("competitor_delete", "post", ("competitor",), None, (302, 403, 403, 302, 404)),
    # The fixture's practice has no photo: readers get 404, staff 403 (see test_practices).
    ("competitor_photo", "get", ("competitor",), None, (404, 403, 404, 404, 404)),
    ("best_practice_create", "get", (), None, (200, 403, 403, 200, 200)),
    ("best_practice_create", "post", (), _best_data, (302, 403, 403, 302, 400)),
    ("best_practice_promote", "post", ("best",), None, (302, 403, 403, 302, 404)),
]


@pytest.mark.parametrize("case", access.matrix(CASES))
def test_role_and_organization_matrix(client_for, personas, aurora, case):
    response = access.request(client_for(personas[case.persona]), "reviews", case, aurora)

    assert response.status_code == case.expected


def test_every_compliance_and_practice_url_is_in_the_matrix():
    from django.urls import get_resolver

    # The reviews namespace: reviews/urls.py and the compliance pages cxm/urls.py adds.
    urlpatterns = get_resolver().namespace_dict["reviews"][1].url_patterns

    compliance_and_practices = {
        p.name
        for p in urlpatterns
        if p.callback.__module__ in ("dashboards.compliance.views", "standards.practices.views")
    }
    assert compliance_and_practices == MY_URLS == {case[0] for case in CASES}


@pytest.mark.parametrize("case", access.urls(CASES))
def test_anonymous_visitors_are_sent_to_log_in(client, aurora, case):
    access.assert_sent_to_log_in(
        access.request(client, "reviews", case._replace(data=None), aurora)
    )


@pytest.mark.parametrize(
    "name, args",
    [("competitor_delete", ("competitor",)), ("best_practice_promote", ("best",))],
)
def test_writes_refuse_get(client_for, manager, aurora, name, args):
    url = reverse(f"reviews:{name}", args=[aurora[a] for a in args])

    assert client_for(manager).get(url).status_code == 405


def test_outsider_writes_to_aurora_change_nothing(client_for, outsider, aurora, critical_moment):
    client = client_for(outsider)

    client.post(reverse("reviews:competitor_create"), _competitor_data(aurora))
    client.post(reverse("reviews:best_practice_create"), _best_data(aurora))
    client.post(reverse("reviews:competitor_delete", args=[aurora["competitor"]]))
    client.post(reverse("reviews:best_practice_promote", args=[aurora["best"]]))

    assert CompetitorPractice.objects.count() == 1
    assert BestPractice.objects.count() == 1
    assert BestPractice.objects.get().promoted_behaviour is None
    assert critical_moment.behaviours.count() == 1


def test_outsider_pages_show_nothing_of_aurora(client_for, outsider, aurora):
    client = client_for(outsider)

    practices = client.get(reverse("reviews:practices")).content.decode()
    compliance = client.get(reverse("reviews:compliance")).content.decode()
    form = client.get(reverse("reviews:best_practice_create")).content.decode()

    assert "Hotel Europa" not in practices and "celebrating" not in practices
    assert "Kraków Rynek" not in compliance and "Taking the order" not in compliance
    assert "Stan Test" not in form and "Taking the order" not in form


def test_aurora_manager_gets_404_for_rival_ids(client_for, manager, aurora, outsider):
    from accounts import services as account_services
    from tests.personas import add_person

    rival_location = account_services.save_location(
        organization=outsider.organization, name="Rival HQ", code="hq"
    )
    rival_staff = add_person(outsider.organization, "olga", "staff", location=rival_location)
    client = client_for(manager)

    assert (
        client.get(reverse("reviews:consultant_detail", args=[rival_staff.pk])).status_code == 404
    )
    assert (
        client.get(reverse("reviews:location_detail", args=[rival_location.pk])).status_code == 404
    )
