"""Role × view × own/other organization, for every URL of the survey, link, QR code and
invitation pages.

Alice (manager) and Adam (admin) change surveys and links and send invitations; Eve
(executive) reads the list, a survey, a link, its QR code, the print sheet and an
invitation batch, and is refused every write (403); Stan (staff) is refused everything
(403). Oscar manages Rival Bank: every Aurora id is 404 for him, never 403, which would
confirm it exists; on the pages without an id he sees his own organization.
"""

import pytest
from django.urls import reverse

from surveys.forms.services import create_survey
from surveys.invitations import services as invitation_services
from surveys.links.services import create_link
from surveys.models import InvitationBatch, SurveyLink

PERSONAS = ("manager", "staff", "executive", "admin", "outsider")


@pytest.fixture
def aurora(nps_survey, qr_link, consultant, location, critical_moment, manager):
    batch = invitation_services.invite(
        survey=nps_survey, text="guest@example.com, E001", language="en", by=manager.user
    )
    return {
        "survey": nps_survey.pk,
        "link": qr_link.pk,
        "batch": batch.pk,
        "journey": critical_moment.touchpoint.journey_id,
        "consultant": consultant.pk,
        "location": location.pk,
    }


def _survey_data(aurora):
    # Aurora's journey: a valid choice for Aurora's managers, not for Oscar's organization.
    return {
        "name": "Lunch NPS",
        "metric": "nps",
        "question_en": "How likely are you to recommend us?",
        "journey": aurora["journey"],
    }


def _edit_data(aurora):
    return {**_survey_data(aurora), "is_active": "on"}


def _link_data(aurora):
    return {"kind": "single", "consultant": aurora["consultant"]}


def _bulk_data(aurora):
    return {"location": aurora["location"], "kind": "reusable"}


def _invite_data(aurora):
    return {"recipients": "someone@example.com", "language": "pl"}


# name, method, args (keys of `aurora`), data, expected status per persona in PERSONAS
CASES = [
    ("survey_list", "get", (), None, (200, 403, 200, 200, 200)),
    ("survey_create", "get", (), None, (200, 403, 403, 200, 200)),
    ("survey_create", "post", (), _survey_data, (302, 403, 403, 302, 400)),
    ("survey_detail", "get", ("survey",), None, (200, 403, 200, 200, 404)),
    ("survey_edit", "get", ("survey",), None, (200, 403, 403, 200, 404)),
    ("survey_edit", "post", ("survey",), _edit_data, (302, 403, 403, 302, 404)),
    ("link_create", "post", ("survey",), _link_data, (302, 403, 403, 302, 404)),
    ("links_bulk_create", "post", ("survey",), _bulk_data, (302, 403, 403, 302, 404)),
    ("survey_print", "get", ("survey",), None, (200, 403, 200, 200, 404)),
    ("link_detail", "get", ("link",), None, (200, 403, 200, 200, 404)),
    ("link_revoke", "post", ("link",), None, (302, 403, 403, 302, 404)),
    ("link_qr", "get", ("link", "png"), None, (200, 403, 200, 200, 404)),
    ("link_qr", "get", ("link", "svg"), None, (200, 403, 200, 200, 404)),
    ("invitation_create", "get", ("survey",), None, (200, 403, 403, 200, 404)),
    ("invitation_create", "post", ("survey",), _invite_data, (302, 403, 403, 302, 404)),
    ("invitation_detail", "get", ("batch",), None, (200, 403, 200, 200, 404)),
    ("invitation_retry", "post", ("batch",), None, (302, 403, 403, 302, 404)),
    ("invitation_cancel", "post", ("batch",), None, (302, 403, 403, 302, 404)),
]


def _url(name, args, aurora):
    return reverse(f"surveys:{name}", args=[aurora.get(a, a) for a in args])


def _params():
    for name, method, args, data, statuses in CASES:
        for persona, status in zip(PERSONAS, statuses, strict=True):
            label = "-".join((name, method, *args, persona))
            yield pytest.param(name, method, args, data, persona, status, id=label)


@pytest.mark.parametrize("name, method, args, data, persona, expected", list(_params()))
def test_role_and_organization_matrix(
    client_for, personas, aurora, name, method, args, data, persona, expected
):
    client = client_for(personas[persona])
    payload = data(aurora) if callable(data) else data

    response = getattr(client, method)(_url(name, args, aurora), payload or {})

    assert response.status_code == expected


def test_anonymous_visitors_are_sent_to_log_in(client, aurora):
    for name, method, args, _data, _statuses in CASES:
        response = getattr(client, method)(_url(name, args, aurora))
        assert response.status_code == 302 and "/login/" in response["Location"], name


@pytest.mark.parametrize("persona", ["executive", "staff", "outsider"])
def test_refused_writes_change_nothing(client_for, personas, aurora, nps_survey, persona):
    client = client_for(personas[persona])
    links_before = SurveyLink.objects.count()

    for name, method, args, data, _statuses in CASES:
        if method == "post" and args:
            client.post(_url(name, args, aurora), data(aurora) if data else {})

    nps_survey.refresh_from_db()
    assert nps_survey.name == "Dinner NPS"
    assert SurveyLink.objects.count() == links_before
    assert SurveyLink.objects.get(pk=aurora["link"]).revoked_at is None
    assert InvitationBatch.objects.count() == 1


@pytest.mark.parametrize(
    "name, args",
    [
        ("link_create", ("survey",)),
        ("links_bulk_create", ("survey",)),
        ("link_revoke", ("link",)),
    ],
)
def test_writes_answer_only_to_post(client_for, manager, aurora, name, args):
    assert client_for(manager).get(_url(name, args, aurora)).status_code == 405


def test_an_unknown_qr_format_is_not_found(client_for, manager, aurora):
    url = reverse("surveys:link_qr", args=[aurora["link"], "gif"])

    assert client_for(manager).get(url).status_code == 404


@pytest.fixture
def rival_survey(outsider):
    survey = create_survey(
        organization=outsider.organization, name="Branch NPS", metric="nps", by=outsider.user
    )
    link = create_link(survey=survey, kind="reusable")
    batch = invitation_services.invite(survey=survey, text="client@example.com", language="en")
    return {"survey": survey.pk, "link": link.pk, "batch": batch.pk}


def _rival_params():
    # Executives are refused writes by role before any lookup (403 in the matrix).
    for name, method, args, _data, statuses in CASES:
        for persona in ("manager", "executive", "admin"):
            if args and statuses[PERSONAS.index(persona)] != 403:
                yield pytest.param(name, method, args, persona, id="-".join((name, *args, persona)))


@pytest.mark.parametrize("name, method, args, persona", list(_rival_params()))
def test_nobody_in_aurora_reaches_rival_banks_surveys(
    client_for, personas, rival_survey, name, method, args, persona
):
    url = reverse(f"surveys:{name}", args=[rival_survey.get(a, a) for a in args])

    response = getattr(client_for(personas[persona]), method)(url, {})

    assert response.status_code == 404


def test_rival_banks_surveys_are_not_listed_in_aurora(client_for, manager, rival_survey):
    html = client_for(manager).get(reverse("surveys:survey_list")).content.decode()

    assert "Branch NPS" not in html


def test_every_url_of_the_survey_pages_is_in_the_matrix():
    from surveys import urls
    from surveys.forms import views as survey_views
    from surveys.invitations import views as invitation_views
    from surveys.links import views as link_views

    modules = {survey_views.__name__, link_views.__name__, invitation_views.__name__}
    mine = {p.name for p in urls.urlpatterns if p.callback.__module__ in modules}

    assert mine == {name for name, *_rest in CASES}
    assert len(mine) == 14
