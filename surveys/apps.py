from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys and responses")

    def ready(self) -> None:
        from common import metrics

        from .imports.selectors import imports_waiting_count
        from .invitations.selectors import invitations_waiting_count

        metrics.gauge(
            "cxm_imports_waiting",
            "CSV imports queued or running",
            imports_waiting_count,
        )
        metrics.gauge(
            "cxm_invitations_waiting",
            "Invitation e-mails not yet accepted by the mail server",
            invitations_waiting_count,
        )
