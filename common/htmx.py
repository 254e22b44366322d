"""The answers an htmx view gives: a page or one of its partials, the part that changed
after a write, or another page after a write. Every view uses these rather than deciding
on `request.htmx` itself."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect


def render_page(
    request: HttpRequest,
    template: str,
    context: dict,
    *,
    partial: str = "results",
    status: int = 200,
) -> HttpResponse:
    """The whole page, or for an htmx request only its `partial` (a named partial of
    `template`). A history restore asks for the whole page: htmx found nothing cached."""
    as_partial = request.htmx and not request.htmx.history_restore_request
    response = render(
        request, f"{template}#{partial}" if as_partial else template, context, status=status
    )
    # One URL answers with a page or a partial: caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


def after_write(
    request: HttpRequest,
    *,
    redirect_to: str,
    changed: Callable[[], HttpResponse],
    message: str = "",
) -> HttpResponse:
    """After a successful write: htmx gets what `changed()` renders (the part of the page
    that changed); without JavaScript the browser is redirected to `redirect_to`
    (Post/Redirect/Get) with `message` flashed there.

    `changed` is called only for htmx, so the redirect skips the queries the partial needs.
    """
    if request.htmx:
        return changed()
    if message:
        messages.success(request, message)
    return redirect(redirect_to)


def go_to(request: HttpRequest, url: str, message: str = "") -> HttpResponse:
    """After a write that ends on another page (a review submitted, a journey deleted):
    htmx is told to load it (HX-Redirect), a plain form is redirected; `message` is
    flashed for that page either way."""
    if message:
        messages.success(request, message)
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)
