"""Writes for behaviours, published versions and acknowledgements."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.models import Membership, Organization
from touchpoints.models import Moment
from touchpoints.services import move

from .models import Acknowledgement, Behaviour, StandardsVersion
from .selectors import current_standards

# The fields whose change makes a new version worth publishing.
BEHAVIOUR_FIELDS = ("kind", "text", "example", "moment_id")
MOMENT_FIELDS = ("name", "is_critical", "customer_expectation")


@transaction.atomic
def create_behaviour(*, moment: Moment, kind: str, text: str, example: str = "") -> Behaviour:
    """Add a behaviour as the last of its kind at the moment."""
    current = Behaviour.objects.active().filter(moment=moment, kind=kind).aggregate(m=Max("order"))
    behaviour = Behaviour(
        moment=moment,
        kind=kind,
        text=" ".join(text.split()),
        example=example.strip(),
        order=0 if current["m"] is None else current["m"] + 1,
    )
    behaviour.full_clean()
    behaviour.save()
    return behaviour


@transaction.atomic
def update_behaviour(*, behaviour: Behaviour, kind: str, text: str, example: str = "") -> Behaviour:
    """Edit a behaviour; a change of kind puts it last in its new list."""
    if kind != behaviour.kind:
        # Not behaviour.siblings(): that is the *old* kind's list, so the new list's
        # maximum was never found and the behaviour landed first instead of last.
        current = (
            Behaviour.objects.active()
            .filter(moment_id=behaviour.moment_id, kind=kind)
            .aggregate(m=Max("order"))
        )
        behaviour.order = 0 if current["m"] is None else current["m"] + 1
    behaviour.kind, behaviour.text = kind, " ".join(text.split())
    behaviour.example = example.strip()
    behaviour.full_clean()
    behaviour.save()
    return behaviour


def retire_behaviour(*, behaviour: Behaviour) -> Behaviour:
    """Remove a behaviour from the current standards; history and versions keep it."""
    behaviour.retired_at = timezone.now()
    behaviour.save(update_fields=["retired_at"])
    return behaviour


def move_behaviour(*, behaviour: Behaviour, direction: str) -> Behaviour:
    """Reorder within the moment's iron or master list."""
    return move(obj=behaviour, direction=direction)


def build_snapshot(organization: Organization) -> dict:
    """The current standards as plain data, frozen into a version at publication."""
    journeys = []
    for journey in current_standards(organization):
        touchpoints = []
        for touchpoint in journey.touchpoints.all():
            moments = [
                {
                    "id": moment.pk,
                    "name": moment.name,
                    "is_critical": moment.is_critical,
                    "customer_expectation": moment.customer_expectation,
                    "behaviours": [
                        {
                            "id": b.pk,
                            "kind": b.kind,
                            "text": b.text,
                            "example": b.example,
                            "moment_id": moment.pk,
                        }
                        for b in moment.active_behaviours
                    ],
                }
                for moment in touchpoint.moments.all()
            ]
            touchpoints.append(
                {
                    "id": touchpoint.pk,
                    "name": touchpoint.name,
                    "channel": touchpoint.channel,
                    "moments": moments,
                }
            )
        journeys.append({"id": journey.pk, "name": journey.name, "touchpoints": touchpoints})
    return {"journeys": journeys}


def _index(snapshot: dict) -> tuple[dict, dict]:
    moments, behaviours = {}, {}
    for journey in snapshot.get("journeys", []):
        for touchpoint in journey["touchpoints"]:
            for moment in touchpoint["moments"]:
                where = f"{journey['name']} › {touchpoint['name']}"
                moments[moment["id"]] = {**moment, "where": where}
                for behaviour in moment["behaviours"]:
                    behaviours[behaviour["id"]] = {
                        **behaviour,
                        "where": f"{where} › {moment['name']}",
                    }
    return moments, behaviours


def _entry(kind: str, item: dict, fields: dict | None = None) -> dict:
    entry = {
        "type": kind,
        "id": item["id"],
        "label": item.get("text") or item.get("name"),
        "where": item["where"],
    }
    if kind == "behaviour":
        entry["kind"] = item["kind"]
    else:
        entry["is_critical"] = item["is_critical"]
    if fields:
        entry["fields"] = fields
    return entry


def _ranks(behaviours: dict, common: set) -> dict[int, int]:
    """1-based place of each behaviour among those kept, within its moment and kind.

    Comparing places among kept behaviours only reports the ones that were really
    reordered, not every neighbour of an added or removed one.
    """
    ranks, counters = {}, {}
    for pk, item in behaviours.items():  # snapshot order is checklist order
        if pk in common:
            key = (item["moment_id"], item["kind"])
            counters[key] = counters.get(key, 0) + 1
            ranks[pk] = counters[key]
    return ranks


def compute_changelog(previous: dict | None, current: dict) -> dict:
    """What was added, changed and removed between two snapshots (moments and behaviours)."""
    before_moments, before_behaviours = _index(previous or {})
    after_moments, after_behaviours = _index(current)
    common = before_behaviours.keys() & after_behaviours.keys()
    before_ranks = _ranks(before_behaviours, common)
    after_ranks = _ranks(after_behaviours, common)
    changelog = {"added": [], "changed": [], "removed": []}
    for kind, before, after, fields in (
        ("moment", before_moments, after_moments, MOMENT_FIELDS),
        ("behaviour", before_behaviours, after_behaviours, BEHAVIOUR_FIELDS),
    ):
        for pk, item in after.items():
            if pk not in before:
                changelog["added"].append(_entry(kind, item))
                continue
            diff = {
                f: [before[pk].get(f), item.get(f)]
                for f in fields
                if before[pk].get(f) != item.get(f)
            }
            if diff.pop("moment_id", None):
                diff["where"] = [before[pk]["where"], item["where"]]
            elif kind == "behaviour" and before_ranks.get(pk) != after_ranks.get(pk):
                diff["position"] = [before_ranks[pk], after_ranks[pk]]
            if diff:
                changelog["changed"].append(_entry(kind, item, diff))
        for pk, item in before.items():
            if pk not in after:
                changelog["removed"].append(_entry(kind, item))
    return changelog


def pending_changes(organization: Organization) -> dict:
    """What the next publication would contain, for the publish page preview."""
    previous = StandardsVersion.objects.filter(organization=organization).order_by("-number")
    last = previous.only("snapshot").first()
    return compute_changelog(last.snapshot if last else None, build_snapshot(organization))


@transaction.atomic
def publish_standards(*, organization: Organization, by, note: str = "") -> StandardsVersion:
    """Freeze the current standards as the next numbered version with a computed changelog."""
    # Lock the tenant row so two managers publishing at once get numbers n and n+1.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    last = StandardsVersion.objects.filter(organization=organization).order_by("-number").first()
    snapshot = build_snapshot(organization)
    changelog = compute_changelog(last.snapshot if last else None, snapshot)
    has_behaviours = any(
        moment["behaviours"]
        for journey in snapshot["journeys"]
        for touchpoint in journey["touchpoints"]
        for moment in touchpoint["moments"]
    )
    if last is None and not has_behaviours:
        raise ValidationError(_("There is nothing to publish yet: add behaviours first."))
    if last is not None and not any(changelog.values()):
        raise ValidationError(
            _("Nothing has changed since version %d, so there is nothing to publish.") % last.number
        )
    try:
        with transaction.atomic():
            version = StandardsVersion.objects.create(
                organization=organization,
                number=(last.number + 1) if last else 1,
                note=note.strip()[:300],
                snapshot=snapshot,
                changelog=changelog,
                published_by=by,
                published_at=timezone.now(),
            )
    except IntegrityError as exc:
        raise ValidationError(_("Another version was published at the same moment.")) from exc
    from .tasks import notify_staff_of_version

    notify_staff_of_version.delay_on_commit(version.pk)
    return version


def acknowledge_version(*, membership: Membership, version: StandardsVersion) -> Acknowledgement:
    """Record that an employee read a version; acknowledging twice keeps the first time."""
    if version.organization_id != membership.organization_id:
        raise ValidationError(_("This version belongs to another organization."))
    acknowledgement, _created = Acknowledgement.objects.get_or_create(
        membership=membership,
        version=version,
        defaults={"acknowledged_at": timezone.now()},
    )
    return acknowledgement


def notify_staff_of_version(*, version: StandardsVersion) -> int:
    """E-mail every active staff member with an address that a new version awaits them.

    The version row is claimed first, so a retried or duplicated task sends nothing twice.
    Returns the number of e-mails sent.
    """
    claimed = StandardsVersion.objects.filter(pk=version.pk, staff_notified_at=None).update(
        staff_notified_at=timezone.now()
    )
    if not claimed:
        return 0
    recipients = list(
        Membership.objects.filter(
            organization_id=version.organization_id, role=Role.STAFF, user__is_active=True
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if not recipients:
        return 0
    link = settings.SITE_URL + reverse("standards:version_detail", args=[version.number])
    subject = _("New customer-experience standards: version %d") % version.number
    body = _(
        "Version %(number)d of your standards was published. Read your checklist for each "
        "situation and confirm that you know it:\n\n%(link)s"
    ) % {"number": version.number, "link": link}
    messages = [
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        for address in recipients
    ]
    with get_connection() as connection:
        return connection.send_messages(messages) or 0
