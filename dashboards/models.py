from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Location, Membership, Organization
from touchpoints.models import Moment, Touchpoint

# Rollups are derived data, rebuilt from the raw rows: their foreign keys have no
# database constraint (deleting a parent still cascades through the ORM), and each table
# keeps only the indexes its slices and readers use. Both kept a full rebuild several
# times slower than the SELECT it writes.


def _reference(to, *, null: bool = False) -> models.ForeignKey:
    return models.ForeignKey(
        to,
        on_delete=models.CASCADE,
        null=null,
        blank=null,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )


class SurveyDaily(models.Model):
    """Additive daily counts of responses per (organization, local day, location,
    consultant, touchpoint, moment, channel, metric).

    `promoters`, `passives` and `detractors` are the metric's top, middle and bottom
    bands (NPS 9–10 / 7–8 / 0–6; CSAT 4–5 "satisfied" / 3 / 1–2; CES 6–7 / 4–5 / 1–3),
    so NPS, CSAT top-two box, CES top box and every mean add up over any grouping.
    `score_sum_squares` adds up too: with `score_sum` and `n` it gives the standard
    deviation, hence the margin of error of a mean (CES). Rebuilt from responses, never
    edited by hand.
    """

    organization = _reference(Organization)
    day = models.DateField()
    location = _reference(Location, null=True)
    consultant = _reference(Membership, null=True)
    touchpoint = _reference(Touchpoint, null=True)
    moment = _reference(Moment, null=True)
    channel = models.CharField(max_length=20, blank=True)
    metric = models.CharField(max_length=10)
    n = models.PositiveIntegerField()
    promoters = models.PositiveIntegerField()
    passives = models.PositiveIntegerField()
    detractors = models.PositiveIntegerField()
    score_sum = models.PositiveIntegerField()
    score_sum_squares = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["organization", "day"]
        indexes = [
            # Slices are replaced by (organization, day); dashboards read a period of
            # one metric. Staff read their own rows.
            models.Index(fields=["organization", "day", "metric"]),
            models.Index(fields=["organization", "consultant", "day"]),
        ]
        verbose_name = _("daily survey counts")
        verbose_name_plural = _("daily survey counts")

    def __str__(self) -> str:
        return f"{self.day} {self.metric} n={self.n}"


class ComplianceDaily(models.Model):
    """Additive daily counts of scored behaviours from reviews that count (submitted, not
    corrected since) per (organization, local day, location, consultant, moment,
    behaviour, tier, kind of review): met, not met, not applicable."""

    organization = _reference(Organization)
    day = models.DateField()
    location = _reference(Location)
    consultant = _reference(Membership)
    moment = _reference(Moment)
    behaviour = _reference("standards.Behaviour")
    kind = models.CharField(max_length=10)
    review_kind = models.CharField(max_length=20)
    met = models.PositiveIntegerField()
    not_met = models.PositiveIntegerField()
    not_applicable = models.PositiveIntegerField()
    # Reviews whose first scored behaviour is this row's: summed over any grouping that
    # keeps a review whole (anything but behaviour), it counts each review once.
    reviews = models.PositiveIntegerField(default=0)
    # Reviews whose first scored behaviour of this row's moment is this row's: summed per
    # moment (or within one moment), it counts a review of two moments under each of them.
    moment_reviews = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["organization", "day"]
        indexes = [
            models.Index(fields=["organization", "day"]),
            models.Index(fields=["organization", "consultant", "day"]),
        ]
        verbose_name = _("daily compliance counts")
        verbose_name_plural = _("daily compliance counts")

    def __str__(self) -> str:
        return f"{self.day} {self.kind} met={self.met} not_met={self.not_met}"


class DriverDaily(models.Model):
    """NPS answers of reviewed interactions (review and response joined on
    interaction_ref), per behaviour and whether it was met, per (organization, local day
    of the review, location, consultant, moment, behaviour)."""

    organization = _reference(Organization)
    day = models.DateField()
    location = _reference(Location)
    consultant = _reference(Membership)
    moment = _reference(Moment)
    behaviour = _reference("standards.Behaviour")
    kind = models.CharField(max_length=10)
    met = models.BooleanField()
    n = models.PositiveIntegerField()
    promoters = models.PositiveIntegerField()
    detractors = models.PositiveIntegerField()

    class Meta:
        ordering = ["organization", "day"]
        indexes = [
            models.Index(fields=["organization", "day"]),
        ]
        verbose_name = _("daily driver counts")
        verbose_name_plural = _("daily driver counts")

    def __str__(self) -> str:
        return f"{self.day} behaviour={self.behaviour_id} met={self.met} n={self.n}"


class RollupChecksum(models.Model):
    """What a day of a rollup table was last written from (PostgreSQL): its number of
    rows and their hashes XORed, so a rebuild rewrites only the days that differ."""

    organization = _reference(Organization)
    rollup = models.CharField(max_length=40)
    day = models.DateField()
    rows = models.PositiveIntegerField()
    checksum = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "rollup", "day"], name="rollup_checksum_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rollup} {self.day} rows={self.rows}"


class PendingSlice(models.Model):
    """Work owed to a rollup table: a slice (organization, table, local day) to compute
    again from the raw rows, recorded in the same transaction as the answers or reviews
    that changed it, so it survives a lost message, a dead worker or a Redis outage.

    Rows are only ever inserted (no row is shared, so concurrent answers never wait for
    each other) and deleted by the worker that recomputed their slice. `day` None means
    every day; a driver row may instead name an answered interaction
    (`interaction_ref`), whose reviews' days are looked up when the work is done.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    rollup = models.CharField(max_length=20)
    day = models.DateField(null=True, blank=True)
    interaction_ref = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["organization", "rollup", "id"])]

    def __str__(self) -> str:
        return f"{self.rollup} {self.day or self.interaction_ref or 'all days'}"
