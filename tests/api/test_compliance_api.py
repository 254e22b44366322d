"""GET /api/v1/compliance/: served from the daily compliance rollup, checked by hand on a
small fixture and against the same figures computed from the raw review items
(tests/dashboards/raw_compliance.py), scoped by organization and role, with clear 400s for
bad parameters.

The fixtures write reviews inside the test's transaction, where the after-commit rollup
never runs: the rollups are rebuilt once the fixtures are in, and later writes run their
on-commit callbacks (the real path: signal, task, incremental rollup).

Aurora's reviews (tests/api/conftest.py), behaviours G and R (iron) and M (master):
  Alice observed Stan at krk, 3 days ago:  G met, R not met, M met
  Mira mystery-shopped Sara at waw, 2 d:   G met, R met,     M n/a
  Stan reviewed himself at krk, 1 d:       G met, R met,     M not met
  Alice's draft of Sara (never counts).
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from accounts.models import Organization
from dashboards import rollups
from dashboards.compliance.reports import ComplianceFilter
from reviews import services
from tests.dashboards import raw_compliance

from .test_query_counts import KEY_LOOKUP, SESSION_LOOKUP

URL = "/api/v1/compliance/"
# Every location of the fixtures is in Kraków's zone; the rollup counts local days.
LOCAL = ZoneInfo("Europe/Warsaw")


def rebuild_rollups() -> None:
    for pk in Organization.objects.values_list("pk", flat=True):
        rollups.rebuild_all(organization_id=pk)


@pytest.fixture
def aurora_reviews(aurora_reviews):
    rebuild_rollups()
    return aurora_reviews


@pytest.fixture
def rival_reviews(rival_reviews):
    rebuild_rollups()
    return rival_reviews


def get(client, query: str) -> dict:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200, response.content
    return response.json()


def tiers(row) -> tuple:
    return (
        row["iron"]["met"],
        row["iron"]["applicable"],
        row["iron"]["rate"],
        row["master"]["met"],
        row["master"]["applicable"],
        row["master"]["rate"],
        row["not_applicable"],
        row["reviews"],
    )


def test_totals_match_hand_computed_values(api, aurora_reviews):
    body = get(api, "group_by=consultant")
    # Iron: G met 3 of 3, R met 2 of 3. Master: M met once, not met once, once n/a.
    assert tiers(body["totals"]) == (5, 6, 83.3, 1, 2, 50.0, 1, 3)
    assert body["group_by"] == "consultant"


def test_per_consultant(api, aurora_reviews, consultant, second_consultant):
    rows = {row["key"]: row for row in get(api, "group_by=consultant")["results"]}
    assert tiers(rows[consultant.pk]) == (3, 4, 75.0, 1, 2, 50.0, 0, 2)
    assert tiers(rows[second_consultant.pk]) == (2, 2, 100.0, 0, 0, None, 1, 1)
    assert rows[consultant.pk]["label"] == "Stan Test"


def test_per_behaviour_worst_iron_first(api, aurora_reviews):
    g, r, m = aurora_reviews.behaviours
    rows = get(api, "group_by=behaviour")["results"]
    assert [row["key"] for row in rows] == [r.pk, g.pk, m.pk]
    assert tiers(rows[0]) == (2, 3, 66.7, 0, 0, None, 0, 3)
    assert tiers(rows[2]) == (0, 0, None, 1, 2, 50.0, 1, 3)
    assert (rows[0]["label"], rows[0]["behaviour_kind"]) == (r.text, "iron")
    assert rows[2]["behaviour_kind"] == "master"
    assert rows[2]["moment"] == aurora_reviews.moment.name


def test_per_location_and_moment(api, aurora_reviews, location, second_location):
    rows = {row["label"]: row for row in get(api, "group_by=location")["results"]}
    assert tiers(rows[location.name])[:3] == (3, 4, 75.0)
    assert tiers(rows[second_location.name])[:3] == (2, 2, 100.0)
    (moment,) = get(api, "group_by=moment")["results"]
    assert moment["key"] == aurora_reviews.moment.pk
    assert tiers(moment) == (5, 6, 83.3, 1, 2, 50.0, 1, 3)


def days_ago(days: int):
    return timezone.localdate(timezone=LOCAL) - timedelta(days=days)


# query string → ComplianceFilter, both built from the fixture (`f`).
FILTERS = {
    "none": (lambda f: "", lambda f: {}),
    "kind": (lambda f: "kind=self", lambda f: {"review_kind": "self"}),
    "consultant": (lambda f: "consultant=E001", lambda f: {"consultant_id": f.stan.pk}),
    "location": (lambda f: "location=waw", lambda f: {"location_id": f.waw.pk}),
    "moment": (lambda f: f"moment={f.moment.pk}", lambda f: {"moment_id": f.moment.pk}),
    "dates": (
        lambda f: f"from={days_ago(2).isoformat()}&to={days_ago(1).isoformat()}",
        lambda f: {"date_from": days_ago(2), "date_to": days_ago(1)},
    ),
}
SELECTOR_FIGURES = (
    "iron_met",
    "iron_applicable",
    "iron_rate",
    "master_met",
    "master_applicable",
    "master_rate",
)


@pytest.mark.parametrize(
    "group_by", ["behaviour", "moment", "consultant", "location", "week", "month"]
)
@pytest.mark.parametrize("filtered_by", list(FILTERS))
def test_the_api_gives_the_selectors_figures(
    api, aurora_reviews, consultant, second_location, organization, group_by, filtered_by
):
    from types import SimpleNamespace

    f = SimpleNamespace(stan=consultant, waw=second_location, moment=aurora_reviews.moment)
    query, filters = (make(f) for make in FILTERS[filtered_by])
    filters = ComplianceFilter(**filters)

    body = get(api, f"group_by={group_by}&{query}")

    # The raw items, read with days and weeks in the locations' zone, as the rollup does.
    with timezone.override(LOCAL):
        expected = raw_compliance.compliance(organization.pk, group_by, filters)
        totals = raw_compliance.compliance_totals(organization.pk, filters)
    assert len(body["results"]) == len(expected)
    for row, want in zip(body["results"], expected, strict=True):
        key = want["key"]
        assert row["key"] == (key.date().isoformat() if group_by in ("week", "month") else key)
        assert row["label"] == want["label"]
        names = (*SELECTOR_FIGURES, "not_applicable", "reviews")
        assert tiers(row) == tuple(want[name] for name in names)
    assert tiers(body["totals"])[:6] == tuple(totals[name] for name in SELECTOR_FIGURES)
    assert body["totals"]["reviews"] == totals["reviews"]


def test_months_are_keyed_by_their_first_day(api, aurora_reviews):
    rows = get(api, "group_by=month")["results"]
    assert all(row["key"].endswith("-01") and row["label"] == row["key"] for row in rows)
    assert sum(row["reviews"] for row in rows) >= 3


def test_a_correction_replaces_the_corrected_review(
    api, manager, aurora_reviews, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        correction = services.correct_review(review=aurora_reviews.reviews[0], by=manager)
        services.score_item(review=correction, behaviour=aurora_reviews.behaviours[1], result="met")
        services.submit_review(review=correction)
    assert tiers(get(api, "group_by=moment")["totals"]) == (6, 6, 100.0, 1, 2, 50.0, 1, 3)


def test_staff_get_only_their_own_figures(session_api, consultant, aurora_reviews):
    client = session_api(consultant)
    body = get(client, "group_by=consultant")
    assert [row["key"] for row in body["results"]] == [consultant.pk]
    assert tiers(body["totals"]) == (3, 4, 75.0, 1, 2, 50.0, 0, 2)
    assert tiers(get(client, "group_by=moment&consultant=E001")["totals"])[:2] == (3, 4)


def test_staff_cannot_ask_for_someone_elses_figures(session_api, consultant, aurora_reviews):
    response = session_api(consultant).get(f"{URL}?group_by=consultant&consultant=E002")
    assert response.status_code == 403
    assert response.json() == {"detail": "Staff see their own figures only."}


def test_a_mystery_shopper_gets_her_own_figures_not_those_she_recorded(
    session_api, mystery_shopper, aurora_reviews
):
    body = get(session_api(mystery_shopper), "group_by=consultant")
    assert body["results"] == [] and body["totals"]["reviews"] == 0


@pytest.mark.parametrize("persona, reviews", [("manager", 2), ("admin", 3), ("executive", 3)])
def test_managers_admins_and_executives_see_everyone(
    persona, reviews, personas, session_api, aurora_reviews
):
    # Alice manages Kraków: Mira's mystery shop of Sara at Warszawa is not counted for her.
    body = get(session_api(personas[persona]), "group_by=moment")
    assert body["totals"]["reviews"] == reviews


def test_rival_sees_only_its_own_figures(rival_key, aurora_reviews, rival_reviews):
    from .conftest import key_client

    body = get(key_client(rival_key), "group_by=consultant")
    assert tiers(body["totals"]) == (1, 1, 100.0, 0, 0, None, 0, 1)
    assert [row["label"] for row in body["results"]] == ["olga"]


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("", {"group_by": ["This field is required."]}),
        ("group_by=team", {"group_by": ['"team" is not a valid choice.']}),
        ("group_by=", {"group_by": ['"" is not a valid choice.']}),
        ("group_by=kind", {"group_by": ['"kind" is not a valid choice.']}),
        ("group_by=week&from=2025-13-01", {"from": ["Enter a date as YYYY-MM-DD."]}),
        ("group_by=week&from=2025-1-5", {"from": ["Enter a date as YYYY-MM-DD."]}),
        ("group_by=week&to=yesterday", {"to": ["Enter a date as YYYY-MM-DD."]}),
        (
            "group_by=week&from=2025-03-02&to=2025-03-01",
            {"to": ["The end is before the start (from)."]},
        ),
        ("group_by=week&kind=audit", {"kind": ['"audit" is not a valid choice.']}),
        ("group_by=week&location=nowhere", {"location": ["Unknown location."]}),
        ("group_by=week&location=rv1", {"location": ["Unknown location."]}),
        ("group_by=week&consultant=R001", {"consultant": ["Unknown consultant."]}),
        ("group_by=week&consultant=", {"consultant": ["This field may not be blank."]}),
        ("group_by=week&moment=abc", {"moment": ["A valid id is required."]}),
        ("group_by=week&moment=1.0", {"moment": ["A valid id is required."]}),
        ("group_by=week&moment=0", {"moment": ["A valid id is required."]}),
        ("group_by=week&moment=99999999999999999999", {"moment": ["A valid id is required."]}),
        ("group_by=week&moment=RIVAL", {"moment": ["Unknown moment."]}),
    ],
)
def test_bad_parameters_are_a_400_with_a_clear_message(
    api, aurora_reviews, rival_reviews, query, errors
):
    query = query.replace("RIVAL", str(rival_reviews.moment.pk))
    response = api.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert response.json() == errors


def test_the_ends_of_the_calendar_are_valid_dates(api, aurora_reviews):
    body = get(api, "group_by=week&from=0001-01-01&to=9999-12-31")
    assert body["totals"]["reviews"] == 3


def test_anonymous_and_members_of_no_organization_are_refused(aurora_reviews, nomember):
    from rest_framework.test import APIClient

    assert APIClient().get(f"{URL}?group_by=week").status_code == 401
    client = APIClient()
    client.force_login(nomember)
    assert client.get(f"{URL}?group_by=week").status_code == 403


# --- Query counts ---------------------------------------------------------------------------

FIGURES = 2  # the totals and the groups: two SQL aggregates


def add_reviews(manager, consultant, moment, behaviours, count):
    for number in range(count):
        review = services.start_review(
            organization=manager.organization,
            reviewer=manager,
            kind="observation",
            consultant=consultant,
            location=consultant.location,
            moments=[moment],
            occurred_at=timezone.now() - timedelta(days=number * 9),
        )
        for behaviour in behaviours:
            services.score_item(review=review, behaviour=behaviour, result="met")
        services.submit_review(review=review)


@pytest.mark.parametrize("group_by", ["behaviour", "consultant", "week", "month"])
def test_queries_do_not_grow_with_reviews(
    api,
    aurora_reviews,
    manager,
    consultant,
    second_consultant,
    keys_touched_now,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
    group_by,
):
    reviews = []
    for count in (1, 12):
        with django_capture_on_commit_callbacks(execute=True):
            for who in (consultant, second_consultant):
                add_reviews(manager, who, aurora_reviews.moment, aurora_reviews.behaviours, count)
        keys_touched_now()
        with django_assert_num_queries(KEY_LOOKUP + FIGURES):
            response = api.get(f"{URL}?group_by={group_by}")
        assert response.status_code == 200
        reviews.append(response.json()["totals"]["reviews"])
    # The new reviews did reach the rollup that the API reads.
    assert reviews == [3 + 2, 3 + 2 + 24]


def test_each_code_or_id_parameter_costs_one_lookup(
    api, aurora_reviews, keys_touched_now, django_assert_num_queries
):
    keys_touched_now()
    query = f"group_by=week&location=krk&consultant=E001&moment={aurora_reviews.moment.pk}"
    with django_assert_num_queries(KEY_LOOKUP + 3 + FIGURES):
        assert api.get(f"{URL}?{query}").status_code == 200


def test_staff_figures_cost_the_same(
    session_api, consultant, aurora_reviews, django_assert_num_queries
):
    client = session_api(consultant)
    with django_assert_num_queries(SESSION_LOOKUP + FIGURES):
        assert client.get(f"{URL}?group_by=behaviour").status_code == 200
