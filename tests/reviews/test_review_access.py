"""Role × view × own/other organization, for every URL of the review pages.

Aurora has a submitted observation of Stan by Alice, a draft observation of Stan by Alice
(fully scored, so submitting it succeeds), and a draft and a submitted mystery shop of Sara
by Mira, a consultant granted mystery shopping. Oscar manages Rival Bank: every Aurora
review id is 404 for him (never 403, which would confirm it exists); the staff-only start
of a self-review answers his role with 403 before any lookup, which tells him nothing.
Staff see the submitted reviews of them and what they write themselves, nothing else: a
draft about Stan is 404 for Stan until it is submitted. Alice manages Kraków: Mira's
reviews of Sara at Warszawa are 404 for her (the location rule,
tests/accounts/test_location_visibility.py).
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from reviews import services
from tests import access
from tests.personas import add_person

PERSONAS = ("manager", "staff", "executive", "admin", "outsider", "shopper")


@pytest.fixture
def shopper(organization, location):
    mira = add_person(organization, "mira", Role.STAFF, location=location, employee_code="E009")
    mira.can_mystery_shop = True
    mira.save(update_fields=["can_mystery_shop"])
    return mira


@pytest.fixture
def everyone(personas, shopper):
    return {**personas, "shopper": shopper}


def _draft(reviewer, consultant, moment, behaviours, kind="observation"):
    review = services.start_review(
        organization=consultant.organization,
        reviewer=reviewer,
        kind=kind,
        consultant=consultant,
        location=consultant.location,
        moments=[moment],
        occurred_at=timezone.now() - timedelta(hours=1),
    )
    for behaviour in behaviours:
        services.score_item(review=review, behaviour=behaviour, result="met")
    return review


@pytest.fixture
def aurora(
    manager,
    consultant,
    second_consultant,
    shopper,
    critical_moment,
    iron_behaviour,
    master_behaviour,
    published_version,
):
    behaviours = [iron_behaviour, master_behaviour]
    submitted = services.submit_review(
        review=_draft(manager, consultant, critical_moment, behaviours)
    )
    shop = _draft(shopper, second_consultant, critical_moment, behaviours, "mystery_shop")
    shop_submitted = services.submit_review(
        review=_draft(shopper, second_consultant, critical_moment, behaviours, "mystery_shop")
    )
    return {
        "submitted": submitted.pk,
        "draft": _draft(manager, consultant, critical_moment, behaviours).pk,
        "shop_draft": shop.pk,
        "shop_submitted": shop_submitted.pk,
        "moment": critical_moment.pk,
        "behaviour": iron_behaviour.pk,
        "consultant": consultant.pk,
    }


def _create_data(aurora):
    return {
        "kind": "observation",
        "consultant": aurora["consultant"],
        "moments": [aurora["moment"]],
        "occurred_at": (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
    }


SCORE = {"result": "not_met"}
NOTE = {"coaching_note": "Smile"}

# name, method, args (keys of `aurora`), data, expected status per persona in PERSONAS
CASES = [
    ("my_situations", "get", (), None, (200, 200, 200, 200, 200, 200)),
    ("self_review_start", "post", ("moment",), {}, (403, 302, 403, 403, 403, 302)),
    ("review_list", "get", (), None, (200, 200, 200, 200, 200, 200)),
    ("review_create", "get", (), None, (200, 403, 403, 200, 200, 200)),
    # Oscar posts Aurora's consultant and moment into his own organization's form: 400.
    ("review_create", "post", (), _create_data, (302, 403, 403, 302, 400, 302)),
    ("review_detail", "get", ("submitted",), None, (200, 200, 200, 200, 404, 404)),
    ("review_detail", "get", ("draft",), None, (200, 404, 200, 200, 404, 404)),
    ("review_detail", "get", ("shop_draft",), None, (404, 404, 200, 200, 404, 200)),
    ("review_score", "post", ("draft", "behaviour"), SCORE, (302, 404, 403, 403, 404, 404)),
    ("review_score", "post", ("shop_draft", "behaviour"), SCORE, (404, 404, 403, 403, 404, 302)),
    ("review_note", "post", ("draft",), NOTE, (302, 404, 403, 403, 404, 404)),
    ("review_note", "post", ("shop_draft",), NOTE, (404, 404, 403, 403, 404, 302)),
    ("review_submit", "post", ("draft",), NOTE, (302, 404, 403, 403, 404, 404)),
    ("review_submit", "post", ("shop_draft",), NOTE, (404, 404, 403, 403, 404, 302)),
    ("review_delete", "post", ("draft",), None, (302, 404, 403, 403, 404, 404)),
    ("review_delete", "post", ("shop_draft",), None, (404, 404, 403, 403, 404, 302)),
    ("review_correct", "post", ("submitted",), None, (302, 403, 403, 302, 404, 404)),
    ("review_correct", "post", ("shop_submitted",), None, (404, 404, 403, 302, 404, 302)),
    ("review_acknowledge", "post", ("submitted",), None, (403, 302, 403, 403, 404, 404)),
    ("review_acknowledge", "post", ("shop_submitted",), None, (404, 404, 403, 403, 404, 403)),
]


@pytest.mark.parametrize("case", access.matrix(CASES, PERSONAS))
def test_role_and_organization_matrix(client_for, everyone, aurora, case):
    response = access.request(client_for(everyone[case.persona]), "reviews", case, aurora)

    assert response.status_code == case.expected


@pytest.mark.parametrize("case", access.urls(CASES))
def test_anonymous_visitors_are_sent_to_log_in(client, aurora, case):
    access.assert_sent_to_log_in(
        access.request(client, "reviews", case._replace(data=None), aurora)
    )


@pytest.fixture
def rival_review(outsider, rival):
    """A submitted and a draft review in Rival Bank, by Oscar of Olga."""
    olga, moment, behaviour = rival.consultant, rival.moment, rival.behaviour
    submitted = services.submit_review(review=_draft(outsider, olga, moment, [behaviour]))
    return {
        "submitted": submitted.pk,
        "draft": _draft(outsider, olga, moment, [behaviour]).pk,
        "behaviour": behaviour.pk,
        "moment": moment.pk,
    }


@pytest.mark.parametrize("persona", ["manager", "staff", "executive", "admin"])
@pytest.mark.parametrize(
    "name, method, args",
    [
        ("review_detail", "get", ("submitted",)),
        ("review_detail", "get", ("draft",)),
        ("review_score", "post", ("draft", "behaviour")),
        ("review_note", "post", ("draft",)),
        ("review_submit", "post", ("draft",)),
        ("review_delete", "post", ("draft",)),
        ("review_correct", "post", ("submitted",)),
        ("review_acknowledge", "post", ("submitted",)),
    ],
)
def test_nobody_in_aurora_reaches_rival_banks_reviews(
    client_for, personas, rival_review, persona, name, method, args
):
    url = reverse(f"reviews:{name}", args=[rival_review[a] for a in args])

    response = getattr(client_for(personas[persona]), method)(url, {"result": "met"})

    assert response.status_code == 404


def test_staff_cannot_start_a_self_review_of_rival_banks_moment(
    client_for, consultant, rival_review
):
    url = reverse("reviews:self_review_start", args=[rival_review["moment"]])

    assert client_for(consultant).post(url).status_code == 404


def test_rival_banks_reviews_are_not_listed_in_aurora(client_for, manager, rival_review):
    html = client_for(manager).get(reverse("reviews:review_list")).content.decode()

    assert reverse("reviews:review_detail", args=[rival_review["submitted"]]) not in html
    assert "Olga" not in html


def test_every_url_of_the_review_pages_is_in_the_matrix():
    from reviews import urls, views

    mine = {p.name for p in urls.urlpatterns if p.callback.__module__ == views.__name__}

    assert mine == {name for name, *_rest in CASES}
    assert len(mine) == 11
