"""The score sheet of one review: scoring, the coaching note, submitting once and
deleting a draft (fixtures draft, scored, submitted in conftest.py).

Alice (manager) writes a draft observation of Stan at "Taking the order": one iron and two
master behaviours. Only Alice changes her draft; Stan reads it once it is submitted.
"""

import pytest
from django.urls import reverse

from reviews import services
from reviews.models import Review, ReviewItem
from standards import services as standards_services
from standards.models import Behaviour
from touchpoints import services as touchpoint_services

HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(name, *args):
    return reverse(f"reviews:{name}", args=args)


def _item(review, behaviour):
    return ReviewItem.objects.filter(review=review, behaviour=behaviour).first()


# --- Reading ------------------------------------------------------------------------------


def test_the_sheet_shows_who_what_where_when_and_the_tiers(
    client_for, manager, draft, iron_behaviour, master_behaviour
):
    response = client_for(manager).get(_url("review_detail", draft.pk))

    html = response.content.decode()
    assert response.status_code == 200
    for text in ("Observation", "Draft", "Stan Test", "Kraków Rynek", "Alice Test", "RCPT-77"):
        assert text in html
    assert "Europe/Warsaw" in html
    assert "Scored against the latest published version when it is submitted." in html
    assert html.index("Greet the table") < html.index("Recall the guest")
    assert "the customer is not dissatisfied" in html and "the customer is delighted" in html
    # Editable for Alice: three segments per behaviour, a real form per row.
    assert html.count('type="radio"') == 9
    assert _url("review_score", draft.pk, iron_behaviour.pk) in html
    assert 'hx-trigger="input changed delay:800ms"' in html  # the note autosaves
    assert 'hx-disabled-elt="find .submit-review"' in html


def test_the_consultant_reads_a_submitted_review_with_its_note_and_version(
    client_for, consultant, submitted, published_version
):
    response = client_for(consultant).get(_url("review_detail", submitted.pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert f"standards version {published_version.number}" in html
    assert "Great greeting; ask for names." in html
    assert "1 of 1 met" in html and "0 of 1 met" in html  # iron; master (n/a left out)
    assert "I have read this review" in html
    assert 'type="radio"' not in html
    assert _url("review_correct", submitted.pk) not in html


def test_executives_read_but_never_edit(client_for, executive, draft, submitted):
    client = client_for(executive)

    html = client.get(_url("review_detail", submitted.pk)).content.decode()

    assert 'type="radio"' not in html and "Coaching note" in html
    assert _url("review_correct", submitted.pk) not in html
    assert "I have read this review" not in html


def test_another_manager_reads_a_draft_without_editing_it(
    client_for, admin_member, draft, iron_behaviour
):
    html = client_for(admin_member).get(_url("review_detail", draft.pk)).content.decode()

    assert 'type="radio"' not in html
    assert "Not scored yet" in html


# --- Scoring ------------------------------------------------------------------------------


def test_scoring_with_htmx_answers_with_the_row(client_for, manager, draft, iron_behaviour):
    response = client_for(manager).post(
        _url("review_score", draft.pk, iron_behaviour.pk),
        {"result": "not_met", "note": "Came after five minutes"},
        **HTMX,
    )

    assert response.status_code == 200
    html = response.content.decode().strip()
    assert html.startswith(f'<li id="row-{iron_behaviour.pk}"')
    assert 'value="not_met" checked' in html
    assert "Came after five minutes" in html
    item = _item(draft, iron_behaviour)
    assert (item.result, item.note, item.kind) == ("not_met", "Came after five minutes", "iron")


def test_scoring_without_javascript_redirects_back_to_the_row(
    client_for, manager, draft, iron_behaviour
):
    client = client_for(manager)
    url = _url("review_score", draft.pk, iron_behaviour.pk)

    response = client.post(url, {"result": "met"})
    client.post(url, {"result": "na"})  # changing one's mind updates the same item

    assert response.status_code == 302
    assert response["Location"] == f"{_url('review_detail', draft.pk)}#row-{iron_behaviour.pk}"
    assert ReviewItem.objects.get().result == "na"


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_behaviour_of_another_moment_cannot_be_scored(
    client_for, manager, draft, other_moment_behaviour, headers
):
    response = client_for(manager).post(
        _url("review_score", draft.pk, other_moment_behaviour.pk), {"result": "met"}, **headers
    )

    assert response.status_code == 400
    assert "does not belong to a moment of this review" in response.content.decode()
    assert not ReviewItem.objects.exists()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_retired_behaviour_cannot_be_scored(client_for, manager, draft, iron_behaviour, headers):
    standards_services.retire_behaviour(behaviour=iron_behaviour)

    response = client_for(manager).post(
        _url("review_score", draft.pk, iron_behaviour.pk), {"result": "met"}, **headers
    )

    assert response.status_code == 400
    assert "was removed from the standards" in response.content.decode()
    assert not ReviewItem.objects.exists()


def test_a_behaviour_of_another_organization_is_not_found(client_for, manager, draft, outsider):
    foreign_journey = touchpoint_services.create_journey(
        organization=outsider.organization, name="Loan"
    )
    touchpoint = touchpoint_services.create_touchpoint(journey=foreign_journey, name="Branch")
    moment = touchpoint_services.create_moment(touchpoint=touchpoint, name="Waiting")
    foreign = Behaviour.objects.create(moment=moment, kind="iron", text="Offer a seat")

    response = client_for(manager).post(
        _url("review_score", draft.pk, foreign.pk), {"result": "met"}
    )

    assert response.status_code == 404
    assert not ReviewItem.objects.exists()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_an_unknown_result_is_refused_and_what_was_typed_is_kept(
    client_for, manager, draft, iron_behaviour, headers
):
    response = client_for(manager).post(
        _url("review_score", draft.pk, iron_behaviour.pk),
        {"result": "", "note": "Typed first"},
        **headers,
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose met, not met or not applicable." in html
    if headers:
        assert "Typed first" in html
    assert not ReviewItem.objects.exists()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_submitted_review_cannot_be_scored(
    client_for, manager, submitted, iron_behaviour, headers
):
    response = client_for(manager).post(
        _url("review_score", submitted.pk, iron_behaviour.pk), {"result": "not_met"}, **headers
    )

    assert response.status_code == 400
    assert "can no longer be changed" in response.content.decode()
    assert _item(submitted, iron_behaviour).result == "met"


# --- The coaching note --------------------------------------------------------------------


def test_the_note_autosaves_with_htmx(client_for, manager, draft):
    response = client_for(manager).post(
        _url("review_note", draft.pk), {"coaching_note": "  Smile at the door  "}, **HTMX
    )

    assert response.status_code == 200
    assert "Saved at" in response.content.decode()
    assert 'id="note-status"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.coaching_note == "Smile at the door"


def test_the_note_saves_without_javascript(client_for, manager, draft):
    response = client_for(manager).post(_url("review_note", draft.pk), {"coaching_note": "Ok"})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.coaching_note == "Ok"


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_the_note_of_a_submitted_review_cannot_be_changed(client_for, manager, submitted, headers):
    response = client_for(manager).post(
        _url("review_note", submitted.pk), {"coaching_note": "Rewritten"}, **headers
    )

    assert response.status_code == 400
    assert "can no longer be changed" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.coaching_note == "Great greeting; ask for names."


def test_an_overlong_note_is_refused(client_for, manager, draft):
    response = client_for(manager).post(
        _url("review_note", draft.pk), {"coaching_note": "x" * 4001}, **HTMX
    )

    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.coaching_note == ""


# --- Submitting ---------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_submitting_records_the_standards_version_and_the_note(
    client_for, manager, scored, published_version, headers
):
    response = client_for(manager).post(
        _url("review_submit", scored.pk), {"coaching_note": "Well done"}, **headers
    )

    target = _url("review_detail", scored.pk)
    if headers:
        assert (response.status_code, response["HX-Redirect"]) == (200, target)
    else:
        assert (response.status_code, response["Location"]) == (302, target)
    scored.refresh_from_db()
    assert scored.status == "submitted" and scored.submitted_at is not None
    assert scored.standards_version == published_version
    assert scored.coaching_note == "Well done"


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_submitting_with_unscored_behaviours_is_refused_and_shows_them(
    client_for, manager, draft, iron_behaviour, master_behaviour, headers
):
    services.score_item(review=draft, behaviour=iron_behaviour, result="met")

    response = client_for(manager).post(
        _url("review_submit", draft.pk), {"coaching_note": "Keep this"}, **headers
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "2 are still open" in html
    assert html.count("scorerow missing") == 2
    assert "Keep this" in html
    if headers:
        assert html.lstrip().startswith('<div id="sheet"')
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.coaching_note == ""


def test_a_double_submit_makes_one_review_submitted_once(client_for, manager, scored):
    client = client_for(manager)
    url = _url("review_submit", scored.pk)

    first = client.post(url, {"coaching_note": "Same"}, **HTMX)
    scored.refresh_from_db()
    when = scored.submitted_at
    second = client.post(url, {"coaching_note": "Same"}, **HTMX)
    third = client.post(url)  # a plain retry without the note

    assert first.status_code == second.status_code == 200
    assert third.status_code == 302
    assert Review.objects.count() == 1
    scored.refresh_from_db()
    assert scored.submitted_at == when


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_submitted_review_cannot_be_resubmitted_with_another_note(
    client_for, manager, submitted, headers
):
    response = client_for(manager).post(
        _url("review_submit", submitted.pk), {"coaching_note": "Sneaky edit"}, **headers
    )

    assert response.status_code == 400
    assert "can no longer be changed" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.coaching_note == "Great greeting; ask for names."


# --- Deleting a draft ---------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_the_reviewer_deletes_a_draft(client_for, manager, scored, headers):
    response = client_for(manager).post(_url("review_delete", scored.pk), **headers)

    if headers:
        assert (response.status_code, response["HX-Redirect"]) == (200, _url("review_list"))
    else:
        assert (response.status_code, response["Location"]) == (302, _url("review_list"))
    assert not Review.objects.exists() and not ReviewItem.objects.exists()


def test_a_deleted_self_review_leads_back_to_my_situations(client_for, consultant, critical_moment):
    draft = services.start_self_review(membership=consultant, moment=critical_moment)

    response = client_for(consultant).post(_url("review_delete", draft.pk))

    assert response["Location"] == _url("my_situations")


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_submitted_review_is_never_deleted(client_for, manager, submitted, headers):
    response = client_for(manager).post(_url("review_delete", submitted.pk), **headers)

    assert response.status_code == 400
    assert Review.objects.filter(pk=submitted.pk, status="submitted").exists()
