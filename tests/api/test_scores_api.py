"""GET /api/v1/scores/: NPS, CSAT and CES from the daily survey rollup.

Checked against the same figures computed here from the raw responses (DESIGN.md's
definitions, written out again), at every grouping and metric; scoped by organization
and role (role × organization matrix); with clear 400s and a fixed number of queries.

The fixtures record responses inside the test's transaction, where the after-commit
rollup never runs: the rollups are rebuilt once they are in, and later writes run their
on-commit callbacks (the real path: signal, task, incremental rollup).
"""

import statistics
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from math import sqrt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from accounts import services as account_services
from surveys.models import Response

from .conftest import key_client, record
from .test_compliance_api import rebuild_rollups
from .test_query_counts import KEY_LOOKUP, SESSION_LOOKUP

URL = "/api/v1/scores/"
FIGURES = 2  # the totals and the groups: two SQL aggregates over the rollup
GROUPINGS = ["consultant", "location", "touchpoint", "moment", "day", "week", "month"]
METRICS = ["nps", "csat", "ces"]
# (lowest top-band score, lowest middle-band score) per metric, as DESIGN.md defines them.
BANDS = {"nps": (9, 7), "csat": (4, 3), "ces": (6, 4)}


def get(client, query: str) -> dict:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def auckland(organization):
    """Twelve hours ahead of Kraków: one instant falls on two different local days."""
    return account_services.save_location(
        organization=organization, name="Auckland", code="akl", time_zone="Pacific/Auckland"
    )


def iso(when: datetime) -> str:
    return when.replace(microsecond=0).isoformat()


@pytest.fixture
def responses(organization, aurora_responses, auckland, aurora, consultant, second_consultant):
    """Aurora's five responses (tests/api/conftest.py) plus CSAT and CES answers, one in
    Auckland and one credited to nobody, around midnights in both zones."""
    midnight = datetime.combine(date.today() - timedelta(days=4), datetime.min.time(), UTC)
    extra = [
        {"metric": "csat", "score": 5, "consultant": "E001", "submitted_at": iso(midnight)},
        {"metric": "csat", "score": 3, "consultant": "E002", "location": "akl",
         "submitted_at": iso(midnight - timedelta(minutes=30))},
        {"metric": "ces", "score": 7, "consultant": "E002",
         "submitted_at": iso(midnight + timedelta(hours=22, minutes=30))},
        {"metric": "ces", "score": 2, "location": "akl", "touchpoint": aurora.touchpoints[1].pk,
         "submitted_at": iso(midnight + timedelta(hours=11, minutes=30))},
        {"metric": "nps", "score": 0, "location": "akl",
         "submitted_at": iso(midnight + timedelta(hours=11, minutes=30))},
        {"metric": "nps", "score": 10, "consultant": "E002", "location": "akl",
         "moment": aurora.moments[1].pk, "submitted_at": iso(midnight - timedelta(days=20))},
    ]  # fmt: skip
    for row in extra:
        record(organization, **row)
    rebuild_rollups()
    return list(Response.objects.filter(organization=organization))


@pytest.fixture
def rival_responses(rival_response):
    rebuild_rollups()
    return [rival_response]


# --- The figures, from raw responses ---------------------------------------------------------


def local_day(response) -> date:
    zone = response.location.time_zone if response.location else settings.TIME_ZONE
    return response.submitted_at.astimezone(ZoneInfo(zone)).date()


def group_key(response, group_by: str):
    if group_by in ("consultant", "location", "touchpoint", "moment"):
        return getattr(response, f"{group_by}_id")
    day = local_day(response)
    if group_by == "week":
        day -= timedelta(days=day.weekday())
    elif group_by == "month":
        day = day.replace(day=1)
    return day.isoformat()


def raw_figures(answers, metric: str) -> dict:
    top, middle = BANDS[metric]
    n = len(answers)
    promoters = sum(1 for a in answers if a.score >= top)
    passives = sum(1 for a in answers if middle <= a.score < top)
    detractors = n - promoters - passives
    total = sum(a.score for a in answers)
    row = {"n": n, "promoters": promoters, "passives": passives, "detractors": detractors}
    if not n:
        return {**row, "score": None, "margin": None, "lower": None, "upper": None, "mean": None}
    p, d = promoters / n, detractors / n
    if metric == "nps":
        score = round(100 * (p - d), 1)
        margin = round(1.96 * sqrt((p + d - (p - d) ** 2) / n) * 100, 1)
    elif metric == "csat":
        score = round(100 * p, 1)
        margin = round(1.96 * sqrt(p * (1 - p) / n) * 100, 1)
    else:
        # CES: the mean with 1.96 standard errors, computed here by the statistics module.
        scores = [a.score for a in answers]
        score = round(total / n, 2)
        margin = round(1.96 * statistics.stdev(scores) / sqrt(n), 2) if n > 1 else None
    lower = upper = None
    if margin is not None:
        places = 2 if metric == "ces" else 1
        lower, upper = round(score - margin, places), round(score + margin, places)
    return {
        **row,
        "score": score,
        "margin": margin,
        "lower": lower,
        "upper": upper,
        "mean": round(total / n, 2),
    }


def expected(responses, metric: str, group_by: str, keep=lambda r: True) -> dict:
    answers = [r for r in responses if r.metric == metric and keep(r)]
    groups = defaultdict(list)
    for answer in answers:
        groups[group_key(answer, group_by)].append(answer)
    return {
        "totals": raw_figures(answers, metric),
        "results": {key: raw_figures(rows, metric) for key, rows in groups.items()},
    }


def figures_of(row: dict) -> dict:
    return {name: value for name, value in row.items() if name not in ("key", "label")}


def assert_matches(body: dict, want: dict) -> None:
    assert body["totals"] == want["totals"]
    assert {row["key"]: figures_of(row) for row in body["results"]} == want["results"]
    keys = [row["key"] for row in body["results"]]
    # Key order (names' ids, or time), responses credited to nobody last.
    assert keys == sorted(k for k in keys if k is not None) + [None] * keys.count(None)


# --- Figures ---------------------------------------------------------------------------------


@pytest.mark.parametrize("group_by", GROUPINGS)
@pytest.mark.parametrize("metric", METRICS)
def test_figures_equal_those_computed_from_raw_responses(api, responses, metric, group_by):
    body = get(api, f"metric={metric}&group_by={group_by}")
    assert (body["metric"], body["group_by"]) == (metric, group_by)
    assert_matches(body, expected(responses, metric, group_by))


def test_nps_is_the_default_metric_and_hand_checked(api, responses, consultant):
    body = get(api, "group_by=consultant")
    assert body["metric"] == "nps"
    stan = next(row for row in body["results"] if row["key"] == consultant.pk)
    # Stan: a 10 and a 7: 50% promoters, no detractors.
    assert (stan["label"], stan["n"], stan["score"], stan["mean"]) == ("Stan Test", 2, 50.0, 8.5)
    assert (stan["promoters"], stan["passives"], stan["detractors"]) == (1, 1, 0)


def test_rows_are_labelled_with_names_and_days(api, responses, auckland, location):
    labels = {row["key"]: row["label"] for row in get(api, "group_by=location")["results"]}
    assert labels[auckland.pk] == "Auckland" and labels[location.pk] == "Kraków Rynek"
    for row in get(api, "group_by=week")["results"]:
        assert row["label"] == row["key"] and date.fromisoformat(row["key"]).weekday() == 0


@pytest.mark.parametrize(
    "query",
    [
        "location=akl",
        "consultant=E002",
        "location=krk&consultant=E001",
        "from=FROM",
        "to=FROM",
        "from=FROM&to=TO",
    ],
)
@pytest.mark.parametrize("metric", METRICS)
def test_filters_are_those_of_the_raw_responses(api, responses, metric, query):
    """`from` and `to` are local days of each response's location."""
    start, end = date.today() - timedelta(days=4), date.today() - timedelta(days=3)
    query = query.replace("FROM", start.isoformat()).replace("TO", end.isoformat())
    params = dict(part.split("=") for part in query.split("&"))

    def keep(response) -> bool:
        day = local_day(response)
        location = response.location.code if response.location else None
        consultant = response.consultant.employee_code if response.consultant else None
        return (
            params.get("location", location) == location
            and params.get("consultant", consultant) == consultant
            and ("from" not in params or day >= date.fromisoformat(params["from"]))
            and ("to" not in params or day <= date.fromisoformat(params["to"]))
        )

    body = get(api, f"metric={metric}&group_by=day&{query}")
    assert_matches(body, expected(responses, metric, "day", keep))


def test_a_response_near_midnight_counts_on_its_locations_day(api, responses, auckland):
    # 23:30 UTC four days and a half ago is the next morning in Auckland.
    midnight = datetime.combine(date.today() - timedelta(days=4), datetime.min.time(), UTC)
    auckland_day = (midnight + timedelta(hours=11, minutes=30)).astimezone(
        ZoneInfo("Pacific/Auckland")
    )
    body = get(api, f"metric=ces&group_by=day&location=akl&from={auckland_day.date()}")
    assert body["totals"]["n"] == 1 and body["results"][0]["key"] == auckland_day.date().isoformat()


def test_no_responses_gives_empty_figures(api, organization):
    body = get(api, "metric=csat&group_by=month")
    assert body["results"] == []
    assert body["totals"] == {
        "n": 0,
        "promoters": 0,
        "passives": 0,
        "detractors": 0,
        "score": None,
        "margin": None,
        "lower": None,
        "upper": None,
        "mean": None,
    }


def test_a_new_response_reaches_the_scores_after_commit(
    api, responses, django_capture_on_commit_callbacks
):
    before = get(api, "group_by=day")["totals"]["n"]
    with django_capture_on_commit_callbacks(execute=True):
        record(organization=responses[0].organization, metric="nps", score=9, consultant="E001",
               submitted_at=iso(datetime.now(UTC) - timedelta(minutes=1)))  # fmt: skip
    assert get(api, "group_by=day")["totals"]["n"] == before + 1


# --- Who sees what ----------------------------------------------------------------------------


@pytest.fixture
def client_as(personas, nomember, aurora_key, rival_key, session_api):
    def make(persona: str) -> APIClient:
        if persona == "anonymous":
            return APIClient()
        if persona == "aurora_key":
            return key_client(aurora_key)
        if persona == "rival_key":
            return key_client(rival_key)
        if persona == "nomember":
            client = APIClient()
            client.force_login(nomember)
            return client
        return session_api(personas[persona])

    return make


# persona → status, and whose NPS answers the totals count (A: all Aurora's, R: Rival's)
MATRIX = {
    "anonymous": (401, None),
    "nomember": (403, None),
    "aurora_key": (200, "A"),
    "manager": (200, "krk"),  # Alice manages Kraków: the answers given there
    "admin": (200, "A"),
    "executive": (200, "A"),
    "staff": (200, "E001"),
    "outsider": (200, "R"),
    "rival_key": (200, "R"),
}


@pytest.mark.parametrize("persona", list(MATRIX))
def test_role_and_organization_matrix(persona, client_as, responses, rival_responses):
    status, whose = MATRIX[persona]
    response = client_as(persona).get(f"{URL}?group_by=consultant")
    assert response.status_code == status, response.content
    if status == 401:
        assert response["WWW-Authenticate"] == "Api-Key"
    if status != 200:
        return
    seen = {
        "A": responses,
        "R": rival_responses,
        "E001": [r for r in responses if r.consultant and r.consultant.employee_code == "E001"],
        "krk": [r for r in responses if r.location and r.location.code == "krk"],
    }[whose]
    assert_matches(response.json(), expected(seen, "nps", "consultant"))


def test_another_organization_cannot_name_our_people_or_places(client_as, responses):
    for query, field in (("consultant=E001", "consultant"), ("location=krk", "location")):
        response = client_as("rival_key").get(f"{URL}?group_by=day&{query}")
        assert response.status_code == 400
        assert list(response.json()) == [field]


def test_staff_get_only_their_own_figures(session_api, consultant, responses):
    client = session_api(consultant)
    mine = expected([r for r in responses if r.consultant_id == consultant.pk], "csat", "location")
    assert_matches(get(client, "metric=csat&group_by=location"), mine)
    assert_matches(get(client, "metric=csat&group_by=location&consultant=E001"), mine)


def test_staff_cannot_ask_for_someone_elses_figures(session_api, consultant, responses):
    response = session_api(consultant).get(f"{URL}?group_by=day&consultant=E002")
    assert response.status_code == 403
    assert response.json() == {"detail": "Staff see their own figures only."}


def test_a_manager_may_ask_for_one_consultant(session_api, manager, responses):
    body = get(session_api(manager), "group_by=consultant&consultant=E001")
    assert [row["label"] for row in body["results"]] == ["Stan Test"]


def test_a_manager_of_one_location_gets_no_figures_of_another(session_api, manager, responses):
    assert get(session_api(manager), "group_by=consultant&consultant=E002")["results"] == []
    response = session_api(manager).get(f"{URL}?group_by=day&location=akl")
    assert response.status_code == 403
    assert response.json() == {"detail": "You see the figures of your location only."}


# --- Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("", {"group_by": ["This field is required."]}),
        ("group_by=team", {"group_by": ['"team" is not a valid choice.']}),
        ("group_by=", {"group_by": ['"" is not a valid choice.']}),
        ("group_by=day&metric=ces2", {"metric": ['"ces2" is not a valid choice.']}),
        ("group_by=day&metric=NPS", {"metric": ['"NPS" is not a valid choice.']}),
        ("group_by=day&from=2025-13-01", {"from": ["Enter a date as YYYY-MM-DD."]}),
        ("group_by=day&from=2025-1-5", {"from": ["Enter a date as YYYY-MM-DD."]}),
        ("group_by=day&to=yesterday", {"to": ["Enter a date as YYYY-MM-DD."]}),
        (
            "group_by=day&from=2025-03-02&to=2025-03-01",
            {"to": ["The end is before the start (from)."]},
        ),
        ("group_by=day&location=nowhere", {"location": ["Unknown location."]}),
        ("group_by=day&location=rv1", {"location": ["Unknown location."]}),
        ("group_by=day&consultant=R001", {"consultant": ["Unknown consultant."]}),
        ("group_by=day&consultant=", {"consultant": ["This field may not be blank."]}),
        (
            "group_by=day&metric=x&from=x",
            {"metric": ['"x" is not a valid choice.'], "from": ["Enter a date as YYYY-MM-DD."]},
        ),
    ],
)
def test_bad_parameters_are_a_400_naming_the_field(api, responses, rival_responses, query, errors):
    response = api.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert response.json() == errors


def test_the_ends_of_the_calendar_are_valid_dates(api, responses):
    body = get(api, "group_by=month&from=0001-01-01&to=9999-12-31")
    assert body["totals"]["n"] == sum(1 for r in responses if r.metric == "nps")


# --- Query counts -------------------------------------------------------------------------------


@pytest.mark.parametrize("group_by", GROUPINGS)
def test_queries_do_not_grow_with_responses(
    api,
    organization,
    responses,
    keys_touched_now,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
    group_by,
):
    counts = []
    for batch in (1, 15):
        with django_capture_on_commit_callbacks(execute=True):
            for number in range(batch):
                when = datetime.now(UTC) - timedelta(days=number * 3)
                record(
                    organization, metric="nps", score=number % 11, consultant="E002",
                    submitted_at=iso(when),
                )  # fmt: skip
        keys_touched_now()
        with django_assert_num_queries(KEY_LOOKUP + FIGURES):
            response = api.get(f"{URL}?group_by={group_by}")
        assert response.status_code == 200
        counts.append(response.json()["totals"]["n"])
    assert counts[1] == counts[0] + 15


def test_each_code_parameter_costs_one_lookup(
    api, responses, keys_touched_now, django_assert_num_queries
):
    keys_touched_now()
    with django_assert_num_queries(KEY_LOOKUP + 2 + FIGURES):
        assert api.get(f"{URL}?group_by=week&location=krk&consultant=E001").status_code == 200


def test_staff_figures_cost_the_same(session_api, consultant, responses, django_assert_num_queries):
    client = session_api(consultant)
    with django_assert_num_queries(SESSION_LOOKUP + FIGURES):
        assert client.get(f"{URL}?group_by=moment").status_code == 200


def test_the_schema_documents_scores(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/v1/scores/"]["get"]
    assert set(operation["responses"]) == {"200", "400", "401", "403", "429"}
    assert {p["name"] for p in operation["parameters"]} == {
        "metric",
        "group_by",
        "from",
        "to",
        "location",
        "consultant",
    }
