"""After submission: correcting a review, the consultant's acknowledgement, and a
self-review end to end (fixtures draft, scored, submitted in conftest.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews import services
from reviews.models import Review, ReviewItem

HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(name, *args):
    return reverse(f"reviews:{name}", args=args)


def _item(review, behaviour):
    return ReviewItem.objects.filter(review=review, behaviour=behaviour).first()


# --- Corrections --------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_correcting_opens_a_draft_copy_and_again_returns_the_same(
    client_for, manager, submitted, headers
):
    client = client_for(manager)

    response = client.post(_url("review_correct", submitted.pk), **headers)
    again = client.post(_url("review_correct", submitted.pk), **headers)

    correction = Review.objects.get(supersedes=submitted)
    target = _url("review_detail", correction.pk)
    if headers:
        assert response["HX-Redirect"] == again["HX-Redirect"] == target
    else:
        assert response["Location"] == again["Location"] == target
    assert correction.status == "draft" and correction.items.count() == 3
    html = client.get(target).content.decode()
    assert (
        f'This review corrects <a href="{_url("review_detail", submitted.pk)}">#{submitted.pk}</a>'
        in html
    )


def test_after_a_correction_is_submitted_both_stay_visible_and_the_old_one_is_superseded(
    client_for, manager, consultant, submitted, iron_behaviour
):
    client = client_for(manager)
    client.post(_url("review_correct", submitted.pk))
    correction = Review.objects.get(supersedes=submitted)
    client.post(_url("review_score", correction.pk, iron_behaviour.pk), {"result": "not_met"})
    client.post(_url("review_submit", correction.pk), {"coaching_note": "Corrected"})

    submitted.refresh_from_db()
    correction.refresh_from_db()
    assert submitted.superseded_at is not None and not submitted.counts
    assert correction.counts
    for viewer in (manager, consultant):
        viewer_client = client_for(viewer)
        old = viewer_client.get(_url("review_detail", submitted.pk)).content.decode()
        new = viewer_client.get(_url("review_detail", correction.pk)).content.decode()
        assert (
            f'Corrected by <a href="{_url("review_detail", correction.pk)}">#{correction.pk}</a>'
            in old
        )
        assert "no longer counts" in old
        assert f"#{submitted.pk}</a>, which is kept for the record" in new
        listed = viewer_client.get(_url("review_list")).content.decode()
        assert _url("review_detail", submitted.pk) in listed
        assert _url("review_detail", correction.pk) in listed
    # Nothing left to correct on the old one.
    assert client.post(_url("review_correct", submitted.pk)).status_code == 400


def test_the_consultant_does_not_see_a_correction_still_in_draft(
    client_for, manager, consultant, submitted
):
    correction = services.correct_review(review=submitted, by=manager)

    html = client_for(consultant).get(_url("review_detail", submitted.pk)).content.decode()
    manager_html = client_for(manager).get(_url("review_detail", submitted.pk)).content.decode()

    assert f"#{correction.pk}" not in html
    assert "A correction is being drafted by Alice Test" in manager_html


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_draft_cannot_be_corrected(client_for, manager, draft, headers):
    response = client_for(manager).post(_url("review_correct", draft.pk), **headers)

    assert response.status_code == 400
    assert "Only a submitted review can be corrected" in response.content.decode()
    assert Review.objects.count() == 1


def test_another_manager_may_correct_and_the_consultant_may_not(
    client_for, admin_member, consultant, submitted
):
    assert client_for(consultant).post(_url("review_correct", submitted.pk)).status_code == 403
    assert Review.objects.count() == 1

    assert client_for(admin_member).post(_url("review_correct", submitted.pk)).status_code == 302
    assert Review.objects.get(supersedes=submitted).reviewer == admin_member


# --- Acknowledging ------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_the_consultant_acknowledges_once(client_for, consultant, submitted, headers):
    client = client_for(consultant)

    response = client.post(_url("review_acknowledge", submitted.pk), **headers)
    submitted.refresh_from_db()
    first = submitted.acknowledged_at
    client.post(_url("review_acknowledge", submitted.pk), **headers)

    if headers:
        assert response.status_code == 200
        assert "You acknowledged this review on" in response.content.decode()
    else:
        assert response["Location"] == _url("review_detail", submitted.pk)
    submitted.refresh_from_db()
    assert first is not None and submitted.acknowledged_at == first


def test_only_the_reviewed_consultant_acknowledges(client_for, manager, submitted):
    response = client_for(manager).post(_url("review_acknowledge", submitted.pk))

    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.acknowledged_at is None


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_draft_cannot_be_acknowledged(client_for, consultant, critical_moment, headers):
    draft = services.start_self_review(membership=consultant, moment=critical_moment)

    response = client_for(consultant).post(_url("review_acknowledge", draft.pk), **headers)

    assert response.status_code == 400
    assert "Only a submitted review can be acknowledged." in response.content.decode()
    draft.refresh_from_db()
    assert draft.acknowledged_at is None


# --- A self-review on the phone, end to end -------------------------------------------------


def test_staff_review_themselves_in_a_few_taps(
    client_for, consultant, critical_moment, iron_behaviour, master_behaviour, published_version
):
    client = client_for(consultant)
    start = client.post(_url("self_review_start", critical_moment.pk), {"client_token": "t"})
    review = Review.objects.get()
    sheet = client.get(start["Location"]).content.decode()
    assert "Your note" in sheet and "Submit my self-review" in sheet

    for behaviour, result in ((iron_behaviour, "met"), (master_behaviour, "not_met")):
        row = client.post(_url("review_score", review.pk, behaviour.pk), {"result": result}, **HTMX)
        assert row.status_code == 200
    client.post(_url("review_note", review.pk), {"coaching_note": "Forgot to ask"}, **HTMX)
    done = client.post(_url("review_submit", review.pk), {"coaching_note": "Forgot to ask"}, **HTMX)

    assert done.status_code == 200
    review.refresh_from_db()
    assert review.status == "submitted" and review.standards_version == published_version
    page = client.get(_url("review_detail", review.pk)).content.decode()
    assert "I have read this review" not in page  # nothing to acknowledge in one's own
    assert "Forgot to ask" in page


# --- Late writes from a page loaded before the submit ------------------------------------


def test_a_late_autosave_score_or_delete_never_touches_a_submitted_review(
    scored, iron_behaviour, published_version
):
    stale = Review.objects.get(pk=scored.pk)  # the note request loaded it as a draft...
    services.submit_review(review=scored, coaching_note="Final")  # ...then the submit won

    with pytest.raises(ValidationError):
        services.update_review(review=stale, coaching_note="Late keystrokes")
    with pytest.raises(ValidationError):
        services.score_item(review=stale, behaviour=iron_behaviour, result="not_met")
    with pytest.raises(ValidationError):
        services.delete_draft(review=stale)

    scored.refresh_from_db()
    assert (scored.status, scored.coaching_note) == ("submitted", "Final")
    assert _item(scored, iron_behaviour).result == "met"
