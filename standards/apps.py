from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "standards"
    verbose_name = _("Standards")

    def ready(self) -> None:
        from common import metrics

        from . import selectors

        metrics.gauge(
            "cxm_staff_notices_waiting",
            "Standards e-mails to staff not yet accepted by the mail server",
            selectors.notices_waiting_count,
        )
