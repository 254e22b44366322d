from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards and rollups")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the rollup hooks)
