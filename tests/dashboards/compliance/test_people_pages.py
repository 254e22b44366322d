"""A consultant's and a location's compliance pages against the hand-computed figures
of conftest.py."""

from django.urls import reverse

from standards.practices import services as practice_services
from tests.dashboards.compliance.pages import get, headline

# --- the consultant page -----------------------------------------------------------------


def test_consultant_page_shows_their_figures_per_moment_and_behaviour(
    client_for, manager, figures, consultant, critical_moment, menu_moment
):
    response = get(client_for(manager), "consultant_detail", consultant.pk)

    assert response.status_code == 200
    assert headline(response) == (3, 5, 60.0, 1, 3, 33.3, 3)
    moments = {row["key"]: row for row in response.context["report"]["by_moment"]}
    assert (
        moments[critical_moment.pk]["iron_met"],
        moments[critical_moment.pk]["iron_applicable"],
    ) == (
        3,
        4,
    )
    assert moments[menu_moment.pk]["master_rate"] is None
    iron = response.context["report"]["iron_behaviours"]
    assert [row["key"] for row in iron] == [figures["q"].pk, figures["r"].pk, figures["g"].pk]
    html = response.content.decode()
    assert "Compliance of Stan Test" in html
    assert "60%" in html and "33.3%" in html


def test_consultant_page_lists_their_latest_reviews_with_links(
    client_for, manager, figures, consultant
):
    response = get(client_for(manager), "consultant_detail", consultant.pk)

    reviews = list(response.context["reviews"])
    assert len(reviews) == 3  # the draft does not count
    assert [(r.iron_met, r.iron_applicable) for r in reviews][:2] in (
        [(1, 2), (2, 2)],
        [(2, 2), (1, 2)],
    )
    html = response.content.decode()
    for review in reviews:
        assert reverse("reviews:review_detail", args=[review.pk]) in html


def test_consultant_page_filters_by_period_and_kind(client_for, manager, figures, consultant):
    client = client_for(manager)

    recent = get(client, "consultant_detail", consultant.pk, period="30")
    self_only = get(client, "consultant_detail", consultant.pk, kind="self")

    assert headline(recent) == (3, 4, 75.0, 1, 3, 33.3, 2)
    assert headline(self_only) == (2, 2, 100.0, 0, 2, 0.0, 1)


def test_consultant_page_refuses_bad_filters_with_400(client_for, manager, figures, consultant):
    response = get(
        client_for(manager),
        "consultant_detail",
        consultant.pk,
        date_from="2025-03-01",
        date_to="2025-02-01",
    )

    assert response.status_code == 400
    assert "report" not in response.context
    assert "The end date is before the start date." in response.content.decode()


def test_staff_see_their_own_page_without_links_to_pages_they_cannot_open(
    client_for, consultant, figures
):
    response = get(client_for(consultant), "consultant_detail", consultant.pk)

    assert response.status_code == 200
    assert headline(response) == (3, 5, 60.0, 1, 3, 33.3, 3)
    html = response.content.decode()
    assert "My compliance with the standards" in html
    assert reverse("reviews:location_detail", args=[consultant.location_id]) not in html
    assert 'href="/reviews/compliance/"' not in html
    assert reverse("reviews:best_practice_create") not in html


def test_consultant_page_shows_best_practices_recorded_for_them(
    client_for, manager, consultant, second_consultant, critical_moment
):
    practice_services.record_best_practice(
        organization=manager.organization,
        consultant=consultant,
        moment=critical_moment,
        description="Remembers the guest's favourite table",
    )
    practice_services.record_best_practice(
        organization=manager.organization,
        consultant=second_consultant,
        moment=critical_moment,
        description="Sara's own trick",
    )

    html = get(client_for(manager), "consultant_detail", consultant.pk).content.decode()

    assert "Remembers the guest&#x27;s favourite table" in html
    assert "Sara&#x27;s own trick" not in html
    assert f"{reverse('reviews:best_practice_create')}?consultant={consultant.pk}" in html


def test_a_consultant_without_reviews_has_no_data_not_zero(client_for, manager, second_consultant):
    response = get(client_for(manager), "consultant_detail", second_consultant.pk)

    assert response.status_code == 200
    assert headline(response)[2] is None and headline(response)[5] is None
    assert "no data" in response.content.decode()


def test_a_manager_is_not_a_consultant(client_for, executive, manager):
    assert get(client_for(executive), "consultant_detail", manager.pk).status_code == 404


# --- the location page -------------------------------------------------------------------


def test_location_page_shows_its_figures_per_consultant_and_moment(
    client_for, executive, figures, location, consultant, critical_moment
):
    response = get(client_for(executive), "location_detail", location.pk)

    assert response.status_code == 200
    assert headline(response) == (3, 5, 60.0, 1, 3, 33.3, 3)
    report = response.context["report"]
    assert [row["key"] for row in report["by_consultant"]] == [consultant.pk]
    moments = {row["key"]: row for row in report["by_moment"]}
    assert moments[critical_moment.pk]["iron_rate"] == 75.0
    html = response.content.decode()
    assert "Compliance at Kraków Rynek" in html
    assert reverse("reviews:consultant_detail", args=[consultant.pk]) in html


def test_location_page_filters_and_refuses_bad_filters(client_for, manager, figures, location):
    client = client_for(manager)

    assert headline(get(client, "location_detail", location.pk, kind="call_review"))[:3] == (
        0,
        1,
        0.0,
    )
    assert get(client, "location_detail", location.pk, period="x").status_code == 400
