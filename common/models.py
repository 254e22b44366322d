from django.db import models


class Heartbeat(models.Model):
    """The last time a background process showed it was alive (the Celery worker runs
    `common.heartbeat` every half minute from beat), read by /healthz."""

    name = models.CharField(max_length=40, primary_key=True)
    beat_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
