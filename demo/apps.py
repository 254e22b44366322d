from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo organizations for `make run`; depends on every other app, nothing depends on it."""

    name = "demo"
    verbose_name = "Demo data"
