"""E-mail invitations: a manager's list of customers, checked line by line, saved in one
transaction with a single-use link each, then sent in the background.

A customer is not surveyed again within the organization's cool-down: an address already
sent an invitation in that window is kept on the list as "skipped" (at creation, and once
more when sending, since another batch may have gone out in between). Sending is
idempotent: each invitation is claimed by an UPDATE before its e-mail goes out, so a task
run twice, or two workers, never send one invitation twice.
"""

import csv
import io
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.models import Membership, Organization

from . import qr, services, tasks
from .choices import SURVEY_LANGUAGES, InvitationStatus, JobStatus, LinkKind, Source
from .models import Invitation, InvitationBatch, Survey

MAX_RECIPIENTS = 1000
REF_MAX = Invitation._meta.get_field("interaction_ref").max_length
EMAIL_MAX = Invitation._meta.get_field("email").max_length
ERROR_MAX = Invitation._meta.get_field("error").max_length
HEADER_NAMES = {
    "email": "email",
    "e-mail": "email",
    "consultant": "consultant",
    "consultant_code": "consultant",
    "employee_code": "consultant",
    "code": "consultant",
    "interaction_ref": "interaction_ref",
    "interaction": "interaction_ref",
    "ref": "interaction_ref",
}
COLUMNS = ("email", "consultant", "interaction_ref")


class LineErrors(Exception):
    """What is wrong with a list of recipients: (line number, message), in line order."""

    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(f"{len(errors)} invalid lines")
        self.errors = errors


@dataclass
class Recipient:
    line: int
    email: str
    consultant: Membership | None = None
    interaction_ref: str = ""


def _rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """(line number, {email, consultant, interaction_ref}) for each non-empty line.

    Commas, semicolons (spreadsheets in Polish or Romanian locales) or tabs separate the
    columns; a first line naming them ("email, consultant, …") is a header."""
    lines = text.splitlines()
    sample = "\n".join(lines[:20])
    delimiter = ","
    for candidate in ("\t", ";"):
        if candidate in sample and "," not in sample:
            delimiter = candidate
    rows = []
    columns = COLUMNS
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            cells = [cell.strip() for cell in cells]
            if not any(cells):
                continue
            names = [HEADER_NAMES.get(cell.lower().replace(" ", "_")) for cell in cells]
            if not rows and columns == COLUMNS and names[0] == "email":
                columns = tuple(name or "" for name in names)
                continue
            rows.append((number, dict(zip(columns, cells, strict=False))))
    except csv.Error as exc:
        raise LineErrors([(number + 1, _("This line cannot be read: %s.") % exc)]) from exc
    return rows


def check_recipients(*, organization: Organization, text: str) -> list[Recipient]:
    """Every line checked before anything is saved: a valid e-mail address, a known
    consultant code, no address twice. Raises LineErrors naming each bad line."""
    rows = _rows(text)
    if not rows:
        raise LineErrors([(0, _("The list is empty."))])
    if len(rows) > MAX_RECIPIENTS:
        raise LineErrors(
            [(0, _("At most %d recipients at once: split the list.") % MAX_RECIPIENTS)]
        )
    codes = {row.get("consultant", "") for _line, row in rows} - {""}
    consultants = {
        m.employee_code: m
        for m in Membership.objects.filter(
            organization=organization, employee_code__in=codes
        ).select_related("user", "location")
    }
    errors, recipients, seen = [], [], {}
    for line, row in rows:
        email = row.get("email", "").lower()
        code = row.get("consultant", "")
        ref = row.get("interaction_ref", "")
        messages = []
        try:
            if len(email) > EMAIL_MAX:
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError:
            messages.append(_("“%s” is not an e-mail address.") % email[:80])
        else:
            if email in seen:
                messages.append(
                    _("%(email)s is already on line %(line)d.")
                    % {
                        "email": email,
                        "line": seen[email],
                    }
                )
            else:
                seen[email] = line
        consultant = consultants.get(code) if code else None
        if code and consultant is None:
            messages.append(_("No consultant has the employee code “%s”.") % code[:40])
        elif consultant is not None and (
            consultant.role != Role.STAFF or not consultant.user.is_active
        ):
            messages.append(_("“%s” is not the code of an active consultant.") % code)
        if len(ref) > REF_MAX:
            messages.append(_("The interaction reference is longer than %d characters.") % REF_MAX)
        if messages:
            errors.extend((line, message) for message in messages)
        else:
            recipients.append(Recipient(line, email, consultant, ref))
    if errors:
        raise LineErrors(errors)
    return recipients


def _cooldown_start(organization: Organization, now: datetime) -> datetime:
    return now - timedelta(days=organization.survey_cooldown_days)


def _recently_sent(organization: Organization, emails: list[str], now: datetime) -> set[str]:
    return set(
        Invitation.objects.filter(
            organization=organization,
            email__in=emails,
            status=InvitationStatus.SENT,
            sent_at__gte=_cooldown_start(organization, now),
        ).values_list("email", flat=True)
    )


def invite(
    *, survey: Survey, text: str, language: str, by=None, now: datetime | None = None
) -> InvitationBatch:
    """Check a pasted or uploaded list, then save the batch with one single-use link per
    recipient (none for those surveyed within the cool-down) and send it after commit."""
    if language not in SURVEY_LANGUAGES:
        raise ValidationError({"language": _("Choose English, Polish, Russian or Romanian.")})
    if not survey.is_active:
        raise ValidationError(
            _("This survey is switched off: switch it on before inviting customers.")
        )
    recipients = check_recipients(organization=survey.organization, text=text)
    return create_invitation_batch(
        survey=survey, recipients=recipients, language=language, by=by, now=now
    )


@transaction.atomic
def create_invitation_batch(
    *,
    survey: Survey,
    recipients: list[Recipient],
    language: str,
    by=None,
    now: datetime | None = None,
) -> InvitationBatch:
    """Save checked recipients all or nothing; the sending task runs after commit."""
    organization = survey.organization
    now = now or timezone.now()
    batch = InvitationBatch.objects.create(
        organization=organization, survey=survey, language=language, created_by=by
    )
    cooled = _recently_sent(organization, [r.email for r in recipients], now)
    invitations = []
    for recipient in recipients:
        invitation = Invitation(
            batch=batch,
            organization=organization,
            email=recipient.email,
            consultant=recipient.consultant,
            interaction_ref=recipient.interaction_ref,
        )
        if recipient.email in cooled:
            invitation.status = InvitationStatus.SKIPPED
        else:
            invitation.link = services.create_link(
                survey=survey,
                kind=LinkKind.SINGLE,
                consultant=recipient.consultant,
                interaction_ref=recipient.interaction_ref,
                source=Source.EMAIL,
                by=by,
            )
        invitations.append(invitation)
    Invitation.objects.bulk_create(invitations)
    tasks.send_invitations.delay_on_commit(batch.pk)
    return batch


def _message(invitation: Invitation, batch: InvitationBatch, connection) -> EmailMultiAlternatives:
    survey = batch.survey
    organization = batch.organization
    consultant = invitation.consultant
    context = {
        "organization": organization,
        "question": survey.question(batch.language),
        "url": qr.public_url(invitation.link),
        "first_name": (
            consultant.user.first_name
            if consultant and organization.show_first_name_on_surveys
            else ""
        ),
        "language": batch.language,
    }
    with translation.override(batch.language):
        subject = _("%(organization)s would like your opinion") % {
            "organization": organization.name
        }
        text = render_to_string("surveys/invitation_email.txt", context)
        html = render_to_string("surveys/invitation_email.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def _claim(invitation: Invitation, now: datetime) -> bool:
    """PENDING -> SENT in one UPDATE, unless the address was sent another invitation
    within the cool-down meanwhile. Only one caller can win the row."""
    organization = invitation.organization
    recent = Invitation.objects.filter(
        organization=organization,
        email=OuterRef("email"),
        status=InvitationStatus.SENT,
        sent_at__gte=_cooldown_start(organization, now),
    ).exclude(pk=OuterRef("pk"))
    return bool(
        Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.PENDING)
        .exclude(Exists(recent))
        .update(status=InvitationStatus.SENT, sent_at=now)
    )


def _skip(invitation: Invitation) -> None:
    skipped = Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.PENDING).update(
        status=InvitationStatus.SKIPPED
    )
    if skipped and invitation.link_id:
        services.revoke_link(link=invitation.link)


def send_invitation_batch(*, batch_id: int) -> int:
    """Send the batch's waiting invitations; returns how many were sent by this call."""
    batch = InvitationBatch.objects.select_related("organization", "survey").get(pk=batch_id)
    InvitationBatch.objects.filter(pk=batch.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING
    )
    pending = (
        Invitation.objects.filter(batch=batch, status=InvitationStatus.PENDING)
        .select_related("organization", "link", "consultant__user")
        .order_by("pk")
    )
    sent = 0
    connection = get_connection()
    try:
        for invitation in pending.iterator(chunk_size=200):
            now = timezone.now()
            if not _claim(invitation, now):
                _skip(invitation)  # does nothing if another worker claimed it
                continue
            try:
                _message(invitation, batch, connection).send()
            except (smtplib.SMTPException, OSError) as exc:
                Invitation.objects.filter(pk=invitation.pk).update(
                    status=InvitationStatus.FAILED, sent_at=None, error=str(exc)[:ERROR_MAX]
                )
            else:
                sent += 1
    finally:
        connection.close()
    InvitationBatch.objects.filter(pk=batch.pk).exclude(status=JobStatus.DONE).update(
        status=JobStatus.DONE, finished_at=timezone.now()
    )
    return sent
