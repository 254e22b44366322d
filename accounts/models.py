import hashlib
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import EDITOR_ROLES, Role

TIME_ZONE_CHOICES = [(tz, tz) for tz in sorted(available_timezones())]


class Organization(models.Model):
    """A tenant: a company whose standards, people and figures are kept apart."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    min_sample = models.PositiveIntegerField(
        _("minimum sample"),
        default=30,
        help_text=_("Groups with fewer responses are never ranked."),
    )
    survey_cooldown_days = models.PositiveIntegerField(
        _("survey cool-down (days)"),
        default=90,
        help_text=_("A customer invited by e-mail is not invited again within this many days."),
    )
    show_first_name_on_surveys = models.BooleanField(
        _("show the consultant's first name on surveys"),
        default=False,
        help_text=_("Customers then read “Your host today: Anna”; nothing else is shown."),
    )
    # The language managers write moments, behaviours and notes in; staff reading in a
    # language without a translation fall back to it.
    content_language = models.CharField(
        _("standards written in"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    # Every language the standards are offered in, the original included (a list of
    # codes from settings.LANGUAGES). Empty means the original only.
    content_languages = models.JSONField(_("standards languages"), default=list, blank=True)
    # The clock of people not tied to one location (executives, managers of several
    # locations, administrators): their times would otherwise be the server's, UTC.
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        choices=TIME_ZONE_CHOICES,
        help_text=_("Times are shown on it to people without a location of their own."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name

    @property
    def translation_languages(self) -> list[str]:
        """The languages managers translate into: the chosen ones besides the original,
        in the order of settings.LANGUAGES (a language since dropped from the settings
        is ignored: its translations are kept, no longer asked for)."""
        chosen = set(self.content_languages or [])
        return [
            code
            for code, _name in settings.LANGUAGES
            if code in chosen and code != self.content_language
        ]


class Location(models.Model):
    """A branch, outlet or contact centre of an organization."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="locations"
    )
    name = models.CharField(_("name"), max_length=120)
    code = models.SlugField(_("code"), max_length=40)
    address = models.CharField(_("address"), max_length=250, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", choices=TIME_ZONE_CHOICES
    )

    class Meta:
        ordering = ["organization", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="location_code_unique")
        ]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one organization; a staff membership is a consultant."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    location = models.ForeignKey(
        Location,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("location"),
    )
    employee_code = models.CharField(_("employee code"), max_length=40, blank=True)
    # Staff granted the right to do mystery shopping (managers and admins always may).
    can_mystery_shop = models.BooleanField(_("may do mystery shopping"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "user__last_name", "user__first_name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique"),
            models.UniqueConstraint(
                fields=["organization", "employee_code"],
                condition=~Q(employee_code=""),
                name="employee_code_unique",
            ),
        ]
        indexes = [models.Index(fields=["organization", "role"])]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display()}, {self.organization})"

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def zone(self) -> ZoneInfo:
        """The time zone this person reads times in: their location's, else their
        organization's."""
        if self.location_id:
            return ZoneInfo(self.location.time_zone)
        return ZoneInfo(self.organization.time_zone)

    @property
    def can_edit(self) -> bool:
        return self.role in EDITOR_ROLES

    @property
    def is_staff_member(self) -> bool:
        return self.role == Role.STAFF

    @property
    def can_review(self) -> bool:
        """May record observations, call reviews and mystery shops of others."""
        return self.role in EDITOR_ROLES or (self.role == Role.STAFF and self.can_mystery_shop)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


def hash_api_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


class ApiKey(models.Model):
    """A machine credential for one organization; only a hash of the key is stored."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, db_index=True)
    hashed_key = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organization", "-created_at"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IdempotencyRecord(models.Model):
    """The answer to an API write sent with an `Idempotency-Key` header, kept for
    `IDEMPOTENCY_HOURS` so a client that retries (it never saw the answer) gets the same
    answer instead of a second write. Scoped to the organization and the credential
    (an API key or a signed-in user), so two clients never share keys. Saved in the
    transaction of the write itself: a write is never recorded without its answer."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    # "key:<ApiKey id>" or "user:<User id>".
    credential = models.CharField(max_length=40)
    key = models.CharField(max_length=255)
    # SHA-256 of the method, path and body: the same key with another request is refused.
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField(null=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "credential", "key"], name="idempotency_key_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.credential} {self.key} → {self.status_code}"
