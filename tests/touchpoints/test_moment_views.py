"""Adding, editing, deleting, reordering and marking moments (the journey map's cards)."""

import pytest
from django.urls import reverse

from touchpoints.models import Moment

from .helpers import HTMX, is_partial, names_in_order, oob_messages, snapshot

BAD_NAMES = [
    ("", "Give it a name."),
    ("\t  ", "Give it a name."),
    ("x" * 121, "at most 120 characters"),
    ("A", "at least 2 characters"),
]
BAD_IDS = ["empty", "whitespace", "too-long", "too-short"]


def map_url(obj) -> str:
    return reverse("touchpoints:journey_map", args=[obj.journey_id])


def url(name: str, obj) -> str:
    return reverse(f"touchpoints:{name}", args=[obj.pk])


def column_start(touchpoint) -> str:
    return f'<section class="tp-col" id="tp-{touchpoint.pk}"'


# Creating ------------------------------------------------------------------------------


def test_manager_adds_a_moment_of_truth_with_a_plain_post(client_for, manager, ordering):
    response = client_for(manager).post(
        url("moment_create", ordering),
        {
            "name": "Recommending wine",
            "customer_expectation": "An honest tip",
            "customer_feeling": "Unsure",
            "is_critical": "on",
        },
        follow=True,
    )

    assert response.redirect_chain == [(f"{map_url(ordering)}#tp-{ordering.pk}", 302)]
    moment = ordering.moments.get(name="Recommending wine")
    assert (moment.customer_expectation, moment.customer_feeling, moment.is_critical) == (
        "An honest tip",
        "Unsure",
        True,
    )
    assert names_in_order(ordering.moments.all())[-1] == "Recommending wine"
    assert "Moment “Recommending wine” was added." in response.content.decode()


def test_manager_adds_a_moment_with_htmx(client_for, manager, ordering):
    response = client_for(manager).post(url("moment_create", ordering), {"name": "Wine"}, **HTMX)

    assert response.status_code == 200
    assert is_partial(response)
    html = response.content.decode()
    assert html.lstrip().startswith(column_start(ordering))
    assert "Wine" in html
    assert "Moment “Wine” was added." in oob_messages(response)
    assert ordering.moments.get(name="Wine").is_critical is False


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("name,error", BAD_NAMES, ids=BAD_IDS)
def test_a_bad_moment_name_is_refused(client_for, manager, ordering, name, error, htmx):
    before = snapshot()

    response = client_for(manager).post(
        url("moment_create", ordering),
        {"name": name, "customer_expectation": "Kept"},
        **(HTMX if htmx else {}),
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert f'id="id_newm{ordering.pk}_name_error"' in html  # next to the field
    assert "Kept</textarea>" in html  # what was typed is kept
    assert '<details class="addform" open>' in html
    assert is_partial(response) == htmx
    assert snapshot() == before


def test_a_too_long_expectation_is_refused(client_for, manager, ordering):
    before = snapshot()

    response = client_for(manager).post(
        url("moment_create", ordering), {"name": "Wine", "customer_expectation": "x" * 1001}
    )

    assert response.status_code == 400
    assert "at most 1000 characters" in response.content.decode()
    assert snapshot() == before


# Editing -------------------------------------------------------------------------------


def test_edit_without_javascript_opens_the_card_form_on_the_map(
    client_for, manager, critical_moment
):
    response = client_for(manager).get(url("moment_edit", critical_moment))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert "Edit “Taking the order”" in html
    assert "Someone comes within two minutes</textarea>" in html
    assert 'name="is_critical" aria-describedby' in html and "checked" in html


def test_edit_with_htmx_opens_the_card_form_in_its_column(
    client_for, manager, ordering, critical_moment
):
    response = client_for(manager).get(url("moment_edit", critical_moment), **HTMX)

    assert response.status_code == 200
    assert is_partial(response)
    html = response.content.decode()
    assert html.lstrip().startswith(column_start(ordering))
    assert f'hx-post="{url("moment_edit", critical_moment)}"' in html
    assert "autofocus" in html


def test_manager_edits_a_moment_with_a_plain_post(client_for, manager, ordering, critical_moment):
    response = client_for(manager).post(
        url("moment_edit", critical_moment),
        {"name": "Taking the order", "customer_expectation": "Within a minute"},
        follow=True,
    )

    assert response.redirect_chain == [(f"{map_url(ordering)}#tp-{ordering.pk}", 302)]
    critical_moment.refresh_from_db()
    assert critical_moment.customer_expectation == "Within a minute"
    # An unticked box is a plain form's "no": the moment is no longer critical.
    assert critical_moment.is_critical is False
    assert "Moment “Taking the order” was saved." in response.content.decode()


def test_manager_edits_a_moment_with_htmx(client_for, manager, menu_questions):
    response = client_for(manager).post(
        url("moment_edit", menu_questions),
        {"name": "Questions about the menu", "is_critical": "on"},
        **HTMX,
    )

    assert response.status_code == 200
    assert is_partial(response)
    assert f'class="moment-card critical" id="moment-{menu_questions.pk}"' in (
        response.content.decode()
    )
    menu_questions.refresh_from_db()
    assert (menu_questions.name, menu_questions.is_critical) == ("Questions about the menu", True)


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("name,error", BAD_NAMES, ids=BAD_IDS)
def test_a_bad_moment_rename_is_refused(client_for, manager, critical_moment, name, error, htmx):
    before = snapshot()

    response = client_for(manager).post(
        url("moment_edit", critical_moment), {"name": name}, **(HTMX if htmx else {})
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert f'id="id_m{critical_moment.pk}_name_error"' in html
    assert is_partial(response) == htmx
    assert snapshot() == before


# Deleting ------------------------------------------------------------------------------


def test_delete_confirmation_counts_the_behaviours(
    client_for, manager, critical_moment, iron_behaviour, master_behaviour
):
    response = client_for(manager).get(url("moment_delete", critical_moment))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Delete the moment “Taking the order”?" in html
    assert "Behaviours: <strong>2</strong>" in html
    assert "Delete moment</button>" in html
    assert Moment.objects.filter(pk=critical_moment.pk).exists()


def test_delete_confirmation_opens_on_the_card_with_htmx(
    client_for, manager, ordering, critical_moment
):
    response = client_for(manager).get(url("moment_delete", critical_moment), **HTMX)

    assert response.status_code == 200
    assert is_partial(response)
    html = response.content.decode()
    assert html.lstrip().startswith(column_start(ordering))
    card = html[html.index(f'id="moment-{critical_moment.pk}"') :]
    assert card.index("Delete the moment “Taking the order”?") < card.index("</article>")
    assert f'hx-target="#tp-{ordering.pk}"' in html


def test_manager_deletes_a_moment_with_a_plain_post(
    client_for, manager, ordering, critical_moment, iron_behaviour
):
    response = client_for(manager).post(url("moment_delete", critical_moment), follow=True)

    assert response.redirect_chain == [(f"{map_url(ordering)}#tp-{ordering.pk}", 302)]
    assert "Moment “Taking the order” was deleted." in response.content.decode()
    assert names_in_order(ordering.moments.all()) == ["Menu questions"]


def test_manager_deletes_a_moment_with_htmx(client_for, manager, ordering, critical_moment):
    response = client_for(manager).post(url("moment_delete", critical_moment), **HTMX)

    assert response.status_code == 200
    assert is_partial(response)
    html = response.content.decode()
    assert html.lstrip().startswith(column_start(ordering))
    assert f'id="moment-{critical_moment.pk}"' not in html
    assert "was deleted" in oob_messages(response)
    assert not Moment.objects.filter(pk=critical_moment.pk).exists()


def test_a_blocked_moment_deletion_answers_400_with_the_reason(
    client_for, manager, critical_moment, monkeypatch
):
    from django.core.exceptions import ValidationError

    from touchpoints import services

    def refuse(*, obj):
        raise ValidationError("“Taking the order” cannot be deleted: 4 records refer to it.")

    monkeypatch.setattr(services, "delete_node", refuse)
    monkeypatch.setattr(
        services, "deletion_impact", lambda obj: services.DeletionImpact(counts={}, blocked_by=4)
    )
    before = snapshot()

    response = client_for(manager).post(url("moment_delete", critical_moment), **HTMX)

    assert response.status_code == 400
    html = response.content.decode()
    assert "cannot be deleted: 4 records refer to it." in oob_messages(response)
    assert "It cannot be deleted: 4 records, such as reviews" in html
    assert "Delete moment</button>" not in html
    assert snapshot() == before


# Reordering ----------------------------------------------------------------------------


def test_manager_moves_a_moment_down_with_a_plain_post(
    client_for, manager, ordering, critical_moment
):
    response = client_for(manager).post(
        url("moment_move", critical_moment), {"direction": "down"}, follow=True
    )

    assert response.redirect_chain == [(f"{map_url(ordering)}#tp-{ordering.pk}", 302)]
    assert names_in_order(ordering.moments.all()) == ["Menu questions", "Taking the order"]
    assert "“Taking the order” moved down." in response.content.decode()


def test_manager_moves_a_moment_up_with_htmx(client_for, manager, ordering, menu_questions):
    response = client_for(manager).post(
        url("moment_move", menu_questions), {"direction": "up"}, **HTMX
    )

    assert response.status_code == 200
    assert is_partial(response)
    html = response.content.decode()
    assert html.index("Menu questions") < html.index("Taking the order")
    assert "“Menu questions” moved up." in oob_messages(response)
    assert names_in_order(ordering.moments.all()) == ["Menu questions", "Taking the order"]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    "which,direction,message",
    [
        ("first", "up", "“Taking the order” is already first."),
        ("last", "down", "“Menu questions” is already last."),
        ("last", "", "Unknown direction."),
    ],
)
def test_moving_a_moment_past_the_end_is_refused(
    client_for, manager, ordering, critical_moment, menu_questions, which, direction, message, htmx
):
    target = critical_moment if which == "first" else menu_questions
    before = snapshot()

    response = client_for(manager).post(
        url("moment_move", target), {"direction": direction}, **(HTMX if htmx else {})
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'class="msg error"' in html
    assert is_partial(response) == htmx
    assert names_in_order(ordering.moments.all()) == ["Taking the order", "Menu questions"]
    assert snapshot() == before


# Moment of truth -----------------------------------------------------------------------


def test_manager_marks_a_moment_of_truth_with_a_plain_post(
    client_for, manager, ordering, menu_questions
):
    response = client_for(manager).post(url("moment_toggle_critical", menu_questions), follow=True)

    assert response.redirect_chain == [(f"{map_url(ordering)}#tp-{ordering.pk}", 302)]
    menu_questions.refresh_from_db()
    assert menu_questions.is_critical is True
    assert "“Menu questions” is now a moment of truth." in response.content.decode()


def test_manager_unmarks_a_moment_of_truth_with_htmx(
    client_for, manager, ordering, critical_moment
):
    response = client_for(manager).post(url("moment_toggle_critical", critical_moment), **HTMX)

    assert response.status_code == 200
    assert is_partial(response)
    html = response.content.decode()
    assert f'class="moment-card" id="moment-{critical_moment.pk}"' in html
    assert 'aria-label="Mark Taking the order as a moment of truth"' in html
    assert "“Taking the order” is no longer a moment of truth." in oob_messages(response)
    critical_moment.refresh_from_db()
    assert critical_moment.is_critical is False
