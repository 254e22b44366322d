from django.db import models
from django.utils.translation import gettext_lazy as _


class BehaviourKind(models.TextChoices):
    # Iron: with it the customer is not dissatisfied. Master: it delights.
    IRON = "iron", _("Iron")
    MASTER = "master", _("Master")
