"""Pages for translating the standards: what is missing per language, and a journey's
translation sheet (every moment, behaviour and note of the journey, original beside
translation). Logic is in standards.translations."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.choices import EDITOR_ROLES
from accounts.decorators import role_required
from common.shortcuts import get_or_404
from touchpoints.models import Journey
from touchpoints.translation import language_name

from . import translations
from .forms import TranslationSheetForm


@role_required(*EDITOR_ROLES)
def translation_overview(request: HttpRequest) -> HttpResponse:
    """Per language of the organization, what is not yet translated, journey by journey."""
    organization = request.organization
    journeys = list(Journey.objects.filter(organization=organization).order_by("order", "id"))
    missing = translations.missing_translations(organization)
    for entry in missing:
        entry.journeys = [
            {
                "journey": journey,
                "counts": entry.by_journey.get(
                    journey.pk, {"moment": 0, "behaviour": 0, "note": 0}
                ),
            }
            for journey in journeys
        ]
        for row in entry.journeys:
            row["total"] = sum(row["counts"].values())
    return render(
        request,
        "standards/translations.html",
        {
            "missing": missing,
            "journeys": journeys,
            "original": language_name(organization.content_language),
            "nav": "translations",
        },
    )


@role_required(*EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def translation_sheet(request: HttpRequest, language: str, pk: int) -> HttpResponse:
    """A journey's content in the original beside its translation into `language`."""
    organization = request.organization
    if language not in organization.translation_languages:
        raise Http404
    journey = get_or_404(translations.journey_for_translation, organization, pk)
    sheet = translations.sheet_items(journey, language)
    data = request.POST if request.method == "POST" else None
    form = TranslationSheetForm(data, sheet=sheet, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            translations.save_translations(
                organization=organization,
                journey=journey,
                language=language,
                # Only the fields posted: one missing from the post is not a cleared one.
                values={k: v for k, v in form.cleaned_data.items() if k in request.POST},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(language)s translations of “%(journey)s” were saved.")
                % {"language": language_name(language), "journey": journey.name},
            )
            return redirect("standards:translation_sheet", language, journey.pk)
    missing = sum(
        not item.translated
        for touchpoint in sheet["touchpoints"]
        for moment in touchpoint["moments"]
        for item in (moment["item"], *moment["behaviours"])
    ) + sum(not note.translated for note in sheet["notes"])
    return render(
        request,
        "standards/translation_sheet.html",
        {
            "journey": journey,
            "sheet": sheet,
            "form": form,
            "language": language,
            "language_name": language_name(language),
            "original": language_name(organization.content_language),
            "missing": missing,
            "nav": "translations",
        },
        status=400 if form.errors else 200,
    )
