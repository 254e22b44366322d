"""Fourteen months of customer answers for the demo, told as one story with the reviews:
enough for the previous period of any preset, a year by month, and last year's same
season.

The consultants whose reviews show master behaviours (Piotr, Irina) have the most
promoters; those who keep only the iron ones (Tomasz, Andrei) have mostly passives:
customers who are not dissatisfied are not yet enthusiastic. The kitchen was short of a
cook six to eight weeks ago, which shows as a dip at "Food arriving at the table"; the
bank improves steadily over the year, and its callbacks jump once the standards are
published.
Where a review has an interaction reference, most interactions also got an answer with
the same reference, so driver analysis can join what was done to what was felt.

Everything is saved through `surveys.intake` (check_responses, record_responses), from
a seeded random generator: the same demo every time, relative to today.
"""

import itertools
import math
import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.utils import timezone

from accounts import services as accounts
from accounts.choices import Role
from accounts.models import Membership, Organization
from reviews.models import Review
from surveys.choices import LinkKind, Metric, Source
from surveys.forms.services import create_survey
from surveys.intake.checks import check_responses
from surveys.intake.services import record_responses
from surveys.links.services import create_link
from surveys.models import Response, Survey, SurveyLink
from touchpoints.models import Journey, Moment

from .comments import D, N, P, comment

DAYS = 420
# The bank's steady progress: how much lower a customer's answer was a year ago.
BANK_YEARLY_PROGRESS = 0.9
# On the ordered scale behind every score: below 0 a detractor, 0–2 a passive, above 2 a
# promoter (for CSAT and CES: the bottom, middle and top answers). Noise is logistic.
NOISE = 0.65

# username → where the consultant's customers usually land (see SKILL in demo/reviews.py)
CONSULTANTS = {
    "piotr": 3.0,  # remembers regulars and their usual order: promoters
    "ola": 2.4,
    "ania": 1.9,
    "tomek": 1.15,  # correct, never more: mostly passives
    "irina": 2.75,  # opens with the last contact: promoters
    "andrei": 0.9,  # forgets callbacks: passives and detractors
}
MOMENTS = {
    # moment → (effect on the answer, weight among the survey's answers)
    "Entering and finding a table": (0.2, 0.2),
    "Taking the order": (0.3, 0.35),
    "Food arriving at the table": (-0.55, 0.3),
    "Paying the bill": (0.0, 0.15),
    "Call answered": (0.25, 0.3),
    "Problem diagnosed": (0.1, 0.4),
    "Callback when not solved at first contact": (-0.75, 0.3),
}
FOOD = "Food arriving at the table"
BILL = "Paying the bill"
CALLBACK = "Callback when not solved at first contact"

SURVEYS = {
    "aurora": [
        # name, metric, context (journey / moment name), share of answers
        ("Evening at Aurora (NPS)", Metric.NPS, "journey", 0.75),
        ("Food at the table (CSAT)", Metric.CSAT, FOOD, 0.25),
    ],
    "nova-bank": [
        ("Contact centre (NPS)", Metric.NPS, "journey", 0.5),
        ("Call answered (CSAT)", Metric.CSAT, "Call answered", 0.25),
        ("Getting it solved (CES)", Metric.CES, "journey", 0.25),
    ],
}
LANGUAGES = {
    "aurora": {"pl": 0.8, "en": 0.14, "ru": 0.04, "ro": 0.02},
    "nova-bank": {"ro": 0.52, "ru": 0.38, "en": 0.1},
}
SOURCES = {
    "aurora": {Source.QR: 0.65, Source.EMAIL: 0.25, Source.LINK: 0.1},
    # A post-call survey of the phone system arrives through the API.
    "nova-bank": {Source.LINK: 0.45, Source.EMAIL: 0.35, Source.API: 0.2},
}


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _trend(slug: str, moment: str, days_ago: int) -> float:
    """How the period moves every answer: the kitchen's bad weeks at Aurora, the bank's
    steady progress, and what the latest standards changed."""
    if slug == "aurora":
        effect = 0.0
        if 42 <= days_ago <= 56:  # a cook short: plates wait at the pass
            effect -= 1.0 if moment == FOOD else 0.3
        if moment == BILL and days_ago < 3:  # "Bring the bill within 3 minutes"
            effect += 0.5
        return effect
    effect = -BANK_YEARLY_PROGRESS * days_ago / 365
    if moment == CALLBACK and days_ago < 10:  # contact centre standards published
        effect += 0.6
    return effect


def _score(metric: str, latent: float) -> tuple[int, str]:
    """The answer on the metric's scale, and its band."""
    if latent < 0:
        band = D
        if metric == Metric.NPS:
            score = max(0, 6 + math.floor(latent * 2.2))
        elif metric == Metric.CSAT:
            score = 2 if latent > -1 else 1
        else:
            score = 3 if latent > -0.6 else (2 if latent > -1.4 else 1)
    elif latent < 2:
        band = N
        low = {Metric.NPS: 7, Metric.CSAT: 3, Metric.CES: 4}[metric]
        score = low if latent < 1 or metric == Metric.CSAT else low + 1
    else:
        band = P
        low = {Metric.NPS: 9, Metric.CSAT: 4, Metric.CES: 6}[metric]
        score = low if latent < 3 else low + 1
    return score, band


def _hour(rng: random.Random, slug: str, weekday: int) -> float:
    """A realistic local time of day for an answer, as hours."""
    if slug == "aurora":
        if rng.random() < (0.4 if weekday >= 5 else 0.3):
            return rng.uniform(12, 15.5) if weekday < 5 else rng.uniform(11, 15.5)
        return rng.uniform(18, 22.5) if weekday < 5 else rng.uniform(17, 22.5)
    if weekday == 5:
        return rng.uniform(9, 14)
    peaks = {8: 3, 9: 8, 10: 10, 11: 9, 12: 6, 13: 6, 14: 8, 15: 9, 16: 8, 17: 6, 18: 4, 19: 2}
    return _pick(rng, peaks) + rng.random()


def _answers_per_day(rng: random.Random, slug: str, weekday: int) -> int:
    if slug == "aurora":  # busier at weekends
        return (
            rng.randint(6, 8)
            if weekday >= 5
            else rng.randint(5, 7)
            if weekday == 4
            else rng.randint(3, 5)
        )
    return rng.randint(5, 8) if weekday < 5 else rng.randint(1, 3) if weekday == 5 else 0


def _noise(rng: random.Random) -> float:
    u = min(max(rng.random(), 1e-9), 1 - 1e-9)
    return NOISE * math.log(u / (1 - u))


def _create_surveys(organization: Organization, manager) -> list[tuple[Survey, float]]:
    journey = Journey.objects.filter(organization=organization).first()
    moments = {m.name: m for m in Moment.objects.filter(touchpoint__journey=journey)}
    surveys = []
    for name, metric, context, share in SURVEYS[organization.slug]:
        survey = create_survey(
            organization=organization,
            name=name,
            metric=metric,
            journey=journey if context == "journey" else None,
            moment=moments.get(context),
            by=manager.user,
        )
        surveys.append((survey, share))
    return surveys


def _create_links(organization, surveys, staff, manager) -> dict:
    """A reusable link per consultant and survey (QR codes on the restaurant's tables;
    links in the bank's post-call messages), and a few single-use ones."""
    reusable = {}
    source = Source.QR if organization.slug == "aurora" else Source.LINK
    for survey, _share in surveys:
        if survey.metric == Metric.CSAT and organization.slug != "aurora":
            continue
        for member in staff:
            reusable[survey.pk, member.pk] = create_link(
                survey=survey,
                kind=LinkKind.REUSABLE,
                consultant=member,
                label=member.display_name,
                source=source,
                by=manager.user,
            )
    nps = surveys[0][0]
    prefix, ref = ("Receipt", "RCP") if organization.slug == "aurora" else ("Call", "CALL")
    single = [
        create_link(
            survey=nps,
            kind=LinkKind.SINGLE,
            consultant=staff[number % len(staff)],
            label=f"{prefix} {4471 + number}",
            interaction_ref=f"{ref}-{4471 + number}",
            expires_at=timezone.now() + timedelta(days=14),
            by=manager.user,
        )
        for number in range(3)
    ]
    return {"reusable": reusable, "single": single}


def _reviewed_interactions(organization: Organization):
    """Submitted reviews with a reference: consultant, time, first moment, and how many
    iron and master behaviours were met of those that applied."""
    counts = {
        f"{kind}_{what}": Count(
            "items",
            filter=Q(items__kind=kind)
            & (Q(items__result="met") if what == "met" else ~Q(items__result="na")),
        )
        for kind in ("iron", "master")
        for what in ("met", "applicable")
    }
    reviews = list(
        Review.objects.filter(organization=organization, status="submitted")
        .exclude(interaction_ref="")
        .values("pk", "consultant_id", "occurred_at", "interaction_ref")
        .annotate(**counts)
        .order_by("occurred_at", "pk")
    )
    first_moment = {}
    for review_id, moment_id in (
        Review.moments.through.objects.filter(review__organization=organization)
        .order_by("review_id", "moment_id")
        .values_list("review_id", "moment_id")
    ):
        first_moment.setdefault(review_id, moment_id)
    for review in reviews:
        review["moment_id"] = first_moment.get(review["pk"])
    return reviews


def seed_responses(organization: Organization, rng: random.Random) -> int:
    """Surveys, links and DAYS days of answers for one demo organization; returns how many
    answers. An organization that has surveys already is left as it is."""
    if Survey.objects.filter(organization=organization).exists():
        return 0
    slug = organization.slug
    manager = Membership.objects.get(organization=organization, user__username="magda")
    staff = list(
        Membership.objects.filter(organization=organization, role=Role.STAFF)
        .select_related("user", "location")
        .order_by("pk")
    )
    surveys = _create_surveys(organization, manager)
    links = _create_links(organization, surveys, staff, manager)
    moments = {
        m.name: m for m in Moment.objects.filter(touchpoint__journey__organization=organization)
    }
    by_id = {m.pk: m for m in moments.values()}
    critical = {name: MOMENTS[name] for name in moments if name in MOMENTS}
    now = timezone.now()
    rows: dict[str, list[dict]] = defaultdict(list)
    refs = itertools.count(1_000_000, 7919)
    ref_prefix = "RCP" if slug == "aurora" else "CALL"
    api_ids = iter(range(1, 10**6))

    def answer(member, survey, moment_name, when, latent_shift=0.0, source=None, ref=""):
        days_ago = (now - when).days
        latent = (
            CONSULTANTS.get(member.user.username, 1.8)
            + critical[moment_name][0]
            + _trend(slug, moment_name, days_ago)
            + latent_shift
            + _noise(rng)
        )
        score, band = _score(survey.metric, latent)
        language = _pick(rng, LANGUAGES[slug])
        if source is None:
            source = Source.QR if survey.metric == Metric.CSAT and slug == "aurora" else None
            source = source or _pick(rng, SOURCES[slug])
        if not ref and source in (Source.EMAIL, Source.LINK, Source.API) and rng.random() < 0.6:
            ref = f"{ref_prefix}-{next(refs)}"
        row = {
            "survey": survey.pk,
            "score": score,
            "consultant": member.employee_code,
            "moment": moments[moment_name].pk,
            "language": language,
            "comment": comment(rng, slug, member.user.username, moment_name, band, language),
            "submitted_at": when,
            "interaction_ref": ref,
            "external_id": f"ivr-{slug}-{next(api_ids)}" if source == Source.API else "",
        }
        rows[source].append(row)

    def moment_for(survey) -> str:
        if survey.moment_id:
            return by_id[survey.moment_id].name
        names = [n for n in critical if survey.metric != Metric.CES or n != "Call answered"]
        return _pick(rng, {name: critical[name][1] for name in names})

    tz_by_member = {m.pk: ZoneInfo(m.location.time_zone) for m in staff}
    for member in staff:
        tz = tz_by_member[member.pk]
        today = timezone.localdate(now, tz)
        for days_ago in range(DAYS):
            day: date = today - timedelta(days=days_ago)
            for _ in range(_answers_per_day(rng, slug, day.weekday())):
                hours = _hour(rng, slug, day.weekday())
                when = datetime.combine(day, time(), tz) + timedelta(hours=hours)
                if when >= now:
                    continue
                survey = _pick(rng, dict(surveys))
                answer(member, survey, moment_for(survey), when)

    # Most reviewed interactions were also answered: what was done meets what was felt.
    members = {m.pk: m for m in staff}
    nps = surveys[0][0]
    for review in _reviewed_interactions(organization):
        member = members.get(review["consultant_id"])
        moment = by_id.get(review["moment_id"])
        if member is None or moment is None or moment.name not in critical or rng.random() > 0.9:
            continue
        when = min(
            review["occurred_at"] + timedelta(minutes=rng.randint(20, 120)),
            now - timedelta(minutes=5),
        )
        iron = review["iron_met"] / review["iron_applicable"] if review["iron_applicable"] else 1
        master = (
            review["master_met"] / review["master_applicable"]
            if review["master_applicable"]
            else 0.5
        )
        shift = 1.6 * (master - 0.5) - 3.0 * (1 - iron)
        answer(member, nps, moment.name, when, shift, Source.EMAIL, review["interaction_ref"])

    total = 0
    for source, source_rows in rows.items():
        checked = check_responses(organization=organization, rows=source_rows, max_rows=None)
        total += len(record_responses(organization=organization, rows=checked, source=source))

    # Answers through a consultant's reusable link are that link's (its counts, its page).
    for (survey_id, member_id), link in links["reusable"].items():
        Response.objects.filter(
            organization=organization,
            survey_id=survey_id,
            consultant_id=member_id,
            source=link.source,
        ).update(link=link)
    # One single-use link was answered: it is used, by its answer.
    used = links["single"][0]
    first = (
        Response.objects.filter(
            organization=organization, survey=used.survey, consultant=used.consultant, link=None
        )
        .order_by("-submitted_at")
        .first()
    )
    if first is not None:
        Response.objects.filter(pk=first.pk).update(
            link=used, source=used.source, interaction_ref=used.interaction_ref
        )
        SurveyLink.objects.filter(pk=used.pk).update(used_at=first.submitted_at)
    return total


def seed_surveys_and_responses(organizations: list[Organization]) -> int:
    rng = random.Random(date(2026, 4, 1).toordinal())  # the same demo every time
    total = 0
    for organization in organizations:
        if organization.slug == "aurora" and not organization.show_first_name_on_surveys:
            accounts.update_organization(
                organization=organization,
                name=organization.name,
                min_sample=organization.min_sample,
                show_first_name_on_surveys=True,
            )
        total += seed_responses(organization, rng)
    return total
