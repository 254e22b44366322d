"""Writes for behaviours, published versions and acknowledgements.

Publishing a version also records, in its transaction, one notice per staff member with an
e-mail address; the notices are deliveries (common.mail): sent at least once by the task
woken on commit, or by the sweep if that message is lost or the mail server is away.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.models import Membership, Organization
from common import mail
from common.jobs import wake_on_commit
from touchpoints.models import Moment
from touchpoints.services import move
from touchpoints.translation import merge_translations

from .models import Acknowledgement, Behaviour, StaffNotice, StandardsVersion
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
def update_behaviour(
    *,
    behaviour: Behaviour,
    kind: str,
    text: str,
    example: str = "",
    translations: dict[str, dict[str, str]] | None = None,
) -> Behaviour:
    """Edit a behaviour; a change of kind puts it last in its new list. `translations`
    ({"ro": {"text": …, "example": …}}) replaces those languages' translations; an
    empty field falls back to the original (touchpoints.translation)."""
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
    for language, values in (translations or {}).items():
        behaviour.translations = merge_translations(behaviour.translations, language, values)
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
                    # Every language, frozen with the original (touchpoints.translation).
                    "translations": moment.translations,
                    "behaviours": [
                        {
                            "id": b.pk,
                            "kind": b.kind,
                            "text": b.text,
                            "example": b.example,
                            "translations": b.translations,
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
        # The label in each language, so a reader sees the entry in theirs.
        "translations": {
            language: {"label": values.get("text") or values.get("name")}
            for language, values in (item.get("translations") or {}).items()
            if values.get("text") or values.get("name")
        },
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


def _translation_diff(before: dict, after: dict, fields: tuple[str, ...]) -> dict:
    """Changed translations as `{"text@ro": [before, after]}`: a version whose only change
    is a translation can be published, so staff read it, and its changelog says which
    language changed. Decided to keep it simple: like any change, it asks staff to
    acknowledge the version again. Versions published before translations existed
    have none, which compares as no translation."""
    old, new = before.get("translations") or {}, after.get("translations") or {}
    diff = {}
    for language in sorted(old.keys() | new.keys()):
        for field in fields:
            was = (old.get(language) or {}).get(field, "")
            now = (new.get(language) or {}).get(field, "")
            if was != now:
                diff[f"{field}@{language}"] = [was, now]
    return diff


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
            diff.update(_translation_diff(before[pk], item, fields))
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
    _create_notices(version)
    from .tasks import notify_staff_of_version

    wake_on_commit(notify_staff_of_version, (version.pk,))
    return version


def _create_notices(version: StandardsVersion) -> int:
    """One notice per active staff member with an address, in the publish transaction:
    owed e-mail is never lost, even if the task's message is."""
    staff = (
        Membership.objects.filter(
            organization_id=version.organization_id, role=Role.STAFF, user__is_active=True
        )
        .exclude(user__email="")
        .values_list("pk", "user__email")
        .order_by("pk")
    )
    # In the publisher's language (the standards are written in it), whoever sends it later.
    language = translation.get_language() or settings.LANGUAGE_CODE
    notices = StaffNotice.objects.bulk_create(
        StaffNotice(version=version, membership_id=pk, email=email, language=language)
        for pk, email in staff
    )
    if not notices:
        StandardsVersion.objects.filter(pk=version.pk).update(staff_notified_at=timezone.now())
    return len(notices)


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


def _notice_message(version: StandardsVersion, notice: StaffNotice, connection) -> EmailMessage:
    link = settings.SITE_URL + reverse("standards:version_detail", args=[version.number])
    # The same e-mail whoever sends it (the worker, the sweep, or in the embedded mode a
    # later request in another language): the language it was published in.
    with translation.override(notice.language):
        subject = _("New customer-experience standards: version %d") % version.number
        body = _(
            "Version %(number)d of your standards was published. Read your checklist for "
            "each situation and confirm that you know it:\n\n%(link)s"
        ) % {"number": version.number, "link": link}
    return EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, [notice.email], connection=connection
    )


def _settle(version: StandardsVersion) -> None:
    """Every notice sent or given up: the version's staff are notified."""
    if not version.notices.filter(status=mail.PENDING).exists():
        StandardsVersion.objects.filter(pk=version.pk, staff_notified_at=None).update(
            staff_notified_at=timezone.now()
        )


def notify_staff_of_version(
    *, version: StandardsVersion, budget_seconds: float | None = None
) -> int:
    """E-mail the version's staff notices that are due; returns how many were sent.

    Each notice is claimed before its e-mail goes out and marked sent once the mail
    server accepted it, so a retried or duplicated task sends nothing twice, and a
    refused one is tried again later (see common.mail)."""
    outcome = mail.send_due(
        version.notices.all(),
        message_for=lambda notice, connection: _notice_message(version, notice, connection),
        budget_seconds=budget_seconds,
    )
    _settle(version)
    return outcome.sent


def send_due_notices(*, budget_seconds: float | None = None) -> int:
    """Celery beat, every minute: send every staff notice that is due (its message was
    lost, its worker died, or it waits for another try). Returns how many were sent."""
    sent = 0
    started = timezone.now()
    versions = StandardsVersion.objects.filter(
        pk__in=mail.due(StaffNotice.objects.all()).values("version_id")
    ).order_by("pk")
    for version in versions:
        left = None
        if budget_seconds is not None:
            left = budget_seconds - (timezone.now() - started).total_seconds()
            if left <= 0:
                break
        sent += notify_staff_of_version(version=version, budget_seconds=left)
    return sent


@transaction.atomic
def retry_failed_notices(*, version: StandardsVersion) -> int:
    """Failed notices of a version, and those waiting for another try, are sent again
    now. Returns how many; a second click finds none."""
    count = mail.retry_now(version.notices.all())
    if count:
        StandardsVersion.objects.filter(pk=version.pk).update(staff_notified_at=None)
        from .tasks import notify_staff_of_version

        wake_on_commit(notify_staff_of_version, (version.pk,))
    return count
