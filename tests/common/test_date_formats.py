"""Dates as our readers read them, in each interface language.

English is read in Poland, Moldova and Romania: 12/07/2026 must not stand for 7 December,
nor 3:54 p.m. for a shift time. Romanian writes month names in lower case. Chart axes and
the scorecard's period name months in the reader's language.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format, time_format

from dashboards.charts import date_ticks

EVENING = datetime(2026, 12, 7, 15, 54, tzinfo=ZoneInfo("UTC"))
SEVENTH_OF_DECEMBER = date(2026, 12, 7)


def test_english_dates_are_day_month_or_iso_and_times_are_24_hour():
    with translation.override("en"):
        assert date_format(SEVENTH_OF_DECEMBER) == "7 Dec 2026"
        assert date_format(SEVENTH_OF_DECEMBER, "SHORT_DATE_FORMAT") == "2026-12-07"
        assert date_format(EVENING, "DATETIME_FORMAT", use_l10n=True) == "7 Dec 2026, 15:54"
        assert date_format(EVENING, "SHORT_DATETIME_FORMAT") == "2026-12-07 15:54"
        assert time_format(EVENING, "TIME_FORMAT") == "15:54"


@pytest.mark.parametrize("language", ["en", "pl", "ru", "ro"])
@pytest.mark.parametrize("named", ["DATE_FORMAT", "DATETIME_FORMAT", "YEAR_MONTH_FORMAT"])
def test_a_sentence_ending_in_a_date_has_one_full_stop(language, named):
    # "You acknowledged this review on 7 Dec 2026, 15:54." — not "3:54 p.m.." nor "г..".
    with translation.override(language):
        assert not date_format(EVENING, named).endswith(".")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-12-07", SEVENTH_OF_DECEMBER),
        ("07/12/2026", SEVENTH_OF_DECEMBER),  # day first, never the American month first
        ("07.12.2026", SEVENTH_OF_DECEMBER),
        ("7 Dec 2026", SEVENTH_OF_DECEMBER),
    ],
)
def test_a_typed_english_date_is_read_day_first(typed, expected):
    with translation.override("en"):
        assert forms.DateField().clean(typed) == expected


def test_romanian_months_are_written_in_lower_case():
    # Needs our Romanian catalogue (common/formats/months.py lists the month names).
    with translation.override("ro"):
        assert date_format(SEVENTH_OF_DECEMBER) == "7 decembrie 2026"
        assert date_format(SEVENTH_OF_DECEMBER, "YEAR_MONTH_FORMAT") == "decembrie 2026"


def test_other_languages_keep_their_own_formats():
    with translation.override("pl"):
        assert date_format(SEVENTH_OF_DECEMBER) == "7 grudnia 2026"
    with translation.override("ru"):
        assert date_format(SEVENTH_OF_DECEMBER) == "7 декабря 2026"


def test_chart_axis_months_are_in_the_readers_language():
    months = [date(2026, month, 1).isoformat() for month in range(1, 13)]
    with translation.override("ru"):
        ticks = date_ticks(months, unit="month")

    assert ticks["tickmode"] == "array"
    assert ticks["ticktext"][0] == "Январь 2026"
    assert all("Jan" not in text and "Feb" not in text for text in ticks["ticktext"])
    assert len(ticks["tickvals"]) <= 6  # fits a phone
    assert ticks["tickvals"][0] == "2026-01-01"


def test_weekly_chart_ticks_name_the_day_and_month():
    weeks = ["2026-11-02", "2026-11-09", "2026-11-16"]
    with translation.override("pl"):
        ticks = date_ticks(weeks, unit="week")
    with translation.override("en"):
        english = date_ticks(weeks, unit="week")

    assert ticks["ticktext"] == ["2 listopada", "9 listopada", "16 listopada"]
    assert english["ticktext"] == ["2 Nov", "9 Nov", "16 Nov"]


def test_the_scorecard_period_names_months_in_the_readers_language(client_for, consultant):
    page = client_for(consultant).get(reverse("dashboards:scorecard"), HTTP_ACCEPT_LANGUAGE="ru")

    summary = page.content.decode().split('class="sc-summary"', 1)[1].split("</p>", 1)[0]
    assert "декабря 2026" in summary  # Russian long dates: "7 декабря 2026"
    assert not any(month in summary for month in ("Sep", "Oct", "Nov", "Dec"))
