"""Role × view × own/other organization for the response list, its exports, "My feedback"
and the CSV import; then what Stan sees on "My feedback": his own answers, no one else's, and
never a customer's contact data.

Managers and admins import; executives browse and export, never import (403); staff get 403
on everything but their own feedback; Oscar (a manager of Rival Bank) sees only his own
organization, and Aurora's import ids are 404 for him; anonymous visitors go to the login.
"""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from surveys.imports import services as import_services
from surveys.models import ImportBatch, Response
from tests.surveys.test_import import GOOD
from tests.surveys.test_response_list import ago, record

PERSONAS = ("manager", "staff", "executive", "admin", "outsider", "anonymous")


@pytest.fixture
def aurora(organization, manager, consultant, second_consultant):
    """A response of Stan's and of Sara's, and a checked import file waiting in preview."""
    record(
        organization,
        {
            "metric": "nps",
            "score": 10,
            "consultant": "E001",
            "comment": "Stan remembered my order",
            "interaction_ref": "RCP-77",
            "submitted_at": ago(days=2),
        },
        {
            "metric": "nps",
            "score": 2,
            "consultant": "E002",
            "comment": "Sara was rude",
            "submitted_at": ago(days=3),
        },
    )
    batch = import_services.preview_import(
        organization=organization, file_name="march.csv", data=GOOD, by=manager.user
    )
    return {"batch": batch.pk}


def _upload(_aurora):
    return {"file": SimpleUploadedFile("march.csv", GOOD, "text/csv")}


# name, method, url args (keys of `aurora`), data, expected status per persona in PERSONAS
CASES = [
    ("response_list", "get", (), None, (200, 403, 200, 200, 200, 302)),
    ("response_export", "get", ("csv",), None, (200, 403, 200, 200, 200, 302)),
    ("response_export", "get", ("xlsx",), None, (200, 403, 200, 200, 200, 302)),
    # Everyone but staff reads every response on the list instead.
    ("my_feedback", "get", (), None, (302, 200, 302, 302, 302, 302)),
    ("import_upload", "get", (), None, (200, 403, 403, 200, 200, 302)),
    # Oscar uploads into his own organization (where Aurora's codes are unknown): a preview.
    ("import_upload", "post", (), _upload, (302, 403, 403, 302, 302, 302)),
    ("import_detail", "get", ("batch",), None, (200, 403, 403, 200, 404, 302)),
    ("import_run", "post", ("batch",), None, (302, 403, 403, 302, 404, 302)),
    ("import_retry", "post", ("batch",), None, (302, 403, 403, 302, 404, 302)),
    ("import_cancel", "post", ("batch",), None, (302, 403, 403, 302, 404, 302)),
]


def _cases():
    for name, method, args, data, statuses in CASES:
        for persona, status in zip(PERSONAS, statuses, strict=True):
            yield pytest.param(
                name,
                method,
                args,
                data,
                persona,
                status,
                id=f"{name}-{'.'.join(args)}-{method}-{persona}",
            )


@pytest.mark.parametrize("name, method, args, data, persona, expected", list(_cases()))
def test_access_matrix(
    client,
    client_for,
    personas,
    aurora,
    name,
    method,
    args,
    data,
    persona,
    expected,
    django_capture_on_commit_callbacks,
):
    url = reverse(f"surveys:{name}", args=[aurora.get(arg, arg) for arg in args])
    http = client if persona == "anonymous" else client_for(personas[persona])
    payload = data(aurora) if callable(data) else data
    responses_before = Response.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(http, method)(url, payload) if payload else getattr(http, method)(url)
    assert response.status_code == expected
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    elif expected == 302 and name == "my_feedback":
        assert response["Location"] == reverse("surveys:response_list")
    if expected in (403, 404) and method == "post":
        assert Response.objects.count() == responses_before
        assert ImportBatch.objects.get(pk=aurora["batch"]).status == "preview"


def test_outsider_exports_nothing_of_aurora(client_for, outsider, aurora):
    body = b"".join(
        client_for(outsider).get(reverse("surveys:response_export", args=["csv"])).streaming_content
    )
    assert body.decode("utf-8-sig").splitlines()[1:] == []


def test_outsider_does_not_see_auroras_imports(client_for, outsider, aurora):
    html = client_for(outsider).get(reverse("surveys:import_upload")).content.decode()
    assert "march.csv" not in html


# --- My feedback ----------------------------------------------------------------------------


FEEDBACK = "/surveys/my-feedback/"


def test_staff_see_only_their_own_answers_and_comments(client_for, consultant, aurora):
    html = client_for(consultant).get(FEEDBACK).content.decode()
    assert "Stan remembered my order" in html
    assert "Sara was rude" not in html


def test_my_feedback_never_shows_contact_data(
    client_for, organization, consultant, aurora, nps_survey
):
    # An answer from an e-mail invitation carries a reference and came from an address.
    record(
        organization,
        {
            "metric": "nps",
            "score": 9,
            "consultant": "E001",
            "interaction_ref": "anna.kowalska@example.com",
            "external_id": "CRM-anna.kowalska@example.com",
            "submitted_at": ago(hours=5),
        },
    )
    html = client_for(consultant).get(FEEDBACK).content.decode()
    assert "RCP-77" not in html
    assert "anna.kowalska" not in html
    assert "CRM-" not in html


def test_my_feedback_figures_for_30_and_90_days(client_for, organization, consultant, aurora):
    record(
        organization,
        {"metric": "nps", "score": 3, "consultant": "E001", "submitted_at": ago(days=60)},
        {"metric": "nps", "score": 9, "consultant": "E001", "submitted_at": ago(days=200)},
        {"metric": "csat", "score": 4, "consultant": "E001", "submitted_at": ago(days=5)},
    )
    response = client_for(consultant).get(FEEDBACK)
    (days30, last30), (days90, last90) = response.context["windows"]
    assert (days30, last30.n, last30.nps_n, last30.nps, last30.csat) == (30, 2, 1, 100, 100)
    # 90 days: a 10 and a 3 → one promoter, one detractor.
    assert (days90, last90.n, last90.nps_n, last90.nps) == (90, 3, 2, 0)
    html = response.content.decode()
    assert "Last 30 days" in html and "Last 90 days" in html


def test_my_feedback_lists_newest_first_and_can_show_only_comments(
    client_for, organization, consultant, aurora
):
    record(
        organization,
        *[
            {"metric": "csat", "score": 5, "consultant": "E001", "submitted_at": ago(minutes=i + 1)}
            for i in range(25)
        ],
    )
    client = client_for(consultant)
    first = client.get(FEEDBACK).context["page"]
    assert len(first.object_list) == 20
    assert first.paginator.count == 26
    times = [r.submitted_at for r in first.object_list]
    assert times == sorted(times, reverse=True)
    commented = client.get(FEEDBACK, {"comments": "1"}).context["page"]
    assert [r.comment for r in commented.object_list] == ["Stan remembered my order"]


def test_my_feedback_queries_do_not_grow_with_answers(
    client_for, organization, consultant, aurora, django_assert_num_queries
):
    # session, user, membership, organization switcher, standards banner; figures, count, page
    client = client_for(consultant)
    with django_assert_num_queries(8):
        client.get(FEEDBACK)
    record(
        organization,
        *[
            {
                "metric": "nps",
                "score": i % 11,
                "consultant": "E001",
                "comment": f"c{i}",
                "submitted_at": (timezone.now() - timedelta(hours=i + 1)).isoformat(),
            }
            for i in range(30)
        ],
    )
    with django_assert_num_queries(8):
        response = client.get(FEEDBACK)
    assert response.content.decode().count('class="feedback-item') == 20
