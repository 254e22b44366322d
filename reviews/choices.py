from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewKind(models.TextChoices):
    SELF = "self", _("Self-review")
    OBSERVATION = "observation", _("Observation")
    MYSTERY_SHOP = "mystery_shop", _("Mystery shopping")
    CALL_REVIEW = "call_review", _("Call review")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class ItemResult(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    NOT_APPLICABLE = "na", _("Not applicable")
