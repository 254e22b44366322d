"""E-mail invitations: Alice pastes or uploads customers, every line is checked before
anything is saved, each customer gets a single-use link, nobody is surveyed twice within
the cool-down, and sending is idempotent.

The sending task runs when the transaction commits; these tests run in a transaction
that never commits, so they trigger it with django_capture_on_commit_callbacks.
"""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone

from surveys import tasks
from surveys.forms.services import create_survey
from surveys.intake.services import LinkClosed, submit_via_link
from surveys.invitations import services as invitation_services
from surveys.models import Invitation, InvitationBatch, SurveyLink

SITE = "https://cx.aurora.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def invite(client_for, manager, nps_survey, django_capture_on_commit_callbacks):
    """Post the invitation form as Alice, running the sending task on commit."""

    def post(recipients="", language="en", file=None, survey=None):
        data = {"recipients": recipients, "language": language}
        if file is not None:
            data["file"] = file
        url = reverse("surveys:invitation_create", args=[(survey or nps_survey).pk])
        with django_capture_on_commit_callbacks(execute=True):
            return client_for(manager).post(url, data)

    return post


def _sent_before(organization, survey, email, days):
    """An invitation to `email` sent `days` ago (in an earlier batch)."""
    batch = InvitationBatch.objects.create(organization=organization, survey=survey, status="done")
    return Invitation.objects.create(
        batch=batch,
        organization=organization,
        email=email,
        status="sent",
        sent_at=timezone.now() - timedelta(days=days),
    )


def test_three_pasted_customers_each_get_an_email_with_their_own_link(
    invite, nps_survey, consultant
):
    response = invite(
        "Anna@Example.com, E001, R-1043\n\n  jan@example.com\npiotr@example.com,,T-77\n"
    )

    batch = InvitationBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:invitation_detail", args=[batch.pk])
    assert (batch.status, batch.survey, batch.finished_at is not None) == ("done", nps_survey, True)
    invitations = list(batch.invitations.order_by("pk"))
    assert [(i.email, i.consultant, i.interaction_ref, i.status) for i in invitations] == [
        ("anna@example.com", consultant, "R-1043", "sent"),
        ("jan@example.com", None, "", "sent"),
        ("piotr@example.com", None, "T-77", "sent"),
    ]
    links = [i.link for i in invitations]
    assert len({link.token for link in links}) == 3
    assert all((link.kind, link.source) == ("single", "email") for link in links)
    assert (links[0].consultant, links[0].interaction_ref) == (consultant, "R-1043")
    assert links[0].location == consultant.location
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anna@example.com",
        "jan@example.com",
        "piotr@example.com",
    ]
    anna = next(m for m in mail.outbox if m.to == ["anna@example.com"])
    assert f"{SITE}/s/{links[0].token}/" in anna.body
    assert nps_survey.question_en in anna.body
    html, mimetype = anna.alternatives[0]
    assert mimetype == "text/html" and f'href="{SITE}/s/{links[0].token}/"' in html


def test_a_customer_answers_through_the_invitation_link(invite, nps_survey, consultant):
    invite("anna@example.com, E001, R-1043")
    link = Invitation.objects.get().link

    response = submit_via_link(link=link, score=10, language="pl")

    assert (response.source, response.consultant, response.interaction_ref) == (
        "email",
        consultant,
        "R-1043",
    )
    with pytest.raises(LinkClosed):
        submit_via_link(link=link, score=1)


def test_a_csv_file_with_a_header_and_a_bom_is_read(invite, consultant):
    content = "\ufeffe-mail;consultant;interaction_ref\r\nanna@example.com;E001;R-1\r\n"
    upload = SimpleUploadedFile("customers.csv", content.encode(), content_type="text/csv")

    response = invite(file=upload)

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.consultant, invitation.interaction_ref) == (
        "anna@example.com",
        consultant,
        "R-1",
    )


def test_a_file_that_is_not_utf8_is_refused_clearly(invite):
    upload = SimpleUploadedFile("customers.csv", "żaneta@example.com".encode("cp1250"))

    response = invite(file=upload)

    assert response.status_code == 400
    assert "The file is not UTF-8 text." in response.content.decode()
    assert not InvitationBatch.objects.exists()


def test_an_empty_form_asks_for_addresses(invite):
    response = invite("  \n ")

    assert response.status_code == 400
    assert "Paste at least one e-mail address or upload a file." in response.content.decode()


def test_every_bad_line_is_listed_and_nothing_is_saved_or_sent(invite, consultant):
    response = invite(
        "anna@example.com, E001\n"
        "not-an-address\n"
        "jan@example.com, E999\n"
        "ANNA@example.com\n"
        f"ola@example.com, E001, {'x' * 101}\n"
    )

    assert response.status_code == 400
    errors = response.context["line_errors"]
    assert errors == [
        (2, "“not-an-address” is not an e-mail address."),
        (3, "No consultant has the employee code “E999”."),
        (4, "anna@example.com is already on line 1."),
        (5, "The interaction reference is longer than 100 characters."),
    ]
    html = response.content.decode()
    assert "Nothing was sent: 4 problems in the list." in html
    assert "<strong>Line 3:</strong> No consultant has the employee code “E999”." in html
    assert not InvitationBatch.objects.exists()
    assert not SurveyLink.objects.exists()
    assert mail.outbox == []


def test_a_managers_employee_code_is_not_a_consultant(invite, manager):
    manager.employee_code = "M001"
    manager.save()

    response = invite("anna@example.com, M001")

    assert response.status_code == 400
    assert response.context["line_errors"] == [
        (1, "“M001” is not the code of an active consultant.")
    ]


def test_a_consultant_code_of_another_organization_is_unknown(invite, outsider):
    outsider.employee_code = "E777"
    outsider.save()

    response = invite("anna@example.com, E777")

    assert response.context["line_errors"] == [(1, "No consultant has the employee code “E777”.")]


def test_too_many_recipients_are_refused(invite, monkeypatch):
    monkeypatch.setattr(invitation_services, "MAX_RECIPIENTS", 2)

    response = invite("a@example.com\nb@example.com\nc@example.com")

    assert response.status_code == 400
    assert "At most 2 recipients at once" in response.content.decode()


def test_an_unknown_language_is_refused(invite):
    response = invite("anna@example.com", language="de")

    assert response.status_code == 400
    assert not InvitationBatch.objects.exists()


def test_a_switched_off_survey_sends_no_invitations(invite, nps_survey):
    nps_survey.is_active = False
    nps_survey.save()

    response = invite("anna@example.com")

    assert response.status_code == 400
    assert "This survey is switched off" in response.content.decode()
    assert not InvitationBatch.objects.exists()


# --- Cool-down ------------------------------------------------------------------------------


def test_a_customer_surveyed_10_days_ago_is_skipped_and_one_100_days_ago_invited(
    invite, organization, nps_survey
):
    _sent_before(organization, nps_survey, "recent@example.com", days=10)
    _sent_before(organization, nps_survey, "long-ago@example.com", days=100)

    invite("Recent@example.com\nlong-ago@example.com")

    batch = InvitationBatch.objects.latest("pk")
    recent, long_ago = batch.invitations.order_by("pk")
    assert (recent.status, recent.link) == ("skipped", None)
    assert long_ago.status == "sent" and long_ago.link is not None
    assert [m.to for m in mail.outbox] == [["long-ago@example.com"]]


def test_the_cool_down_is_the_organizations(invite, organization, nps_survey):
    organization.survey_cooldown_days = 7
    organization.save()
    _sent_before(organization, nps_survey, "recent@example.com", days=10)

    invite("recent@example.com")

    assert Invitation.objects.latest("pk").status == "sent"


def test_invitations_of_another_organization_do_not_count(
    invite, other_organization, outsider, nps_survey
):
    rival = create_survey(organization=other_organization, name="R", metric="nps")
    _sent_before(other_organization, rival, "shared@example.com", days=1)

    invite("shared@example.com")

    assert Invitation.objects.filter(organization=nps_survey.organization).get().status == "sent"


def test_a_customer_invited_by_another_batch_before_sending_is_skipped_at_send_time(
    nps_survey, manager, django_capture_on_commit_callbacks
):
    # Batch A is saved but not sent yet (its task waits on a busy worker)...
    first = invitation_services.invite(survey=nps_survey, text="anna@example.com", language="en")
    # ...while batch B to the same customer is sent.
    with django_capture_on_commit_callbacks(execute=True):
        invitation_services.invite(survey=nps_survey, text="anna@example.com", language="en")
    assert len(mail.outbox) == 1

    assert invitation_services.send_invitation_batch(batch_id=first.pk) == 0

    skipped = first.invitations.get()
    assert skipped.status == "skipped"
    skipped.link.refresh_from_db()
    assert skipped.link.revoked_at is not None
    assert len(mail.outbox) == 1


# --- Sending ------------------------------------------------------------------------------


def test_running_the_task_twice_sends_nothing_twice(nps_survey):
    batch = invitation_services.invite(
        survey=nps_survey, text="a@example.com\nb@example.com\nc@example.com", language="en"
    )

    assert tasks.send_invitations.delay(batch.pk).get() == 3
    assert tasks.send_invitations.delay(batch.pk).get() == 0

    assert len(mail.outbox) == 3
    batch.refresh_from_db()
    assert batch.status == "done"
    assert batch.invitations.filter(status="sent").count() == 3


def test_an_invitation_claimed_by_another_worker_is_not_sent_again(nps_survey):
    batch = invitation_services.invite(
        survey=nps_survey, text="a@example.com\nb@example.com", language="en"
    )
    # Another worker claimed the first one a moment ago.
    first = batch.invitations.order_by("pk").first()
    Invitation.objects.filter(pk=first.pk).update(status="sent", sent_at=timezone.now())

    assert invitation_services.send_invitation_batch(batch_id=batch.pk) == 1

    assert [m.to for m in mail.outbox] == [["b@example.com"]]
    first.refresh_from_db()
    assert first.status == "sent" and first.link.revoked_at is None


class BouncingBackend(EmailBackend):
    """Refuses addresses at bounce.example, like an SMTP server would."""

    def send_messages(self, messages):
        for message in messages:
            if message.to[0].endswith("@bounce.example"):
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
        return super().send_messages(messages)


def test_an_smtp_error_marks_the_invitation_failed_and_the_rest_go_out(nps_survey, settings):
    settings.EMAIL_BACKEND = f"{__name__}.BouncingBackend"
    batch = invitation_services.invite(
        survey=nps_survey, text="gone@bounce.example\nanna@example.com", language="en"
    )

    assert invitation_services.send_invitation_batch(batch_id=batch.pk) == 1

    failed, sent = batch.invitations.order_by("pk")
    assert (failed.status, failed.sent_at) == ("failed", None)
    assert failed.last_error == "550 No such user" and failed.attempts == 1
    assert sent.status == "sent"
    batch.refresh_from_db()
    assert batch.status == "done"


@pytest.mark.parametrize("language", ["pl", "ru", "ro", "en"])
def test_the_email_is_in_the_batchs_language(nps_survey, language):
    batch = invitation_services.invite(
        survey=nps_survey, text="anna@example.com", language=language
    )

    invitation_services.send_invitation_batch(batch_id=batch.pk)

    message = mail.outbox[0]
    assert nps_survey.question(language) in message.body
    others = {"pl", "ru", "ro", "en"} - {language}
    assert not any(nps_survey.question(code) in message.body for code in others)
    html, _mimetype = message.alternatives[0]
    assert f'<html lang="{language}">' in html


def test_the_email_names_the_consultant_only_if_the_organization_allows(
    nps_survey, consultant, organization
):
    text = "anna@example.com, E001"
    first = invitation_services.invite(survey=nps_survey, text=text, language="en")
    invitation_services.send_invitation_batch(batch_id=first.pk)
    organization.show_first_name_on_surveys = True
    organization.save()
    nps_survey.refresh_from_db()
    second = invitation_services.invite(
        survey=nps_survey, text="jan@example.com, E001", language="en"
    )
    invitation_services.send_invitation_batch(batch_id=second.pk)

    assert "Stan" not in mail.outbox[0].body
    assert "Stan looked after you" in mail.outbox[1].body
    assert "Test" not in mail.outbox[1].body  # the first name only


# --- The batch's page ---------------------------------------------------------------------


def test_batch_page_shows_the_progress_and_each_invitation(
    invite, client_for, manager, organization, nps_survey
):
    _sent_before(organization, nps_survey, "recent@example.com", days=3)
    invite("anna@example.com\njan@example.com\nrecent@example.com")
    batch = InvitationBatch.objects.latest("pk")
    submit_via_link(link=batch.invitations.get(email="anna@example.com").link, score=9)

    response = client_for(manager).get(reverse("surveys:invitation_detail", args=[batch.pk]))

    html = response.content.decode()
    assert '<progress max="3" value="3"' in html
    assert (
        "Sent: <strong>2</strong>" in html
        and "Skipped, surveyed recently: <strong>1</strong>" in html
    )
    assert "Finished" in html and 'hx-trigger="every 1s"' not in html
    assert "anna@example.com" in html and "✓ Answered" in html
    assert "Not answered yet" in html


def test_a_batch_still_sending_polls_its_progress(client_for, manager, nps_survey):
    # Alice's own batch: a manager of one location follows the batches they started.
    batch = invitation_services.invite(
        survey=nps_survey, text="a@example.com", language="en", by=manager.user
    )
    client = client_for(manager)
    url = reverse("surveys:invitation_detail", args=[batch.pk])

    html = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in html and "Sending…" in html
    assert f'href="{url}"' in html  # reload by hand without JavaScript

    invitation_services.send_invitation_batch(batch_id=batch.pk)
    partial = client.get(url, {"progress": "1", "running": "1"}, headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<div id="progress"')
    assert "Sent: <strong>1</strong>" in partial.content.decode()
    assert 'hx-trigger="every 1s"' not in partial.content.decode()
    assert partial["HX-Refresh"] == "true"  # once, for the final state of each invitation


def test_executives_see_progress_but_not_the_addresses(client_for, executive, invite):
    invite("anna.nowak@example.com")
    batch = InvitationBatch.objects.get()

    html = client_for(executive).get(reverse("surveys:invitation_detail", args=[batch.pk]))
    html = html.content.decode()

    assert "Sent: <strong>1</strong>" in html
    assert "anna.nowak@example.com" not in html
    assert "a•••@example.com" in html


def test_invitation_form_defaults_to_the_managers_language(client_for, manager, nps_survey):
    client = client_for(manager)
    client.cookies["django_language"] = "ro"

    html = client.get(reverse("surveys:invitation_create", args=[nps_survey.pk])).content.decode()

    assert '<option value="ro" selected>' in html
