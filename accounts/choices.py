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
# Who reads the organization's figures, practices and answers: the editors, and executives,
# who oversee without changing anything. Staff read only what is about themselves.
READ_ROLES = (*EDITOR_ROLES, Role.EXECUTIVE)
ALL_ROLES = tuple(Role)
