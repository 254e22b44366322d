"""Role × view × own/other organization, for every URL of the standards app.

Aurora has a published version, a moment with two iron and one master behaviour and
pending changes. Oscar manages Rival Bank: Aurora's ids and version numbers are 404 for
him (never 403, which would confirm they exist). Acknowledging is staff-only, so he gets
the role's 403 before any lookup, for any number: that tells him nothing about Aurora.
"""

import pytest
from django.urls import reverse

from accounts.models import Membership
from standards import services
from tests import access


@pytest.fixture
def aurora(published_version, critical_moment, iron_behaviour, second_iron, master_behaviour):
    """Ids in Aurora, with a change pending so publishing succeeds; its standards are
    translated into Romanian (Rival Bank's are not)."""
    organization = published_version.organization
    organization.content_languages = ["en", "ro"]
    organization.save(update_fields=["content_languages"])
    return {
        "moment": critical_moment.pk,
        "behaviour": iron_behaviour.pk,
        "number": published_version.number,
        "journey": critical_moment.touchpoint.journey_id,
        "language": "ro",
    }


# name, method, args (keys of `aurora`), data, expected status per persona
CASES = [
    ("my_standards", "get", (), None, (200, 200, 200, 200, 200)),
    ("moment_detail", "get", ("moment",), None, (200, 200, 200, 200, 404)),
    (
        "behaviour_create",
        "post",
        ("moment",),
        {"kind": "iron", "text": "Smile"},
        (302, 403, 403, 302, 404),
    ),
    ("behaviour_edit", "get", ("behaviour",), None, (200, 403, 403, 200, 404)),
    (
        "behaviour_edit",
        "post",
        ("behaviour",),
        {"kind": "iron", "text": "Greet warmly"},
        (302, 403, 403, 302, 404),
    ),
    ("behaviour_delete", "get", ("behaviour",), None, (200, 403, 403, 200, 404)),
    ("behaviour_delete", "post", ("behaviour",), None, (302, 403, 403, 302, 404)),
    ("behaviour_move", "post", ("behaviour",), {"direction": "down"}, (302, 403, 403, 302, 404)),
    ("publish", "get", (), None, (200, 403, 403, 200, 200)),
    # Oscar publishes in his own organization, which has nothing to publish: 400.
    ("publish", "post", (), {"note": ""}, (302, 403, 403, 302, 400)),
    ("version_list", "get", (), None, (200, 200, 200, 200, 200)),
    ("version_detail", "get", ("number",), None, (200, 200, 200, 200, 404)),
    ("acknowledge", "post", ("number",), None, (403, 302, 403, 403, 403)),
    ("notices_retry", "post", ("number",), None, (302, 403, 403, 302, 404)),
    ("coverage", "get", (), None, (200, 403, 200, 200, 200)),
    ("history", "get", (), None, (200, 403, 403, 200, 200)),
    ("translations", "get", (), None, (200, 403, 403, 200, 200)),
    ("translation_sheet", "get", ("language", "journey"), None, (200, 403, 403, 200, 404)),
    ("translation_sheet", "post", ("language", "journey"), {}, (302, 403, 403, 302, 404)),
]


@pytest.mark.parametrize("case", access.matrix(CASES))
def test_role_and_organization_matrix(client_for, personas, aurora, case):
    response = access.request(client_for(personas[case.persona]), "standards", case, aurora)

    assert response.status_code == case.expected


def test_every_url_of_the_app_is_in_the_matrix():
    from standards.urls import urlpatterns

    assert {p.name for p in urlpatterns} == {case[0] for case in CASES}


@pytest.mark.parametrize("case", access.urls(CASES))
def test_anonymous_visitors_are_sent_to_log_in(client, aurora, case):
    access.assert_sent_to_log_in(
        access.request(client, "standards", case._replace(data=None), aurora)
    )


def test_a_user_without_membership_is_refused(client_for, consultant, aurora):
    Membership.objects.filter(pk=consultant.pk).delete()
    client = client_for(consultant)

    assert client.get(reverse("standards:my_standards")).status_code == 403


def test_outsider_staff_gets_404_when_acknowledging_an_aurora_version(
    client_for, outsider_staff, aurora
):
    response = client_for(outsider_staff).post(
        reverse("standards:acknowledge", args=[aurora["number"]])
    )

    assert response.status_code == 404


def test_outsider_writes_to_aurora_ids_change_nothing(
    client_for, outsider, aurora, critical_moment
):
    client = client_for(outsider)
    before = list(critical_moment.behaviours.values_list("text", "order", "retired_at"))

    client.post(
        reverse("standards:behaviour_create", args=[aurora["moment"]]),
        {"kind": "iron", "text": "Injected"},
    )
    client.post(
        reverse("standards:behaviour_edit", args=[aurora["behaviour"]]),
        {"kind": "iron", "text": "Injected"},
    )
    client.post(
        reverse("standards:behaviour_move", args=[aurora["behaviour"]]), {"direction": "down"}
    )
    client.post(reverse("standards:behaviour_delete", args=[aurora["behaviour"]]))

    assert list(critical_moment.behaviours.values_list("text", "order", "retired_at")) == before


def test_aurora_manager_gets_404_for_rival_ids(client_for, manager, other_version, other_behaviour):
    client = client_for(manager)

    assert (
        client.get(reverse("standards:moment_detail", args=[other_behaviour.moment_id])).status_code
        == 404
    )
    assert (
        client.get(reverse("standards:behaviour_edit", args=[other_behaviour.pk])).status_code
        == 404
    )
    # Aurora has no version 1 of its own here: Rival's version 1 is not shown.
    assert client.get(reverse("standards:version_detail", args=[1])).status_code == 404


def test_lists_show_only_the_own_organization(client_for, outsider, aurora, consultant):
    services.acknowledge_version(
        membership=consultant,
        version=consultant.organization.standards_versions.get(),
    )
    client = client_for(outsider)

    assert "Version 1" not in client.get(reverse("standards:version_list")).content.decode()
    coverage = client.get(reverse("standards:coverage")).content.decode()
    assert "Stan Test" not in coverage and "Nothing is published yet" in coverage
    assert "Greet the table" not in client.get(reverse("standards:my_standards")).content.decode()
