"""What a manager of one location sees: one rule (accounts.selectors.visibility), tested as
a matrix of persona × every page, export and API list that shows customers' or staff's data.

Aurora has two locations. At Kraków: Stan (staff) got the answer "KRK-ANSWER" and was
observed by Alice. At Warszawa: Sara (staff) got the answer "WAW-ANSWER" and was observed
by Adam; a QR link is hers; Adam imported a file of Warszawa answers and sent a batch of
e-mail invitations.

Adam (admin), Eve (executive) and Uma (a manager without a location) see the whole
organization. Alice manages Kraków and must see nothing of Warszawa: its pages are 404,
choosing it in a filter is refused, and lists, files and figures leave it out. Wanda
manages Warszawa and sees it. Stan and Sara see only their own data. Oscar (Rival Bank)
sees nothing of Aurora.

Each case says, per persona, whether the Warszawa data is shown (True), left out
(False), or the request is refused with a status code.
"""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.choices import Role
from dashboards import rollups
from reviews import services as review_services
from surveys.forms.services import create_survey
from surveys.imports import services as import_services
from surveys.intake.checks import check_responses
from surveys.intake.services import record_responses
from surveys.invitations import services as invitation_services
from surveys.links.services import create_link
from tests.personas import add_person

pytestmark = pytest.mark.django_db

PERSONAS = ("admin", "executive", "manager_all", "manager_krk", "manager_waw")
PERSONAS += ("staff_krk", "staff_waw", "outsider")
WARSZAWA = "Warszawa Mokotów"


@pytest.fixture
def people(personas, consultant, second_consultant, organization, second_location):
    return {
        "admin": personas["admin"],
        "executive": personas["executive"],
        "manager_all": add_person(organization, "uma", Role.MANAGER),
        "manager_krk": personas["manager"],
        "manager_waw": add_person(organization, "wanda", Role.MANAGER, location=second_location),
        "staff_krk": consultant,
        "staff_waw": second_consultant,
        "outsider": personas["outsider"],
    }


def _review(reviewer, consultant, behaviours):
    review = review_services.start_review(
        organization=consultant.organization,
        reviewer=reviewer,
        kind="observation",
        consultant=consultant,
        location=consultant.location,
        moments=[behaviours[0].moment],
        occurred_at=timezone.now() - timedelta(days=1),
    )
    for behaviour in behaviours:
        review_services.score_item(review=review, behaviour=behaviour, result="met")
    return review_services.submit_review(review=review)


@pytest.fixture
def aurora(
    organization,
    people,
    second_location,
    iron_behaviour,
    master_behaviour,
    published_version,
    critical_moment,
):
    """Both locations' data, built through the services, and the rollups rebuilt."""
    adam, alice = people["admin"], people["manager_krk"]
    stan, sara = people["staff_krk"], people["staff_waw"]
    when = (timezone.now() - timedelta(days=1)).isoformat()
    rows = [
        {"metric": "nps", "score": 9, "comment": "KRK-ANSWER", "consultant": "E001"},
        {"metric": "nps", "score": 3, "comment": "WAW-ANSWER", "consultant": "E002"},
    ]
    checked = check_responses(
        organization=organization, rows=[{**row, "submitted_at": when} for row in rows]
    )
    record_responses(organization=organization, rows=checked, source="api")
    behaviours = [iron_behaviour, master_behaviour]
    _review(alice, stan, behaviours)
    waw_review = _review(adam, sara, behaviours)
    survey = create_survey(organization=organization, name="Dinner NPS", metric="nps", by=adam.user)
    waw_link = create_link(survey=survey, kind="reusable", consultant=sara, by=adam.user)
    waw_import = import_services.preview_import(
        organization=organization,
        file_name="warszawa.csv",
        data=b"submitted_at,metric,score,comment,consultant\n2025-03-01 18:30,nps,2,Zimno,E002\n",
        by=adam.user,
    )
    batch = invitation_services.invite(
        survey=survey, text="klient@example.com", language="pl", by=adam.user
    )
    rollups.rebuild_all(organization_id=organization.pk)
    return {
        "review": waw_review,
        "survey": survey,
        "link": waw_link,
        "import": waw_import,
        "batch": batch,
        "location": second_location,
        "sara": sara,
    }


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        book = load_workbook(io.BytesIO(body), read_only=True)
        return " ".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    return body.decode("utf-8-sig")


def _rows(response) -> list:
    data = response.json()
    return data["results"] if isinstance(data, dict) else data


# How each case reads the outcome of a 200: does it show the Warszawa data?
def shows(marker):
    return lambda response, data: marker(data) in _text(response)


def found(response, data) -> bool:
    return True


def has_review(response, data) -> bool:
    return data["review"].pk in {row["id"] for row in _rows(response)}


def has_answer(response, data) -> bool:
    return "WAW-ANSWER" in {row["comment"] for row in _rows(response)}


def has_location_group(response, data) -> bool:
    return data["location"].pk in {row["key"] for row in response.json()["results"]}


def url(name, *args, query=None):
    def make(data):
        address = reverse(name, args=[data[a].pk for a in args])
        if query:
            address += "?" + "&".join(f"{k}={v(data)}" for k, v in query.items())
        return address

    return make


WAW = {"location": lambda data: data["location"].pk}
T, F = True, False
API = "api"

# name, url(data), how a 200 shows Warszawa, expected per persona in PERSONAS
CASES = [
    (
        "responses list",
        url("surveys:response_list"),
        shows(lambda d: "WAW-ANSWER"),
        (T, T, T, F, T, 403, 403, F),
    ),
    (
        "responses list ?location=Warszawa",
        url("surveys:response_list", query=WAW),
        shows(lambda d: "WAW-ANSWER"),
        (T, T, T, 400, T, 403, 403, 400),
    ),
    (
        "responses CSV",
        lambda d: reverse("surveys:response_export", args=["csv"]),
        shows(lambda d: "WAW-ANSWER"),
        (T, T, T, F, T, 403, 403, F),
    ),
    (
        "responses XLSX",
        lambda d: reverse("surveys:response_export", args=["xlsx"]),
        shows(lambda d: "WAW-ANSWER"),
        (T, T, T, F, T, 403, 403, F),
    ),
    (
        "reviews list",
        url("reviews:review_list"),
        shows(lambda d: reverse("reviews:review_detail", args=[d["review"].pk])),
        (T, T, T, F, T, F, T, F),
    ),
    (
        "Warszawa's review",
        url("reviews:review_detail", "review"),
        found,
        (T, T, T, 404, T, 404, T, 404),
    ),
    (
        "compliance page",
        url("reviews:compliance"),
        shows(lambda d: WARSZAWA),
        (T, T, T, F, T, 403, 403, F),
    ),
    (
        "compliance ?location=Warszawa",
        url("reviews:compliance", query=WAW),
        shows(lambda d: WARSZAWA),
        (T, T, T, 400, T, 403, 403, 400),
    ),
    (
        "Warszawa's location page",
        url("reviews:location_detail", "location"),
        found,
        (T, T, T, 404, T, 403, 403, 404),
    ),
    (
        "Sara's consultant page",
        url("reviews:consultant_detail", "sara"),
        found,
        (T, T, T, 404, T, 404, T, 404),
    ),
    (
        "dashboard",
        url("dashboards:overview"),
        shows(lambda d: WARSZAWA),
        (T, T, T, F, T, 403, 403, F),
    ),
    (
        "dashboard ?location=Warszawa",
        url("dashboards:overview", query=WAW),
        shows(lambda d: WARSZAWA),
        (T, T, T, 400, T, 403, 403, 400),
    ),
    (
        "dashboard export",
        lambda d: reverse("dashboards:export", args=["locations", "csv"]),
        shows(lambda d: WARSZAWA),
        (T, T, T, F, T, 403, 403, F),
    ),
    (
        "dashboard export ?location=Warszawa",
        lambda d: (
            reverse("dashboards:export", args=["locations", "xlsx"])
            + f"?location={d['location'].pk}"
        ),
        shows(lambda d: WARSZAWA),
        (T, T, T, 400, T, 403, 403, 400),
    ),
    (
        "survey's links",
        url("surveys:survey_detail", "survey"),
        shows(lambda d: reverse("surveys:link_detail", args=[d["link"].pk])),
        (T, T, T, F, T, 403, 403, 404),
    ),
    (
        "Warszawa's link",
        url("surveys:link_detail", "link"),
        found,
        (T, T, T, 404, T, 403, 403, 404),
    ),
    (
        "Warszawa's QR code",
        lambda d: reverse("surveys:link_qr", args=[d["link"].pk, "png"]),
        found,
        (T, T, T, 404, T, 403, 403, 404),
    ),
    (
        "print sheet",
        url("surveys:survey_print", "survey"),
        shows(lambda d: d["link"].token),
        (T, T, T, F, T, 403, 403, 404),
    ),
    (
        "Adam's import of Warszawa's answers",
        url("surveys:import_detail", "import"),
        found,
        (T, 403, T, 404, 404, 403, 403, 404),
    ),
    (
        "Adam's e-mail invitations",
        url("surveys:invitation_detail", "batch"),
        found,
        (T, T, T, 404, 404, 403, 403, 404),
    ),
    (
        "API responses",
        lambda d: "/api/v1/responses/",
        has_answer,
        (T, T, T, F, T, F, T, F),
    ),
    (
        "API reviews",
        lambda d: "/api/v1/reviews/",
        has_review,
        (T, T, T, F, T, F, T, F),
    ),
    (
        "API scores by location",
        lambda d: "/api/v1/scores/?metric=nps&group_by=location",
        has_location_group,
        (T, T, T, F, T, F, T, F),
    ),
    (
        "API scores ?location=Warszawa",
        lambda d: f"/api/v1/scores/?metric=nps&group_by=location&location={d['location'].code}",
        has_location_group,
        (T, T, T, 403, T, F, T, 400),
    ),
    (
        "API compliance by location",
        lambda d: "/api/v1/compliance/?group_by=location",
        has_location_group,
        (T, T, T, F, T, F, T, F),
    ),
    (
        "API compliance ?location=Warszawa",
        lambda d: f"/api/v1/compliance/?group_by=location&location={d['location'].code}",
        has_location_group,
        (T, T, T, 403, T, F, T, 400),
    ),
]


def _outcome(response, shown, data) -> bool | int:
    """True or False (shown or not) for a 200, else the refusal's status code."""
    if response.status_code != 200:
        return response.status_code
    return shown(response, data)


@pytest.mark.parametrize(
    "address, shown, expected", [pytest.param(*case[1:], id=case[0]) for case in CASES]
)
def test_who_sees_warszawa(people, aurora, address, shown, expected):
    """One page for every persona (the data is built once per page): the whole row of
    the matrix is compared, so a failure shows every persona's outcome."""
    outcomes = {}
    for persona in PERSONAS:
        client = APIClient()
        client.force_login(people[persona].user)
        outcomes[persona] = _outcome(client.get(address(aurora)), shown, aurora)

    assert outcomes == dict(zip(PERSONAS, expected, strict=True))


# --- Beyond the matrix ----------------------------------------------------------------------


def test_an_api_key_acts_for_the_whole_organization(aurora, organization, admin_member):
    _key, raw = account_services.create_api_key(
        organization=organization, name="POS export", by=admin_member.user
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")

    assert has_answer(client.get("/api/v1/responses/"), aurora)
    assert has_review(client.get("/api/v1/reviews/"), aurora)
    scores = client.get("/api/v1/scores/?metric=nps&group_by=location")
    assert has_location_group(scores, aurora)


def test_the_location_managers_filters_offer_only_their_location(
    client_for, people, aurora, location
):
    client = client_for(people["manager_krk"])

    for name in ("surveys:response_list", "reviews:review_list", "reviews:compliance"):
        html = client.get(reverse(name)).content.decode()
        assert location.name in html, name
        assert WARSZAWA not in html and "Sara Test" not in html, name
    dashboard = client.get(reverse("dashboards:overview")).context["form"]
    assert list(dashboard.fields["location"].queryset) == [location]


def test_a_cached_dashboard_panel_is_never_served_to_another_locations_manager(
    client_for, people, aurora, location
):
    """Wanda's and Uma's panels are computed and cached first; Alice's own comes after."""
    overview = reverse("dashboards:overview")
    assert WARSZAWA in client_for(people["manager_waw"]).get(overview).content.decode()
    assert WARSZAWA in client_for(people["manager_all"]).get(overview).content.decode()

    html = client_for(people["manager_krk"]).get(overview).content.decode()

    assert WARSZAWA not in html and location.name in html


def test_a_location_manager_counts_only_their_locations_answers_on_the_survey_list(
    client_for, people, aurora
):
    def counts(persona):
        survey = client_for(people[persona]).get(reverse("surveys:survey_list")).context["surveys"]
        return [(s.link_count, s.response_count) for s in survey]

    # The survey's one QR code is Sara's at Warszawa; its answers came through the API.
    assert counts("manager_waw") == counts("admin") == [(1, 0)]
    assert counts("manager_krk") == [(0, 0)]


def test_a_location_manager_sees_the_reviews_they_wrote_elsewhere(
    client_for, people, aurora, iron_behaviour, master_behaviour
):
    alice = people["manager_krk"]
    visit = _review(alice, aurora["sara"], [iron_behaviour, master_behaviour])

    response = client_for(alice).get(reverse("reviews:review_detail", args=[visit.pk]))

    assert response.status_code == 200


def test_a_location_manager_follows_the_imports_they_started(client_for, people, organization):
    alice = people["manager_krk"]
    batch = import_services.preview_import(
        organization=organization,
        file_name="krakow.csv",
        data=b"submitted_at,metric,score,comment,consultant\n2025-03-01 18:30,nps,9,,E001\n",
        by=alice.user,
    )

    response = client_for(alice).get(reverse("surveys:import_detail", args=[batch.pk]))

    assert response.status_code == 200


def test_a_location_manager_cannot_make_a_link_for_another_location(client_for, people, aurora):
    response = client_for(people["manager_krk"]).post(
        reverse("surveys:link_create", args=[aurora["survey"].pk]),
        {"kind": "reusable", "location": aurora["location"].pk},
    )

    assert response.status_code == 400
    assert aurora["survey"].links.count() == 2  # Sara's QR code and the invitation's


def test_only_a_manager_of_one_location_gets_my_locations_dashboard(client_for, people, aurora):
    def heading(persona):
        return client_for(people[persona]).get(reverse("dashboards:overview")).content.decode()

    assert "My location" in heading("manager_krk")
    assert "Customer experience dashboard" in heading("manager_all")
