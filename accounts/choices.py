from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MANAGER = "manager", _("Manager")
    STAFF = "staff", _("Staff")
    EXECUTIVE = "executive", _("Executive")
    ADMIN = "admin", _("Administrator")


# Who may change standards, journeys and moments. Admins run the organization,
# so they can do whatever a manager can.
EDITOR_ROLES = (Role.MANAGER, Role.ADMIN)
ALL_ROLES = tuple(Role)
