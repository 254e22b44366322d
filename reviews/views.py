"""Reviews: staff self-reviews from "My situations" on a phone; observations, mystery shops
and call reviews of a named consultant; the score sheet, submission, corrections and the
consultant's acknowledgement.

Every write is a real form. Without JavaScript it redirects back (post/redirect/get); with
htmx a score answers with its row, the coaching note with its save status, and a refused
write answers 400 with the error in place. A write that leads to another page (a new
draft, a submission, a correction) answers htmx with HX-Redirect.

Reviews are only reached through selectors.review_for: a foreign or invisible id is 404.
Whoever may see a review may read it; only the draft's reviewer changes it.
"""

import uuid
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.choices import EDITOR_ROLES, Role
from accounts.decorators import role_required
from accounts.selectors import locations_for, narrow_choices
from common.forms import add_errors
from common.htmx import go_to, render_page
from common.shortcuts import get_or_404
from standards.models import Behaviour
from touchpoints.models import Moment

from . import selectors, services
from .choices import ItemResult, ReviewKind
from .forms import NoteForm, ReviewFilterForm, ReviewForm, ScoreForm, SelfReviewForm
from .models import Review

DETAIL_PAGE = "reviews/review_detail.html"
SITUATIONS_PAGE = "reviews/my_situations.html"
FORM_PAGE = "reviews/review_form.html"
LIST_PAGE = "reviews/review_list.html"
PAGE_SIZE = 50


def _review_or_404(request: HttpRequest, pk: int) -> Review:
    return get_or_404(selectors.review_for, request.membership, pk)


def _behaviour_or_404(request: HttpRequest, pk: int) -> Behaviour:
    return get_or_404(selectors.behaviour_to_score, request.membership, pk)


def _moment_or_404(request: HttpRequest, pk: int) -> Moment:
    return get_or_404(selectors.moment_to_self_review, request.membership, pk)


def _require_reviewer(request: HttpRequest, review: Review) -> None:
    """Only the member who writes a review changes it; everyone else who sees it reads it."""
    if review.reviewer_id != request.membership.pk:
        raise PermissionDenied


def _messages_of(error: ValidationError | None = None, form=None) -> str:
    if error is not None:
        return " ".join(error.messages)
    return " ".join(message for errors in form.errors.values() for message in errors)


def _detail_url(review: Review) -> str:
    return reverse("reviews:review_detail", args=[review.pk])


# --- My situations and self-reviews ---------------------------------------------------------


def _situations_response(request: HttpRequest, *, status: int = 200, **state) -> HttpResponse:
    membership = request.membership
    is_staff = membership.is_staff_member
    moments = list(selectors.my_situations(membership))
    if is_staff:
        drafts = selectors.open_self_reviews(membership)
        for moment in moments:
            moment.open_draft = drafts.get(moment.pk)
    context = {
        "moments": moments,
        "is_staff": is_staff,
        "unacknowledged": selectors.unacknowledged_reviews(membership).count() if is_staff else 0,
        # Staff without a location of their own say where it happened.
        "locations": (
            list(locations_for(request.organization))
            if is_staff and not membership.location_id
            else []
        ),
        # One token per rendered page, per moment in the template: a double tap opens one draft.
        "page_token": uuid.uuid4().hex,
        "nav": "situations",
        **state,
    }
    return render(request, SITUATIONS_PAGE, context, status=status)


@role_required()
@require_GET
def my_situations(request: HttpRequest) -> HttpResponse:
    """The moments of truth with their iron and master behaviours; staff start a
    self-review of one after a real interaction and see how many reviews of them wait."""
    return _situations_response(request)


@role_required(Role.STAFF)
@require_POST
def self_review_start(request: HttpRequest, moment_pk: int) -> HttpResponse:
    """One tap opens a self-review draft of a moment of truth and leads to its sheet."""
    moment = _moment_or_404(request, moment_pk)
    form = SelfReviewForm(request.POST, organization=request.organization)
    if form.is_valid():
        try:
            review = services.start_self_review(
                membership=request.membership, moment=moment, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return go_to(request, _detail_url(review))
    error = _messages_of(form=form)
    if request.htmx:
        return render(request, f"{SITUATIONS_PAGE}#start_error", {"error": error}, status=400)
    return _situations_response(request, error=error, status=400)


# --- The review list and a new review -------------------------------------------------------


@role_required()
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    """Managers, admins and executives: the reviews they see (a location manager: their
    location's), filtered. Staff: the reviews of them and the ones they are writing."""
    membership = request.membership
    form = narrow_choices(ReviewFilterForm(request.GET, membership=membership), membership)
    page = None
    if form.is_valid():
        reviews = selectors.review_list_for(membership, **form.filters())
        page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "nav": "reviews"}
    return render_page(request, LIST_PAGE, context, status=400 if page is None else 200)


def _initial_from_query(request: HttpRequest) -> dict:
    """Links from elsewhere (a compliance row, a consultant) may preselect the form."""
    initial = {
        key: request.GET[key] for key in ("kind", "consultant", "location") if key in request.GET
    }
    if moments := request.GET.getlist("moments"):
        initial["moments"] = moments
    return initial


@role_required()
@require_http_methods(["GET", "POST"])
def review_create(request: HttpRequest) -> HttpResponse:
    """Open an observation, a mystery shop or a call review; scoring follows on its page."""
    membership = request.membership
    if not membership.can_review:
        raise PermissionDenied
    if request.method == "POST":
        form = ReviewForm(request.POST, organization=request.organization, reviewer=membership)
        if form.is_valid():
            try:
                review = services.start_review(
                    organization=request.organization, reviewer=membership, **form.cleaned_data
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                return go_to(
                    request,
                    _detail_url(review),
                    _("Draft saved. Score each behaviour, write a coaching note, then submit."),
                )
    else:
        form = ReviewForm(
            initial=_initial_from_query(request),
            organization=request.organization,
            reviewer=membership,
        )
    return render_page(
        request,
        FORM_PAGE,
        {"form": form, "nav": "reviews"},
        partial="create_form",
        status=400 if form.errors else 200,
    )


# --- One review: the score sheet and what can be done with it -------------------------------


def _summary(sheet: list[dict]) -> dict:
    """Met / applicable per tier of one review, from the sheet already in memory."""
    counts = {"iron_met": 0, "iron_applicable": 0, "master_met": 0, "master_applicable": 0}
    for block in sheet:
        for row in block["rows"]:
            item = row["item"]
            if item is None or item.result == ItemResult.NOT_APPLICABLE:
                continue
            counts[f"{item.kind}_applicable"] += 1
            counts[f"{item.kind}_met"] += item.result == ItemResult.MET
    return counts


def _detail_context(request: HttpRequest, review: Review, **state) -> dict:
    membership = request.membership
    sheet = selectors.review_sheet(review)
    submitted = not review.is_draft
    return {
        "review": review,
        "sheet": sheet,
        "open_count": sum(row["item"] is None for block in sheet for row in block["rows"]),
        # CET or CEST: Django's "T" leaves the repeated autumn hour unnamed, the very hour
        # where the abbreviation tells its two readings apart.
        "occurred_zone": review.occurred_at.astimezone(
            ZoneInfo(review.location.time_zone)
        ).tzname(),
        "summary": _summary(sheet) if submitted else None,
        "editable": review.is_draft and review.reviewer_id == membership.pk,
        "is_self": review.kind == ReviewKind.SELF,
        "is_consultant": review.consultant_id == membership.pk,
        "correction": selectors.correction_of(membership, review) if submitted else None,
        "can_correct": (
            submitted
            and review.superseded_at is None
            and (review.reviewer_id == membership.pk or membership.role in EDITOR_ROLES)
        ),
        "note_form": NoteForm(initial={"coaching_note": review.coaching_note}),
        "nav": (
            "situations"
            if review.kind == ReviewKind.SELF and membership.is_staff_member
            else "reviews"
        ),
        **state,
    }


def _detail_response(
    request: HttpRequest, review: Review, *, status: int = 200, partial: str = "", **state
) -> HttpResponse:
    """The review page, or for htmx only the named partial of it."""
    template = f"{DETAIL_PAGE}#{partial}" if partial and request.htmx else DETAIL_PAGE
    return render(request, template, _detail_context(request, review, **state), status=status)


@role_required()
@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The score sheet: editable by the draft's reviewer, read-only for everyone else."""
    return _detail_response(request, _review_or_404(request, pk))


@role_required()
@require_POST
def review_score(request: HttpRequest, pk: int, behaviour_pk: int) -> HttpResponse:
    """Met / not met / not applicable for one behaviour, with its note; htmx gets the row."""
    review = _review_or_404(request, pk)
    _require_reviewer(request, review)
    behaviour = _behaviour_or_404(request, behaviour_pk)
    form = ScoreForm(request.POST)
    error = None
    if form.is_valid():
        try:
            item = services.score_item(review=review, behaviour=behaviour, **form.cleaned_data)
        except ValidationError as exc:
            error = _messages_of(exc)
        else:
            if request.htmx:
                context = {"review": review, "b": behaviour, "item": item, "editable": True}
                row = render(request, f"{DETAIL_PAGE}#score_row", context)
                # The count of what is still open follows every score, out of band: a
                # refused submit's "12 are still open" must not outlive the scoring.
                counter = render(
                    request,
                    f"{DETAIL_PAGE}#open_count",
                    {"open_count": services.open_behaviour_count(review), "oob": True},
                )
                row.content += counter.content
                return row
            return redirect(f"{_detail_url(review)}#row-{behaviour.pk}")
    else:
        error = _messages_of(form=form)
    if request.htmx:
        editable = review.is_draft
        # Keep what was typed in an open draft; show what is saved otherwise.
        item = (
            {"result": form.data.get("result", ""), "note": form.data.get("note", "")}
            if editable
            else review.items.filter(behaviour=behaviour).first()
        )
        context = {
            "review": review,
            "b": behaviour,
            "item": item,
            "editable": editable,
            "row_error_pk": behaviour.pk,
            "row_error": error,
        }
        return render(request, f"{DETAIL_PAGE}#score_row", context, status=400)
    return _detail_response(request, review, status=400, error=error, row_error_pk=behaviour.pk)


@role_required()
@require_POST
def review_note(request: HttpRequest, pk: int) -> HttpResponse:
    """Autosave of the coaching note (htmx, as the reviewer types) or its plain "Save"."""
    review = _review_or_404(request, pk)
    _require_reviewer(request, review)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.update_review(review=review, coaching_note=form.cleaned_data["coaching_note"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            if request.htmx:
                return render(request, f"{DETAIL_PAGE}#note_status", {"saved_at": timezone.now()})
            messages.success(request, _("The note is saved."))
            return redirect(_detail_url(review))
    error = _messages_of(form=form)
    if request.htmx:
        return render(request, f"{DETAIL_PAGE}#note_status", {"note_error": error}, status=400)
    return _detail_response(request, review, status=400, error=error, note_form=form)


@role_required()
@require_POST
def review_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit once: a double click or a retried request answers like the first time."""
    review = _review_or_404(request, pk)
    _require_reviewer(request, review)
    form = NoteForm(request.POST)
    if form.is_valid():
        note = form.cleaned_data["coaching_note"] if "coaching_note" in request.POST else None
        try:
            # The service answers a repeated submit with the review as it is; a repeat that
            # changes the note is an edit of a submitted review, and that is refused.
            if not review.is_draft and note is not None and note.strip() != review.coaching_note:
                raise ValidationError(
                    _("This review was submitted and can no longer be changed. Correct it instead.")
                )
            review = services.submit_review(review=review, coaching_note=note)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if review.kind == ReviewKind.SELF:
                message = _("Your self-review is submitted.")
            else:
                message = _(
                    "The review is submitted. %(name)s is asked to read and acknowledge it."
                ) % {"name": review.consultant.display_name}
            return go_to(request, _detail_url(review), message)
    error = _messages_of(form=form)
    return _detail_response(
        request,
        review,
        status=400,
        partial="sheet",
        # Plain: at the top of the reloaded page, and by the button of a draft. htmx: in the
        # swapped sheet only.
        error="" if request.htmx else error,
        sheet_error=error if request.htmx or review.is_draft else "",
        show_missing=True,
        note_form=form,
    )


@role_required()
@require_POST
def review_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Throw away one's own draft; a submitted review is never deleted."""
    review = _review_or_404(request, pk)
    _require_reviewer(request, review)
    try:
        services.delete_draft(review=review)
    except ValidationError as exc:
        error = _messages_of(exc)
        return _detail_response(
            request, review, status=400, partial="actions", error=error, action_error=error
        )
    if review.kind == ReviewKind.SELF and request.membership.is_staff_member:
        return go_to(request, reverse("reviews:my_situations"), _("The draft is deleted."))
    return go_to(request, reverse("reviews:review_list"), _("The draft is deleted."))


@role_required()
@require_POST
def review_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Open (or reopen) the correction of a submitted review: a draft copy that replaces
    the original once submitted. The original reviewer, a manager or an admin may."""
    review = _review_or_404(request, pk)
    membership = request.membership
    if not (review.reviewer_id == membership.pk or membership.role in EDITOR_ROLES):
        raise PermissionDenied
    try:
        correction = services.correct_review(review=review, by=membership)
    except ValidationError as exc:
        error = _messages_of(exc)
        return _detail_response(
            request, review, status=400, partial="actions", error=error, action_error=error
        )
    return go_to(
        request,
        _detail_url(correction),
        _(
            "This draft corrects review #%(number)d. Change what was wrong and submit it: "
            "it then replaces the original, which is kept."
        )
        % {"number": review.pk},
    )


@role_required()
@require_POST
def review_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewed consultant confirms having read a submitted review (once)."""
    review = _review_or_404(request, pk)
    if review.consultant_id != request.membership.pk:
        raise PermissionDenied
    try:
        review = services.acknowledge_review(review=review, membership=request.membership)
    except ValidationError as exc:
        error = _messages_of(exc)
        return _detail_response(
            request, review, status=400, partial="ack", error=error, ack_error=error
        )
    if request.htmx:
        return render(request, f"{DETAIL_PAGE}#ack", {"review": review, "is_consultant": True})
    messages.success(request, _("Thank you: you confirmed that you have read this review."))
    return redirect(_detail_url(review))
