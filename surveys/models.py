import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Location, Membership, Organization
from common.models import Delivery
from touchpoints.choices import Channel
from touchpoints.models import Journey, Moment, Touchpoint

from .choices import (
    SCALES,
    SURVEY_LANGUAGES,
    InvitationStatus,
    JobStatus,
    LinkKind,
    Metric,
    Source,
)

COMMENT_MAX = 2000
LANGUAGE_CHOICES = [
    ("en", "English"),
    ("pl", "Polski"),
    ("ru", "Русский"),
    ("ro", "Română"),
]


def new_token() -> str:
    # 16 random bytes: unguessable, and short enough for a QR code that scans from afar.
    return secrets.token_urlsafe(16)


class Survey(models.Model):
    """One question on one scale (NPS, CSAT or CES), asked in the customer's language,
    about a journey, a touchpoint or a moment."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="surveys")
    name = models.CharField(_("name"), max_length=120)
    metric = models.CharField(_("metric"), max_length=10, choices=Metric.choices)
    question_en = models.CharField(_("question (English)"), max_length=300)
    question_pl = models.CharField(_("question (Polish)"), max_length=300, blank=True)
    question_ru = models.CharField(_("question (Russian)"), max_length=300, blank=True)
    question_ro = models.CharField(_("question (Romanian)"), max_length=300, blank=True)
    follow_up_en = models.CharField(_("follow-up question (English)"), max_length=300, blank=True)
    follow_up_pl = models.CharField(_("follow-up question (Polish)"), max_length=300, blank=True)
    follow_up_ru = models.CharField(_("follow-up question (Russian)"), max_length=300, blank=True)
    follow_up_ro = models.CharField(_("follow-up question (Romanian)"), max_length=300, blank=True)
    journey = models.ForeignKey(
        Journey,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("journey"),
    )
    touchpoint = models.ForeignKey(
        Touchpoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("touchpoint"),
    )
    moment = models.ForeignKey(
        Moment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("moment"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "name", "id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.name

    @property
    def scale(self) -> range:
        low, high = SCALES[self.metric]
        return range(low, high + 1)

    def question(self, language: str) -> str:
        """The question in `language`, falling back to English."""
        return getattr(self, f"question_{language}", "") or self.question_en

    def follow_up(self, language: str) -> str:
        return getattr(self, f"follow_up_{language}", "") or self.follow_up_en

    @property
    def languages(self) -> list[str]:
        """The languages the question is written in."""
        return [code for code in SURVEY_LANGUAGES if getattr(self, f"question_{code}")]


class SurveyLink(models.Model):
    """A link (or QR code) to a survey that carries the context a response is credited to:
    consultant, location, touchpoint or moment, channel."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="survey_links"
    )
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="links", verbose_name=_("survey")
    )
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    kind = models.CharField(
        _("kind"), max_length=10, choices=LinkKind.choices, default=LinkKind.SINGLE
    )
    label = models.CharField(_("label"), max_length=120, blank=True)
    consultant = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_links",
        verbose_name=_("consultant"),
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_links",
        verbose_name=_("location"),
    )
    touchpoint = models.ForeignKey(
        Touchpoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_links",
        verbose_name=_("touchpoint"),
    )
    moment = models.ForeignKey(
        Moment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_links",
        verbose_name=_("moment"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, blank=True)
    # What its responses are recorded as: link, qr (reusable, printed) or email (invitation).
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.LINK
    )
    # Set on e-mail invitations and receipts, so the answer can be matched to a review.
    interaction_ref = models.CharField(_("interaction reference"), max_length=100, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    # A single-use link is claimed by its one response; a reusable one never is.
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "kind", "created_at"]),
            models.Index(fields=["survey", "created_at"]),
        ]
        verbose_name = _("survey link")
        verbose_name_plural = _("survey links")

    def __str__(self) -> str:
        return self.label or self.token

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_used(self) -> bool:
        return self.kind == LinkKind.SINGLE and self.used_at is not None

    @property
    def is_open(self) -> bool:
        """Still takes an answer."""
        return not (self.is_expired or self.is_used or self.revoked_at)


class DeviceAnswer(models.Model):
    """A device's answer to a reusable (QR) link: one per device and link within
    SURVEY_DEVICE_WINDOW_HOURS. Kept in the database, in the transaction that saves the
    answer, so the window holds even when the cache is away; the unique pair makes two
    parallel posts from one device save one answer. `device` is a keyed hash of the
    device cookie (or of the IP for a browser without cookies), never the value itself."""

    link = models.ForeignKey(SurveyLink, on_delete=models.CASCADE, related_name="+")
    device = models.CharField(max_length=64)
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["-answered_at"]
        constraints = [
            models.UniqueConstraint(fields=["link", "device"], name="device_answer_per_link")
        ]
        indexes = [models.Index(fields=["answered_at"])]

    def __str__(self) -> str:
        return f"link {self.link_id} device {self.device[:8]}… at {self.answered_at}"


class ImportBatch(models.Model):
    """A CSV file of responses: checked first (errors per line), then imported in the
    background in chunks, each saved in one transaction together with the progress, so
    an import that stops resumes after its last saved chunk (see imports/services.py)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="response_imports"
    )
    file_name = models.CharField(_("file"), max_length=200)
    # The decoded file, kept until the import is done or cancelled: a retry resumes from it.
    content = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64)
    status = models.CharField(
        _("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.PREVIEW
    )
    total_rows = models.PositiveIntegerField(default=0)
    # Rows handled so far (new + already present), committed with each chunk.
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    # Rows already imported: all of them, and those of them recognised by the id derived
    # from an earlier import of the same file (the others by their own external_id).
    duplicate_count = models.PositiveIntegerField(default=0)
    duplicate_file_count = models.PositiveIntegerField(default=0)
    # [{"line": 3, "field": "score", "message": "…"}], at most a few hundred.
    errors = models.JSONField(default=list, blank=True)
    # Why the import stopped, while it is INTERRUPTED.
    last_error = models.TextField(blank=True)
    # The last sign of life: queued, claimed or a chunk saved. The sweep re-sends a batch
    # queued too long and takes back a running one whose worker went silent.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # Times the sweep took it back from a silent worker since the last start or retry.
    attempts = models.PositiveSmallIntegerField(default=0)
    # The current run's claim: a worker whose claim was taken back saves nothing more.
    run_token = models.CharField(max_length=32, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]
        verbose_name = _("response import")
        verbose_name_plural = _("response imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == JobStatus.DONE else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def duplicate_id_count(self) -> int:
        """Rows already imported that were recognised by their own external_id."""
        return self.duplicate_count - self.duplicate_file_count


class Response(models.Model):
    """One customer's answer: a score on the metric's scale and an optional comment,
    credited to a consultant, location, touchpoint and moment."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="responses"
    )
    survey = models.ForeignKey(
        Survey,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("survey"),
    )
    link = models.ForeignKey(
        SurveyLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    metric = models.CharField(_("metric"), max_length=10, choices=Metric.choices)
    score = models.SmallIntegerField(_("score"))
    comment = models.TextField(
        _("comment"), blank=True, validators=[MaxLengthValidator(COMMENT_MAX)]
    )
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES, default="en")
    consultant = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("consultant"),
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("location"),
    )
    touchpoint = models.ForeignKey(
        Touchpoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("touchpoint"),
    )
    moment = models.ForeignKey(
        Moment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("moment"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    submitted_at = models.DateTimeField(_("submitted"))
    interaction_ref = models.CharField(_("interaction reference"), max_length=100, blank=True)
    # The sender's id: a retry with the same id is the same response.
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    import_batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "external_id"],
                condition=~Q(external_id=""),
                name="response_external_id_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "submitted_at"]),
            models.Index(fields=["organization", "metric", "submitted_at"]),
            models.Index(fields=["consultant", "submitted_at"]),
            models.Index(fields=["location", "submitted_at"]),
            models.Index(fields=["organization", "interaction_ref"]),
        ]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:
        return f"{self.get_metric_display()} {self.score} · {self.submitted_at:%Y-%m-%d}"


class InvitationBatch(models.Model):
    """A list of customers invited by e-mail to one survey, sent in the background.

    RUNNING while any invitation may still be sent (including those waiting to be tried
    again), DONE when none is pending, CANCELLED when the manager stopped the rest."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitation_batches"
    )
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitation_batches")
    status = models.CharField(
        _("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    # Set when queued and while a worker sends (cleared when it stops): a batch whose
    # heartbeat is fresh is being sent, so nobody else starts on it.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES, default="en")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]
        verbose_name = _("invitation batch")
        verbose_name_plural = _("invitation batches")

    def __str__(self) -> str:
        return f"{self.survey} · {self.created_at:%Y-%m-%d %H:%M}"


class Invitation(Delivery):
    """One customer invited by e-mail, with their own single-use link; its e-mail is a
    delivery (common.mail): claimed, sent at least once, retried with backoff."""

    batch = models.ForeignKey(InvitationBatch, on_delete=models.CASCADE, related_name="invitations")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    # Stored lower-case, so the cool-down matches however the address was typed.
    email = models.EmailField(_("e-mail"))
    consultant = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    interaction_ref = models.CharField(_("interaction reference"), max_length=100, blank=True)
    link = models.OneToOneField(
        SurveyLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )

    class Meta:
        ordering = ["batch", "id"]
        indexes = [
            models.Index(fields=["organization", "email", "sent_at"]),
            models.Index(fields=["batch", "status", "next_attempt_at"]),
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.email
