"""E-mail invitations: a manager's list of customers, checked line by line, saved in one
transaction with a single-use link each, then sent in the background.

A customer is not surveyed again within the organization's cool-down: an address already
sent an invitation in that window is kept on the list as "skipped" (at creation, and once
more when sending, since another batch may have gone out in between, or another
invitation to the address may be on its way right now).

Each invitation is a delivery (common.mail): claimed for a lease before its e-mail goes
out and marked sent only once the mail server accepted it, retried with backoff when the
server is away, failed at once when it refuses the address. One worker sends a batch at a
time (the batch's heartbeat says it is being sent); the sweep (`sweep_invitations`, from
Celery beat) starts again any batch with invitations due whose worker went silent.
"""

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.models import Membership, Organization
from common import mail
from common.jobs import wake, wake_on_commit

from .. import tasks
from ..choices import SURVEY_LANGUAGES, InvitationStatus, JobStatus, LinkKind, Source
from ..links import qr
from ..links import services as links
from ..models import Invitation, InvitationBatch, Survey

MAX_RECIPIENTS = 1000
REF_MAX = Invitation._meta.get_field("interaction_ref").max_length
EMAIL_MAX = Invitation._meta.get_field("email").max_length
# A task sends for at most this long, then hands over to a fresh one: well within the
# broker's visibility timeout.
SEND_BUDGET_SECONDS = 300
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
        organization=organization,
        survey=survey,
        language=language,
        created_by=by,
        heartbeat_at=now,
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
            invitation.link = links.create_link(
                survey=survey,
                kind=LinkKind.SINGLE,
                consultant=recipient.consultant,
                interaction_ref=recipient.interaction_ref,
                source=Source.EMAIL,
                by=by,
            )
        invitations.append(invitation)
    Invitation.objects.bulk_create(invitations)
    _wake_on_commit(batch.pk)
    return batch


def wake_key(batch_id: int) -> str:
    return f"surveys:invitations:{batch_id}"


def _wake_on_commit(batch_id: int) -> None:
    # The batch is saved with its heartbeat; if this message is lost, the sweep sends it.
    wake_on_commit(tasks.send_invitations, (batch_id,), once_per=wake_key(batch_id))


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


def _claimable(organization: Organization, now: datetime):
    """Invitations that may be claimed now: not to an address sent another invitation
    within the cool-down, nor to one another invitation is being sent to right now."""
    recent = Invitation.objects.filter(
        organization=organization,
        email=OuterRef("email"),
        status=InvitationStatus.SENT,
        sent_at__gte=_cooldown_start(organization, now),
    ).exclude(pk=OuterRef("pk"))
    in_flight = Invitation.objects.filter(
        organization=organization,
        email=OuterRef("email"),
        status=InvitationStatus.PENDING,
        claimed_until__gte=now,
    ).exclude(pk=OuterRef("pk"))
    return Invitation.objects.exclude(Exists(recent)).exclude(Exists(in_flight))


def _claim(invitation_id: int, organization: Organization, now: datetime) -> bool:
    """Claim one invitation for a lease; if the cool-down or another invitation to the
    same address is what stands in the way, it is skipped (and its link revoked)."""
    if mail.claim(_claimable(organization, now), invitation_id, now=now):
        return True
    _skip(invitation_id, now)  # does nothing if another worker holds it
    return False


def _skip(invitation_id: int, now: datetime) -> None:
    unclaimed = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    skipped = (
        Invitation.objects.filter(pk=invitation_id, status=InvitationStatus.PENDING)
        .filter(unclaimed)
        .update(status=InvitationStatus.SKIPPED, claimed_until=None)
    )
    if skipped:
        _revoke_links(Invitation.objects.filter(pk=invitation_id))


def _revoke_links(invitations) -> None:
    from ..models import SurveyLink

    SurveyLink.objects.filter(
        pk__in=invitations.exclude(link=None).values("link_id"), revoked_at=None
    ).update(revoked_at=timezone.now())


def _stale_before(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.JOB_STALE_SECONDS)


def _take_batch(batch_id: int, now: datetime) -> bool:
    """Become the batch's one sender: a queued batch, or a running one whose last
    sender went silent (or stopped, leaving invitations to try again later)."""
    silent = Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=_stale_before(now))
    return bool(
        InvitationBatch.objects.filter(pk=batch_id)
        .filter(Q(status=JobStatus.QUEUED) | (Q(status=JobStatus.RUNNING) & silent))
        .update(status=JobStatus.RUNNING, heartbeat_at=now)
    )


def _release_batch(batch_id: int) -> bool:
    """Stop sending: DONE when nothing is pending any more, otherwise RUNNING with no
    heartbeat (invitations wait for their next try; the sweep wakes the batch then).
    Returns whether invitations are already due again."""
    pending = Invitation.objects.filter(batch_id=batch_id, status=InvitationStatus.PENDING)
    if not pending.exists():
        InvitationBatch.objects.filter(pk=batch_id, status=JobStatus.RUNNING).update(
            status=JobStatus.DONE, heartbeat_at=None, finished_at=timezone.now()
        )
        return False
    InvitationBatch.objects.filter(pk=batch_id, status=JobStatus.RUNNING).update(heartbeat_at=None)
    return mail.due(pending).exists()


def send_invitation_batch(*, batch_id: int, budget_seconds: float | None = None) -> int:
    """Send the batch's invitations that are due; returns how many were sent by this
    call. Does nothing while another worker is sending the batch."""
    batch = InvitationBatch.objects.select_related("organization", "survey").get(pk=batch_id)
    if not _take_batch(batch.pk, timezone.now()):
        return 0
    organization = batch.organization
    invitations = Invitation.objects.filter(batch=batch).select_related("link", "consultant__user")

    def heartbeat() -> None:
        InvitationBatch.objects.filter(pk=batch.pk, status=JobStatus.RUNNING).update(
            heartbeat_at=timezone.now()
        )

    outcome = mail.send_due(
        invitations,
        message_for=lambda invitation, connection: _message(invitation, batch, connection),
        claim_one=lambda pk, now: _claim(pk, organization, now),
        after_each=heartbeat,
        budget_seconds=budget_seconds,
    )
    if _release_batch(batch.pk):
        # Out of time with invitations left, or some made due again meanwhile ("retry
        # now"): a fresh task goes on.
        wake(tasks.send_invitations, (batch.pk,), once_per=wake_key(batch.pk))
    return outcome.sent


def retry_failed(*, batch: InvitationBatch) -> int:
    """Failed invitations, and those waiting for their next try, are sent again now
    (the cool-down still applies). Returns how many; a second click finds none, and so
    does a cancelled batch (it sends nothing more)."""
    with transaction.atomic():
        if InvitationBatch.objects.filter(pk=batch.pk, status=JobStatus.CANCELLED).exists():
            return 0
        count = mail.retry_now(Invitation.objects.filter(batch=batch))
        if count:
            InvitationBatch.objects.filter(pk=batch.pk, status=JobStatus.DONE).update(
                status=JobStatus.RUNNING, finished_at=None
            )
            _wake_on_commit(batch.pk)
    return count


@transaction.atomic
def cancel_rest(*, batch: InvitationBatch) -> int:
    """Send no more of the batch: unsent invitations are cancelled and their links
    revoked. One being sent this very moment finishes. Returns how many were cancelled."""
    now = timezone.now()
    unsent = Invitation.objects.filter(batch=batch, status=InvitationStatus.PENDING).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )
    ids = list(unsent.values_list("pk", flat=True))
    cancelled = Invitation.objects.filter(pk__in=ids, status=InvitationStatus.PENDING).update(
        status=InvitationStatus.CANCELLED, claimed_until=None
    )
    _revoke_links(Invitation.objects.filter(pk__in=ids, status=InvitationStatus.CANCELLED))
    InvitationBatch.objects.filter(pk=batch.pk).exclude(status=JobStatus.DONE).update(
        status=JobStatus.CANCELLED, heartbeat_at=None, finished_at=now
    )
    return cancelled


def sweep_invitations(*, now: datetime | None = None) -> int:
    """Wake the sending of every batch that has invitations due (or that was never
    started) and no live sender: the message was lost, the worker died, or invitations
    are due for their next try. Returns how many batches were woken."""
    now = now or timezone.now()
    stale_before = _stale_before(now)
    due = mail.due(Invitation.objects.filter(batch=OuterRef("pk")), now=now)
    silent = Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=stale_before)
    # A sender that died after its last invitation never marked the batch done.
    pending = Invitation.objects.filter(batch=OuterRef("pk"), status=InvitationStatus.PENDING)
    InvitationBatch.objects.filter(silent, status=JobStatus.RUNNING).exclude(
        Exists(pending)
    ).update(status=JobStatus.DONE, heartbeat_at=None, finished_at=now)
    batches = (
        InvitationBatch.objects.filter(silent)
        .filter(Q(status=JobStatus.QUEUED) | (Q(status=JobStatus.RUNNING) & Exists(due)))
        .values_list("pk", flat=True)
    )
    woken = 0
    for batch_id in batches:
        woken += wake(tasks.send_invitations, (batch_id,), once_per=wake_key(batch_id))
    return woken
