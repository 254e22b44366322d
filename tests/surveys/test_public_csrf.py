"""A customer whose browser sends no cookies gets, instead of Django's English "CSRF
verification failed", the survey's page in their language saying what to do."""

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from surveys.models import Response

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "pl", "ru", "ro"])
def test_a_post_without_cookies_gets_the_friendly_page_in_the_customers_language(
    single_link, language
):
    browser = Client(enforce_csrf_checks=True)  # and no cookie from a first visit

    page = browser.post(f"/s/{single_link.token}/", {"score": "9"}, HTTP_ACCEPT_LANGUAGE=language)

    assert page.status_code == 403
    body = page.content.decode()
    assert f'<html lang="{language}">' in body
    with translation.override(language):
        heading = gettext("Your answer could not be sent")
        assert heading in body
        assert language == "en" or heading != "Your answer could not be sent"
        assert gettext("Open the survey again") in body
    assert "CSRF" not in body
    assert f'href="/s/{single_link.token}/?lang={language}"' in body
    assert not Response.objects.exists()
    single_link.refresh_from_db()
    assert single_link.used_at is None


def test_an_unknown_survey_without_cookies_says_it_was_not_found():
    page = Client(enforce_csrf_checks=True).post("/s/no-such-token/", {"score": "9"})

    assert page.status_code == 403
    assert "We could not find this survey" in page.content.decode()


def test_signed_in_pages_say_to_reload(manager):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(manager.user)

    page = browser.post("/journeys/new/", {"name": "Breakfast"})

    assert page.status_code == 403
    assert "Reload the page" in page.content.decode()
