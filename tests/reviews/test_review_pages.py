"""My situations, starting a self-review, the review list and opening a review.

Stan (staff, Kraków) works from "My situations" on his phone; Alice (manager) records
observations, mystery shops and call reviews of him; Rival Bank's ids are never valid here.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.choices import Role
from reviews import services
from reviews.models import Review
from tests.personas import add_person

HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(name, *args):
    return reverse(f"reviews:{name}", args=args)


def _local(delta=timedelta(hours=-2), zone="Europe/Warsaw"):
    """A time as a reviewer types it into the form: local to the location."""
    return (timezone.now() + delta).astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def mystery_shopper(organization, location):
    """Mira, staff granted the right to do mystery shopping."""
    mira = add_person(organization, "mira", Role.STAFF, location=location, employee_code="E009")
    mira.can_mystery_shop = True
    mira.save(update_fields=["can_mystery_shop"])
    return mira


@pytest.fixture
def plain_moment(critical_moment):
    return critical_moment.touchpoint.moments.get(is_critical=False)


def _form(consultant, moments, **extra):
    return {
        "kind": "observation",
        "consultant": consultant.pk,
        "moments": [m.pk for m in moments],
        "occurred_at": _local(),
        "interaction_ref": "CALL-1234",
        "client_token": "token-1",
        **extra,
    }


# --- My situations ------------------------------------------------------------------------


def test_staff_see_their_moments_of_truth_with_iron_first_then_master(
    client_for, consultant, critical_moment, plain_moment, iron_behaviour, master_behaviour
):
    response = client_for(consultant).get(_url("my_situations"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Taking the order" in html
    assert "Menu questions" not in html  # not a moment of truth
    assert "Someone comes within two minutes" in html
    assert html.index("Greet the table") < html.index("Recall the guest")
    assert "the customer is not dissatisfied" in html
    assert "the customer is delighted" in html
    assert _url("self_review_start", critical_moment.pk) in html
    assert 'name="client_token"' in html


def test_staff_see_how_many_reviews_of_them_wait_for_acknowledgement(
    client_for, manager, consultant, iron_behaviour, submit
):
    first = submit(reviewer=manager, consultant=consultant, results={iron_behaviour: "met"})
    submit(reviewer=manager, consultant=consultant, results={iron_behaviour: "not_met"})
    # A self-review is theirs: nothing to acknowledge.
    submit(reviewer=consultant, consultant=consultant, kind="self", results={iron_behaviour: "met"})
    services.acknowledge_review(review=first, membership=consultant)
    client = client_for(consultant)

    html = client.get(_url("my_situations")).content.decode()
    assert '<span class="todo-count">1</span>' in html
    assert "review of you waits for you to read and acknowledge it" in html
    assert f"{_url('review_list')}?status=to_acknowledge" in html

    Review.objects.filter(consultant=consultant).update(acknowledged_at=timezone.now())
    html = client.get(_url("my_situations")).content.decode()
    assert "todo-count" not in html
    assert "You have read every review of you." in html


def test_an_open_self_review_draft_can_be_continued(client_for, consultant, critical_moment):
    draft = services.start_self_review(membership=consultant, moment=critical_moment)

    html = client_for(consultant).get(_url("my_situations")).content.decode()

    assert _url("review_detail", draft.pk) in html
    assert "Continue my self-review" in html


def test_managers_see_the_page_staff_work_from_without_starting_anything(
    client_for, manager, critical_moment, iron_behaviour
):
    html = client_for(manager).get(_url("my_situations")).content.decode()

    assert "Greet the table" in html
    assert "Only staff review themselves here." in html
    assert _url("self_review_start", critical_moment.pk) not in html


def test_without_moments_of_truth_the_page_explains_what_will_appear(client_for, consultant):
    html = client_for(consultant).get(_url("my_situations")).content.decode()

    assert "No moments of truth yet" in html


# --- Starting a self-review -------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_staff_start_a_self_review_and_land_on_its_sheet(
    client_for, consultant, critical_moment, iron_behaviour, headers
):
    response = client_for(consultant).post(
        _url("self_review_start", critical_moment.pk), {"client_token": "tap-1"}, **headers
    )

    review = Review.objects.get()
    assert (review.kind, review.status) == ("self", "draft")
    assert review.reviewer == review.consultant == consultant
    assert review.location == consultant.location
    assert list(review.moments.all()) == [critical_moment]
    if headers:
        assert response.status_code == 200
        assert response["HX-Redirect"] == _url("review_detail", review.pk)
    else:
        assert response.status_code == 302
        assert response["Location"] == _url("review_detail", review.pk)


def test_a_double_tap_on_start_opens_one_self_review(client_for, consultant, critical_moment):
    client = client_for(consultant)
    url = _url("self_review_start", critical_moment.pk)

    first = client.post(url, {"client_token": "page-1"})
    second = client.post(url, {"client_token": "page-1"})

    assert first["Location"] == second["Location"]
    assert Review.objects.count() == 1


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_moment_that_is_not_a_moment_of_truth_cannot_be_self_reviewed(
    client_for, consultant, plain_moment, headers
):
    response = client_for(consultant).post(
        _url("self_review_start", plain_moment.pk), {"client_token": "x"}, **headers
    )

    assert response.status_code == 400
    assert "Self-reviews are for moments of truth" in response.content.decode()
    assert not Review.objects.exists()


def test_a_moment_of_another_organization_is_not_found(client_for, consultant, rival):
    response = client_for(consultant).post(_url("self_review_start", rival.moment.pk))

    assert response.status_code == 404
    assert not Review.objects.exists()


def test_staff_without_a_location_say_where_it_happened(
    client_for, organization, location, second_location, critical_moment, rival
):
    nomad = add_person(organization, "nina", Role.STAFF)
    client = client_for(nomad)
    html = client.get(_url("my_situations")).content.decode()
    assert 'name="location"' in html and "Warszawa Mokotów" in html
    url = _url("self_review_start", critical_moment.pk)

    refused = client.post(url, {"client_token": "a"})
    foreign = client.post(url, {"client_token": "b", "location": rival.location.pk})
    assert refused.status_code == 400
    assert "Choose the location where it happened." in refused.content.decode()
    assert foreign.status_code == 400
    assert not Review.objects.exists()

    client.post(url, {"client_token": "c", "location": second_location.pk})
    assert Review.objects.get().location == second_location


# --- Opening a review ---------------------------------------------------------------------


def test_the_form_offers_this_organizations_people_and_moments_and_no_self_reviews(
    client_for, manager, consultant, second_consultant, critical_moment, iron_behaviour, rival
):
    response = client_for(manager).get(_url("review_create"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Stan Test (E001, Kraków Rynek)" in html and "Sara Test" in html
    assert "Olga" not in html and "Rival HQ" not in html and "Waiting" not in html
    assert "Taking the order · moment of truth" in html
    assert 'value="self"' not in html
    assert 'name="client_token"' in html
    assert 'hx-disabled-elt="find button[type=submit]"' in html


def test_links_may_preselect_the_consultant_and_moments(
    client_for, manager, consultant, critical_moment, iron_behaviour
):
    html = (
        client_for(manager)
        .get(_url("review_create"), {"consultant": consultant.pk, "moments": critical_moment.pk})
        .content.decode()
    )

    # The option names the consultant's time zone too (the interaction time's clock).
    assert f'<option value="{consultant.pk}" selected data-zone="Europe/Warsaw">' in html
    assert f'value="{critical_moment.pk}"' in html and "checked" in html


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_manager_opens_a_draft_and_goes_on_to_score_it(
    client_for, manager, consultant, critical_moment, iron_behaviour, headers
):
    response = client_for(manager).post(
        _url("review_create"), _form(consultant, [critical_moment]), **headers
    )

    review = Review.objects.get()
    assert (review.kind, review.status, review.reviewer, review.consultant) == (
        "observation",
        "draft",
        manager,
        consultant,
    )
    assert review.location == consultant.location  # left empty: the consultant's
    assert review.interaction_ref == "CALL-1234"
    target = _url("review_detail", review.pk)
    if headers:
        assert (response.status_code, response["HX-Redirect"]) == (200, target)
    else:
        assert (response.status_code, response["Location"]) == (302, target)


def test_the_time_is_read_as_local_time_at_the_location(
    client_for, manager, consultant, critical_moment, iron_behaviour, organization
):
    new_york = account_services.save_location(
        organization=organization, name="New York", code="nyc", time_zone="America/New_York"
    )
    typed = _local(zone="America/New_York")

    client_for(manager).post(
        _url("review_create"),
        _form(consultant, [critical_moment], location=new_york.pk, occurred_at=typed),
    )

    review = Review.objects.get()
    assert review.location == new_york
    local = timezone.localtime(review.occurred_at, ZoneInfo("America/New_York"))
    assert local.strftime("%Y-%m-%dT%H:%M") == typed


def test_the_same_client_token_twice_opens_one_draft(
    client_for, manager, consultant, critical_moment, iron_behaviour
):
    client = client_for(manager)
    data = _form(consultant, [critical_moment], client_token="retry-me")

    first = client.post(_url("review_create"), data)
    second = client.post(_url("review_create"), data)

    assert first["Location"] == second["Location"]
    assert Review.objects.count() == 1


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
@pytest.mark.parametrize("field", ["consultant", "location", "moments"])
def test_ids_of_another_organization_are_refused_and_nothing_is_saved(
    client_for, manager, consultant, critical_moment, iron_behaviour, rival, field, headers
):
    data = _form(consultant, [critical_moment])
    data[field] = {
        "consultant": rival.consultant.pk,
        "location": rival.location.pk,
        "moments": [rival.moment.pk],
    }[field]

    response = client_for(manager).post(_url("review_create"), data, **headers)

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Review.objects.exists()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_an_interaction_in_the_future_is_refused(
    client_for, manager, consultant, critical_moment, iron_behaviour, headers
):
    data = _form(consultant, [critical_moment], occurred_at=_local(timedelta(days=1)))

    response = client_for(manager).post(_url("review_create"), data, **headers)

    assert response.status_code == 400
    assert "The interaction cannot be in the future." in response.content.decode()
    assert not Review.objects.exists()
    if headers:
        assert response.content.decode().lstrip().startswith('<form id="review-form"')


def test_a_self_review_cannot_be_opened_from_the_review_form(
    client_for, manager, consultant, critical_moment, iron_behaviour
):
    response = client_for(manager).post(
        _url("review_create"), _form(consultant, [critical_moment], kind="self")
    )

    assert response.status_code == 400
    assert not Review.objects.exists()


def test_missing_fields_are_named(client_for, manager):
    response = client_for(manager).post(_url("review_create"), {"kind": "observation"})

    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()


def test_staff_cannot_review_others_unless_granted_mystery_shopping(
    client_for, consultant, second_consultant, mystery_shopper, critical_moment, iron_behaviour
):
    assert client_for(consultant).get(_url("review_create")).status_code == 403
    assert (
        client_for(consultant)
        .post(_url("review_create"), _form(second_consultant, [critical_moment]))
        .status_code
        == 403
    )

    response = client_for(mystery_shopper).post(
        _url("review_create"),
        _form(second_consultant, [critical_moment], kind="mystery_shop"),
    )

    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.reviewer, review.consultant, review.kind) == (
        mystery_shopper,
        second_consultant,
        "mystery_shop",
    )
    assert review.location == second_consultant.location


def test_a_mystery_shopper_is_not_offered_themselves(client_for, mystery_shopper):
    html = client_for(mystery_shopper).get(_url("review_create")).content.decode()

    assert "Mira Test" not in html.split('name="consultant"')[1].split("</select>")[0]
