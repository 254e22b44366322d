from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards and rollups")

    def ready(self) -> None:
        from common import metrics

        from . import pending, receivers  # noqa: F401  (receivers connects the rollup hooks)

        metrics.gauge(
            "cxm_rollup_lag_seconds",
            "Age of the oldest rollup slice owed a recomputation (0 when none)",
            pending.lag_seconds,
        )
        metrics.gauge(
            "cxm_rollup_slices_owed", "Rollup slices owed a recomputation", pending.owed_count
        )
