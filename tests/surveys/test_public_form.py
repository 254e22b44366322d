"""A customer answers the public survey form from a link or QR code, without an account,
in their own language; links that take no answer get a friendly page, never an error."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from surveys.forms.services import update_survey
from surveys.intake.services import submit_via_link
from surveys.links.services import create_link, revoke_link
from surveys.models import Response, SurveyLink

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits():
    """Rate limits live in the cache: every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def anna(consultant):
    """Stan's user renamed so a name leak cannot hide behind a common word."""
    consultant.user.first_name, consultant.user.last_name = "Anna", "Kowalczyk"
    consultant.user.email = "anna.kowalczyk@example.com"
    consultant.user.save()
    return consultant


def url(link, suffix=""):
    return f"/s/{link.token}/{suffix}"


def text(response) -> str:
    return response.content.decode()


def radio_values(response) -> list[str]:
    return re.findall(
        r'<input type="radio" name="score" id="score-\d+" value="(\d+)"', text(response)
    )


# ------------------------------------------------------------------------- language


def test_form_asks_the_question_in_the_browsers_language(client, qr_link):
    response = client.get(url(qr_link), HTTP_ACCEPT_LANGUAGE="pl-PL,pl;q=0.9,en;q=0.5")

    assert response.status_code == 200
    page = text(response)
    assert '<html lang="pl">' in page
    assert response["Content-Language"] == "pl"
    assert f"<legend><h1>{qr_link.survey.question_pl}</h1></legend>" in page
    assert qr_link.survey.follow_up_pl in page
    assert qr_link.survey.question_en not in page


def test_lang_parameter_overrides_the_browser(client, qr_link):
    response = client.get(url(qr_link) + "?lang=ru", HTTP_ACCEPT_LANGUAGE="pl")

    assert qr_link.survey.question_ru in text(response)
    assert '<html lang="ru">' in text(response)
    assert 'href="?lang=ru" lang="ru" hreflang="ru" aria-current="true"' in text(response)


def test_language_cookie_is_honoured(client, qr_link):
    client.cookies["django_language"] = "ro"
    response = client.get(url(qr_link))

    assert qr_link.survey.question_ro in text(response)


def test_a_language_the_survey_is_not_written_in_falls_back_to_english(client, qr_link):
    survey = qr_link.survey
    update_survey(survey=survey, name=survey.name, texts={"question_ro": ""}, moment=survey.moment)
    response = client.get(url(qr_link) + "?lang=ro", HTTP_ACCEPT_LANGUAGE="ro")

    page = text(response)
    assert survey.question_en in page
    assert '<html lang="en">' in page
    # The switcher offers only the languages the survey speaks.
    assert "?lang=pl" in page and "?lang=ro" not in page


def test_unknown_language_code_is_ignored(client, qr_link):
    response = client.get(url(qr_link) + "?lang=xx")

    assert response.status_code == 200
    assert qr_link.survey.question_en in text(response)


# ------------------------------------------------------------------------- the page


def test_scores_are_radio_buttons_in_a_fieldset_named_by_the_question(client, qr_link):
    response = client.get(url(qr_link))

    page = text(response)
    assert radio_values(response) == [str(n) for n in range(11)]
    assert "<fieldset" in page and f"<legend><h1>{qr_link.survey.question_en}</h1>" in page
    # Screen readers hear what the ends mean.
    assert '0<span class="sr-only"> — Not at all likely</span>' in page
    assert '10<span class="sr-only"> — Extremely likely</span>' in page
    assert 'maxlength="2000"' in page and "Up to 2000 characters." in page
    assert 'name="csrfmiddlewaretoken"' in page
    # Works without JavaScript, and loads none.
    assert "<script" not in page
    assert "css/survey.css" in page and "css/app.css" not in page


def test_csat_survey_shows_its_five_point_scale(client, csat_survey, consultant):
    link = create_link(survey=csat_survey, consultant=consultant)
    response = client.get(url(link))

    assert radio_values(response) == ["1", "2", "3", "4", "5"]
    assert '1<span class="sr-only"> — Very dissatisfied</span>' in text(response)
    assert '5<span class="sr-only"> — Very satisfied</span>' in text(response)


def test_page_names_the_organization_and_location(client, qr_link):
    page = text(client.get(url(qr_link)))

    assert "Bistro Aurora" in page and "Kraków Rynek" in page


def test_consultant_name_is_hidden_unless_the_organization_allows_it(client, anna, qr_link):
    page = text(client.get(url(qr_link)))

    assert "Anna" not in page and "Kowalczyk" not in page
    assert "E001" not in page and "anna.kowalczyk" not in page


def test_only_the_first_name_shows_when_allowed(client, organization, anna, qr_link):
    organization.show_first_name_on_surveys = True
    organization.save()

    page = text(client.get(url(qr_link)))

    assert "Your host today: Anna" in page
    assert "Kowalczyk" not in page and "E001" not in page and "stan" not in page.lower()


@pytest.mark.parametrize(
    "persona", ["anonymous", "manager", "staff", "executive", "admin", "outsider"]
)
def test_everyone_with_the_link_gets_the_same_customer_form(
    persona, personas, client_for, single_link
):
    # The token is the credential: signed in or not, of this organization or another,
    # a visitor sees the customer page (never the staff app) and may answer.
    client = Client() if persona == "anonymous" else client_for(personas[persona])

    page = text(client.get(url(single_link)))
    assert 'name="score"' in page and "css/app.css" not in page and "Log out" not in page
    assert client.post(url(single_link), {"score": "7"}).status_code == 302
    assert Response.objects.get().score == 7


def test_no_login_is_needed_and_pages_are_not_cached(client, qr_link):
    response = client.get(url(qr_link))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert 'name="robots" content="noindex' in text(response)


# ------------------------------------------------------------------------- answering


def test_answer_is_saved_with_the_links_context(client, single_link, consultant):
    response = client.post(
        url(single_link) + "?lang=pl", {"score": "9", "comment": " Świetna obsługa "}
    )

    assert response.status_code == 302
    assert response["Location"] == url(single_link, "thanks/") + "?lang=pl"
    saved = Response.objects.get()
    assert (saved.score, saved.comment, saved.language) == (9, "Świetna obsługa", "pl")
    assert saved.source == "link" and saved.link == single_link
    assert saved.survey == single_link.survey and saved.metric == "nps"
    assert saved.consultant == consultant and saved.location == consultant.location
    assert saved.moment == single_link.moment and saved.touchpoint == single_link.touchpoint
    single_link.refresh_from_db()
    assert single_link.used_at is not None


def test_answer_through_a_qr_link_is_recorded_as_qr(client, qr_link):
    client.get(url(qr_link))
    client.post(url(qr_link), {"score": "3"})

    saved = Response.objects.get()
    assert (saved.source, saved.score, saved.comment) == ("qr", 3, "")


def test_language_of_the_answer_is_the_pages_language(client, qr_link):
    client.post(url(qr_link), {"score": "10"}, HTTP_ACCEPT_LANGUAGE="ru")

    assert Response.objects.get().language == "ru"


def test_line_breaks_count_once_as_the_browser_counts_them(client, single_link):
    # 1,990 letters and ten line breaks fit maxlength=2000, but arrive as CRLF pairs.
    comment = "a" * 995 + "\r\n" * 10 + "b" * 995
    response = client.post(url(single_link), {"score": "8", "comment": comment})

    assert response.status_code == 302
    assert Response.objects.get().comment == "a" * 995 + "\n" * 10 + "b" * 995


@pytest.mark.parametrize("score", ["11", "-1", "7.5", "seven", "1e1", ""])
def test_bad_score_is_refused_next_to_the_field_and_nothing_is_saved(client, single_link, score):
    response = client.post(url(single_link), {"score": score, "comment": "Typed with care"})

    assert response.status_code == 400
    page = text(response)
    assert 'id="score-error"' in page and 'aria-describedby="score-error"' in page
    assert "Typed with care</textarea>" in page
    assert "<title>Error:" in page
    assert Response.objects.count() == 0
    single_link.refresh_from_db()
    assert single_link.used_at is None


def test_missing_score_asks_the_customer_to_choose_one(client, single_link):
    response = client.post(url(single_link) + "?lang=pl", {"comment": "x"})

    assert response.status_code == 400
    assert '<html lang="pl">' in text(response)
    assert re.search(r'id="score-error">.*</p>', text(response))


def test_out_of_range_score_says_the_scale(client, single_link):
    response = client.post(url(single_link), {"score": "11"})

    assert "0–10" in text(response)


def test_comment_over_2000_characters_is_refused_and_kept(client, single_link):
    comment = "x" * 2001
    response = client.post(url(single_link), {"score": "9", "comment": comment})

    assert response.status_code == 400
    page = text(response)
    assert 'id="comment-error"' in page and 'aria-invalid="true"' in page
    assert f">{comment}</textarea>" in page
    # The valid score stays chosen.
    assert 'value="9" required checked' in page
    assert Response.objects.count() == 0


# ------------------------------------------------------------------------- closed links


def close(link, **fields):
    SurveyLink.objects.filter(pk=link.pk).update(**fields)


@pytest.mark.parametrize("method", ["get", "post"])
def test_used_link_says_the_answer_was_recorded(client, single_link, method):
    submit_via_link(link=single_link, score=10)

    response = getattr(client, method)(url(single_link), {"score": "0"})

    assert response.status_code == 410
    assert "This survey link has already been used" in text(response)
    assert "your answer was recorded" in text(response)
    assert Response.objects.count() == 1


def test_expired_link_is_gone(client, single_link):
    close(single_link, expires_at=timezone.now() - timedelta(minutes=1))

    response = client.post(url(single_link), {"score": "9"})

    assert response.status_code == 410
    assert "This survey has closed" in text(response)
    assert Response.objects.count() == 0


def test_revoked_link_is_gone(client, qr_link):
    revoke_link(link=qr_link)

    response = client.get(url(qr_link))

    assert response.status_code == 410
    assert "no longer available" in text(response)


def test_link_of_a_deactivated_survey_is_gone(client, qr_link):
    survey = qr_link.survey
    survey.is_active = False
    survey.save()

    assert client.post(url(qr_link), {"score": "9"}).status_code == 410
    assert Response.objects.count() == 0


def test_unknown_token_gets_a_friendly_404(client, qr_link):
    response = client.get("/s/not-a-real-token/", HTTP_ACCEPT_LANGUAGE="ro")

    assert response.status_code == 404
    page = text(response)
    with translation.override("ro"):
        assert gettext("We could not find this survey") in page
    assert '<html lang="ro">' in page
    # The customer page, not the staff app's 404.
    assert "css/survey.css" in page and "Back to start" not in page


def test_unknown_token_post_saves_nothing(client, qr_link):
    assert client.post("/s/nope/", {"score": "9"}).status_code == 404
    assert Response.objects.count() == 0


def test_closed_page_speaks_the_respondents_language(client, single_link):
    close(single_link, revoked_at=timezone.now())

    response = client.get(url(single_link), HTTP_ACCEPT_LANGUAGE="pl")

    assert '<html lang="pl">' in text(response)
    assert response["Content-Language"] == "pl"


# ------------------------------------------------------------------------- thank you


def test_thank_you_page_after_answering(client, single_link):
    response = client.post(url(single_link) + "?lang=ru", {"score": "9"}, follow=True)

    assert response.status_code == 200
    with translation.override("ru"):
        assert gettext("Thank you for your answer!") in text(response)
    assert '<html lang="ru">' in text(response)
    assert "Bistro Aurora" in text(response)


def test_thank_you_page_of_an_unanswered_single_link_leads_to_the_form(client, single_link):
    response = client.get(url(single_link, "thanks/") + "?lang=pl")

    assert response.status_code == 302
    assert response["Location"] == url(single_link) + "?lang=pl"


def test_thank_you_page_of_an_unknown_token_is_a_friendly_404(client):
    response = client.get("/s/nope/thanks/")

    assert response.status_code == 404
    assert "We could not find this survey" in text(response)


# ------------------------------------------------------------------------- CSRF


def test_post_without_csrf_token_is_refused_and_saves_nothing(single_link):
    client = Client(enforce_csrf_checks=True)
    client.get(url(single_link))

    response = client.post(url(single_link), {"score": "9"})

    assert response.status_code == 403
    assert Response.objects.count() == 0


def test_post_with_the_forms_csrf_token_is_accepted(single_link):
    client = Client(enforce_csrf_checks=True)
    page = text(client.get(url(single_link)))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    response = client.post(url(single_link), {"score": "9", "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert Response.objects.count() == 1


# ------------------------------------------------------------------------- queries


def test_form_page_reads_the_link_and_the_device_window(client, qr_link, django_assert_num_queries):
    # The link with its survey; whether this device answered the QR code lately.
    with django_assert_num_queries(2):
        assert client.get(url(qr_link)).status_code == 200


def test_answering_takes_a_fixed_number_of_queries(client, single_link, django_assert_num_queries):
    # Read the link; claim it; insert the response and the rollup slice it owes (plus
    # the savepoint pair).
    with django_assert_num_queries(6):
        assert client.post(url(single_link), {"score": "9"}).status_code == 302
