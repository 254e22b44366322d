"""Nobody can stuff a QR code or flood the public form: one answer per device per link
per window on reusable links, a number of answers per client IP per hour on all links.
Refused answers get a friendly page with HTTP 429 and save nothing."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db.models import F
from django.test import Client, RequestFactory
from django.utils import translation
from django.utils.translation import gettext

from surveys.links import services
from surveys.models import DeviceAnswer, Response
from surveys.public import throttle

pytestmark = pytest.mark.django_db

HOUR = 3600


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch, settings):
    """Move time forward for the cache's expiry and the throttle's hour buckets. Redis
    keeps its own clock, so these tests use the local-memory cache (which reads ours)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    offset = [0.0]
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + offset[0])

    def advance(seconds: float) -> None:
        offset[0] += seconds

    return advance


def url(link):
    return f"/s/{link.token}/"


def answer(client, link, score="9", **extra):
    return client.post(url(link), {"score": score}, **extra)


def guest() -> Client:
    """A phone that opened the QR code page first, and so holds a device id."""
    return Client()


def open_and_answer(client, link, score="9", **extra):
    client.get(url(link), **extra)
    return answer(client, link, score, **extra)


# ------------------------------------------------------------------- device on QR links


def test_one_device_answers_a_qr_link_once_per_window(qr_link):
    phone = guest()
    assert open_and_answer(phone, qr_link).status_code == 302

    again = answer(phone, qr_link, "10")

    assert again.status_code == 429
    assert "You have already answered" in again.content.decode()
    assert 0 < int(again["Retry-After"]) <= 12 * HOUR
    assert list(Response.objects.values_list("score", flat=True)) == [9]


def test_a_device_that_answered_sees_so_instead_of_the_form(qr_link):
    phone = guest()
    open_and_answer(phone, qr_link)

    response = phone.get(url(qr_link), HTTP_ACCEPT_LANGUAGE="pl")

    assert response.status_code == 200
    with translation.override("pl"):
        assert gettext("You have already answered — thank you") in response.content.decode()
    assert 'name="score"' not in response.content.decode()


def test_other_guests_at_the_same_table_may_answer(qr_link):
    # Same restaurant Wi-Fi, so the same IP: each phone still has its own answer.
    for _ in range(3):
        assert open_and_answer(guest(), qr_link).status_code == 302

    assert Response.objects.count() == 3


def _hours_pass(hours: float) -> None:
    """The device window is kept in the database: move its answers back in time."""
    DeviceAnswer.objects.update(answered_at=F("answered_at") - timedelta(hours=hours))


def test_device_may_answer_again_after_the_window(qr_link, settings):
    settings.SURVEY_DEVICE_WINDOW_HOURS = 12
    phone = guest()
    open_and_answer(phone, qr_link)

    _hours_pass(11)
    refused = answer(phone, qr_link)
    assert refused.status_code == 429
    assert HOUR - 60 <= int(refused["Retry-After"]) <= HOUR
    _hours_pass(1)
    assert answer(phone, qr_link).status_code == 302
    assert Response.objects.count() == 2


def test_device_id_cookie_is_signed_long_lived_and_only_for_survey_pages(qr_link):
    response = guest().get(url(qr_link))

    cookie = response.cookies[throttle.DEVICE_COOKIE]
    assert cookie["httponly"] and cookie["path"] == "/s/" and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) > 300 * 24 * HOUR
    assert ":" in cookie.value  # value:signature


def test_single_use_links_hand_out_no_device_id(single_link):
    response = Client().get(url(single_link))

    assert throttle.DEVICE_COOKIE not in response.cookies


def test_forged_device_cookie_counts_as_none(qr_link):
    phone = guest()
    open_and_answer(phone, qr_link)
    # A made-up id is ignored: the device is known by its IP, which already answered.
    bot = Client()
    bot.cookies[throttle.DEVICE_COOKIE] = "made-up-id"
    assert answer(bot, qr_link).status_code == 302  # first cookieless answer from this IP
    assert answer(bot, qr_link).status_code == 429
    assert Response.objects.count() == 2


def test_browser_without_cookies_is_known_by_its_ip(qr_link):
    assert answer(Client(), qr_link).status_code == 302
    assert answer(Client(), qr_link).status_code == 429
    assert answer(Client(), qr_link, REMOTE_ADDR="198.51.100.7").status_code == 302
    assert Response.objects.count() == 2


def test_a_refused_answer_does_not_use_up_the_devices_turn(qr_link):
    phone = guest()
    phone.get(url(qr_link))
    assert answer(phone, qr_link, "eleven").status_code == 400

    assert answer(phone, qr_link, "8").status_code == 302
    assert Response.objects.get().score == 8


def test_answering_one_qr_link_leaves_the_others_open(qr_link, nps_survey, second_consultant):
    other = services.create_link(survey=nps_survey, kind="reusable", consultant=second_consultant)
    phone = guest()
    open_and_answer(phone, qr_link)

    assert open_and_answer(phone, other).status_code == 302


def test_single_use_links_take_their_answer_without_a_device_check(nps_survey, consultant):
    links = [services.create_link(survey=nps_survey, consultant=consultant) for _ in range(2)]
    phone = Client()

    assert [answer(phone, link).status_code for link in links] == [302, 302]


# ------------------------------------------------------------------- per IP, all links


@pytest.fixture
def three_links(nps_survey, consultant):
    return [services.create_link(survey=nps_survey, consultant=consultant) for _ in range(3)]


def test_an_ip_over_its_hourly_limit_gets_429_and_nothing_is_saved(three_links, settings):
    settings.SURVEY_RATE_LIMIT_PER_HOUR = 2
    client = Client()
    codes = [answer(client, link).status_code for link in three_links]

    assert codes == [302, 302, 429]
    assert Response.objects.count() == 2
    three_links[2].refresh_from_db()
    assert three_links[2].used_at is None


def test_limit_page_is_friendly_and_says_to_come_back(three_links, settings):
    settings.SURVEY_RATE_LIMIT_PER_HOUR = 0

    response = answer(Client(), three_links[0], HTTP_ACCEPT_LANGUAGE="pl")

    assert response.status_code == 429
    with translation.override("pl"):
        assert gettext("Too many answers at the moment") in response.content.decode()
    assert '<html lang="pl">' in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= HOUR


def test_other_ips_are_not_limited_by_one_busy_ip(three_links, settings):
    settings.SURVEY_RATE_LIMIT_PER_HOUR = 1
    answer(Client(), three_links[0])

    assert answer(Client(), three_links[1], REMOTE_ADDR="203.0.113.9").status_code == 302


def test_refused_input_does_not_count_against_the_limit(three_links, settings):
    settings.SURVEY_RATE_LIMIT_PER_HOUR = 1
    client = Client()
    assert answer(client, three_links[0], "99").status_code == 400

    assert answer(client, three_links[0]).status_code == 302


def test_limit_starts_again_the_next_hour(three_links, settings, clock):
    settings.SURVEY_RATE_LIMIT_PER_HOUR = 1
    client = Client()
    answer(client, three_links[0])
    assert answer(client, three_links[1]).status_code == 429

    clock(HOUR)
    assert answer(client, three_links[1]).status_code == 302


def test_forwarded_for_is_ignored_without_trusted_proxies(three_links, settings):
    settings.SURVEY_RATE_LIMIT_PER_HOUR = 1
    settings.NUM_PROXIES = 0
    client = Client()
    answer(client, three_links[0], HTTP_X_FORWARDED_FOR="192.0.2.1")

    # A client that makes up a new address each time is still the same client.
    assert answer(client, three_links[1], HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 429


def test_behind_a_proxy_the_client_is_the_address_the_proxy_saw(three_links, settings):
    settings.SURVEY_RATE_LIMIT_PER_HOUR = 1
    settings.NUM_PROXIES = 1
    client = Client()
    answer(client, three_links[0], HTTP_X_FORWARDED_FOR="192.0.2.1")

    # The left part is whatever the client sent; the proxy appended the real address.
    spoofed = answer(client, three_links[1], HTTP_X_FORWARDED_FOR="10.9.9.9, 192.0.2.1")
    assert spoofed.status_code == 429
    assert answer(client, three_links[1], HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "127.0.0.1"),
        (1, "", "127.0.0.1"),
        (1, "6.6.6.6, 1.1.1.1", "1.1.1.1"),
        (2, "6.6.6.6, 1.1.1.1, 10.0.0.2", "1.1.1.1"),
        (3, "1.1.1.1", "1.1.1.1"),
    ],
)
def test_client_ip(settings, proxies, forwarded, expected):
    settings.NUM_PROXIES = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded)

    assert throttle.client_ip(request) == expected


def test_the_nightly_job_forgets_device_marks_past_the_window(qr_link, settings):
    from surveys.tasks import forget_old_device_answers

    settings.SURVEY_DEVICE_WINDOW_HOURS = 12
    open_and_answer(guest(), qr_link)
    open_and_answer(guest(), qr_link)
    assert forget_old_device_answers() == 0
    _hours_pass(13)

    assert forget_old_device_answers() == 2
    assert not DeviceAnswer.objects.exists()
