"""Fourteen months of reviews for the demo, where some consultants clearly master the
master behaviours and others only keep the iron ones; plus competitor and best practices.

The audit programme stepped up a quarter ago: before, a review of each consultant every
other week, at any moment; since, about five a week, and the managers watch the two
moments where regulars are won or lost (the welcome and the order; the answered call and
the diagnosis) in almost every one. So the last 90 days have, at each location, enough
reviewed and answered interactions for the driver analysis to compare a behaviour met
with not met (30 answers each side), while reviews stay few enough to seed quickly."""

import random
from datetime import date, timedelta

from django.utils import timezone

from accounts.models import Membership, Organization
from reviews import services as reviews
from standards.models import Behaviour
from standards.practices import services as practices
from touchpoints.models import Moment

# username → (chance an iron behaviour is met, chance a master behaviour is met)
SKILL = {
    "piotr": (0.97, 0.80),  # the star: refers to guests' past visits and preferences
    "ania": (0.93, 0.38),
    "tomek": (0.82, 0.20),  # reliable on nothing but the basics yet
    "ola": (0.95, 0.62),
    "irina": (0.95, 0.72),
    "andrei": (0.80, 0.25),
}
# Moments where even good people slip (the kitchen is slow, callbacks get forgotten).
HARD_MOMENTS = {
    "Food arriving at the table": 0.10,
    "Callback when not solved at first contact": 0.12,
}
COACHING = [
    "Great eye contact and warmth. Next time repeat the order back, allergies included.",
    "Solid basics. Try referring to the guest's last visit: it is what regulars remember.",
    "The table waited four minutes before anyone came. Say when you will be back.",
    "Excellent: you spotted the missing cutlery for the child before they asked.",
    "You let the customer finish and summarised the problem well. Agree a callback window.",
    "Polite and quick, but the callback promise was vague. Give a concrete time.",
    "Strong call. Opening with the context of yesterday's call saved the customer time.",
]
COMPETITORS = {
    "Entering and finding a table": [
        (
            "Ritz-Carlton",
            "Hotels",
            "Kraków",
            "Door staff greet returning guests by name; the "
            "name is passed on discreetly so everyone uses it.",
            5,
        ),
    ],
    "Taking the order": [
        (
            "Starbucks",
            "Coffee",
            "Warszawa Centralna",
            "Writes the guest's name on the cup and calls it out: personal in a queue of fifty.",
            4,
        ),
        (
            "Trattoria Roma",
            "Restaurants",
            "Kraków, ul. Floriańska",
            "Waiter recited specials but did not know the allergens; had to ask the kitchen twice.",
            2,
        ),
    ],
    "Paying the bill": [
        (
            "Pizzeria Nova",
            "Restaurants",
            "Warszawa Mokotów",
            "Brings the card terminal with the bill, no wait at all, and asks how the evening was.",
            4,
        ),
    ],
    "Call answered": [
        (
            "Revolut",
            "Banking",
            "In-app chat",
            "A human answers in under a minute, already knowing the last three transactions.",
            5,
        ),
    ],
}
BEST = [
    (
        "piotr",
        "Taking the order",
        "Keeps a notebook of regulars' favourite dishes and "
        "opens with them: “The duck again, or something new tonight?”",
    ),
    (
        "irina",
        "Call answered",
        "Reads the last contact note before saying hello and opens "
        "with it, so the customer never repeats the story.",
    ),
]


# Weeks of reviews: the current programme, then the lighter one before it (60 weeks in
# all, past the 400 days the year views and their previous periods need).
RECENT_WEEKS = 13
HISTORY_WEEKS = 60
REVIEWS_PER_WEEK = 5
# In the earlier weeks: the chance a consultant was reviewed in a given week.
EARLIER_WEEKLY_CHANCE = 0.5
# Since the programme stepped up: the chance a review covers each moment.
FOCUS = {
    "Entering and finding a table": 0.9,
    "Taking the order": 0.9,
    "Food arriving at the table": 0.25,
    "Paying the bill": 0.25,
    "Call answered": 0.9,
    "Problem diagnosed": 0.9,
    "Callback when not solved at first contact": 0.3,
}


def _moments_seen(rng, moments, recent: bool):
    """The moments a review covers: since the step-up mostly the focus ones (at least
    one), before it one or two at random."""
    if not recent:
        return rng.sample(moments, k=min(len(moments), rng.choice([1, 1, 2])))
    chosen = [m for m in moments if rng.random() < FOCUS.get(m.name, 0.3)]
    return chosen or [rng.choice(moments)]


def _reviewer_kind(rng, org_slug):
    kinds = ["observation", "mystery_shop", "self"]
    if org_slug == "nova-bank":
        kinds = ["call_review", "call_review", "self"]
    return rng.choice(kinds)


def _review_times(rng, now):
    """When each review of one consultant took place, newest first: five a week in the
    last RECENT_WEEKS weeks, one every other week or so before. (occurred, recent)"""
    for week in range(HISTORY_WEEKS):
        recent = week < RECENT_WEEKS
        earlier = int(rng.random() < EARLIER_WEEKLY_CHANCE)
        count = REVIEWS_PER_WEEK if recent else earlier
        for _ in range(count):
            occurred = now - timedelta(
                days=week * 7 + rng.randint(0, 6),
                hours=rng.randint(0, 9),
                minutes=rng.randint(0, 59),
            )
            yield week, min(occurred, now - timedelta(hours=1)), recent


def seed_reviews(organization: Organization, rng: random.Random) -> int:
    """Create the reviews of every consultant (see the module's docstring for the
    rhythm); returns the count."""
    manager = Membership.objects.get(organization=organization, user__username="magda")
    staff = list(
        Membership.objects.filter(organization=organization, role="staff").select_related(
            "user", "location"
        )
    )
    moments = list(
        Moment.objects.filter(touchpoint__journey__organization=organization, is_critical=True)
    )
    behaviours = {m.pk: list(Behaviour.objects.active().filter(moment=m)) for m in moments}
    now = timezone.now()
    created = 0
    for member in staff:
        iron_p, master_p = SKILL.get(member.user.username, (0.9, 0.5))
        for week, occurred, recent in _review_times(rng, now):
            kind = _reviewer_kind(rng, organization.slug)
            chosen = _moments_seen(rng, moments, recent)
            prefix = "CALL" if organization.slug == "nova-bank" else "RCP"
            review = reviews.start_review(
                organization=organization,
                reviewer=member if kind == "self" else manager,
                kind=kind,
                consultant=member,
                location=member.location,
                moments=chosen,
                occurred_at=occurred,
                interaction_ref=f"{prefix}-{rng.randint(100000, 999999)}",
            )
            sheet = {}
            for moment in chosen:
                slip = HARD_MOMENTS.get(moment.name, 0)
                for behaviour in behaviours[moment.pk]:
                    p = (iron_p if behaviour.kind == "iron" else master_p) - slip
                    # Staff are a little kinder to themselves than mystery shoppers.
                    if kind == "self":
                        p += 0.05
                    roll = rng.random()
                    result = "na" if roll > 0.96 else ("met" if rng.random() < p else "not_met")
                    sheet[behaviour] = result
            reviews.score_sheet(review=review, results=sheet)
            note = "" if kind == "self" else rng.choice(COACHING)
            review = reviews.submit_review(review=review, coaching_note=note)
            if week > 0 or rng.random() < 0.5:
                reviews.acknowledge_review(review=review, membership=member)
            created += 1
    return created


def seed_practices(organization: Organization) -> None:
    manager = Membership.objects.get(organization=organization, user__username="magda")
    moments = {
        m.name: m for m in Moment.objects.filter(touchpoint__journey__organization=organization)
    }
    today = timezone.localdate()
    for moment_name, entries in COMPETITORS.items():
        if moment_name not in moments:
            continue
        for i, (who, industry, where, what, rating) in enumerate(entries):
            practices.record_competitor_practice(
                organization=organization,
                moment=moments[moment_name],
                competitor=who,
                industry=industry,
                where=where,
                observed_on=today - timedelta(days=12 + 9 * i),
                description=what,
                rating=rating,
                by=manager.user,
            )
    for username, moment_name, what in BEST:
        member = Membership.objects.filter(
            organization=organization, user__username=username
        ).first()
        if member and moment_name in moments:
            practices.record_best_practice(
                organization=organization,
                consultant=member,
                moment=moments[moment_name],
                description=what,
                by=manager.user,
            )


def seed_reviews_and_practices(organizations: list[Organization]) -> None:
    rng = random.Random(date(2026, 1, 1).toordinal())  # the same demo every time
    for organization in organizations:
        seed_reviews(organization, rng)
        seed_practices(organization)
