"""Eve (executive) picks "Custom dates" on her dashboard: the figures must not vanish
before she has typed both dates. The browser waits for both (static/js/period_filters.js,
tests/e2e/test_dashboard_dates.py); here, what the server does for it: the dates start
from the period on screen, a refused htmx change leaves the figures and says why beside
the dates, and without JavaScript the button applies custom dates. The other period
filters (scorecard, compliance, responses) carry the same behaviour."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

URL = reverse("dashboards:overview")
HTMX = {"HX-Request": "true"}


def test_the_date_inputs_start_from_the_preset_on_screen(executive, client_for):
    body = client_for(executive).get(URL, {"period": "30"}).content.decode()
    today = timezone.localdate(timezone=executive.zone)
    start = today - timedelta(days=29)
    assert f'name="date_from" value="{start.isoformat()}"' in body
    assert f'name="date_to" value="{today.isoformat()}"' in body
    assert f'data-today="{today.isoformat()}"' in body


def test_custom_dates_without_dates_in_htmx_keep_the_figures_and_say_why_beside_them(
    executive, client_for
):
    response = client_for(executive).get(URL, {"period": "custom"}, headers=HTMX)
    body = response.content.decode()

    assert response.status_code == 400
    assert response["HX-Reswap"] == "none"  # the figures on screen stay
    assert response["HX-Push-Url"] == "false"  # and so does the address
    assert 'id="period-error"' in body and 'hx-swap-oob="true"' in body
    assert "Choose a start date, an end date or both." in body
    assert 'id="results"' not in body and "no figures are shown" not in body


def test_an_end_before_the_start_in_htmx_is_said_beside_the_dates(executive, client_for):
    response = client_for(executive).get(
        URL,
        {"period": "custom", "date_from": "2026-05-01", "date_to": "2026-04-01"},
        headers=HTMX,
    )
    assert response.status_code == 400
    assert response["HX-Reswap"] == "none"
    assert "The end date is before the start date." in response.content.decode()


def test_both_dates_apply_and_are_summarised(executive, client_for):
    today = timezone.localdate(timezone=executive.zone)
    start = today - timedelta(days=10)
    response = client_for(executive).get(
        URL,
        {"period": "custom", "date_from": start.isoformat(), "date_to": today.isoformat()},
        headers=HTMX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f"From {start.isoformat()} to {today.isoformat()}" in body
    assert response["HX-Push-Url"].endswith(
        f"period=custom&date_from={start.isoformat()}&date_to={today.isoformat()}"
    )


def test_without_javascript_the_button_applies_custom_dates(executive, client_for):
    # The form submitted whole: the period select says custom, the dates are typed.
    response = client_for(executive).get(
        URL, {"period": "custom", "date_from": "2026-01-01", "date_to": "2026-01-31"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "From 2026-01-01 to 2026-01-31" in body
    assert 'value="2026-01-01"' in body and 'value="2026-01-31"' in body


def test_without_javascript_a_refused_pair_is_shown_beside_the_dates(executive, client_for):
    response = client_for(executive).get(
        URL, {"period": "custom", "date_from": "2026-05-01", "date_to": "2026-04-01"}
    )
    body = response.content.decode()
    date_to = body.index('class="filter filter-date_to field-error"')
    assert response.status_code == 400
    assert body.index("The end date is before the start date.", date_to) < body.index(
        "</div>", date_to
    )


@pytest.mark.parametrize(
    ("who", "url", "max_days"),
    [
        ("executive", "dashboards:overview", True),
        ("consultant", "dashboards:scorecard", True),
        ("manager", "reviews:compliance", False),
        ("manager", "surveys:response_list", False),
    ],
)
def test_every_period_filter_waits_for_both_custom_dates(request, client_for, who, url, max_days):
    member = request.getfixturevalue(who)
    body = client_for(member).get(reverse(url)).content.decode()
    assert "data-period-filter" in body
    assert 'data-custom="custom"' in body
    assert f'data-today="{timezone.localdate(timezone=member.zone).isoformat()}"' in body
    assert "Enter both dates: the figures change once both are set." in body
    assert ("data-max-days=" in body) is max_days
    assert 'id="period-error"' in body
    assert "js/period_filters.js" in body
