"""Alice imports a CSV file that names a consultant code her organization does not have:
the error names the code, and the format help shows her organization's real codes, so
its example can be copied as it is."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from surveys.models import ImportBatch, Response

UPLOAD_URL = "/surveys/responses/import/"


def upload(client, text: str):
    data = SimpleUploadedFile("answers.csv", text.encode(), "text/csv")
    return client.post(UPLOAD_URL, {"file": data})


@pytest.fixture
def alice(client_for, manager, consultant, second_consultant):
    return client_for(manager)


def test_it_names_the_unknown_consultant_code_on_its_line(alice):
    response = upload(
        alice,
        "submitted_at,metric,score,consultant\n"
        "2025-03-01 12:00,nps,9,E001\n"
        "2025-03-01 12:30,nps,7,R-999\n",
    )
    batch = ImportBatch.objects.get()
    page = alice.get(reverse("surveys:import_detail", args=[batch.pk]))
    html = page.content.decode()

    assert response.status_code == 302
    assert batch.errors == [
        {"line": 3, "field": "consultant", "message": "Unknown consultant code.", "value": "R-999"}
    ]
    assert 'line 3</strong>, <code>consultant</code> “<code class="value">R-999</code>”' in html
    assert not Response.objects.exists()


def test_it_names_an_unknown_location_code_too(alice):
    upload(
        alice,
        "submitted_at,metric,score,location\n2025-03-01 12:00,nps,9,nowhere\n",
    )
    [error] = ImportBatch.objects.get().errors
    assert error["field"] == "location" and error["value"] == "nowhere"


def test_the_format_help_uses_the_organizations_own_codes(alice):
    html = alice.get(UPLOAD_URL).content.decode()

    assert ";E001\n" in html and ";E002</pre>" in html
    assert "Your consultants&#x27; codes:" in html or "Your consultants' codes:" in html
    assert "<code>E001</code>, <code>E002</code>" in html


def test_a_new_organization_is_told_to_set_codes_first(client_for, manager):
    html = client_for(manager).get(UPLOAD_URL).content.decode()

    assert "No consultant has one yet" in html
    assert reverse("accounts:people") in html
    assert "E001" not in html
