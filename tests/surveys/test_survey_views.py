"""The survey list, the new-survey and edit forms, and a survey's page, as Alice (manager)
and Eve (executive) use them; query counts pinned and shown not to grow.

Every logged-in page costs 4 queries around the view: the session, the user, the
membership (middleware) and the organization switcher in base.html.
"""

import pytest
from django.urls import reverse

from surveys.forms.defaults import QUESTIONS
from surveys.forms.services import create_survey
from surveys.intake.services import submit_via_link
from surveys.invitations import services as invitation_services
from surveys.links.services import create_link
from surveys.models import Response, Survey
from touchpoints import services as touchpoint_services

BASE = 4  # session, user, membership, organization switcher
LIST = BASE + 1  # the surveys with their link and response counts as subqueries
# the survey; links: count and page; invitation batches; manager forms: consultants,
# locations (twice: one link, one per consultant), touchpoints, moments
DETAIL_EXECUTIVE = BASE + 4
DETAIL_MANAGER = DETAIL_EXECUTIVE + 5


def _answer(link, score=9):
    return submit_via_link(link=link, score=score)


# --- The list -----------------------------------------------------------------------------


def test_survey_list_counts_links_and_responses_of_each_survey(
    client_for, manager, nps_survey, csat_survey, single_link, qr_link
):
    _answer(qr_link, 10)
    _answer(qr_link, 3)
    _answer(single_link, 9)
    # E-mail invitations get a link each: counted with their batch, not as links.
    invitation_services.invite(survey=nps_survey, text="a@example.com", language="en")

    page = client_for(manager).get(reverse("surveys:survey_list"))

    rows = {s.name: s for s in page.context["surveys"]}
    assert (rows["Dinner NPS"].link_count, rows["Dinner NPS"].response_count) == (2, 3)
    assert (rows["Service CSAT"].link_count, rows["Service CSAT"].response_count) == (0, 0)
    html = page.content.decode()
    assert "NPS (0–10)" in html and "CSAT (1–5)" in html
    assert "Dinner › Ordering › <strong>Taking the order</strong>" in html


def test_survey_list_queries_do_not_grow_with_surveys_links_and_responses(
    client_for, manager, nps_survey, consultant, second_consultant, django_assert_num_queries
):
    client = client_for(manager)
    with django_assert_num_queries(LIST):
        assert client.get(reverse("surveys:survey_list")).status_code == 200

    for i in range(5):
        survey = create_survey(organization=manager.organization, name=f"Survey {i}", metric="csat")
        for who in (consultant, second_consultant):
            _answer(create_link(survey=survey, kind="reusable", consultant=who), 4)

    with django_assert_num_queries(LIST):
        response = client.get(reverse("surveys:survey_list"))
    assert response.content.decode().count('data-label="Survey"') == 6


def test_executives_read_the_list_without_a_new_survey_button(client_for, executive, nps_survey):
    html = client_for(executive).get(reverse("surveys:survey_list")).content.decode()

    assert "Dinner NPS" in html
    assert reverse("surveys:survey_create") not in html


def test_empty_list_invites_managers_to_create_the_first_survey(client_for, manager):
    html = client_for(manager).get(reverse("surveys:survey_list")).content.decode()

    assert "Create the first survey" in html


# --- Creating a survey ----------------------------------------------------------------------


def test_new_survey_form_starts_with_the_nps_questions_in_four_languages(client_for, manager):
    html = client_for(manager).get(reverse("surveys:survey_create")).content.decode()

    for code in ("en", "pl", "ru", "ro"):
        assert QUESTIONS["nps"][code] in html


def test_choosing_csat_fills_in_the_csat_questions(client_for, manager):
    response = client_for(manager).get(reverse("surveys:survey_create"), {"metric": "csat"})

    html = response.content.decode()
    assert QUESTIONS["csat"]["pl"] in html
    assert QUESTIONS["nps"]["pl"] not in html


def test_htmx_metric_change_swaps_the_questions_and_keeps_reworded_ones(client_for, manager):
    typed = {
        "metric": "ces",
        "name": "Checkout",
        "question_en": "How easy was paying today?",  # reworded: kept
        "question_pl": QUESTIONS["nps"]["pl"],  # the old default: replaced
        "question_ru": "",  # empty: filled in
    }

    response = client_for(manager).get(
        reverse("surveys:survey_create"), typed, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="survey-texts"')
    assert "<h1>" not in html
    assert "\nHow easy was paying today?</textarea>" in html
    assert QUESTIONS["ces"]["pl"] in html and QUESTIONS["ces"]["ru"] in html
    assert QUESTIONS["nps"]["pl"] not in html


def test_manager_creates_a_survey_of_a_moment(client_for, manager, critical_moment):
    data = {
        "name": "  Dinner   NPS ",
        "metric": "nps",
        "question_en": "Would you recommend Aurora?",
        "question_pl": "Czy polecisz Aurorę?",
        "follow_up_en": "Why?",
        "moment": critical_moment.pk,
    }

    response = client_for(manager).post(reverse("surveys:survey_create"), data)

    survey = Survey.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:survey_detail", args=[survey.pk])
    assert (survey.name, survey.metric, survey.organization) == (
        "Dinner NPS",
        "nps",
        manager.organization,
    )
    assert survey.question("pl") == "Czy polecisz Aurorę?"
    assert survey.question_ru == ""  # cleared by the manager: customers read English
    # A moment implies its touchpoint and journey.
    assert survey.touchpoint == critical_moment.touchpoint
    assert survey.journey == critical_moment.touchpoint.journey
    assert survey.created_by == manager.user


def test_a_survey_needs_a_name_and_an_english_question(client_for, manager):
    response = client_for(manager).post(
        reverse("surveys:survey_create"), {"metric": "nps", "question_en": "", "name": ""}
    )

    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert not Survey.objects.exists()


def test_a_moment_not_at_the_chosen_touchpoint_is_refused(
    client_for, manager, journey, critical_moment
):
    other = touchpoint_services.create_touchpoint(journey=journey, name="Paying", channel="web")

    response = client_for(manager).post(
        reverse("surveys:survey_create"),
        {
            "name": "Mixed",
            "metric": "nps",
            "question_en": "Q?",
            "touchpoint": other.pk,
            "moment": critical_moment.pk,
        },
    )

    assert response.status_code == 400
    assert "This moment is not at the chosen touchpoint." in response.content.decode()
    assert not Survey.objects.exists()


def test_another_organizations_journey_is_not_a_choice(client_for, outsider, journey):
    response = client_for(outsider).post(
        reverse("surveys:survey_create"),
        {"name": "Steal", "metric": "nps", "question_en": "Q?", "journey": journey.pk},
    )

    assert response.status_code == 400
    assert not Survey.objects.exists()


def test_an_unknown_metric_is_refused(client_for, manager):
    response = client_for(manager).post(
        reverse("surveys:survey_create"), {"name": "X", "metric": "ces2", "question_en": "Q?"}
    )

    assert response.status_code == 400
    assert not Survey.objects.exists()


# --- Editing ------------------------------------------------------------------------------


def test_manager_rewords_a_survey_and_switches_it_off(client_for, manager, nps_survey):
    data = {
        "name": "Dinner NPS (autumn)",
        "metric": "nps",
        "question_en": "Would you recommend our dinners?",
        "question_ro": "Ne-ai recomanda?",
        # is_active left out: the box is unticked
    }

    response = client_for(manager).post(reverse("surveys:survey_edit", args=[nps_survey.pk]), data)

    assert response.status_code == 302
    nps_survey.refresh_from_db()
    assert nps_survey.name == "Dinner NPS (autumn)"
    assert nps_survey.question("ro") == "Ne-ai recomanda?"
    assert nps_survey.question_pl == ""
    assert nps_survey.is_active is False
    # No context posted: the survey now asks about the whole experience.
    assert nps_survey.moment is None


def test_edit_form_shows_the_saved_wording_and_the_metric_as_fixed(client_for, manager, nps_survey):
    nps_survey.question_pl = "Własne pytanie?"
    nps_survey.save()

    html = client_for(manager).get(reverse("surveys:survey_edit", args=[nps_survey.pk])).content
    html = html.decode()

    assert "\nWłasne pytanie?</textarea>" in html
    assert "Fixed: answers on another scale would not add up." in html
    assert 'type="radio"' not in html


def test_changing_the_metric_of_a_survey_is_refused(client_for, manager, nps_survey):
    response = client_for(manager).post(
        reverse("surveys:survey_edit", args=[nps_survey.pk]),
        {"name": "Now CSAT", "metric": "csat", "question_en": "Satisfied?", "is_active": "on"},
    )

    assert response.status_code == 400
    assert "The metric of a survey cannot change" in response.content.decode()
    nps_survey.refresh_from_db()
    assert (nps_survey.metric, nps_survey.name) == ("nps", "Dinner NPS")


# --- A survey's page --------------------------------------------------------------------


def test_survey_page_lists_links_with_their_state_and_full_address(
    client_for, manager, nps_survey, single_link, qr_link, settings
):
    settings.SITE_URL = "https://cx.aurora.example"
    _answer(single_link)

    html = client_for(manager).get(reverse("surveys:survey_detail", args=[nps_survey.pk]))
    html = html.content.decode()

    assert f'value="https://cx.aurora.example/s/{qr_link.token}/"' in html
    assert f'value="https://cx.aurora.example/s/{single_link.token}/"' in html
    assert "Used" in html and "Open" in html
    assert "Reusable · QR" in html and "Single-use" in html
    assert reverse("surveys:link_qr", args=[qr_link.pk, "png"]) in html
    assert reverse("surveys:link_revoke", args=[qr_link.pk]) in html


def test_executives_see_the_survey_without_any_write_button(
    client_for, executive, nps_survey, qr_link
):
    html = client_for(executive).get(reverse("surveys:survey_detail", args=[nps_survey.pk]))
    html = html.content.decode()

    assert qr_link.token in html
    for name in ("survey_edit", "link_create", "links_bulk_create", "invitation_create"):
        assert reverse(f"surveys:{name}", args=[nps_survey.pk]) not in html, name
    assert reverse("surveys:link_revoke", args=[qr_link.pk]) not in html
    assert reverse("surveys:survey_print", args=[nps_survey.pk]) in html  # reading is fine


@pytest.mark.parametrize(
    "persona, expected, shown",
    # Alice, of Kraków, sees Kraków's links and the one of no location; Eve sees all six.
    [("manager", DETAIL_MANAGER, 3), ("executive", DETAIL_EXECUTIVE, 6)],
)
def test_survey_page_queries_do_not_grow_with_links(
    client_for,
    personas,
    nps_survey,
    consultant,
    second_consultant,
    location,
    second_location,
    django_assert_num_queries,
    persona,
    expected,
    shown,
):
    client = client_for(personas[persona])
    url = reverse("surveys:survey_detail", args=[nps_survey.pk])
    create_link(survey=nps_survey, kind="reusable")
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200

    for who in (consultant, second_consultant):
        _answer(create_link(survey=nps_survey, kind="reusable", consultant=who))
        create_link(survey=nps_survey, kind="single", consultant=who, label="Receipt")
    create_link(survey=nps_survey, kind="single", location=second_location)
    invitation_services.invite(
        survey=nps_survey, text="a@example.com\nb@example.com", language="en"
    )
    assert Response.objects.count() == 2

    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.content.decode().count('data-label="For"') == shown
