from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Location, Membership, Organization
from standards.models import Behaviour, StandardsVersion
from touchpoints.models import Moment

from .choices import ItemResult, ReviewKind, ReviewStatus


class Review(models.Model):
    """A check of one consultant's behaviours at one or more moments.

    Drafts are edited freely; a submitted review is immutable. A correction is a new
    review that supersedes the old one (both are kept; only the newest counts).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("kind"), max_length=20, choices=ReviewKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    reviewer = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        related_name="reviews_made",
        verbose_name=_("reviewer"),
    )
    consultant = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        related_name="reviews_received",
        verbose_name=_("consultant"),
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("location")
    )
    moments = models.ManyToManyField(Moment, related_name="reviews", verbose_name=_("moments"))
    occurred_at = models.DateTimeField(_("date and time of the interaction"))
    interaction_ref = models.CharField(
        _("interaction reference"),
        max_length=100,
        blank=True,
        help_text=_("A call id or receipt number, so a survey answer can be matched."),
    )
    coaching_note = models.TextField(_("coaching note"), max_length=4000, blank=True)
    # The published version the review was scored against (set at submission).
    standards_version = models.ForeignKey(
        StandardsVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects"),
    )
    # Set when a newer submitted review corrects this one; such reviews no longer count.
    superseded_at = models.DateTimeField(null=True, blank=True)
    # A retried "create" with the same token returns the same draft.
    client_token = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "client_token"],
                condition=~Q(client_token=""),
                name="review_client_token_unique",
            )
        ]
        indexes = [
            models.Index(fields=["organization", "status", "occurred_at"]),
            models.Index(fields=["consultant", "status", "occurred_at"]),
            models.Index(fields=["location", "status", "occurred_at"]),
            models.Index(fields=["organization", "interaction_ref"]),
        ]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        when = f"{self.occurred_at:%Y-%m-%d}"
        return f"{self.get_kind_display()} · {self.consultant.display_name} · {when}"

    @property
    def is_draft(self) -> bool:
        return self.status == ReviewStatus.DRAFT

    @property
    def counts(self) -> bool:
        """Submitted and not corrected by a newer review: it counts in compliance."""
        return self.status == ReviewStatus.SUBMITTED and self.superseded_at is None


class ReviewItem(models.Model):
    """One behaviour scored in a review: met, not met or not applicable."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="items")
    behaviour = models.ForeignKey(
        Behaviour,
        on_delete=models.PROTECT,
        related_name="review_items",
        verbose_name=_("behaviour"),
    )
    # Kept on the item so compliance per tier stays right if a behaviour changes tier later.
    kind = models.CharField(max_length=10)
    result = models.CharField(_("result"), max_length=10, choices=ItemResult.choices)
    note = models.CharField(_("note"), max_length=1000, blank=True)

    class Meta:
        ordering = ["review", "behaviour__moment", "kind", "behaviour__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "behaviour"], name="review_item_unique")
        ]
        indexes = [models.Index(fields=["behaviour", "result"])]
        verbose_name = _("review item")
        verbose_name_plural = _("review items")

    def __str__(self) -> str:
        return f"{self.behaviour}: {self.get_result_display()}"
