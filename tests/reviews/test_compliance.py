"""Compliance (the rollup engine the pages, dashboards and API read) against hand-computed
values on a small fixture.

Iron behaviours: greet (G), repeat (R). Master: recall (M), suggest (S).
Stan, review 1 (observation):  G met, R not met, M met,     S n/a
Stan, review 2 (self):         G met, R met,     M not met, S not met
Sara, review 3 (mystery shop): G not met, R n/a, M met,     S met   — then corrected:
Sara, review 4 (correction):   G met,     R n/a, M met,     S not met
A draft (never counts):        G not met ...
"""

import pytest

from dashboards import rollups
from dashboards.compliance import reports
from dashboards.compliance.reports import ComplianceFilter
from reviews import services


@pytest.fixture
def fixture_reviews(
    manager,
    consultant,
    second_consultant,
    iron_behaviour,
    master_behaviour,
    second_master,
    critical_moment,
    submit,
):
    from standards import services as standards_services

    repeat = standards_services.create_behaviour(
        moment=critical_moment, kind="iron", text="Repeat the order back"
    )
    g, r, m, s = iron_behaviour, repeat, master_behaviour, second_master
    submit(
        reviewer=manager, consultant=consultant, results={g: "met", r: "not_met", m: "met", s: "na"}
    )
    submit(
        reviewer=consultant,
        consultant=consultant,
        kind="self",
        results={g: "met", r: "met", m: "not_met", s: "not_met"},
    )
    wrong = submit(
        reviewer=manager,
        consultant=second_consultant,
        kind="mystery_shop",
        results={g: "not_met", r: "na", m: "met", s: "met"},
    )
    correction = services.correct_review(review=wrong, by=manager)
    services.score_item(review=correction, behaviour=g, result="met")
    services.score_item(review=correction, behaviour=s, result="not_met")
    services.submit_review(review=correction)
    draft = services.start_review(
        organization=manager.organization,
        reviewer=manager,
        kind="observation",
        consultant=consultant,
        location=consultant.location,
        moments=[critical_moment],
        occurred_at=wrong.occurred_at,
    )
    services.score_item(review=draft, behaviour=g, result="not_met")
    # Written in the test's transaction, where the after-commit rollup never runs.
    rollups.rebuild_all(organization_id=manager.organization_id)
    return {"g": g, "r": r, "m": m, "s": s, "wrong": wrong}


def test_totals_match_hand_computed_values(organization, fixture_reviews):
    totals = reports.filtered_totals(organization.pk)
    # Iron: G met 3 of 3 (Stan ×2, Sara corrected), R met 1 of 2 (Sara's n/a excluded).
    assert (totals["iron_met"], totals["iron_applicable"]) == (4, 5)
    assert totals["iron_rate"] == 80.0
    # Master: M met in 1, 3 (corrected, still met) and not in 2 → 2 of 3;
    # S n/a in 1, not met in 2 and in the correction → 0 of 2.
    assert (totals["master_met"], totals["master_applicable"]) == (2, 5)
    assert totals["master_rate"] == 40.0
    assert totals["reviews"] == 3  # the superseded review and the draft do not count


def test_per_consultant(organization, fixture_reviews, consultant, second_consultant):
    rows = {row["key"]: row for row in reports.filtered_groups(organization.pk, "consultant")}
    stan, sara = rows[consultant.pk], rows[second_consultant.pk]
    assert (stan["iron_met"], stan["iron_applicable"], stan["iron_rate"]) == (3, 4, 75.0)
    assert (stan["master_met"], stan["master_applicable"]) == (1, 3)
    assert (sara["iron_met"], sara["iron_applicable"], sara["iron_rate"]) == (1, 1, 100.0)
    assert (sara["master_met"], sara["master_applicable"], sara["master_rate"]) == (1, 2, 50.0)
    assert stan["label"] == "Stan Test"


def test_per_behaviour_worst_iron_first(organization, fixture_reviews):
    rows = reports.filtered_groups(organization.pk, "behaviour")
    by_key = {row["key"]: row for row in rows}
    f = fixture_reviews
    assert by_key[f["r"].pk]["iron_rate"] == 50.0 and by_key[f["r"].pk]["not_applicable"] == 1
    assert by_key[f["g"].pk]["iron_rate"] == 100.0
    assert by_key[f["s"].pk]["master_rate"] == 0.0 and by_key[f["s"].pk]["iron_rate"] is None
    assert rows[0]["key"] == f["r"].pk  # where we fail the iron standard most


def test_filters_by_review_kind_and_consultant(organization, fixture_reviews, consultant):
    self_only = reports.filtered_totals(organization.pk, ComplianceFilter(review_kind="self"))
    assert (self_only["iron_met"], self_only["iron_applicable"]) == (2, 2)
    assert (self_only["master_met"], self_only["master_applicable"]) == (0, 2)
    stan = reports.filtered_totals(organization.pk, ComplianceFilter(consultant_id=consultant.pk))
    assert stan["reviews"] == 2


def test_other_organizations_reviews_never_count(other_organization, fixture_reviews):
    assert reports.filtered_totals(other_organization.pk)["reviews"] == 0
