"""The staff scorecard: Stan sees his own NPS, CSAT, trend, comments, compliance per
moment and where he stands among the Kraków team, and nothing of Sara (another consultant)
or anyone else, whatever he puts in the address bar. Managers, executives and admins have
the overview instead (403)."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from dashboards import selectors
from dashboards.selectors import Scope
from tests.dashboards.recording import answer, answers, rebuild
from tests.personas import add_person

pytestmark = pytest.mark.django_db

URL = reverse("dashboards:scorecard")
BASE = 5  # session, user, membership, organization switcher, staff banner
HTMX_BASE = 4  # session, user, membership, the banner context processor: no base.html
# kpis: three metrics × two periods + compliance totals; the trend (NPS, CSAT and CES in
# one aggregate); latest comments; compliance per moment; the team standing
SCORECARD = 7 + 1 + 1 + 1 + 1


@pytest.fixture
def colleague(organization, location):
    """Kasia works at Stan's location: his team."""
    return add_person(organization, "kasia", Role.STAFF, location=location, employee_code="E003")


@pytest.fixture
def story(organization, consultant, second_consultant, critical_moment):
    """Stan: 4 promoters, 1 detractor (NPS +60), two CSAT answers (one satisfied) and a
    comment; Sara at Warszawa: all detractors and a comment of her own."""
    answers(consultant, [10, 9, 9, 10, 3])
    answer(consultant, metric="csat", score=5)
    answer(consultant, metric="csat", score=2)
    answer(
        consultant,
        score=10,
        days_ago=2,
        comment="Stan remembered my usual table",
        interaction_ref="RCPT-SECRET-1",
        external_id="crm-778",
        moment=critical_moment.pk,
    )
    answers(second_consultant, [0, 1, 2])
    answer(second_consultant, score=0, comment="Sara ignored us all evening")
    rebuild(organization)


def test_staff_sees_their_own_nps_csat_and_comments(client_for, consultant, story):
    response = client_for(consultant).get(URL)

    assert response.status_code == 200
    tiles = response.context["card"]["tiles"]
    # Six NPS answers: five promoters, one detractor.
    assert (tiles["nps"]["n"], tiles["nps"]["score"]) == (6, 66.7)
    assert (tiles["csat"]["n"], tiles["csat"]["score"]) == (2, 50.0)
    page = response.content.decode()
    assert "+66.7" in page
    assert "Stan remembered my usual table" in page
    assert "Taking the order" in page  # the situation of the comment


def test_staff_never_see_another_consultants_figures_or_comments(
    client_for, consultant, second_consultant, story
):
    page = client_for(consultant).get(URL).content.decode()

    assert "Sara ignored us all evening" not in page
    assert "Sara" not in page
    assert "Warszawa" not in page


def test_a_comment_shows_no_reference_that_leads_to_the_customer(client_for, consultant, story):
    page = client_for(consultant).get(URL).content.decode()

    assert "RCPT-SECRET-1" not in page
    assert "crm-778" not in page


@pytest.mark.parametrize(
    "params",
    ["consultant={sara}", "location={warsaw}", "consultant={sara}&location={warsaw}&journey=0"],
)
def test_naming_another_consultant_or_location_in_the_url_changes_nothing(
    client_for, consultant, second_consultant, second_location, story, params
):
    client = client_for(consultant)
    plain = client.get(URL)
    query = params.format(sara=second_consultant.pk, warsaw=second_location.pk)

    tampered = client.get(f"{URL}?{query}")

    assert tampered.status_code == 200
    assert tampered.context["card"]["tiles"] == plain.context["card"]["tiles"]
    assert tampered.context["card"]["trend"] == plain.context["card"]["trend"]
    assert list(tampered.context["card"]["comments"]) == list(plain.context["card"]["comments"])
    assert "Sara ignored us all evening" not in tampered.content.decode()


def test_the_figures_are_the_selectors_for_the_consultant_alone(
    client_for, organization, consultant, story
):
    response = client_for(consultant).get(URL)

    scope = response.context["card"]
    # Stan's days are Kraków's days.
    today = timezone.localdate(timezone=ZoneInfo(consultant.location.time_zone))
    expected = Scope(
        organization_id=organization.pk,
        date_from=today - timedelta(days=89),
        date_to=today,
        consultant_id=consultant.pk,
    )
    assert scope["tiles"] == selectors.kpis(expected, organization.min_sample)
    assert scope["moments"] == selectors.compliance_groups(expected, "moment")
    weeks = selectors.survey_groups(expected, "nps", "week")
    figures = ("key", "n", "score", "margin")
    assert [
        tuple(row["nps"][name] for name in figures)
        for row in scope["trend"]["rows"]
        if row.get("nps")
    ] == [tuple(week[name] for name in figures) for week in weeks]


@pytest.mark.parametrize("role", ["manager", "executive", "admin", "outsider"])
def test_only_staff_have_a_scorecard(client_for, personas, role):
    assert client_for(personas[role]).get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_compliance_per_moment_counts_only_my_reviews(
    client_for,
    organization,
    manager,
    consultant,
    second_consultant,
    critical_moment,
    iron_behaviour,
    master_behaviour,
    submit,
):
    submit(
        reviewer=manager,
        consultant=consultant,
        results={iron_behaviour: "met", master_behaviour: "not_met"},
    )
    for _ in range(3):
        submit(
            reviewer=manager,
            consultant=second_consultant,
            results={iron_behaviour: "not_met", master_behaviour: "met"},
        )
    rebuild(organization)

    response = client_for(consultant).get(URL)

    [moment] = response.context["card"]["moments"]
    assert moment["label"] == critical_moment.name
    assert (moment["iron_rate"], moment["iron_applicable"]) == (100.0, 1)
    assert (moment["master_rate"], moment["master_applicable"]) == (0.0, 1)
    assert "1 of 1 met" in response.content.decode()


def test_standing_needs_enough_answers_and_says_how_many_more(client_for, organization, consultant):
    answers(consultant, [10] * 12)
    rebuild(organization)

    response = client_for(consultant).get(URL)

    assert response.context["card"]["standing"] == {
        "status": "too_few",
        "needed": 18,
        "min_sample": 30,
    }
    assert "18 more NPS answers are needed" in response.content.decode()


def test_standing_gives_my_rank_in_my_team_but_no_colleagues_figures(
    client_for, organization, location, consultant, colleague, second_consultant
):
    organization.min_sample = 5
    organization.save()
    answers(consultant, [10, 10, 10, 9, 9, 9])
    answers(colleague, [10, 9, 3, 2, 8, 9])
    # Sara works elsewhere: however well she does, she is not on Stan's team.
    answers(second_consultant, [10] * 8)
    rebuild(organization)

    stan = client_for(consultant).get(URL)
    kasia = client_for(colleague).get(URL)

    assert stan.context["card"]["standing"]["rank"] == 1
    assert stan.context["card"]["standing"]["of"] == 2
    assert "You are in the top 50% of your team (rank 1 of 2)." in stan.content.decode()
    assert "You are in the bottom 50% of your team (rank 2 of 2)." in kasia.content.decode()
    # Kasia learns her rank, never Stan's name or score.
    assert "Stan" not in kasia.content.decode()
    assert "<strong>+100</strong>" not in kasia.content.decode()
    assert kasia.context["card"]["tiles"]["nps"]["n"] == 6


def test_standing_without_a_ranked_colleague_says_there_is_not_enough_data(
    client_for, organization, consultant
):
    organization.min_sample = 3
    organization.save()
    answers(consultant, [10, 9, 9])
    rebuild(organization)

    response = client_for(consultant).get(URL)

    assert response.context["card"]["standing"]["status"] == "no_peers"
    assert "Not enough data to compare you with your team yet." in response.content.decode()


def test_latest_comments_are_the_ten_newest_of_the_period(client_for, organization, consultant):
    for day in range(1, 13):
        answer(consultant, score=8, days_ago=day, comment=f"Visit {day:02d} was fine")
    answer(consultant, score=8, days_ago=120, comment="An old visit")
    rebuild(organization)

    response = client_for(consultant).get(URL)

    comments = [r.comment for r in response.context["card"]["comments"]]
    assert comments == [f"Visit {day:02d} was fine" for day in range(1, 11)]
    assert reverse("surveys:my_feedback") in response.content.decode()


def test_the_period_filter_narrows_the_figures(client_for, organization, consultant):
    answers(consultant, [10, 10], days_ago=5)
    answers(consultant, [0, 0], days_ago=45)
    rebuild(organization)
    client = client_for(consultant)

    ninety = client.get(URL).context["card"]["tiles"]["nps"]
    thirty = client.get(URL, {"period": "30"}).context["card"]["tiles"]["nps"]

    assert (ninety["n"], ninety["score"]) == (4, 0.0)
    assert (thirty["n"], thirty["score"]) == (2, 100.0)
    # The 30 days before: the two detractors.
    assert thirty["previous"] == -100.0


def test_refused_dates_answer_400_without_figures(client_for, consultant, story):
    response = client_for(consultant).get(URL, {"period": "custom", "date_from": "2026-02-31"})

    assert response.status_code == 400
    assert "card" not in response.context
    assert "Enter a date as YYYY-MM-DD." in response.content.decode()


def test_an_htmx_period_change_returns_only_the_results(client_for, consultant, story):
    response = client_for(consultant).get(URL, {"period": "30"}, headers={"HX-Request": "true"})

    page = response.content.decode()
    assert page.lstrip().startswith('<div id="results"')
    assert "<html" not in page
    assert "HX-Request" in response["Vary"]


def test_a_consultant_without_answers_sees_empty_panels_not_errors(client_for, consultant):
    response = client_for(consultant).get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "No answers in this period." in page
    assert "30 more NPS answers are needed" in page


def _grow(organization, location, critical_moment, iron_behaviour, manager, submit):
    for i in range(3):
        member = add_person(
            organization, f"extra{i}", Role.STAFF, location=location, employee_code=f"X{i}"
        )
        answers(member, [9, 7, 3], days_ago=i * 20 + 1)
        submit(reviewer=manager, consultant=member, results={iron_behaviour: "met"})


def test_query_count_is_pinned_and_does_not_grow(
    client_for,
    organization,
    location,
    manager,
    consultant,
    critical_moment,
    iron_behaviour,
    submit,
    django_assert_num_queries,
    story,
):
    # A low minimum sample, so the team standing is looked up (with too few answers of
    # their own, consultants are told so without a query).
    organization.min_sample = 3
    organization.save()
    submit(reviewer=manager, consultant=consultant, results={iron_behaviour: "met"})
    rebuild(organization)
    client = client_for(consultant)
    with django_assert_num_queries(BASE + SCORECARD):
        client.get(URL)
    with django_assert_num_queries(HTMX_BASE + SCORECARD):
        client.get(URL, headers={"HX-Request": "true"})

    _grow(organization, location, critical_moment, iron_behaviour, manager, submit)
    for day in range(3, 30, 4):
        answer(consultant, score=day % 11, days_ago=day, comment=f"Day {day}")
    rebuild(organization)
    with django_assert_num_queries(BASE + SCORECARD):
        client.get(URL)
