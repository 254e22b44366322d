"""Publishing a version e-mails each staff member at least once, never zero, against a
real SMTP server that refuses, then accepts (tests/fake_smtp.py).

Publishing records one notice per staff member with an address, in its transaction; a
notice is marked sent only once the server accepted it; while the server is down each
notice waits for its next try, shown per recipient on the version's page; then every
staff member gets the e-mail exactly once.
"""

from datetime import timedelta
from email import message_from_bytes
from email.header import decode_header, make_header
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.choices import Role
from standards import services, tasks
from standards.models import StaffNotice
from tests.personas import add_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(organization, location):
    """Kasia and Piotr, consultants with addresses; Stan has none (no e-mail for him)."""
    return [
        add_person(organization, name, Role.STAFF, location=location, email=f"{name}@example.com")
        for name in ("kasia", "piotr")
    ]


@pytest.fixture
def publish(organization, manager, iron_behaviour, django_capture_on_commit_callbacks):
    """Alice publishes (in English); the notification task runs as the commit wakes it."""

    def do():
        with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
            return services.publish_standards(organization=organization, by=manager.user)

    return do


def a_while_later() -> None:
    StaffNotice.objects.filter(status="pending").update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def test_each_staff_member_gets_the_new_version_once(smtp_server, staff, consultant, publish):
    version = publish()

    assert sorted(m.to[0] for m in smtp_server.messages) == [
        "kasia@example.com",
        "piotr@example.com",
    ]
    assert b"Version 1 of your standards was published" in smtp_server.messages[0].data
    version.refresh_from_db()
    assert version.staff_notified_at is not None
    assert set(version.notices.values_list("status", flat=True)) == {"sent"}
    # A duplicated task and the sweep send nothing again.
    assert tasks.notify_staff_of_version.apply(args=[version.pk]).get() == 0
    assert services.send_due_notices() == 0
    assert len(smtp_server.messages) == 2


def test_nothing_is_marked_sent_while_the_server_is_down_then_all_go_out_once(
    smtp_server, staff, publish
):
    smtp_server.stop()

    version = publish()

    notices = list(version.notices.all())
    assert [(n.status, n.attempts, n.sent_at) for n in notices] == [("pending", 1, None)] * 2
    assert all("Connection refused" in n.last_error for n in notices)
    version.refresh_from_db()
    assert version.staff_notified_at is None  # owed, not forgotten
    assert services.send_due_notices() == 0  # not before the backoff

    smtp_server.start()
    a_while_later()
    assert tasks.send_due_notices.apply().get() == 2  # the sweep, from beat

    assert sorted(m.to[0] for m in smtp_server.messages) == [
        "kasia@example.com",
        "piotr@example.com",
    ]
    version.refresh_from_db()
    assert version.staff_notified_at is not None
    assert services.send_due_notices() == 0
    assert len(smtp_server.messages) == 2


def test_a_refused_address_fails_at_once_and_the_others_are_sent(smtp_server, staff, publish):
    smtp_server.reject = {"piotr@example.com"}

    version = publish()

    piotr = version.notices.get(email="piotr@example.com")
    assert (piotr.status, piotr.last_error) == ("failed", "550 5.1.1 No such user")
    assert smtp_server.received_by("kasia@example.com") == 1
    version.refresh_from_db()
    assert version.staff_notified_at is not None  # every notice handled, one failed


def test_the_notice_rows_are_written_with_the_version(
    organization, manager, staff, consultant, iron_behaviour
):
    # The task has not run (its message may be lost): the notices are owed all the same.
    version = services.publish_standards(organization=organization, by=manager.user)

    assert sorted(version.notices.values_list("email", flat=True)) == [
        "kasia@example.com",
        "piotr@example.com",
    ]
    assert version.staff_notified_at is None


def test_a_version_without_staff_to_notify_is_notified_at_once(
    organization, manager, iron_behaviour
):
    version = services.publish_standards(organization=organization, by=manager.user)

    assert not version.notices.exists()
    version.refresh_from_db()
    assert version.staff_notified_at is not None


def test_the_version_page_shows_each_recipients_delivery_to_managers(
    smtp_server, staff, publish, client_for, manager, consultant
):
    smtp_server.busy = {"kasia@example.com"}
    smtp_server.reject = {"piotr@example.com"}
    version = publish()
    url = reverse("standards:version_detail", args=[version.number])

    html = client_for(manager).get(url).content.decode()

    assert "E-mail to staff" in html
    kasia = version.notices.get(email="kasia@example.com")
    when = timezone.localtime(kasia.next_attempt_at, ZoneInfo("Europe/Warsaw"))  # Alice's
    assert f"Waiting to retry at {when:%H:%M}" in html
    assert "451 4.3.2 Try again later" in html
    assert "Could not be sent" in html and "550 5.1.1 No such user" in html
    assert "Retry failed now" in html
    staff_html = client_for(consultant).get(url).content.decode()
    assert "E-mail to staff" not in staff_html and "kasia@example.com" not in staff_html


def test_retry_failed_now_sends_them_again_once(
    smtp_server, staff, publish, client_for, manager, django_capture_on_commit_callbacks
):
    smtp_server.reject = {"piotr@example.com"}
    version = publish()
    smtp_server.reject = set()  # the address was fixed at the mail provider
    url = reverse("standards:notices_retry", args=[version.number])

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(url, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(manager).post(url)  # a double click

    assert "1 e-mail to staff is being sent again." in response.content.decode()
    assert smtp_server.received_by("piotr@example.com") == 1
    assert smtp_server.received_by("kasia@example.com") == 1
    version.refresh_from_db()
    assert version.staff_notified_at is not None


def test_staff_read_the_notice_in_the_language_it_was_published_in(
    smtp_server, staff, organization, manager, iron_behaviour, django_capture_on_commit_callbacks
):
    with translation.override("pl"):
        services.publish_standards(organization=organization, by=manager.user)
    # Sent later by the worker or the sweep, wherever its own language is.
    with translation.override("ro"), django_capture_on_commit_callbacks(execute=True):
        tasks.send_due_notices()

    assert StaffNotice.objects.filter(language="pl").count() == 2
    subjects = {
        str(make_header(decode_header(message_from_bytes(received.data)["Subject"])))
        for received in smtp_server.messages
    }
    assert subjects == {"Nowe standardy obsługi klienta: wersja 1"}, subjects
