"""The page-or-partial render and the answer after a write."""

from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from common.htmx import after_write, render_page

PAGE = "htmx_test_page.html"


def _request(*, htmx: bool = False, restore: bool = False):
    headers = {}
    if htmx:
        headers["HX-Request"] = "true"
    if restore:
        headers["HX-History-Restore-Request"] = "true"
    request = RequestFactory().get("/", headers=headers)
    request.htmx = HtmxDetails(request)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _fake_render(monkeypatch):
    seen = []

    def fake(request, template, context, status=200):
        seen.append(template)
        return HttpResponse(template, status=status)

    monkeypatch.setattr("common.htmx.render", fake)
    return seen


def test_render_page_gives_the_whole_page_without_htmx(monkeypatch):
    seen = _fake_render(monkeypatch)
    response = render_page(_request(), PAGE, {}, status=400)
    assert seen == [PAGE]
    assert response.status_code == 400
    assert "HX-Request" in response["Vary"]


def test_render_page_gives_the_partial_to_htmx(monkeypatch):
    seen = _fake_render(monkeypatch)
    response = render_page(_request(htmx=True), PAGE, {}, partial="status")
    assert seen == [f"{PAGE}#status"]
    assert "HX-Request" in response["Vary"]


def test_render_page_gives_the_whole_page_on_a_history_restore(monkeypatch):
    seen = _fake_render(monkeypatch)
    render_page(_request(htmx=True, restore=True), PAGE, {})
    assert seen == [PAGE]


def test_after_write_renders_what_changed_for_htmx():
    request = _request(htmx=True)
    response = after_write(
        request, redirect_to="/back/", changed=lambda: HttpResponse("fresh"), message="Saved"
    )
    assert response.content == b"fresh"
    assert list(request._messages) == []


def test_after_write_redirects_a_plain_form_with_the_message():
    request = _request()

    def changed():
        raise AssertionError("the partial is not rendered for a redirect")

    response = after_write(request, redirect_to="/back/", changed=changed, message="Saved")
    assert response.status_code == 302
    assert response["Location"] == "/back/"
    assert [str(m) for m in request._messages] == ["Saved"]
