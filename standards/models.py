from django.conf import settings
from django.core.validators import MaxValueValidator, MinLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Membership, Organization
from common.models import Delivery
from touchpoints.models import NAME_MAX, Journey, Moment

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
    """An immutable published snapshot of an organization's standards: of one journey,
    or (explicitly) of all journeys. Numbers run per organization across journeys."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="standards_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    # The scope. A hotel check-in is not a restaurant consultant's business: a version of
    # one journey is asked only of the staff at the locations that journey applies to.
    all_journeys = models.BooleanField(_("all journeys"), default=True)
    # Not CASCADE: deleting a journey keeps its published versions (reviews point at them);
    # such a version then applies to no one and keeps the name it was published under.
    journey = models.ForeignKey(
        Journey,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="standards_versions",
        verbose_name=_("journey"),
    )
    journey_name = models.CharField(_("journey name"), max_length=NAME_MAX, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # {"journeys": [...]} — everything staff read, frozen at publication: every journey,
    # or only the version's journey.
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
            models.UniqueConstraint(
                fields=["organization", "number"], name="version_number_unique"
            ),
            # A version is either of all journeys or of one (its name kept even once the
            # journey is deleted), never both.
            models.CheckConstraint(
                condition=(Q(all_journeys=True, journey__isnull=True, journey_name=""))
                | (Q(all_journeys=False) & ~Q(journey_name="")),
                name="version_scope_consistent",
            ),
        ]
        indexes = [models.Index(fields=["organization", "journey", "-number"])]
        verbose_name = _("standards version")
        verbose_name_plural = _("standards versions")

    def __str__(self) -> str:
        return f"v{self.number}"

    @property
    def scope_label(self) -> str:
        """What the version covers, shown beside its number."""
        return self.journey_name if not self.all_journeys else str(_("All journeys"))


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


class CompetitorPractice(models.Model):
    """What a competitor, or a leader from another industry, does at one of our moments."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="competitor_practices"
    )
    moment = models.ForeignKey(
        Moment,
        on_delete=models.CASCADE,
        related_name="competitor_practices",
        verbose_name=_("moment"),
    )
    competitor = models.CharField(_("who"), max_length=120, validators=[MinLengthValidator(2)])
    industry = models.CharField(_("industry"), max_length=80, blank=True)
    where = models.CharField(_("where"), max_length=200, blank=True)
    observed_on = models.DateField(_("when"))
    description = models.TextField(
        _("what they do"), max_length=2000, validators=[MinLengthValidator(3)]
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 = poor, 5 = remarkable"),
    )
    photo = models.ImageField(_("photo"), upload_to="competitors/%Y/%m/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Practices moved from reviews without touching the data: the tables kept their names.
        db_table = "reviews_competitorpractice"
        ordering = ["moment", "-observed_on", "-id"]
        verbose_name = _("competitor practice")
        verbose_name_plural = _("competitor practices")

    def __str__(self) -> str:
        return f"{self.competitor}: {self.description[:50]}"


class BestPractice(models.Model):
    """What a top consultant does differently at a moment; can become a master behaviour."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="best_practices"
    )
    consultant = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="best_practices",
        verbose_name=_("consultant"),
    )
    moment = models.ForeignKey(
        Moment, on_delete=models.CASCADE, related_name="best_practices", verbose_name=_("moment")
    )
    description = models.TextField(
        _("what they do differently"), max_length=2000, validators=[MinLengthValidator(3)]
    )
    behaviours = models.ManyToManyField(
        Behaviour,
        blank=True,
        related_name="best_practices",
        verbose_name=_("related behaviours"),
        # Practices moved from reviews without touching the data: the tables kept their names.
        db_table="reviews_bestpractice_behaviours",
    )
    # The master behaviour drafted from it, once promoted.
    promoted_behaviour = models.OneToOneField(
        Behaviour, on_delete=models.SET_NULL, null=True, blank=True, related_name="source_practice"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Practices moved from reviews without touching the data: the tables kept their names.
        db_table = "reviews_bestpractice"
        ordering = ["-created_at", "-id"]
        verbose_name = _("best practice")
        verbose_name_plural = _("best practices")

    def __str__(self) -> str:
        return self.description[:60]
