"""Wrong passwords lock an account, and a client IP, for a while (django-axes), on the
sign-in form and on the password form; an administrator can lift the lock."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def sign_in(client, username, password, ip="198.51.100.20"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail(username, times, ip="198.51.100.20"):
    client = Client()
    return [sign_in(client, username, "wrong-password", ip).status_code for _ in range(times)]


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(consultant):
    assert fail("stan", 4) == [200] * 4  # the form again, with its error
    assert fail("stan", 1) == [429]  # the fifth: locked from now on

    locked = sign_in(Client(), "stan", PASSWORD)

    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Signing in is paused" in page
    assert "Try again in 15 minutes" in page
    assert int(locked["Retry-After"]) == 15 * 60
    assert "_auth_user_id" not in Client().session


def test_a_lock_on_one_account_leaves_the_others_alone(consultant, second_consultant):
    fail("stan", 5, ip="198.51.100.20")

    assert sign_in(Client(), "sara", PASSWORD, ip="203.0.113.5").status_code == 302


def test_one_persons_typos_do_not_lock_out_the_colleagues_behind_the_same_router(
    consultant, second_consultant
):
    fail("stan", 5, ip="192.0.2.66")

    assert sign_in(Client(), "sara", PASSWORD, ip="192.0.2.66").status_code == 302


def test_one_address_trying_many_accounts_is_paused(
    consultant, second_consultant, manager, settings
):
    settings.AXES_IP_FAILURE_LIMIT = 6
    for username in ("stan", "sara", "alice", "nobody", "admin", "root"):
        fail(username, 1, ip="192.0.2.66")

    assert sign_in(Client(), "alice", PASSWORD, ip="192.0.2.66").status_code == 429
    assert sign_in(Client(), "alice", PASSWORD, ip="192.0.2.67").status_code == 302


def test_the_lock_ends_after_the_cool_off(consultant):
    fail("stan", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    assert sign_in(Client(), "stan", PASSWORD).status_code == 302


def test_a_right_password_before_the_limit_starts_the_count_again(consultant):
    fail("stan", 4)
    assert sign_in(Client(), "stan", PASSWORD).status_code == 302

    assert fail("stan", 4) == [200] * 4


def test_an_administrator_sees_the_lock_and_lifts_it(consultant, admin_member, client_for):
    fail("stan", 5)
    admin = client_for(admin_member)

    people = admin.get("/accounts/settings/people/").content.decode()
    assert "Locked out until" in people

    unlocked = admin.post(f"/accounts/settings/people/{consultant.pk}/unlock/", follow=True)
    assert "can sign in again" in unlocked.content.decode()
    assert "Locked out until" not in admin.get("/accounts/settings/people/").content.decode()
    assert sign_in(Client(), "stan", PASSWORD).status_code == 302


@pytest.mark.parametrize("role", ["manager", "staff", "executive"])
def test_only_an_administrator_unlocks(second_consultant, personas, client_for, role):
    fail("sara", 5)

    answer = client_for(personas[role]).post(
        f"/accounts/settings/people/{second_consultant.pk}/unlock/"
    )

    assert answer.status_code == 403
    assert AccessAttempt.objects.exists()


def test_another_organizations_member_cannot_be_unlocked(outsider, admin_member, client_for):
    answer = client_for(admin_member).post(f"/accounts/settings/people/{outsider.pk}/unlock/")

    assert answer.status_code == 404


def test_the_password_form_counts_wrong_current_passwords(consultant, client_for):
    browser = client_for(consultant)
    form = {
        "old_password": "not-it",
        "new_password1": "N3w-pass-cxm!",
        "new_password2": "N3w-pass-cxm!",
    }
    codes = [
        browser.post("/accounts/password/", form, REMOTE_ADDR="198.51.100.20").status_code
        for _ in range(5)
    ]
    assert codes == [200, 200, 200, 200, 429]  # the form with its error; then the lock

    form["old_password"] = PASSWORD
    locked = browser.post("/accounts/password/", form, REMOTE_ADDR="198.51.100.20")

    assert "Too many wrong passwords" in locked.content.decode()
    consultant.user.refresh_from_db()
    assert consultant.user.check_password(PASSWORD)  # unchanged
    assert sign_in(Client(), "stan", PASSWORD).status_code == 429
