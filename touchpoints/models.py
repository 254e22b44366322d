from django.conf import settings
from django.core.validators import MinLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Location, Organization

from .choices import Channel

NAME_MAX = 120
TEXT_MAX = 1000


class Journey(models.Model):
    """A customer journey, e.g. "Dinner at the restaurant"."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="journeys"
    )
    name = models.CharField(_("name"), max_length=NAME_MAX, validators=[MinLengthValidator(2)])
    description = models.TextField(_("description"), max_length=TEXT_MAX, blank=True)
    # Where the journey happens: a hotel check-in is not a restaurant consultant's
    # business. Empty means every location, so a new journey applies to everyone.
    locations = models.ManyToManyField(
        Location,
        blank=True,
        related_name="journeys",
        verbose_name=_("locations"),
        help_text=_("Leave empty if the journey applies at every location."),
    )
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organization", "order", "id"]
        verbose_name = _("journey")
        verbose_name_plural = _("journeys")

    def __str__(self) -> str:
        return self.name


class Touchpoint(models.Model):
    """A stage of a journey where the customer meets the company, on one channel."""

    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="touchpoints", verbose_name=_("journey")
    )
    name = models.CharField(_("name"), max_length=NAME_MAX, validators=[MinLengthValidator(2)])
    stage = models.CharField(_("stage"), max_length=NAME_MAX, blank=True)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.IN_PERSON
    )
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["journey", "order", "id"]
        indexes = [models.Index(fields=["journey", "order"])]
        verbose_name = _("touchpoint")
        verbose_name_plural = _("touchpoints")

    def __str__(self) -> str:
        return self.name


class Moment(models.Model):
    """A situation at a touchpoint; `is_critical` marks a moment of truth."""

    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.CASCADE, related_name="moments", verbose_name=_("touchpoint")
    )
    name = models.CharField(_("name"), max_length=NAME_MAX, validators=[MinLengthValidator(2)])
    customer_expectation = models.TextField(
        _("what the customer expects"), max_length=TEXT_MAX, blank=True
    )
    customer_feeling = models.TextField(
        _("what the customer feels"), max_length=TEXT_MAX, blank=True
    )
    is_critical = models.BooleanField(_("moment of truth"), default=False)
    # {"ro": {"name": "…", "customer_expectation": "…", "customer_feeling": "…"}}: see
    # touchpoints/translation.py for why translations live in the row.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["touchpoint", "order", "id"]
        indexes = [models.Index(fields=["touchpoint", "order"])]
        verbose_name = _("moment")
        verbose_name_plural = _("moments")

    def __str__(self) -> str:
        return self.name


class PricelessNote(models.Model):
    """What customers find priceless on a journey: the reason they come back."""

    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="priceless_notes", verbose_name=_("journey")
    )
    text = models.CharField(_("text"), max_length=500, validators=[MinLengthValidator(2)])
    # {"ro": {"text": "…"}}: see touchpoints/translation.py.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["journey", "created_at", "id"]
        verbose_name = _("priceless note")
        verbose_name_plural = _("priceless notes")

    def __str__(self) -> str:
        return self.text[:60]
