"""The rules every response obeys, whichever way it comes in."""

from datetime import UTC, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from surveys import signals
from surveys.intake.checks import RowErrors, check_responses
from surveys.intake.services import LinkClosed, record_responses, submit_via_link
from surveys.links.services import create_link
from surveys.models import Response


@pytest.fixture
def announced():
    """What the rollups were told, after commit."""
    calls = []

    def receiver(sender, organization_id, utc_dates, **kwargs):
        calls.append((organization_id, utc_dates))

    signals.responses_recorded.connect(receiver)
    yield calls
    signals.responses_recorded.disconnect(receiver)


def row(**overrides):
    data = {
        "metric": "nps",
        "score": 9,
        "submitted_at": (timezone.now() - timedelta(hours=2)).isoformat(),
        "consultant": "E001",
    }
    return {**data, **overrides}


def test_new_survey_starts_with_questions_in_four_languages(nps_survey):
    assert nps_survey.languages == ["en", "pl", "ru", "ro"]
    assert nps_survey.question("pl").startswith("Jak bardzo prawdopodobne")
    assert nps_survey.follow_up("ro") == "Care este motivul principal al notei tale?"
    # The moment implies its touchpoint and journey.
    assert nps_survey.touchpoint == nps_survey.moment.touchpoint
    assert nps_survey.journey == nps_survey.touchpoint.journey


def test_link_takes_its_context_from_survey_and_consultant(single_link, consultant):
    assert single_link.location == consultant.location
    assert single_link.moment == single_link.survey.moment
    assert single_link.channel == "in_person"
    assert len(single_link.token) >= 20


def test_link_for_consultant_of_another_organization_is_refused(nps_survey, outsider):
    with pytest.raises(ValidationError) as error:
        create_link(survey=nps_survey, consultant=outsider)
    assert "consultant" in error.value.message_dict


def test_single_use_link_takes_one_answer(single_link, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit_via_link(link=single_link, score=10, comment=" Super ")
    assert (response.score, response.comment, response.source) == (10, "Super", "link")
    assert response.consultant == single_link.consultant
    with pytest.raises(LinkClosed) as closed:
        submit_via_link(link=single_link, score=3)
    assert closed.value.reason == "used"
    assert Response.objects.count() == 1


def test_reusable_link_takes_many_answers_recorded_as_qr(qr_link):
    for score in (10, 2):
        submit_via_link(link=qr_link, score=score)
    assert list(Response.objects.values_list("source", flat=True)) == ["qr", "qr"]


def test_expired_link_saves_nothing(nps_survey, consultant):
    link = create_link(
        survey=nps_survey, consultant=consultant, expires_at=timezone.now() + timedelta(hours=1)
    )
    link.expires_at = timezone.now() - timedelta(seconds=1)
    link.save()
    with pytest.raises(LinkClosed) as closed:
        submit_via_link(link=link, score=10)
    assert closed.value.reason == "expired"
    assert not Response.objects.exists()


@pytest.mark.parametrize("score", [11, -1, "7.5", "ten", None, True])
def test_score_outside_the_scale_is_refused_and_the_link_stays_open(single_link, score):
    with pytest.raises(ValidationError) as error:
        submit_via_link(link=single_link, score=score)
    assert "score" in error.value.message_dict
    single_link.refresh_from_db()
    assert single_link.used_at is None and not Response.objects.exists()


def test_comment_over_2000_characters_is_refused(single_link):
    with pytest.raises(ValidationError) as error:
        submit_via_link(link=single_link, score=9, comment="x" * 2001)
    assert "2000" in error.value.message_dict["comment"][0]


def test_rows_are_checked_all_together_and_nothing_is_saved(organization, consultant):
    rows = [
        row(external_id="a"),
        row(score=12, external_id="b"),
        row(consultant="NOPE"),
        row(submitted_at=(timezone.now() + timedelta(days=1)).isoformat()),
        row(metric="csat", score=0),
    ]
    with pytest.raises(RowErrors) as error:
        check_responses(organization=organization, rows=rows)
    assert set(error.value.errors) == {1, 2, 3, 4}
    assert "scale" in error.value.errors[1]["score"]
    assert error.value.errors[2] == {"consultant": "Unknown consultant code."}
    assert "future" in error.value.errors[3]["submitted_at"]
    assert not Response.objects.exists()


def test_consultant_of_another_organization_is_unknown(organization, consultant, outsider):
    outsider.employee_code = "X9"
    outsider.save()
    with pytest.raises(RowErrors) as error:
        check_responses(organization=organization, rows=[row(consultant="X9")])
    assert error.value.errors[0] == {"consultant": "Unknown consultant code."}


def test_retry_with_same_external_ids_adds_nothing(
    organization, consultant, announced, django_capture_on_commit_callbacks
):
    rows = [row(external_id="pos-1"), row(score=3, external_id="pos-2")]
    with django_capture_on_commit_callbacks(execute=True):
        first = record_responses(
            organization=organization,
            rows=check_responses(organization=organization, rows=rows),
            source="api",
        )
    with django_capture_on_commit_callbacks(execute=True):
        again = record_responses(
            organization=organization,
            rows=check_responses(organization=organization, rows=rows),
            source="api",
        )
    assert [created for _, created in first] == [True, True]
    assert [created for _, created in again] == [False, False]
    assert [r.pk for r, _ in first] == [r.pk for r, _ in again]
    assert Response.objects.count() == 2
    # The rollups hear of the first call's day once; the retry saved nothing to tell.
    assert announced == [(organization.pk, [first[0][0].submitted_at.astimezone(UTC).date()])]


def test_naive_time_is_the_location_local_time(organization, consultant):
    (checked,) = check_responses(
        organization=organization, rows=[row(submitted_at="2026-07-01 12:00")]
    )
    # Kraków is UTC+2 in summer.
    assert checked.submitted_at.astimezone(UTC).hour == 10
    assert checked.location == consultant.location


def test_duplicate_external_id_in_one_batch_names_the_first_row(organization, consultant):
    with pytest.raises(RowErrors) as error:
        check_responses(
            organization=organization, rows=[row(external_id="x"), row(external_id="x")]
        )
    assert error.value.errors == {1: {"external_id": "The same external id is already in item 0."}}
