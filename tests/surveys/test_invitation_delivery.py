"""Invitations are e-mailed at least once, never zero, against a real SMTP server that
refuses, answers 451 or 550, then accepts (tests/fake_smtp.py, Django's SMTP backend).

Nothing is marked sent before the server accepted it; a refused connection or a 451 is
tried again with backoff and shows per recipient; a 550 fails the recipient at once; once
the server accepts, every invitation goes out exactly once. Alice can send the failed
ones again now, or cancel the rest.

Time passes in these tests by moving the next try into the past (`a_while_later`).
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from common import mail
from surveys.invitations import services as invitation_services
from surveys.models import Invitation, InvitationBatch

pytestmark = pytest.mark.django_db

THREE = "anna@example.com\njan@example.com\nola@example.com"


@pytest.fixture
def send(nps_survey, manager, django_capture_on_commit_callbacks):
    """Alice's invitation list saved, and the sending task run as its commit wakes it.
    (Alice manages Kraków: she sees the lists she sent, see README "Roles".)"""

    def do(text: str) -> InvitationBatch:
        with django_capture_on_commit_callbacks(execute=True):
            return invitation_services.invite(
                survey=nps_survey, text=text, language="en", by=manager.user
            )

    return do


def a_while_later(batch: InvitationBatch) -> None:
    """The backoff has passed: every waiting invitation of the batch is due."""
    batch.invitations.filter(status="pending").update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def states(batch: InvitationBatch) -> dict[str, tuple]:
    return {
        i.email: (i.status, i.attempts, i.sent_at is not None)
        for i in batch.invitations.order_by("pk")
    }


def test_nothing_is_marked_sent_while_the_server_is_down_then_each_goes_out_once(smtp_server, send):
    smtp_server.stop()

    batch = send(THREE)

    assert states(batch) == {
        "anna@example.com": ("pending", 1, False),
        "jan@example.com": ("pending", 1, False),
        "ola@example.com": ("pending", 1, False),
    }
    for invitation in batch.invitations.all():
        assert "Connection refused" in invitation.last_error
        wait = invitation.next_attempt_at - timezone.now()
        assert timedelta(seconds=50) < wait <= timedelta(minutes=1)
    batch.refresh_from_db()
    assert (batch.status, batch.heartbeat_at) == ("running", None)  # waiting, not sending
    # The sweep finds nothing due before the backoff has passed.
    assert invitation_services.sweep_invitations() == 0

    smtp_server.start()
    a_while_later(batch)
    assert invitation_services.sweep_invitations() == 1

    assert [message.to for message in smtp_server.messages] == [
        ["anna@example.com"],
        ["jan@example.com"],
        ["ola@example.com"],
    ]
    assert {state for state, _attempts, _sent in states(batch).values()} == {"sent"}
    assert {i.last_error for i in batch.invitations.all()} == {""}
    batch.refresh_from_db()
    assert batch.status == "done"
    # Sweeps and tasks again: nothing is sent twice.
    assert invitation_services.sweep_invitations() == 0
    assert invitation_services.send_invitation_batch(batch_id=batch.pk) == 0
    assert len(smtp_server.messages) == 3


def test_a_451_is_tried_again_later_and_a_550_fails_the_recipient_at_once(smtp_server, send):
    smtp_server.busy = {"jan@example.com"}
    smtp_server.reject = {"ola@example.com"}

    batch = send(THREE)

    assert states(batch) == {
        "anna@example.com": ("sent", 1, True),
        "jan@example.com": ("pending", 1, False),
        "ola@example.com": ("failed", 1, False),
    }
    jan, ola = (
        batch.invitations.get(email="jan@example.com"),
        batch.invitations.get(email="ola@example.com"),
    )
    assert jan.last_error == "451 4.3.2 Try again later"
    assert ola.last_error == "550 5.1.1 No such user"
    assert smtp_server.received_by("anna@example.com") == 1

    smtp_server.busy = set()
    a_while_later(batch)
    invitation_services.sweep_invitations()

    assert smtp_server.received_by("jan@example.com") == 1
    assert smtp_server.received_by("ola@example.com") == 0  # a 550 is not tried again
    assert len(smtp_server.messages) == 2
    assert states(batch)["jan@example.com"] == ("sent", 2, True)
    batch.refresh_from_db()
    assert batch.status == "done"


def test_tries_wait_1_2_4_minutes_and_give_up_after_the_last(smtp_server, send, settings):
    settings.MAIL_MAX_ATTEMPTS = 4
    smtp_server.stop()
    batch = send("anna@example.com")
    waits = []
    for _try in range(3):
        invitation = batch.invitations.get()
        waits.append(round((invitation.next_attempt_at - timezone.now()).total_seconds() / 60))
        a_while_later(batch)
        invitation_services.sweep_invitations()

    assert waits == [1, 2, 4]
    invitation = batch.invitations.get()
    assert (invitation.status, invitation.attempts) == ("failed", 4)
    assert "Connection refused" in invitation.last_error
    batch.refresh_from_db()
    assert batch.status == "done"
    assert mail.backoff(7) == timedelta(minutes=60)  # capped at an hour


def test_an_invitation_claimed_by_a_worker_that_died_is_sent_once_its_lease_ran_out(
    smtp_server, nps_survey
):
    batch = invitation_services.invite(survey=nps_survey, text=THREE, language="en")
    anna = batch.invitations.get(email="anna@example.com")
    # A worker claimed Anna's invitation, then was killed before sending it.
    assert mail.claim(Invitation.objects.all(), anna.pk)

    assert invitation_services.send_invitation_batch(batch_id=batch.pk) == 2
    assert smtp_server.received_by("anna@example.com") == 0
    assert states(batch)["anna@example.com"] == ("pending", 0, False)
    batch.refresh_from_db()
    assert batch.status == "running"  # not done: Anna's invitation is owed

    # Within the lease the sweep leaves it to its worker...
    assert invitation_services.sweep_invitations() == 0
    # ...then takes it over.
    Invitation.objects.filter(pk=anna.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1)
    )
    assert invitation_services.sweep_invitations() == 1

    assert [smtp_server.received_by(a) for a in THREE.split()] == [1, 1, 1]
    batch.refresh_from_db()
    assert batch.status == "done"


def test_a_task_delivered_again_while_another_sends_the_batch_does_nothing(smtp_server, nps_survey):
    batch = invitation_services.invite(survey=nps_survey, text=THREE, language="en")
    # Another worker is sending this batch right now: its heartbeat is fresh.
    InvitationBatch.objects.filter(pk=batch.pk).update(
        status="running", heartbeat_at=timezone.now()
    )

    assert invitation_services.send_invitation_batch(batch_id=batch.pk) == 0
    assert invitation_services.sweep_invitations() == 0
    assert smtp_server.messages == []

    # That worker died: once its heartbeat is stale the sweep sends the batch.
    InvitationBatch.objects.filter(pk=batch.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=5)
    )
    assert invitation_services.sweep_invitations() == 1
    assert len(smtp_server.messages) == 3


def test_a_batch_whose_message_was_lost_is_sent_by_the_sweep(smtp_server, nps_survey):
    # Saved, but the wake-up never reached a worker (Redis was down).
    batch = invitation_services.invite(survey=nps_survey, text=THREE, language="en")
    assert invitation_services.sweep_invitations() == 0  # queued moments ago

    InvitationBatch.objects.filter(pk=batch.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=3)
    )
    assert invitation_services.sweep_invitations() == 1
    assert len(smtp_server.messages) == 3


def test_the_cool_down_skips_an_address_another_invitation_is_being_sent_to(
    smtp_server, nps_survey
):
    first = invitation_services.invite(survey=nps_survey, text="anna@example.com", language="en")
    second = invitation_services.invite(survey=nps_survey, text="anna@example.com", language="en")
    # A worker is sending the first batch's invitation to Anna at this moment.
    assert mail.claim(Invitation.objects.all(), first.invitations.get().pk)

    assert invitation_services.send_invitation_batch(batch_id=second.pk) == 0

    skipped = second.invitations.get()
    assert skipped.status == "skipped"
    skipped.link.refresh_from_db()
    assert skipped.link.revoked_at is not None
    assert smtp_server.messages == []


# --- What Alice sees and does ------------------------------------------------------------


def test_the_page_shows_each_recipients_state_with_its_error(
    smtp_server, send, client_for, manager, executive
):
    smtp_server.busy = {"jan@example.com"}
    smtp_server.reject = {"ola@example.com"}
    batch = send(THREE)
    jan = batch.invitations.get(email="jan@example.com")
    url = reverse("surveys:invitation_detail", args=[batch.pk])

    html = client_for(manager).get(url).content.decode()

    when = timezone.localtime(jan.next_attempt_at, ZoneInfo("Europe/Warsaw"))  # Alice's
    assert f"Waiting to retry at {when:%H:%M}" in html
    assert "451 4.3.2 Try again later" in html
    assert "Could not be sent" in html and "550 5.1.1 No such user" in html
    assert "Sent: <strong>1</strong>" in html and "Failed: <strong>1</strong>" in html
    assert "(1 to try again)" in html
    assert 'hx-trigger="every 15s"' in html  # only a retry is waiting: no need to hurry
    assert "Retry failed now" in html and "Cancel the rest" in html

    executive_html = client_for(executive).get(url).content.decode()
    assert "550 5.1.1 No such user" not in executive_html
    assert "Retry failed now" not in executive_html


def test_retry_failed_now_sends_them_at_once_and_a_second_click_changes_nothing(
    smtp_server, send, client_for, manager, django_capture_on_commit_callbacks
):
    smtp_server.reject = {"ola@example.com"}
    smtp_server.busy = {"jan@example.com"}
    batch = send(THREE)
    smtp_server.reject, smtp_server.busy = set(), set()  # the manager fixed the addresses
    client = client_for(manager)
    url = reverse("surveys:invitation_retry", args=[batch.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)

    assert "2 invitations are being sent again." in response.content.decode()
    assert [smtp_server.received_by(a) for a in THREE.split()] == [1, 1, 1]
    batch.refresh_from_db()
    assert batch.status == "done"


def test_cancel_the_rest_revokes_the_unsent_links_and_keeps_what_was_sent(
    smtp_server, send, client_for, manager
):
    smtp_server.busy = {"jan@example.com", "ola@example.com"}
    batch = send(THREE)
    client = client_for(manager)
    url = reverse("surveys:invitation_cancel", args=[batch.pk])

    response = client.post(url, follow=True)
    client.post(url)  # a double click

    assert "2 invitations were cancelled; their links no longer work." in (
        response.content.decode()
    )
    assert states(batch) == {
        "anna@example.com": ("sent", 1, True),
        "jan@example.com": ("cancelled", 1, False),
        "ola@example.com": ("cancelled", 1, False),
    }
    links = {i.email: i.link.revoked_at for i in batch.invitations.select_related("link")}
    assert links["anna@example.com"] is None
    assert links["jan@example.com"] and links["ola@example.com"]
    batch.refresh_from_db()
    assert batch.status == "cancelled"
    # Nothing more goes out, whatever the sweep finds.
    smtp_server.busy = set()
    a_while_later(batch)
    assert invitation_services.sweep_invitations() == 0
    assert len(smtp_server.messages) == 1
    assert invitation_services.retry_failed(batch=batch) == 0  # cancelled means no more
    html = client.get(reverse("surveys:invitation_detail", args=[batch.pk])).content.decode()
    assert "Cancelled: <strong>2</strong>" in html and "every 1s" not in html
    assert "Retry failed now" not in html and "Cancel the rest" not in html
