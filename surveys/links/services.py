"""Writes for survey links (one per customer, or a reusable QR code): the context their
answers are credited to."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.models import Location, Membership, Organization
from touchpoints.choices import Channel
from touchpoints.models import Moment, Touchpoint

from ..choices import LinkKind, Source
from ..forms.services import check_context
from ..intake.attribution import credit
from ..models import Survey, SurveyLink


def _check_link_people(
    organization: Organization, consultant: Membership | None, location: Location | None
) -> None:
    errors = {}
    if consultant is not None and (
        consultant.organization_id != organization.pk or consultant.role != Role.STAFF
    ):
        errors["consultant"] = _("Choose a consultant of this organization.")
    if location is not None and location.organization_id != organization.pk:
        errors["location"] = _("Choose a location of this organization.")
    if errors:
        raise ValidationError(errors)


def _check_expiry(expires_at: datetime | None) -> None:
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})


def create_link(
    *,
    survey: Survey,
    kind: str = LinkKind.SINGLE,
    consultant: Membership | None = None,
    location: Location | None = None,
    touchpoint: Touchpoint | None = None,
    moment: Moment | None = None,
    channel: str = "",
    label: str = "",
    interaction_ref: str = "",
    expires_at: datetime | None = None,
    source: str | None = None,
    by=None,
) -> SurveyLink:
    """A link to `survey` whose responses are credited to the given context.

    Missing context comes from the survey (touchpoint, moment) and from the consultant
    (their location)."""
    organization = survey.organization
    if kind not in LinkKind.values:
        raise ValidationError({"kind": _("Choose single-use or reusable.")})
    if channel and channel not in Channel.values:
        raise ValidationError({"channel": _("Unknown channel.")})
    _check_link_people(organization, consultant, location)
    _check_expiry(expires_at)
    credited = credit(
        survey=survey,
        consultant=consultant,
        location=location,
        touchpoint=touchpoint,
        moment=moment,
        channel=channel,
    )
    check_context(organization, None, credited.touchpoint, credited.moment)
    if source is None:
        source = Source.QR if kind == LinkKind.REUSABLE else Source.LINK
    link = SurveyLink(
        organization=organization,
        survey=survey,
        kind=kind,
        consultant=credited.consultant,
        location=credited.location,
        touchpoint=credited.touchpoint,
        moment=credited.moment,
        channel=credited.channel,
        label=" ".join(label.split()),
        interaction_ref=interaction_ref.strip(),
        expires_at=expires_at,
        source=source,
        created_by=by,
    )
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def create_links_for_location(
    *,
    survey: Survey,
    location: Location,
    kind: str = LinkKind.REUSABLE,
    expires_at: datetime | None = None,
    by=None,
) -> list[SurveyLink]:
    """One link per active consultant of the location (e.g. a QR code for each desk),
    in one transaction: all or none."""
    _check_link_people(survey.organization, None, location)
    consultants = Membership.objects.filter(
        organization=survey.organization, location=location, role=Role.STAFF, user__is_active=True
    ).select_related("user", "location")
    if not consultants:
        raise ValidationError({"location": _("This location has no consultants yet.")})
    return [
        create_link(
            survey=survey,
            kind=kind,
            consultant=consultant,
            location=location,
            expires_at=expires_at,
            label=consultant.display_name,
            by=by,
        )
        for consultant in consultants
    ]


def revoke_link(*, link: SurveyLink) -> SurveyLink:
    """Stop a link from taking answers (e.g. a QR code that was printed by mistake)."""
    SurveyLink.objects.filter(pk=link.pk, revoked_at=None).update(revoked_at=timezone.now())
    link.refresh_from_db()
    return link
