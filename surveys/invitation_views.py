"""E-mail invitations: a manager pastes or uploads recipients, every line is checked
before anything is saved, and the batch is sent in the background while its page shows
the progress (htmx polls it once a second until it is finished).

Managers and admins invite; executives read a batch's progress without the addresses;
staff have no access. Batches are reached through the organization's selectors only.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.choices import EDITOR_ROLES, Role
from accounts.decorators import role_required
from accounts.views import add_errors
from cxm.shortcuts import get_or_404

from . import invitation_services, selectors
from .choices import SURVEY_LANGUAGES, JobStatus
from .forms import InvitationForm
from .models import Invitation

READ_ROLES = (Role.MANAGER, Role.ADMIN, Role.EXECUTIVE)
DETAIL_PAGE = "surveys/invitation_detail.html"
INVITATIONS_PER_PAGE = 100


@role_required(*EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def invitation_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Paste or upload recipients; a list with any bad line is refused whole (400)."""
    survey = get_or_404(selectors.survey_for, request.organization, pk)
    line_errors: list[tuple[int, str]] = []
    if request.method == "POST":
        form = InvitationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                batch = invitation_services.invite(
                    survey=survey,
                    text=form.cleaned_data["text"],
                    language=form.cleaned_data["language"],
                    by=request.user,
                )
            except invitation_services.LineErrors as exc:
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
        "max_recipients": invitation_services.MAX_RECIPIENTS,
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
    batch = get_or_404(selectors.invitation_batch_for, request.organization, pk)
    finished = batch.status in (JobStatus.DONE, JobStatus.FAILED)
    context = {"batch": batch, "survey": batch.survey, "finished": finished, "nav": "surveys"}
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
    return render(request, DETAIL_PAGE, context)
