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

from accounts.models import Membership, Organization
from common import mail
from common.jobs import wake_on_commit
from touchpoints.models import Journey, Moment
from touchpoints.services import move
from touchpoints.translation import (
    current_translations,
    merge_translations,
    outdate_translations,
    translation_changes,
)

from . import scope
from .changes import changelog_for_display
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
    text, example = " ".join(text.split()), example.strip()
    # A changed original makes its translations outdated (touchpoints.translation).
    outdate_translations(
        behaviour,
        [
            name
            for name, value in (("text", text), ("example", example))
            if getattr(behaviour, name) != value
        ],
    )
    behaviour.kind, behaviour.text, behaviour.example = kind, text, example
    for language, values in (translations or {}).items():
        kept = (behaviour.translations or {}).get(language) or {}
        behaviour.translations = merge_translations(
            behaviour.translations, language, {**kept, **values}
        )
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


def build_snapshot(organization: Organization, journey: Journey | None = None) -> dict:
    """The current standards as plain data (of one journey, or of all), frozen into a
    version at publication."""
    journeys = []
    selected = current_standards(organization)
    if journey is not None:
        selected = selected.filter(pk=journey.pk)
    for journey in selected:  # the argument was only the filter
        touchpoints = []
        for touchpoint in journey.touchpoints.all():
            moments = [
                {
                    "id": moment.pk,
                    "name": moment.name,
                    "is_critical": moment.is_critical,
                    "customer_expectation": moment.customer_expectation,
                    # Every language, frozen with the original (touchpoints.translation).
                    "translations": current_translations(moment),
                    "behaviours": [
                        {
                            "id": b.pk,
                            "kind": b.kind,
                            "text": b.text,
                            "example": b.example,
                            "translations": current_translations(b),
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
                moments[moment["id"]] = {**moment, "where": where, "journey_id": journey["id"]}
                for behaviour in moment["behaviours"]:
                    behaviours[behaviour["id"]] = {
                        **behaviour,
                        "where": f"{where} › {moment['name']}",
                        "journey_id": journey["id"],
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
        # So a reader sees only the changes of the journeys that apply to them.
        "journey_id": item["journey_id"],
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
    return translation_changes(before.get("translations"), after.get("translations"), fields)


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


def published_snapshot(
    organization: Organization, journey: Journey | None = None
) -> tuple[dict | None, int | None]:
    """What staff were last asked to read (of one journey, or of all) and the newest
    version number it comes from, or (None, None) if nothing was published.

    A journey's part comes from its current version: its own newest, or the newest of all
    journeys if that is later. The comparison base for the next version, so its
    changelog says what changed since what staff read, whichever scope that came from."""
    versions = StandardsVersion.objects.filter(organization=organization)
    last_all = versions.filter(all_journeys=True).order_by("-number").first()
    if journey is not None:
        own = versions.filter(journey=journey).order_by("-number").first()
        source = max((v for v in (own, last_all) if v), key=lambda v: v.number, default=None)
        if source is None:
            return None, None
        parts = [part for part in source.snapshot["journeys"] if part["id"] == journey.pk]
        return {"journeys": parts}, source.number
    since = last_all.number if last_all else 0
    newer = versions.filter(all_journeys=False, journey__isnull=False, number__gt=since).order_by(
        "number"
    )
    parts = {part["id"]: part for part in (last_all.snapshot["journeys"] if last_all else [])}
    last_number = last_all.number if last_all else None
    for version in newer:  # in order: a journey's newest version wins
        for part in version.snapshot["journeys"]:
            if part["id"] == version.journey_id:
                parts[part["id"]] = part
        last_number = version.number
    if last_number is None:
        return None, None
    return {"journeys": list(parts.values())}, last_number


def pending_changes(organization: Organization, journey: Journey | None = None) -> dict:
    """What the next publication (of one journey, or of all) would contain, for the
    publish page preview."""
    previous, _number = published_snapshot(organization, journey)
    return compute_changelog(previous, build_snapshot(organization, journey))


def pending_change_counts(organization: Organization) -> dict[int, int]:
    """Journey id → how many changes publishing it alone would publish, so the manager
    sees which journeys have unpublished changes."""
    previous, _number = published_snapshot(organization)
    before = {part["id"]: part for part in (previous or {}).get("journeys", [])}
    counts = {}
    for part in build_snapshot(organization)["journeys"]:
        old = {"journeys": [before[part["id"]]]} if part["id"] in before else None
        changelog = compute_changelog(old, {"journeys": [part]})
        counts[part["id"]] = sum(len(entries) for entries in changelog.values())
    return counts


def publish_preview(organization: Organization, journey: Journey | None = None) -> dict:
    """The publish page for one journey (or all): its pending changes ready to display,
    the version they are compared with, and who will be asked to confirm."""
    previous, previous_number = published_snapshot(organization, journey)
    changelog = compute_changelog(previous, build_snapshot(organization, journey))
    journey_ids = (
        [journey.pk]
        if journey is not None
        else scope.version_journey_ids(
            StandardsVersion(organization=organization, all_journeys=True)
        )
    )
    locations = list(journey.locations.order_by("name")) if journey is not None else []
    return {
        "changes": changelog_for_display(changelog),
        "previous_number": previous_number,
        "audience": scope.staff_for_journeys(organization.pk, journey_ids).count(),
        "locations": locations,
    }


@transaction.atomic
def publish_standards(
    *, organization: Organization, by, note: str = "", journey: Journey | None = None
) -> StandardsVersion:
    """Freeze the current standards of one journey (or, with None, of all journeys) as the
    organization's next numbered version, with a changelog against what staff read
    before; only the staff to whom the journey applies are notified and asked."""
    if journey is not None and journey.organization_id != organization.pk:
        raise ValidationError(_("This journey belongs to another organization."))
    # Lock the tenant row so two managers publishing at once get numbers n and n+1.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    last_number = StandardsVersion.objects.filter(organization=organization).aggregate(
        n=Max("number")
    )["n"]
    previous, previous_number = published_snapshot(organization, journey)
    snapshot = build_snapshot(organization, journey)
    changelog = compute_changelog(previous, snapshot)
    has_behaviours = any(
        moment["behaviours"]
        for part in snapshot["journeys"]
        for touchpoint in part["touchpoints"]
        for moment in touchpoint["moments"]
    )
    if previous is None and not has_behaviours:
        if journey is not None:
            raise ValidationError(
                _("There is nothing to publish for “%(journey)s” yet: add behaviours first.")
                % {"journey": journey.name}
            )
        raise ValidationError(_("There is nothing to publish yet: add behaviours first."))
    if previous is not None and not any(changelog.values()):
        raise ValidationError(
            _("Nothing has changed since version %d, so there is nothing to publish.")
            % previous_number
        )
    try:
        with transaction.atomic():
            version = StandardsVersion.objects.create(
                organization=organization,
                number=(last_number or 0) + 1,
                all_journeys=journey is None,
                journey=journey,
                journey_name=journey.name if journey is not None else "",
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
    """One notice per active staff member in the version's scope with an address, in the
    publish transaction: owed e-mail is never lost, even if the task's message is."""
    staff = (
        scope.staff_in_scope(version)
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
    """Record that an employee read a version; acknowledging twice keeps the first time.
    Only a version covering a journey that applies to them can be acknowledged."""
    if version.organization_id != membership.organization_id:
        raise ValidationError(_("This version belongs to another organization."))
    if not scope.applies_to(version, membership):
        raise ValidationError(
            _("Version %(number)d is for “%(journey)s”, which does not apply at your location.")
            % {"number": version.number, "journey": version.scope_label}
        )
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
        if version.all_journeys:
            body = _(
                "Version %(number)d of your standards was published. Read your checklist for "
                "each situation and confirm that you know it:\n\n%(link)s"
            ) % {"number": version.number, "link": link}
        else:
            body = _(
                "Version %(number)d of your standards for “%(journey)s” was published. Read "
                "what changed and your checklist for each situation, and confirm that you "
                "know it:\n\n%(link)s"
            ) % {"number": version.number, "journey": version.journey_name, "link": link}
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
