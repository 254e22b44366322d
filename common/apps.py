from django.apps import AppConfig


class CommonConfig(AppConfig):
    """The ground floor: what every app may use, importing no app."""

    name = "common"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import logs, metrics

        logs.connect_celery()
        metrics.connect_celery()
