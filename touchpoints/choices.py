from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    CHAT = "chat", _("Chat")
    WEB = "web", _("Web")
    EMAIL = "email", _("E-mail")
