"""A body over the limit is refused before it is read: a 200 MB "photo" is never written
to disk, an anonymous 200 MB post to the login page is not parsed, and a customer who
pasted a document into the comment gets the survey's page in their language."""

import io
from urllib.parse import urlencode

import pytest
from django.core.files.uploadhandler import StopUpload
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from common.uploads import CappedUploadHandler
from surveys.forms.services import create_survey
from surveys.links.services import create_link
from surveys.models import Response

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


class CountingInput(io.BytesIO):
    """A request body that remembers how much of it was read."""

    def __init__(self, size: int):
        super().__init__(b"")
        self.size, self.read_bytes = size, 0

    def read(self, n=-1):
        self.read_bytes += max(n, 0)
        return b"x" * (n if n >= 0 else 0)


def post_huge(path: str, content_type: str, size: int = 200 * MB, client=None):
    body = CountingInput(size)
    client = client or Client()
    response = client.generic(
        "POST",
        path,
        b"",
        CONTENT_TYPE=content_type,
        CONTENT_LENGTH=str(size),
        **{"wsgi.input": body},
    )
    return response, body


def test_a_200_mb_upload_is_refused_before_a_byte_is_read(client_for, manager):
    response, body = post_huge(
        "/reviews/practices/competitors/new/",
        "multipart/form-data; boundary=xyz",
        client=client_for(manager),
    )

    assert response.status_code == 413
    assert body.read_bytes == 0
    assert "What you sent is too large" in response.content.decode()
    assert "20 MB" in response.content.decode()


def test_an_anonymous_200_mb_post_to_the_login_page_is_not_read():
    response, body = post_huge("/accounts/login/", "application/x-www-form-urlencoded")

    assert response.status_code == 413
    assert body.read_bytes == 0


@pytest.mark.parametrize("language", ["en", "pl", "ru", "ro"])
def test_a_2_mb_comment_gets_the_surveys_page_in_the_customers_language(
    organization, consultant, language
):
    survey = create_survey(organization=organization, name="NPS", metric="nps")
    link = create_link(survey=survey, kind="reusable", consultant=consultant)
    comment = "Bardzo dobrze. " * (2 * MB // 15)

    # As a browser sends the survey form (no files: url-encoded).
    response = Client().post(
        f"/s/{link.token}/",
        urlencode({"score": "9", "comment": comment}),
        content_type="application/x-www-form-urlencoded",
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 413
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    with translation.override(language):
        heading = gettext("Your answer was too long to send")
    assert heading in body
    assert language == "en" or heading != "Your answer was too long to send"
    assert not Response.objects.exists()


def test_a_body_without_a_length_is_cut_off_past_the_limit(settings):
    settings.MAX_UPLOAD_BYTES = 10
    handler = CappedUploadHandler()

    handler.receive_data_chunk(b"12345", 0)
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"678901", 5)


def test_a_file_a_little_too_large_gets_the_forms_own_message(client_for, manager):
    photo = io.BytesIO(b"x" * (6 * MB))
    photo.name = "terrace.jpg"

    response = client_for(manager).post("/reviews/practices/competitors/new/", {"photo": photo})

    assert response.status_code == 400
    assert "MB" in response.content.decode()  # the form's message, with the photo's size


def test_a_multipart_post_with_a_long_field_gets_the_same_page(organization, consultant):
    """Past the middleware (multipart bodies may be larger), Django refuses the long field
    itself; the page is still the friendly one, not a bare 400."""
    survey = create_survey(organization=organization, name="NPS", metric="nps")
    link = create_link(survey=survey, kind="reusable", consultant=consultant)

    response = Client().post(f"/s/{link.token}/", {"score": "9", "comment": "x" * (2 * MB)})

    assert response.status_code == 413
    assert "Your answer was too long to send" in response.content.decode()
