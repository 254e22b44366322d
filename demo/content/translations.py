"""The demo's translations, stored through the same services managers use."""

from .bank import BANK_TRANSLATIONS
from .restaurant import RESTAURANT_TRANSLATIONS

# What each organization's staff read besides English: the Chișinău contact centre reads
# Romanian, the Polish restaurants Polish. Keyed by the original text, so a behaviour the
# seed changes or adds later (v2 of the restaurant standards) is left untranslated on
# purpose: the Translations page then has something to show, and staff see the fallback.
TRANSLATIONS = {"nova-bank": BANK_TRANSLATIONS, "aurora": RESTAURANT_TRANSLATIONS}


def translate_demo_content(organization) -> None:
    """Choose the organization's languages and store the translations above, through the
    same services managers use (run before its first version is published, so the
    version carries them)."""
    from accounts import services as accounts
    from standards.models import Behaviour
    from touchpoints.models import Moment, PricelessNote
    from touchpoints.translation import (
        BEHAVIOUR_FIELDS,
        MOMENT_FIELDS,
        PRICELESS_FIELDS,
        apply_translations,
    )

    by_language = TRANSLATIONS.get(organization.slug, {})
    if not by_language:
        return
    accounts.update_organization(
        organization=organization,
        name=organization.name,
        min_sample=organization.min_sample,
        content_language="en",
        content_languages=["en", *by_language],
    )
    rows = [
        *(
            (m, MOMENT_FIELDS)
            for m in Moment.objects.filter(touchpoint__journey__organization=organization)
        ),
        *(
            (b, BEHAVIOUR_FIELDS)
            for b in Behaviour.objects.filter(
                moment__touchpoint__journey__organization=organization
            )
        ),
        *(
            (n, PRICELESS_FIELDS)
            for n in PricelessNote.objects.filter(journey__organization=organization)
        ),
    ]
    for obj, fields in rows:
        apply_translations(
            obj,
            {
                language: {
                    name: words[getattr(obj, name)]
                    for name in fields
                    if getattr(obj, name) in words
                }
                for language, words in by_language.items()
            },
        )
