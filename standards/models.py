from django.conf import settings
from django.core.validators import MinLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Membership, Organization
from common.models import Delivery
from touchpoints.models import Moment

from .choices import BehaviourKind


class BehaviourQuerySet(models.QuerySet):
    def active(self):
        return self.filter(retired_at__isnull=True)


class Behaviour(models.Model):
    """What staff do at a moment: iron (baseline) or master (delights)."""

    moment = models.ForeignKey(
        Moment, on_delete=models.CASCADE, related_name="behaviours", verbose_name=_("moment")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=BehaviourKind.choices)
    text = models.CharField(_("behaviour"), max_length=300, validators=[MinLengthValidator(3)])
    example = models.TextField(_("what it looks like"), max_length=1000, blank=True)
    # {"ro": {"text": "…", "example": "…"}}: see touchpoints/translation.py.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    order = models.PositiveIntegerField(default=0)
    # Removing a behaviour retires it: published versions and later reviews still point at it.
    retired_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = BehaviourQuerySet.as_manager()

    class Meta:
        ordering = ["moment", "kind", "order", "id"]
        indexes = [models.Index(fields=["moment", "kind", "order"])]
        verbose_name = _("behaviour")
        verbose_name_plural = _("behaviours")

    def __str__(self) -> str:
        return self.text

    def siblings(self) -> models.QuerySet:
        """The list this behaviour is reordered within: same moment and kind."""
        return Behaviour.objects.active().filter(moment_id=self.moment_id, kind=self.kind)


class StandardsVersion(models.Model):
    """An immutable published snapshot of an organization's standards."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="standards_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    # {"journeys": [...]} — everything staff read, frozen at publication.
    snapshot = models.JSONField()
    # {"added": [...], "changed": [...], "removed": [...]} computed against the previous version.
    changelog = models.JSONField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField()
    # When every staff notice of this version was sent or gave up (see StaffNotice).
    staff_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["organization", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="version_number_unique")
        ]
        verbose_name = _("standards version")
        verbose_name_plural = _("standards versions")

    def __str__(self) -> str:
        return f"v{self.number}"


class Acknowledgement(models.Model):
    """An employee's confirmation of having read a published version."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    version = models.ForeignKey(
        StandardsVersion, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    acknowledged_at = models.DateTimeField()

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "version"], name="acknowledgement_unique")
        ]
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")

    def __str__(self) -> str:
        return f"{self.membership} read {self.version}"


class StaffNotice(Delivery):
    """The e-mail telling one staff member that a version was published: created with
    the version, in its transaction, and sent at least once (common.mail)."""

    version = models.ForeignKey(StandardsVersion, on_delete=models.CASCADE, related_name="notices")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    # The address when the version was published.
    email = models.EmailField(_("e-mail"))
    # The publisher's language: staff read the standards in the language they are written in.
    language = models.CharField(max_length=10, default="en")

    class Meta:
        ordering = ["version", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "membership"], name="staff_notice_unique")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        verbose_name = _("staff notice")
        verbose_name_plural = _("staff notices")

    def __str__(self) -> str:
        return f"{self.email} · v{self.version_id}"
