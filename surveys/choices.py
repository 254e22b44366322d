from django.db import models
from django.utils.translation import gettext_lazy as _


class Metric(models.TextChoices):
    NPS = "nps", _("NPS (0–10)")
    CSAT = "csat", _("CSAT (1–5)")
    CES = "ces", _("CES (1–7)")


# Lowest and highest score of each metric's scale.
SCALES: dict[str, tuple[int, int]] = {
    Metric.NPS: (0, 10),
    Metric.CSAT: (1, 5),
    Metric.CES: (1, 7),
}

# The words at both ends of each scale, shown under the score buttons.
SCALE_LABELS = {
    Metric.NPS: (_("Not at all likely"), _("Extremely likely")),
    Metric.CSAT: (_("Very dissatisfied"), _("Very satisfied")),
    Metric.CES: (_("Very difficult"), _("Very easy")),
}


class LinkKind(models.TextChoices):
    SINGLE = "single", _("Single-use")
    REUSABLE = "reusable", _("Reusable (QR code)")


class Source(models.TextChoices):
    LINK = "link", _("Link")
    QR = "qr", _("QR code")
    API = "api", _("API")
    IMPORT = "import", _("Import")
    EMAIL = "email", _("E-mail")


class ScoreBand(models.TextChoices):
    """NPS bands; for CSAT and CES, promoters are the top answers and detractors the
    bottom ones (see `band_of`)."""

    PROMOTER = "promoter", _("Promoter")
    PASSIVE = "passive", _("Passive")
    DETRACTOR = "detractor", _("Detractor")


class JobStatus(models.TextChoices):
    """Background jobs (imports, invitation batches)."""

    PREVIEW = "preview", _("Checked, not imported")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    # Stopped half-way (an error, or the worker died too often): what was saved stays
    # until the user resumes it or cancels it.
    INTERRUPTED = "interrupted", _("Interrupted")
    CANCELLED = "cancelled", _("Cancelled")


class InvitationStatus(models.TextChoices):
    """An invitation's e-mail: the delivery states of common.mail plus two of its own."""

    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Skipped: surveyed recently")
    FAILED = "failed", _("Could not be sent")
    CANCELLED = "cancelled", _("Cancelled")


SURVEY_LANGUAGES = ("en", "pl", "ru", "ro")

# Score ranges of each band, per metric: (promoter, detractor) as (low, high) inclusive.
BANDS: dict[str, dict[str, tuple[int, int]]] = {
    Metric.NPS: {
        ScoreBand.PROMOTER: (9, 10),
        ScoreBand.PASSIVE: (7, 8),
        ScoreBand.DETRACTOR: (0, 6),
    },
    Metric.CSAT: {
        ScoreBand.PROMOTER: (4, 5),
        ScoreBand.PASSIVE: (3, 3),
        ScoreBand.DETRACTOR: (1, 2),
    },
    Metric.CES: {
        ScoreBand.PROMOTER: (6, 7),
        ScoreBand.PASSIVE: (4, 5),
        ScoreBand.DETRACTOR: (1, 3),
    },
}


def band_of(metric: str, score: int) -> str:
    for band, (low, high) in BANDS[metric].items():
        if low <= score <= high:
            return band
    raise ValueError(f"{score} is outside the {metric} scale")
