"""Writes for organizations, locations, memberships and API keys."""

import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiKey, Location, Membership, Organization, hash_api_key

User = get_user_model()

API_KEY_PREFIX = "cxm_"


def create_organization(*, name: str, slug: str, min_sample: int = 30) -> Organization:
    """Create a tenant."""
    return Organization.objects.create(name=name, slug=slug, min_sample=min_sample)


def update_organization(
    *,
    organization: Organization,
    name: str,
    min_sample: int,
    survey_cooldown_days: int | None = None,
    show_first_name_on_surveys: bool | None = None,
    content_language: str | None = None,
    content_languages: list[str] | None = None,
    time_zone: str | None = None,
) -> Organization:
    """Rename the organization, change its minimum sample for rankings, its survey rules
    or the languages of its standards (translations of a dropped language are kept, so
    choosing it again brings them back)."""
    organization.name, organization.min_sample = " ".join(name.split()), min_sample
    if survey_cooldown_days is not None:
        organization.survey_cooldown_days = survey_cooldown_days
    if show_first_name_on_surveys is not None:
        organization.show_first_name_on_surveys = show_first_name_on_surveys
    if content_language is not None:
        organization.content_language = content_language
    if content_languages is not None:
        organization.content_languages = list(content_languages)
    if time_zone:
        organization.time_zone = time_zone
    organization.full_clean()
    organization.save(
        update_fields=[
            "name",
            "min_sample",
            "survey_cooldown_days",
            "show_first_name_on_surveys",
            "content_language",
            "content_languages",
            "time_zone",
        ]
    )
    return organization


def save_location(
    *,
    organization: Organization,
    name: str,
    code: str,
    address: str = "",
    time_zone: str = "UTC",
    location: Location | None = None,
) -> Location:
    """Create or update a location; codes are unique within the organization."""
    clash = Location.objects.filter(organization=organization, code=code)
    if location is not None:
        clash = clash.exclude(pk=location.pk)
    if clash.exists():
        raise ValidationError({"code": _("Another location already uses the code “%s”.") % code})
    first = location is None and not Location.objects.filter(organization=organization).exists()
    location = location or Location(organization=organization)
    location.name, location.code = name, code
    location.address, location.time_zone = address, time_zone
    location.full_clean()
    location.save()
    if first and organization.time_zone == "UTC":
        # A new organization's first location tells where it works: its executives and
        # administrators then read times on that clock, not the server's, until changed.
        organization.time_zone = time_zone
        organization.save(update_fields=["time_zone"])
    return location


def _check_employee_code(organization, employee_code, exclude_pk=None):
    if not employee_code:
        return
    clash = Membership.objects.filter(organization=organization, employee_code=employee_code)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {
                "employee_code": _("Employee code “%s” is already used by %s.")
                % (employee_code, clash.first().display_name)
            }
        )


def _check_location(organization, location):
    if location is not None and location.organization_id != organization.pk:
        raise ValidationError({"location": _("Choose a location of this organization.")})


@transaction.atomic
def add_member(
    *,
    organization: Organization,
    username: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    password: str | None = None,
    location: Location | None = None,
    employee_code: str = "",
) -> Membership:
    """Add a person to the organization, creating the user account if it is new."""
    _check_employee_code(organization, employee_code)
    _check_location(organization, location)
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, "email": email},
    )
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    if Membership.objects.filter(user=user, organization=organization).exists():
        raise ValidationError({"username": _("%s is already a member.") % username})
    try:
        with transaction.atomic():
            return Membership.objects.create(
                user=user,
                organization=organization,
                role=role,
                location=location,
                employee_code=employee_code,
            )
    except IntegrityError as exc:  # a concurrent add with the same code
        raise ValidationError({"employee_code": _("This employee code is already used.")}) from exc


@transaction.atomic
def update_member(
    *,
    membership: Membership,
    role: str,
    location: Location | None,
    employee_code: str,
    first_name: str,
    last_name: str,
    email: str,
) -> Membership:
    """Change a person's role, location, code and name."""
    _check_employee_code(membership.organization, employee_code, exclude_pk=membership.pk)
    _check_location(membership.organization, location)
    membership.role, membership.location = role, location
    membership.employee_code = employee_code
    membership.save()
    user = membership.user
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.save(update_fields=["first_name", "last_name", "email"])
    return membership


def create_api_key(*, organization: Organization, name: str, by) -> tuple[ApiKey, str]:
    """Create a key and return it with the raw secret, which is shown only once."""
    raw = API_KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        organization=organization,
        name=name,
        prefix=raw[: len(API_KEY_PREFIX) + 6],
        hashed_key=hash_api_key(raw),
        created_by=by,
    )
    return key, raw


def revoke_api_key(*, api_key: ApiKey) -> ApiKey:
    """Revoke a key; revoking twice keeps the first time."""
    ApiKey.objects.filter(pk=api_key.pk, revoked_at=None).update(revoked_at=timezone.now())
    api_key.refresh_from_db()
    return api_key


def authenticate_api_key(raw: str) -> ApiKey | None:
    """The active key matching the raw secret, if any; records when it was last used."""
    key = (
        ApiKey.objects.filter(hashed_key=hash_api_key(raw), revoked_at=None)
        .select_related("organization")
        .first()
    )
    if key is not None:
        now = timezone.now()
        # Touch at most once a minute, so busy integrations do not write on every call.
        if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key


def unlock_member(*, membership: Membership) -> int:
    """Forget the wrong passwords counted against a member's username (django-axes), so
    they can sign in again at once; returns how many lockout records were removed."""
    from axes.utils import reset

    return reset(username=membership.user.get_username())
