"""The new-review form offers only moments with something to score, and the score sheet
says, as Alice scores, how many behaviours are still open: a refused submit's "3 are still
open" does not outlive the scoring."""

from django.urls import reverse

from reviews.models import Review

HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(name, *args):
    return reverse(f"reviews:{name}", args=args)


def test_moments_without_behaviours_are_not_offered_but_named(
    client_for, manager, critical_moment, iron_behaviour
):
    html = client_for(manager).get(_url("review_create")).content.decode()

    assert f'name="moments" value="{critical_moment.pk}"' in html
    menu_questions = critical_moment.touchpoint.moments.get(is_critical=False)
    assert f'name="moments" value="{menu_questions.pk}"' not in html
    assert "Not offered, because they have no behaviours to score yet:" in html
    assert "Menu questions" in html


def test_a_moment_without_behaviours_cannot_be_posted(
    client_for, manager, consultant, critical_moment, iron_behaviour
):
    menu_questions = critical_moment.touchpoint.moments.get(is_critical=False)
    response = client_for(manager).post(
        _url("review_create"),
        {
            "kind": "observation",
            "consultant": consultant.pk,
            "moments": [menu_questions.pk],
            "occurred_at": "2026-11-20T15:48",
        },
    )

    assert response.status_code == 400
    assert not Review.objects.exists()


def test_the_sheet_says_how_many_behaviours_are_still_open(client_for, manager, draft):
    html = client_for(manager).get(_url("review_detail", draft.pk)).content.decode()

    assert "3 behaviours are still to score." in html


def test_the_count_follows_each_score_and_says_when_all_are_scored(
    client_for, manager, draft, iron_behaviour, master_behaviour, second_master
):
    client = client_for(manager)
    refused = client.post(_url("review_submit", draft.pk), {"coaching_note": ""}, **HTMX)
    assert "3 are still open" in refused.content.decode()

    answers = []
    for behaviour in (iron_behaviour, master_behaviour, second_master):
        response = client.post(
            _url("review_score", draft.pk, behaviour.pk), {"result": "met"}, **HTMX
        )
        answers.append(response.content.decode())

    assert 'id="open-count"' in answers[0] and 'hx-swap-oob="true"' in answers[0]
    assert "2 behaviours are still to score." in answers[0]
    assert "1 behaviour is still to score." in answers[1]
    assert "Every behaviour is scored: you can submit." in answers[2]
    # The refused submit's stale error is cleared out of band with the first score.
    assert '<div id="sheet-error" hidden hx-swap-oob="true"></div>' in answers[0]
