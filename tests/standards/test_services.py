"""Services and selectors of the standards app: changelog, publishing, acknowledgements."""

import pytest
from django.core.exceptions import ValidationError

from standards import changes, checklists, selectors, services
from standards.models import Acknowledgement, Behaviour, StandardsVersion
from touchpoints import services as touchpoint_services


def _publish(organization, manager, note=""):
    return services.publish_standards(organization=organization, by=manager.user, note=note)


def _snapshot_moment(moment_id, name, behaviours, is_critical=True, expectation=""):
    return {
        "id": moment_id,
        "name": name,
        "is_critical": is_critical,
        "customer_expectation": expectation,
        "behaviours": behaviours,
    }


def _snapshot(*moments):
    return {
        "journeys": [
            {
                "id": 1,
                "name": "Dinner",
                "touchpoints": [
                    {"id": 1, "name": "Ordering", "channel": "in_person", "moments": list(moments)}
                ],
            }
        ]
    }


def _behaviour(pk, moment_id, text, kind="iron", example=""):
    return {"id": pk, "kind": kind, "text": text, "example": example, "moment_id": moment_id}


# --- compute_changelog -------------------------------------------------------------------


def test_changelog_of_a_first_version_lists_everything_as_added():
    current = _snapshot(_snapshot_moment(10, "Taking the order", [_behaviour(1, 10, "Greet")]))

    changelog = services.compute_changelog(None, current)

    assert [(e["type"], e["label"]) for e in changelog["added"]] == [
        ("moment", "Taking the order"),
        ("behaviour", "Greet"),
    ]
    assert changelog["changed"] == [] and changelog["removed"] == []


def test_changelog_reports_changed_text_and_kind_with_before_and_after():
    before = _snapshot(_snapshot_moment(10, "Ordering", [_behaviour(1, 10, "Greet", "iron")]))
    after = _snapshot(
        _snapshot_moment(10, "Ordering", [_behaviour(1, 10, "Greet warmly", "master")])
    )

    changelog = services.compute_changelog(before, after)

    assert changelog["added"] == [] and changelog["removed"] == []
    (entry,) = changelog["changed"]
    assert entry["type"] == "behaviour" and entry["kind"] == "master"
    assert entry["fields"] == {"kind": ["iron", "master"], "text": ["Greet", "Greet warmly"]}


def test_changelog_reports_a_behaviour_moved_to_another_moment_as_a_change_of_place():
    before = _snapshot(
        _snapshot_moment(10, "Ordering", [_behaviour(1, 10, "Greet")]),
        _snapshot_moment(11, "Paying", []),
    )
    after = _snapshot(
        _snapshot_moment(10, "Ordering", []),
        _snapshot_moment(11, "Paying", [_behaviour(1, 11, "Greet")]),
    )

    (entry,) = services.compute_changelog(before, after)["changed"]

    assert entry["fields"] == {
        "where": ["Dinner › Ordering › Ordering", "Dinner › Ordering › Paying"]
    }


def test_changelog_reports_removed_moments_and_behaviours():
    before = _snapshot(
        _snapshot_moment(10, "Ordering", [_behaviour(1, 10, "Greet")]),
        _snapshot_moment(11, "Paying", [_behaviour(2, 11, "Thank")]),
    )
    after = _snapshot(_snapshot_moment(10, "Ordering", []))

    changelog = services.compute_changelog(before, after)

    assert sorted((e["type"], e["label"]) for e in changelog["removed"]) == [
        ("behaviour", "Greet"),
        ("behaviour", "Thank"),
        ("moment", "Paying"),
    ]


def test_changelog_reports_a_moment_becoming_critical():
    before = _snapshot(_snapshot_moment(10, "Paying", [], is_critical=False))
    after = _snapshot(_snapshot_moment(10, "Paying", [], is_critical=True))

    (entry,) = services.compute_changelog(before, after)["changed"]

    assert entry["type"] == "moment"
    assert entry["fields"] == {"is_critical": [False, True]}


def test_pending_changes_lists_a_retired_behaviour_as_removed(published_version, iron_behaviour):
    services.retire_behaviour(behaviour=iron_behaviour)

    changes = services.pending_changes(published_version.organization)

    assert [(e["type"], e["id"]) for e in changes["removed"]] == [("behaviour", iron_behaviour.pk)]
    assert changes["added"] == [] and changes["changed"] == []


def test_pending_changes_sees_an_edit_and_an_addition(
    published_version, iron_behaviour, critical_moment
):
    services.update_behaviour(
        behaviour=iron_behaviour, kind="iron", text="Greet the table within one minute"
    )
    new = services.create_behaviour(moment=critical_moment, kind="master", text="Use their name")

    changes = services.pending_changes(published_version.organization)

    assert [e["id"] for e in changes["added"]] == [new.pk]
    (changed,) = changes["changed"]
    assert changed["fields"]["text"] == [
        "Greet the table within two minutes",
        "Greet the table within one minute",
    ]
    # The example was cleared by the edit too.
    assert changed["fields"]["example"][1] == ""


# --- publishing --------------------------------------------------------------------------


def test_publishing_numbers_versions_one_two_three(
    organization, manager, iron_behaviour, critical_moment
):
    first = _publish(organization, manager)
    services.create_behaviour(moment=critical_moment, kind="master", text="Use their name")
    second = _publish(organization, manager, note="Names matter")
    services.retire_behaviour(behaviour=iron_behaviour)
    third = _publish(organization, manager)

    assert [first.number, second.number, third.number] == [1, 2, 3]
    assert second.note == "Names matter"
    assert len(third.changelog["removed"]) == 1


def test_publishing_with_no_changes_raises_and_creates_nothing(
    organization, manager, published_version
):
    with pytest.raises(ValidationError, match="Nothing has changed since version 1"):
        _publish(organization, manager)

    assert StandardsVersion.objects.filter(organization=organization).count() == 1


def test_first_publish_without_behaviours_raises(organization, manager, journey):
    with pytest.raises(ValidationError, match="add behaviours first"):
        _publish(organization, manager)

    assert not StandardsVersion.objects.exists()


def test_old_version_snapshot_does_not_change_when_behaviours_do(
    organization, manager, published_version, iron_behaviour
):
    services.update_behaviour(behaviour=iron_behaviour, kind="iron", text="Greet within a minute")
    services.retire_behaviour(behaviour=iron_behaviour)
    _publish(organization, manager)

    published_version.refresh_from_db()
    texts = [
        b["text"]
        for moment in checklists.checklist(published_version)[0]["touchpoints"][0]["moments"]
        for b in moment["iron"]
    ]
    assert texts == ["Greet the table within two minutes"]


# --- behaviours --------------------------------------------------------------------------


def test_changing_the_kind_puts_the_behaviour_last_in_its_new_list(
    critical_moment, iron_behaviour, master_behaviour
):
    second_master = services.create_behaviour(
        moment=critical_moment, kind="master", text="Remember birthdays"
    )

    services.update_behaviour(behaviour=iron_behaviour, kind="master", text=iron_behaviour.text)

    moment = selectors.moment_page(
        critical_moment.touchpoint.journey.organization, critical_moment.pk
    )
    assert moment.iron == []
    assert [b.pk for b in moment.master] == [
        master_behaviour.pk,
        second_master.pk,
        iron_behaviour.pk,
    ]


def test_moving_past_either_end_raises_and_changes_nothing(iron_behaviour, second_iron):
    with pytest.raises(ValidationError, match="already first"):
        services.move_behaviour(behaviour=iron_behaviour, direction="up")
    with pytest.raises(ValidationError, match="already last"):
        services.move_behaviour(behaviour=second_iron, direction="down")

    assert list(Behaviour.objects.order_by("order").values_list("pk", flat=True)) == [
        iron_behaviour.pk,
        second_iron.pk,
    ]


# --- acknowledgements --------------------------------------------------------------------


def test_acknowledging_twice_keeps_one_row_and_the_first_time(consultant, published_version):
    first = services.acknowledge_version(membership=consultant, version=published_version)
    second = services.acknowledge_version(membership=consultant, version=published_version)

    assert Acknowledgement.objects.count() == 1
    assert second.acknowledged_at == first.acknowledged_at


def test_acknowledging_another_organizations_version_raises(outsider_staff, published_version):
    with pytest.raises(ValidationError, match="another organization"):
        services.acknowledge_version(membership=outsider_staff, version=published_version)

    assert not Acknowledgement.objects.exists()


def test_latest_unacknowledged_version_is_the_newest_until_acknowledged(
    organization, manager, consultant, published_version, critical_moment
):
    assert selectors.latest_unacknowledged_version(consultant) == published_version
    services.acknowledge_version(membership=consultant, version=published_version)
    assert selectors.latest_unacknowledged_version(consultant) is None

    services.create_behaviour(moment=critical_moment, kind="master", text="Use their name")
    second = _publish(organization, manager)

    assert selectors.latest_unacknowledged_version(consultant) == second


def test_latest_unacknowledged_version_is_none_before_anything_is_published(consultant):
    assert selectors.latest_unacknowledged_version(consultant) is None


def test_coverage_per_location_with_missing_names(
    organization,
    location,
    second_location,
    manager,
    consultant,
    second_consultant,
    published_version,
):
    from tests.personas import add_person

    krakow_two = add_person(organization, "kai", "staff", location=location)
    add_person(organization, "wanda", "staff", location=second_location)
    add_person(organization, "nomad", "staff")  # no location
    for member in (consultant, krakow_two):
        services.acknowledge_version(membership=member, version=published_version)

    rows = selectors.acknowledgement_coverage(organization, published_version)

    by_name = {
        row["location__name"]: (
            row["total"],
            row["acknowledged"],
            row["percent"],
            [m.user.username for m in row["missing"]],
        )
        for row in rows
    }
    # Managers are not counted: only staff acknowledge.
    assert by_name == {
        "Kraków Rynek": (2, 2, 100, []),
        "Warszawa Mokotów": (2, 0, 0, ["sara", "wanda"]),
        None: (1, 0, 0, ["nomad"]),
    }
    assert selectors.coverage_totals(rows) == {"total": 5, "acknowledged": 2, "percent": 40}


# --- display helpers ---------------------------------------------------------------------


def test_changelog_for_display_translates_fields_and_values():
    changelog = {
        "added": [],
        "changed": [
            {
                "type": "behaviour",
                "id": 1,
                "label": "Greet",
                "where": "x",
                "kind": "master",
                "fields": {"kind": ["iron", "master"]},
            },
            {
                "type": "moment",
                "id": 2,
                "label": "Paying",
                "where": "y",
                "is_critical": True,
                "fields": {"is_critical": [False, True]},
            },
        ],
        "removed": [],
    }

    display = changes.changelog_for_display(changelog)

    assert display["total"] == 2
    assert display["changed"][0]["fields"] == [
        {"name": "kind", "label": "Tier", "before": "Iron", "after": "Master"}
    ]
    assert display["changed"][1]["fields"][0]["before"] == "no"
    assert display["changed"][1]["fields"][0]["after"] == "yes"


def test_history_entries_show_what_each_edit_changed(organization, critical_moment):
    behaviour = services.create_behaviour(moment=critical_moment, kind="iron", text="Greet")
    services.update_behaviour(behaviour=behaviour, kind="master", text="Greet by name")
    other_moment = touchpoint_services.create_moment(
        touchpoint=critical_moment.touchpoint, name="Paying"
    )
    behaviour.moment = other_moment
    behaviour.save()
    services.retire_behaviour(behaviour=behaviour)

    entries = changes.behaviour_history_entries(organization)

    assert [(e["action"], e["tag"]) for e in entries] == [
        ("removed", "removed"),
        ("edited", "changed"),
        ("edited", "changed"),
        ("added", "added"),
    ]
    assert entries[0]["changes"] == []
    assert entries[1]["changes"] == [
        {"label": "Moment", "before": "Taking the order", "after": "Paying"}
    ]
    assert entries[2]["changes"] == [
        {"label": "Tier", "before": "Iron", "after": "Master"},
        {"label": "Behaviour", "before": "Greet", "after": "Greet by name"},
    ]


def test_history_entries_of_the_oldest_shown_edit_still_diff_against_older_records(
    organization, critical_moment
):
    behaviour = services.create_behaviour(moment=critical_moment, kind="iron", text="Greet")
    services.update_behaviour(behaviour=behaviour, kind="iron", text="Greet warmly")

    (entry,) = changes.behaviour_history_entries(organization, limit=1)

    assert entry["changes"] == [{"label": "Behaviour", "before": "Greet", "after": "Greet warmly"}]


def test_a_reorder_alone_is_publishable_and_lists_only_the_moved_behaviours(
    organization, manager, published_version, critical_moment
):
    from standards import services as standards_services

    third = standards_services.create_behaviour(
        moment=critical_moment, kind="iron", text="Offer water while the guest decides"
    )
    v2 = standards_services.publish_standards(organization=organization, by=manager.user)
    assert [e["label"] for e in v2.changelog["added"]] == [third.text]
    # Moving the new last iron behaviour up swaps it with the one above it: two changes.
    standards_services.move_behaviour(behaviour=third, direction="up")
    changes = standards_services.pending_changes(organization)
    moved = {e["label"]: e["fields"]["position"] for e in changes["changed"]}
    assert moved == {
        "Offer water while the guest decides": [2, 1],
        "Greet the table within two minutes": [1, 2],
    }
    v3 = standards_services.publish_standards(organization=organization, by=manager.user)
    assert v3.number == 3 and not v3.changelog["added"] and not v3.changelog["removed"]


def test_adding_a_behaviour_first_does_not_report_its_neighbours_as_moved(
    organization, manager, published_version, critical_moment, iron_behaviour
):
    from standards import services as standards_services

    new = standards_services.create_behaviour(
        moment=critical_moment, kind="iron", text="Smile at the guest first"
    )
    standards_services.move_behaviour(behaviour=new, direction="up")
    changes = standards_services.pending_changes(organization)
    assert [e["label"] for e in changes["added"]] == ["Smile at the guest first"]
    assert changes["changed"] == []
