"""Survey links, the manager's side: links one by one or one per consultant of a
location, a link's page, its QR code (PNG, SVG) and a print sheet of QR cards, and
revoking a link.

Managers and admins change; executives read (no write buttons, 403 on writes); staff
have no access. Links are only reached through the organization's selectors, so another
organization's id is 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.choices import EDITOR_ROLES
from accounts.decorators import role_required
from accounts.selectors import narrow_choices
from common.forms import add_errors
from common.shortcuts import get_or_404

from ..choices import SURVEY_LANGUAGES
from ..forms.forms import member_zone
from ..forms.views import READ_ROLES, detail_response, detail_url, survey_or_404
from ..models import LANGUAGE_CHOICES, SurveyLink
from . import qr, selectors, services
from .forms import BulkLinksForm, LinkForm

CARDS_PER_SHEET = 4  # A6 cards, 2 x 2 on an A4 page


def _link_or_404(request: HttpRequest, pk: int) -> SurveyLink:
    # A location manager reaches their location's links and the organization's own.
    return get_or_404(selectors.link_with_count, request.membership, pk)


@role_required(*EDITOR_ROLES)
@require_POST
def link_create(request: HttpRequest, pk: int) -> HttpResponse:
    """One link, credited to a consultant, location, touchpoint or moment and channel."""
    survey = survey_or_404(request, pk)
    form = LinkForm(
        request.POST, organization=request.organization, zone=member_zone(request.membership)
    )
    # A location manager makes links for their location (or for no location).
    narrow_choices(form, request.membership)
    if form.is_valid():
        try:
            link = services.create_link(survey=survey, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The link is ready: copy it, or download its QR code."))
            return redirect("surveys:link_detail", pk=link.pk)
    return detail_response(request, survey, link_form=form, status=400)


@role_required(*EDITOR_ROLES)
@require_POST
def links_bulk_create(request: HttpRequest, pk: int) -> HttpResponse:
    """One link per consultant of a location, all or none."""
    survey = survey_or_404(request, pk)
    form = BulkLinksForm(
        request.POST, organization=request.organization, zone=member_zone(request.membership)
    )
    narrow_choices(form, request.membership)
    if form.is_valid():
        try:
            links = services.create_links_for_location(
                survey=survey, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(count)d links created, one for each consultant of %(location)s.")
                % {"count": len(links), "location": form.cleaned_data["location"].name},
            )
            return redirect(detail_url(survey) + "#links")
    return detail_response(request, survey, bulk_form=form, status=400)


@role_required(*READ_ROLES)
@require_GET
def link_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One link: its address to copy, its QR code, what its answers are credited to."""
    link = _link_or_404(request, pk)
    url = qr.public_url(link)
    context = {
        "link": link,
        "survey": link.survey,
        "url": url,
        "qr_svg": qr.inline_svg(url, title=_("QR code of %s") % url),
        "nav": "surveys",
    }
    return render(request, "surveys/link_detail.html", context)


@role_required(*EDITOR_ROLES)
@require_POST
def link_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop a link from taking answers; its past answers stay."""
    link = services.revoke_link(link=_link_or_404(request, pk))
    messages.success(request, _("The link is revoked: it takes no more answers."))
    if request.POST.get("back") == "survey":
        return redirect(detail_url(link.survey) + "#links")
    return redirect("surveys:link_detail", pk=link.pk)


QR_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


@role_required(*READ_ROLES)
@require_GET
def link_qr(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The link's QR code as a PNG (10 px per module) or an SVG file, to print."""
    if fmt not in QR_TYPES:
        raise Http404
    link = _link_or_404(request, pk)
    url = qr.public_url(link)
    content = qr.png(url) if fmt == "png" else qr.svg(url, title=url)
    return HttpResponse(
        content,
        content_type=QR_TYPES[fmt],
        headers={"Content-Disposition": content_disposition_header(True, qr.filename(link, fmt))},
    )


def _chosen_links(request: HttpRequest) -> list[int] | None:
    """?links=1,2 (or links=1&links=2): the links to print; absent means every QR code."""
    values = [v for raw in request.GET.getlist("links") for v in raw.split(",") if v.strip()]
    if not values:
        return None
    try:
        return [int(v) for v in values]
    except ValueError as exc:
        raise Http404 from exc


@role_required(*READ_ROLES)
@require_GET
def survey_print(request: HttpRequest, pk: int) -> HttpResponse:
    """A sheet of A6 cards to print, cut and put on tables or desks: per link the
    question in the chosen language, the QR code, the short address and who it is for."""
    survey = survey_or_404(request, pk)
    chosen = _chosen_links(request)
    language = request.GET.get("lang")
    if language not in SURVEY_LANGUAGES:
        current = translation.get_language() or "en"
        language = current if current in SURVEY_LANGUAGES else "en"
    cards = []
    for link in selectors.links_to_print(survey, request.membership, chosen):
        url = qr.public_url(link)
        cards.append(
            {
                "link": link,
                "short_url": qr.short_url(link),
                "svg": qr.inline_svg(url, title=url),
                "first_name": link.consultant.user.first_name if link.consultant_id else "",
            }
        )
    context = {
        "survey": survey,
        "question": survey.question(language),
        "language": language,
        "languages": LANGUAGE_CHOICES,
        "sheets": [cards[i : i + CARDS_PER_SHEET] for i in range(0, len(cards), CARDS_PER_SHEET)],
        "count": len(cards),
        "chosen": ",".join(str(pk) for pk in chosen) if chosen else "",
        "nav": "surveys",
    }
    return render(request, "surveys/print_sheet.html", context)
