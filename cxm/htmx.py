"""Small helpers shared by the htmx views."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def render_or_redirect(
    request: HttpRequest, template: str, context: dict, fallback_url: str, status: int = 200
) -> HttpResponse:
    """For htmx, render the partial that changed; without JavaScript, redirect (PRG)."""
    if request.htmx:
        return render(request, template, context, status=status)
    return redirect(fallback_url)
