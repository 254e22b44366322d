"""Competitor practices (with photos) and best practices, listed by moment next to our
own standards; promoting a best practice into a master behaviour draft."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from standards import services as standards_services
from standards.models import Behaviour, BestPractice, CompetitorPractice
from standards.practices import services as practice_services


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _png(name="shop.png", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _competitor_data(moment_, **extra):
    return {
        "moment": moment_.pk,
        "competitor": "  Hotel   Europa ",
        "industry": "Hotels",
        "where": "Kraków, Floriańska",
        "observed_on": (timezone.localdate() - timedelta(days=3)).isoformat(),
        "description": "The waiter greets regulars by name and remembers their table.",
        "rating": "5",
        **extra,
    }


def _url(name, *args):
    return reverse(f"reviews:{name}", args=args)


# --- competitor practices ----------------------------------------------------------------


def test_manager_records_a_competitor_practice_with_a_photo(
    client_for, manager, critical_moment, media_root
):
    response = client_for(manager).post(
        _url("competitor_create"), _competitor_data(critical_moment, photo=_png())
    )

    assert response.status_code == 302
    assert response.url == f"{_url('practices')}#moment-{critical_moment.pk}"
    practice = CompetitorPractice.objects.get()
    assert practice.competitor == "Hotel Europa"
    assert (practice.rating, practice.industry, practice.created_by) == (5, "Hotels", manager.user)
    # Stored under a random name with the detected format's extension, not the user's name.
    assert practice.photo.name.startswith("competitors/") and practice.photo.name.endswith(".png")
    assert "shop" not in practice.photo.name
    assert (media_root / practice.photo.name).is_file()


def test_a_non_image_upload_is_refused_and_nothing_is_saved(
    client_for, manager, critical_moment, media_root
):
    fake = SimpleUploadedFile("shop.png", b"<script>alert(1)</script>", content_type="image/png")

    response = client_for(manager).post(
        _url("competitor_create"), _competitor_data(critical_moment, photo=fake)
    )

    assert response.status_code == 400
    assert "This file is not a photo we can use. Upload a JPEG, PNG or WebP image." in (
        response.content.decode()
    )
    assert CompetitorPractice.objects.count() == 0
    assert _files(media_root) == []


def test_an_image_of_another_format_is_refused(client_for, manager, critical_moment, media_root):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="BMP")
    bmp = SimpleUploadedFile("shop.bmp", buffer.getvalue(), content_type="image/bmp")

    response = client_for(manager).post(
        _url("competitor_create"), _competitor_data(critical_moment, photo=bmp)
    )

    assert response.status_code == 400
    assert CompetitorPractice.objects.count() == 0


def test_a_photo_over_5_mb_is_refused_with_its_size(
    client_for, manager, critical_moment, media_root
):
    big = SimpleUploadedFile("big.png", b"\0" * (5 * 1024 * 1024 + 1), content_type="image/png")

    response = client_for(manager).post(
        _url("competitor_create"), _competitor_data(critical_moment, photo=big)
    )

    assert response.status_code == 400
    assert "The photo is 5.0\xa0MB; it can be at most 5 MB." in response.content.decode()
    assert CompetitorPractice.objects.count() == 0
    assert _files(media_root) == []


@pytest.mark.parametrize(
    "change, field_message",
    [
        ({"rating": "6"}, "Choose a rating from 1 to 5."),
        ({"competitor": "X"}, "Ensure this value has at least 2 characters"),
        ({"observed_on": "01/05/2024"}, "Enter a date as YYYY-MM-DD."),
        ({"moment": "999999"}, "Choose a moment of your organization."),
    ],
)
def test_bad_competitor_input_is_refused_with_a_message(
    client_for, manager, critical_moment, change, field_message
):
    response = client_for(manager).post(
        _url("competitor_create"), _competitor_data(critical_moment, **change)
    )

    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert CompetitorPractice.objects.count() == 0


def test_a_future_date_is_refused_by_the_service_and_shown_on_the_field(
    client_for, manager, critical_moment
):
    tomorrow = (timezone.localdate() + timedelta(days=2)).isoformat()

    response = client_for(manager).post(
        _url("competitor_create"), _competitor_data(critical_moment, observed_on=tomorrow)
    )

    assert response.status_code == 400
    assert "The date cannot be in the future." in response.content.decode()
    assert CompetitorPractice.objects.count() == 0


def test_the_create_form_preselects_the_moment_and_takes_files(
    client_for, manager, critical_moment
):
    html = client_for(manager).get(_url("competitor_create"), {"moment": critical_moment.pk})

    page = html.content.decode()
    assert f'<option value="{critical_moment.pk}" selected>' in page
    assert 'enctype="multipart/form-data"' in page
    assert 'accept="image/jpeg,image/png,image/webp"' in page


def test_practices_list_competitors_by_moment_beside_our_standards(
    client_for,
    executive,
    manager,
    critical_moment,
    journey,
    iron_behaviour,
    master_behaviour,
    media_root,
):
    client_for(manager).post(
        _url("competitor_create"), _competitor_data(critical_moment, photo=_png())
    )
    menu = journey.touchpoints.get().moments.get(is_critical=False)
    practice_services.record_competitor_practice(
        organization=manager.organization,
        moment=menu,
        competitor="Bank Pekao",
        observed_on=timezone.localdate(),
        description="Explains every fee before you ask",
        rating=3,
    )

    response = client_for(executive).get(_url("practices"))

    assert response.status_code == 200
    html = response.content.decode()
    critical = html[
        html.index(f'id="moment-{critical_moment.pk}"') : html.index(f'id="moment-{menu.pk}"')
    ]
    assert "Greet the table within two minutes" in critical  # our iron behaviour
    assert "Recall the guest" in critical  # our master behaviour
    assert "Hotel Europa" in critical and "Rated 5 of 5" in critical
    photo_of = CompetitorPractice.objects.get(moment=critical_moment)
    assert reverse("reviews:competitor_photo", args=[photo_of.pk]) in critical
    assert photo_of.photo.url not in html  # never a public media address
    assert "Bank Pekao" not in critical
    # A plain moment is listed too once something was recorded there.
    assert "Bank Pekao" in html[html.index(f'id="moment-{menu.pk}"') :]
    # Executives read; they get no recording, deleting or promoting tools.
    assert _url("competitor_create") not in html
    assert "Delete" not in html


def test_manager_deletes_a_competitor_practice_and_its_photo(
    client_for, manager, critical_moment, media_root, django_capture_on_commit_callbacks
):
    client = client_for(manager)
    client.post(_url("competitor_create"), _competitor_data(critical_moment, photo=_png()))
    practice = CompetitorPractice.objects.get()
    photo_path = media_root / practice.photo.name

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("competitor_delete", practice.pk))

    assert response.status_code == 302
    assert CompetitorPractice.objects.count() == 0
    assert not photo_path.exists()


# --- best practices ----------------------------------------------------------------------


def test_manager_records_a_best_practice_linked_to_behaviours(
    client_for, manager, consultant, critical_moment, master_behaviour
):
    response = client_for(manager).post(
        _url("best_practice_create"),
        {
            "consultant": consultant.pk,
            "moment": critical_moment.pk,
            "description": "Refers to the guest's past orders\nAsks about the usual wine.",
            "behaviours": [master_behaviour.pk],
        },
    )

    assert response.status_code == 302
    practice = BestPractice.objects.get()
    assert response.url == f"{_url('practices')}#best-{practice.pk}"
    assert (practice.consultant, practice.moment, practice.created_by) == (
        consultant,
        critical_moment,
        manager.user,
    )
    assert list(practice.behaviours.all()) == [master_behaviour]


def test_a_behaviour_of_another_moment_is_refused(
    client_for, manager, consultant, critical_moment, journey
):
    menu = journey.touchpoints.get().moments.get(is_critical=False)
    elsewhere = standards_services.create_behaviour(moment=menu, kind="iron", text="Know the menu")

    response = client_for(manager).post(
        _url("best_practice_create"),
        {
            "consultant": consultant.pk,
            "moment": critical_moment.pk,
            "description": "Something good",
            "behaviours": [elsewhere.pk],
        },
    )

    assert response.status_code == 400
    assert "Link behaviours of the same moment." in response.content.decode()
    assert BestPractice.objects.count() == 0


def test_only_staff_can_be_chosen_as_the_consultant(
    client_for, manager, executive, critical_moment
):
    response = client_for(manager).post(
        _url("best_practice_create"),
        {"consultant": executive.pk, "moment": critical_moment.pk, "description": "Smiles"},
    )

    assert response.status_code == 400
    assert "Choose a consultant of your organization." in response.content.decode()


def test_the_best_practice_form_opened_from_a_moment_offers_its_behaviours(
    client_for, manager, consultant, critical_moment, journey, iron_behaviour
):
    menu = journey.touchpoints.get().moments.get(is_critical=False)
    standards_services.create_behaviour(moment=menu, kind="iron", text="Know the menu")

    html = (
        client_for(manager)
        .get(
            _url("best_practice_create"),
            {"moment": critical_moment.pk, "consultant": consultant.pk},
        )
        .content.decode()
    )

    assert "Greet the table within two minutes" in html
    assert "Know the menu" not in html
    assert f'<option value="{consultant.pk}" selected>' in html


@pytest.fixture
def best_practice(manager, consultant, critical_moment):
    return practice_services.record_best_practice(
        organization=manager.organization,
        consultant=consultant,
        moment=critical_moment,
        description="Refers to the guest's past orders\r\nFor example: “The usual Rioja?”",
        by=manager.user,
    )


def test_promoting_creates_one_master_behaviour_draft_even_when_clicked_twice(
    client_for, manager, organization, critical_moment, best_practice, published_version
):
    client = client_for(manager)
    masters_before = Behaviour.objects.filter(moment=critical_moment, kind="master").count()

    first = client.post(_url("best_practice_promote", best_practice.pk))
    second = client.post(_url("best_practice_promote", best_practice.pk))

    assert first.status_code == second.status_code == 302
    assert first.url == f"{_url('practices')}#best-{best_practice.pk}"
    masters = Behaviour.objects.filter(moment=critical_moment, kind="master")
    assert masters.count() == masters_before + 1
    behaviour = masters.get(text="Refers to the guest's past orders")
    assert behaviour.example.startswith("Refers to the guest's past orders")
    best_practice.refresh_from_db()
    assert best_practice.promoted_behaviour == behaviour
    # It waits for the next publication.
    added = standards_services.pending_changes(organization)["added"]
    assert [(a["type"], a["id"], a["kind"]) for a in added] == [
        ("behaviour", behaviour.pk, "master")
    ]


def test_the_practices_page_says_a_promoted_draft_waits_for_publication(
    client_for, manager, organization, critical_moment, best_practice
):
    client = client_for(manager)
    page = client.get(_url("practices")).content.decode()
    assert _url("best_practice_promote", best_practice.pk) in page
    assert "staff see it from the next published version" in page

    response = client.post(_url("best_practice_promote", best_practice.pk), follow=True)

    html = response.content.decode()
    assert "is now a draft master behaviour of “Taking the order”" in html  # the message
    assert "It becomes part of the standards with the next published version." in html
    assert reverse("standards:moment_detail", args=[critical_moment.pk]) in html
    assert reverse("standards:publish") in html
    assert _url("best_practice_promote", best_practice.pk) not in html

    standards_services.publish_standards(organization=organization, by=manager.user)
    html = client.get(_url("practices")).content.decode()
    assert "Part of the standards as the master behaviour" in html


def test_a_competitor_photo_is_served_only_inside_its_organization(
    client_for, manager, executive, outsider, consultant, critical_moment
):

    practice = practice_services.record_competitor_practice(
        organization=manager.organization,
        moment=critical_moment,
        competitor="Hotel Europa",
        observed_on=timezone.localdate(),
        description="Greets regulars by name",
        rating=5,
        photo=_png(),
    )
    url = reverse("reviews:competitor_photo", args=[practice.pk])
    response = client_for(executive).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(consultant).get(url).status_code == 403
