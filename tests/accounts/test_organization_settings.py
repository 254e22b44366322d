"""Adam (admin) sets Aurora's survey rules: the e-mail cool-down and whether customers
see the consultant's first name. Nobody else reaches the page."""

import re

import pytest
from django.urls import reverse

URL = reverse("accounts:organization")


def _data(**changes):
    return {
        "name": "Bistro Aurora",
        "min_sample": 30,
        "survey_cooldown_days": 90,
        **changes,
    }


def test_page_shows_the_current_survey_rules(client_for, admin_member, organization):
    organization.survey_cooldown_days = 45
    organization.show_first_name_on_surveys = True
    organization.save()

    html = client_for(admin_member).get(URL).content.decode()

    assert 'name="survey_cooldown_days" value="45"' in html
    box = re.search(r'<input type="checkbox" name="show_first_name_on_surveys"[^>]*>', html)
    assert box and box.group(0).endswith(" checked>")


def test_admin_changes_the_cool_down_and_shows_first_names(client_for, admin_member, organization):
    response = client_for(admin_member).post(
        URL, _data(survey_cooldown_days=30, show_first_name_on_surveys="on")
    )

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.survey_cooldown_days == 30
    assert organization.show_first_name_on_surveys is True


def test_unticking_hides_first_names_again(client_for, admin_member, organization):
    organization.show_first_name_on_surveys = True
    organization.save()

    client_for(admin_member).post(URL, _data())

    organization.refresh_from_db()
    assert organization.show_first_name_on_surveys is False


@pytest.mark.parametrize("days", [0, 3651, -5, "soon"])
def test_a_cool_down_outside_1_to_3650_days_is_refused(
    client_for, admin_member, organization, days
):
    response = client_for(admin_member).post(URL, _data(survey_cooldown_days=days, name="Renamed"))

    assert response.status_code == 400
    organization.refresh_from_db()
    assert (organization.survey_cooldown_days, organization.name) == (90, "Bistro Aurora")


def test_a_form_without_the_cool_down_keeps_it(client_for, admin_member, organization):
    response = client_for(admin_member).post(URL, {"name": "Bistro Aurora", "min_sample": 40})

    assert response.status_code == 302
    organization.refresh_from_db()
    assert (organization.min_sample, organization.survey_cooldown_days) == (40, 90)


@pytest.mark.parametrize("days", [1, 3650])
def test_the_limits_themselves_are_accepted(client_for, admin_member, organization, days):
    response = client_for(admin_member).post(URL, _data(survey_cooldown_days=days))

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.survey_cooldown_days == days


@pytest.mark.parametrize("persona", ["manager", "staff", "executive", "outsider"])
def test_only_admins_change_the_organization(client_for, personas, organization, persona):
    client = client_for(personas[persona])

    assert client.get(URL).status_code == 403
    assert client.post(URL, _data(survey_cooldown_days=5)).status_code == 403
    organization.refresh_from_db()
    assert organization.survey_cooldown_days == 90


def test_anonymous_visitors_are_sent_to_log_in(client, organization):
    response = client.get(URL)

    assert response.status_code == 302 and "/login/" in response["Location"]
