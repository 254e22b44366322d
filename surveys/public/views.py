"""The customer's survey form, reached from a link, a QR code or an e-mail, without an
account: the token is the only credential.

Pages render in the respondent's language: ?lang= (the switcher), else the language
cookie or the browser's Accept-Language (LocaleMiddleware), else English, always among
the languages the survey is written in. No JavaScript: a plain form, post/redirect/get.
A link that takes no answer gets a friendly page with a fitting status (404 unknown,
410 used/expired/revoked, 429 over the rate limit), never Django's error page.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from ..choices import SCALE_LABELS, SURVEY_LANGUAGES, LinkKind
from ..intake import services as intake
from ..links import selectors
from ..models import COMMENT_MAX, LANGUAGE_CHOICES, SurveyLink
from . import throttle

FORM_PAGE = "surveys/public/form.html"
THANKS_PAGE = "surveys/public/thanks.html"
CLOSED_PAGE = "surveys/public/closed.html"
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


def _link_or_none(token: str) -> SurveyLink | None:
    # Not get_or_404: an unknown token gets the friendly page, not the staff app's 404.
    try:
        return selectors.link_by_token(token)
    except SurveyLink.DoesNotExist:
        return None


def _language(request: HttpRequest, link: SurveyLink | None) -> str:
    offered = link.survey.languages if link else SURVEY_LANGUAGES
    for code in (request.GET.get("lang", ""), getattr(request, "LANGUAGE_CODE", "")):
        if code in offered:
            return code
    return "en"


def _closed_reason(link: SurveyLink) -> str:
    """Why the link takes no answer ("" when it does), as submit_via_link would say."""
    if link.revoked_at is not None or not link.survey.is_active:
        return "revoked"
    if link.is_expired:
        return "expired"
    if link.is_used:
        return "used"
    return ""


def _host(link: SurveyLink) -> str:
    """The consultant's first name, only where the organization allows it; nothing else
    about them ever reaches the page."""
    if link.consultant_id and link.organization.show_first_name_on_surveys:
        return link.consultant.user.first_name.strip()
    return ""


def _page(
    request: HttpRequest,
    template: str,
    link: SurveyLink | None,
    language: str,
    status: int = 200,
    **context,
) -> HttpResponse:
    codes = link.survey.languages if link else SURVEY_LANGUAGES
    with translation.override(language):
        response = render(
            request,
            template,
            {
                "link": link,
                "language": language,
                "languages": [(code, LANGUAGE_NAMES[code]) for code in codes],
                **context,
            },
            status=status,
        )
    # LocaleMiddleware only fills this in when the view has not.
    response["Content-Language"] = language
    return response


def _closed(
    request: HttpRequest, link: SurveyLink | None, reason: str, language: str, status: int
) -> HttpResponse:
    context = {"reason": reason, "window_hours": settings.SURVEY_DEVICE_WINDOW_HOURS}
    return _page(request, CLOSED_PAGE, link, language, status, **context)


def _form(
    request: HttpRequest,
    link: SurveyLink,
    language: str,
    status: int = 200,
    errors: dict | None = None,
    score: str = "",
    comment: str = "",
) -> HttpResponse:
    survey = link.survey
    low, high = SCALE_LABELS[survey.metric]
    return _page(
        request,
        FORM_PAGE,
        link,
        language,
        status,
        question=survey.question(language),
        follow_up=survey.follow_up(language),
        scale=list(survey.scale),
        low_label=low,
        high_label=high,
        host=_host(link),
        errors=errors or {},
        score=score,
        comment=comment,
        comment_max=COMMENT_MAX,
    )


def _too_many(
    request: HttpRequest, link: SurveyLink, reason: str, language: str, retry_after: int
) -> HttpResponse:
    response = _closed(request, link, reason, language, 429)
    response["Retry-After"] = str(retry_after)
    return response


def _url(name: str, link: SurveyLink, language: str) -> str:
    return f"{reverse(name, args=[link.token])}?lang={language}"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def survey_form(request: HttpRequest, token: str) -> HttpResponse:
    link = _link_or_none(token)
    if link is None:
        return _closed(request, None, "unknown", _language(request, None), 404)
    language = _language(request, link)
    reason = _closed_reason(link)
    if reason:
        return _closed(request, link, reason, language, 410)

    if request.method != "POST":
        if throttle.answered_from_device(request, link):
            return _closed(request, link, "answered", language, 200)
        response = _form(request, link, language)
        throttle.give_device_id(request, response, link)
        return response

    score = request.POST.get("score", "").strip()
    # Browsers count a line break as one character against maxlength but send two (CRLF).
    comment = request.POST.get("comment", "").replace("\r\n", "\n")
    claim = throttle.claim(request, link)
    if not claim:
        return _too_many(request, link, claim.reason, language, claim.retry_after)
    try:
        with translation.override(language):
            intake.submit_via_link(
                link=link,
                score=score,
                comment=comment,
                language=language,
                device=throttle.device_of(request, link),
            )
    except intake.AlreadyAnswered as exc:
        claim.release()
        return _too_many(request, link, "device", language, exc.retry_after)
    except intake.LinkClosed as exc:
        claim.release()
        return _closed(request, link, exc.reason, language, 404 if exc.reason == "unknown" else 410)
    except ValidationError as exc:
        claim.release()
        errors = exc.message_dict
        if not score:
            with translation.override(language):
                errors["score"] = [translation.gettext("Please choose a score.")]
        return _form(request, link, language, 400, errors, score, comment)
    return redirect(_url("public:survey_thanks", link, language))


def _refused_before_the_view(request: HttpRequest, status: int, reason: str) -> HttpResponse:
    """The survey's page for a post refused before it reached survey_form (the URL is
    all there is to go on): why, in the customer's language, and the way back."""
    parts = request.path.strip("/").split("/")
    link = _link_or_none(parts[1]) if len(parts) > 1 and parts[1] else None
    language = _language(request, link)
    if link is None:
        return _page(request, CLOSED_PAGE, None, language, status, reason="unknown")
    form_url = _url("public:survey_form", link, language)
    return _page(
        request,
        CLOSED_PAGE,
        link,
        language,
        status,
        reason=reason,
        form_url=form_url,
        comment_max=COMMENT_MAX,
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form was posted without its CSRF cookie (cookies blocked, a private window
    that dropped them, a page left open for days): say so, and offer the form again.
    (common.views.csrf_failure sends the survey pages here: settings.ERROR_PAGES_UNDER.)"""
    return _refused_before_the_view(request, 403, "cookies")


def too_large(request: HttpRequest) -> HttpResponse:
    """The answer was far too long to be read (a pasted document in the comment)."""
    return _refused_before_the_view(request, 413, "too_long")


@never_cache
@require_safe
def survey_thanks(request: HttpRequest, token: str) -> HttpResponse:
    link = _link_or_none(token)
    if link is None:
        return _closed(request, None, "unknown", _language(request, None), 404)
    language = _language(request, link)
    if link.kind == LinkKind.SINGLE and link.used_at is None:
        # Nobody has answered yet: the form (or the page saying why it is closed).
        return redirect(_url("public:survey_form", link, language))
    return _page(request, THANKS_PAGE, link, language)
