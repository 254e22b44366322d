"""`{% load content_translations %}{{ behaviour|translated:"text" }}`: standards content in
the reader's language, falling back to the original (see touchpoints.translation)."""

from django import template

from touchpoints import translation

register = template.Library()


@register.filter
def translated(obj, field: str) -> str:
    return translation.translated(obj, field)


@register.filter
def language_label(code: str) -> str:
    """ "ro" → "Romanian", in the active language."""
    return translation.language_name(code)
