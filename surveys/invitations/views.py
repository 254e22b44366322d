"""E-mail invitations: a manager pastes or uploads recipients, every line is checked
before anything is saved, and the batch is sent in the background while its page shows
the progress (htmx polls it once a second while sending, less often while invitations
wait for another try) and each recipient's state: sent, waiting to retry (and why),
failed (and why), skipped or cancelled.

Managers and admins invite, retry the failed ones now and cancel the rest; executives
read a batch's progress without the addresses or errors; staff have no access. Batches
are reached through the organization's selectors only.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.choices import EDITOR_ROLES, READ_ROLES
from accounts.decorators import role_required
from common.forms import add_errors
from common.shortcuts import get_or_404

from ..choices import SURVEY_LANGUAGES, JobStatus
from ..forms.selectors import survey_for
from ..models import Invitation
from . import selectors, services
from .forms import InvitationForm

DETAIL_PAGE = "surveys/invitation_detail.html"
INVITATIONS_PER_PAGE = 100
WAITING_POLL_SECONDS = 15


@role_required(*EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def invitation_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Paste or upload recipients; a list with any bad line is refused whole (400)."""
    survey = get_or_404(survey_for, request.organization, pk)
    line_errors: list[tuple[int, str]] = []
    if request.method == "POST":
        form = InvitationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                batch = services.invite(
                    survey=survey,
                    text=form.cleaned_data["text"],
                    language=form.cleaned_data["language"],
                    by=request.user,
                )
            except services.LineErrors as exc:
                line_errors = exc.errors
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The invitations are on their way."))
                return redirect("surveys:invitation_detail", pk=batch.pk)
    else:
        current = translation.get_language() or "en"
        form = InvitationForm(
            initial={"language": current if current in SURVEY_LANGUAGES else "en"}
        )
    context = {
        "survey": survey,
        "form": form,
        "line_errors": line_errors,
        "cooldown_days": request.organization.survey_cooldown_days,
        "max_recipients": services.MAX_RECIPIENTS,
        "nav": "surveys",
    }
    status = 400 if form.errors or line_errors else 200
    return render(request, "surveys/invitation_form.html", context, status=status)


def _masked(email: str) -> str:
    """a•••@example.com: enough to recognise a batch, not to contact anyone."""
    name, _at, domain = email.partition("@")
    return f"{name[:1]}•••@{domain}"


@role_required(*READ_ROLES)
@require_GET
def invitation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A batch's progress (sent, skipped, failed, waiting) and its invitations."""
    batch = get_or_404(selectors.invitation_batch_for, request.membership, pk)
    finished = batch.status in (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED)
    # Only invitations waiting for their next try: no need to ask every second.
    waiting = not finished and batch.heartbeat_at is None and batch.pending == batch.retrying
    context = {
        "batch": batch,
        "survey": batch.survey,
        "finished": finished,
        "poll_seconds": WAITING_POLL_SECONDS if waiting else 1,
        "can_edit": request.membership.can_edit,
        "now": timezone.now(),
        "nav": "surveys",
    }
    if request.htmx and request.GET.get("progress"):
        response = render(request, f"{DETAIL_PAGE}#progress", context)
        if finished and request.GET.get("running"):
            # The page was drawn while sending: reload it once for each invitation's state.
            response["HX-Refresh"] = "true"
        return response
    page = Paginator(selectors.invitations_of(batch), INVITATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    show_emails = request.membership.can_edit
    invitation: Invitation
    for invitation in page:
        invitation.shown_email = invitation.email if show_emails else _masked(invitation.email)
    context.update({"page": page, "show_emails": show_emails})
    with timezone.override(request.membership.zone):
        return render(request, DETAIL_PAGE, context)


@role_required(*EDITOR_ROLES)
@require_POST
def invitation_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the failed invitations, and those waiting for another try, now."""
    batch = get_or_404(selectors.invitation_batch_for, request.membership, pk)
    count = services.retry_failed(batch=batch)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d invitation is being sent again.",
                "%(count)d invitations are being sent again.",
                count,
            )
            % {"count": count},
        )
    return redirect("surveys:invitation_detail", pk=batch.pk)


@role_required(*EDITOR_ROLES)
@require_POST
def invitation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Send no more of the batch: unsent invitations are cancelled, their links revoked."""
    batch = get_or_404(selectors.invitation_batch_for, request.membership, pk)
    count = services.cancel_rest(batch=batch)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d invitation was cancelled; its link no longer works.",
                "%(count)d invitations were cancelled; their links no longer work.",
                count,
            )
            % {"count": count},
        )
    return redirect("surveys:invitation_detail", pk=batch.pk)
