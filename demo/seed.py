"""Load the demo organizations through the same services users trigger."""

from datetime import timedelta
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts import services as accounts
from accounts.choices import Role
from accounts.models import Membership, Organization
from common.jobs import wakes_held
from standards import services as standards
from standards.models import Behaviour, StandardsVersion
from touchpoints import services as touchpoints

from .content.bank import BANK
from .content.restaurant import RESTAURANT
from .content.translations import translate_demo_content
from .reviews import seed_reviews_and_practices
from .surveys import seed_surveys_and_responses

PASSWORD = "cxm-demo"
DEMO_SLUGS = (RESTAURANT["slug"], BANK["slug"])
SHARED_USERS = [
    # username, first, last, role, superuser
    ("magda", "Magdalena", "Nowak", Role.MANAGER, False),
    ("ewa", "Ewa", "Dąbrowska", Role.EXECUTIVE, False),
    ("admin", "Adam", "Admin", Role.ADMIN, True),
]
# Added after version 1 of the restaurant standards, so version 2 has a changelog.
LATER_BEHAVIOUR = "Mark a special occasion with a small gesture"
OLD_TEXT = "Bring the bill within 5 minutes of the request"
NEW_TEXT = "Bring the bill within 3 minutes of the request"


def _user(username, first, last, superuser=False):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@example.com",
            "is_staff": superuser,
            "is_superuser": superuser,
        },
    )
    if created:
        user.set_password(PASSWORD)
        user.save()
    return user


def _build_organization(data) -> tuple[Organization, list[Membership]]:
    organization = accounts.create_organization(name=data["name"], slug=data["slug"])
    locations = [
        accounts.save_location(
            organization=organization, name=name, code=code, address=address, time_zone=tz
        )
        for name, code, address, tz in data["locations"]
    ]
    for username, first, last, role, superuser in SHARED_USERS:
        _user(username, first, last, superuser)
        accounts.add_member(
            organization=organization,
            username=username,
            role=role,
            location=locations[0] if role == Role.MANAGER else None,
        )
    staff = []
    for username, first, last, code, location_index in data["staff"]:
        _user(username, first, last)
        staff.append(
            accounts.add_member(
                organization=organization,
                username=username,
                role=Role.STAFF,
                location=locations[location_index],
                employee_code=code,
            )
        )
    journey = touchpoints.create_journey(
        organization=organization, name=data["journey"], description=data["description"]
    )
    for name, stage, channel, moments in data["touchpoints"]:
        touchpoint = touchpoints.create_touchpoint(
            journey=journey, name=name, stage=stage, channel=channel
        )
        for moment_name, critical, expectation, feeling, iron, master in moments:
            moment = touchpoints.create_moment(
                touchpoint=touchpoint,
                name=moment_name,
                is_critical=critical,
                customer_expectation=expectation,
                customer_feeling=feeling,
            )
            for kind, items in (("iron", iron), ("master", master)):
                for text, example in items:
                    if text == LATER_BEHAVIOUR:
                        continue
                    standards.create_behaviour(
                        moment=moment,
                        kind=kind,
                        text=OLD_TEXT if text == NEW_TEXT else text,
                        example=example,
                    )
    manager = Membership.objects.get(organization=organization, user__username="magda")
    for text in data["priceless"]:
        touchpoints.add_priceless_note(journey=journey, text=text, by=manager.user)
    translate_demo_content(organization)
    return organization, staff


def _publish(organization, manager_user, note, days_ago, acknowledged_by):
    version = standards.publish_standards(organization=organization, by=manager_user, note=note)
    published_at = timezone.now() - timedelta(days=days_ago)
    # Back-date it, and mark staff as notified: demo e-mails would only be noise.
    StandardsVersion.objects.filter(pk=version.pk).update(
        published_at=published_at, staff_notified_at=published_at
    )
    for membership in acknowledged_by:
        acknowledgement = standards.acknowledge_version(membership=membership, version=version)
        acknowledgement.acknowledged_at = published_at + timedelta(hours=5)
        acknowledgement.save(update_fields=["acknowledged_at"])
    return version


def seed_demo() -> bool:
    """Create the demo organizations once; returns False when they already exist."""
    # Each review and batch of answers wakes the rollup worker on commit, and in the
    # embedded mode a wake-up recomputes the rollups at once: hundreds of times for a
    # demo. Held, the worker is woken once, at the end.
    with wakes_held():
        return _seed_demo()


@transaction.atomic
def _seed_demo() -> bool:
    if Organization.objects.filter(slug=RESTAURANT["slug"]).exists():
        # A database seeded before surveys existed gets its surveys and answers now.
        seed_surveys_and_responses(
            list(Organization.objects.filter(slug__in=[RESTAURANT["slug"], BANK["slug"]]))
        )
        return False
    magda = _user("magda", "Magdalena", "Nowak")
    # Attribute the audit trail to the manager, as if she had typed it in.
    HistoricalRecords.context.request = SimpleNamespace(user=magda)
    try:
        restaurant, restaurant_staff = _build_organization(RESTAURANT)
        _publish(restaurant, magda, "First standards for all restaurants", 30, restaurant_staff)
        moment = Behaviour.objects.get(text=OLD_TEXT).moment
        standards.update_behaviour(
            behaviour=Behaviour.objects.get(text=OLD_TEXT), kind="iron", text=NEW_TEXT
        )
        standards.create_behaviour(
            moment=moment,
            kind="master",
            text=LATER_BEHAVIOUR,
            example="A candle on the dessert for a birthday, on the house.",
        )
        _publish(
            restaurant, magda, "Faster bills; celebrate special occasions", 3, restaurant_staff[::2]
        )
        bank, bank_staff = _build_organization(BANK)
        _publish(bank, magda, "Contact centre standards", 10, bank_staff[:1])
        seed_reviews_and_practices([restaurant, bank])
        seed_surveys_and_responses([restaurant, bank])
    finally:
        del HistoricalRecords.context.request
    return True


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, password, what they are) for the printout."""
    rows = [
        ("magda", PASSWORD, "manager of Kraków Rynek and of the Chișinău contact centre"),
        ("ewa", PASSWORD, "executive (both organizations, every location)"),
        ("admin", PASSWORD, "administrator + Django admin"),
    ]
    for data in (RESTAURANT, BANK):
        for username, _first, _last, code, _loc in data["staff"]:
            rows.append((username, PASSWORD, f"staff, {data['name']} ({code})"))
    return rows
