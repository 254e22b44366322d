"""Prometheus metrics, off unless PROMETHEUS_METRICS=true.

- request latency per view (django-prometheus's middleware, django_http_*);
- task run time per task (`cxm_task_seconds`), exported by each Celery worker on
  CELERY_METRICS_PORT (its prefork children write to PROMETHEUS_MULTIPROC_DIR);
- what is owed, computed when Prometheus scrapes: the Celery queue's depth, and what the
  apps register here (the rollups' lag, imports waiting, e-mail waiting) with `gauge()`.

/metrics answers only with `Authorization: Bearer <METRICS_TOKEN>` when a token is set
(the figures say how busy the business is), and 404 when metrics are off.
"""

import logging
import os
import time
from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare

logger = logging.getLogger("cxm.metrics")

_gauges: dict[str, tuple[str, Callable[[], float]]] = {}


def gauge(name: str, documentation: str, read: Callable[[], float]) -> None:
    """Register a figure computed at each scrape (an app's AppConfig.ready calls this)."""
    _gauges[name] = (documentation, read)


def _queue_depth() -> float:
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        return float(client.llen("celery"))
    finally:
        client.close()


class OwedWorkCollector:
    """The registered gauges, read from the database (and Redis) when scraped."""

    def collect(self):
        from prometheus_client.core import GaugeMetricFamily

        readers = dict(_gauges)
        if settings.REDIS_URL:
            readers["cxm_celery_queue_depth"] = ("Tasks waiting in the Celery queue", _queue_depth)
        for name, (documentation, read) in sorted(readers.items()):
            try:
                value = float(read())
            except Exception as exc:  # a scrape reports what it can, never fails
                logger.warning("Metric %s not read: %s", name, exc)
                continue
            yield GaugeMetricFamily(name, documentation, value=value)


_collector_registered = False


def _register_collector(registry) -> None:
    global _collector_registered
    if not _collector_registered:
        registry.register(OwedWorkCollector())
        _collector_registered = True


def metrics_view(request: HttpRequest) -> HttpResponse:
    """/metrics for Prometheus."""
    if not settings.PROMETHEUS_METRICS:
        raise Http404
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and not constant_time_compare(given, token):
        return HttpResponse("A bearer token is needed.\n", status=401, content_type="text/plain")
    from django_prometheus.exports import ExportToDjangoView
    from prometheus_client import REGISTRY

    _register_collector(REGISTRY)
    return ExportToDjangoView(request)


# ------------------------------------------------------------------ Celery workers

_started: dict[str, float] = {}
_task_seconds = None


def _histogram():
    global _task_seconds
    if _task_seconds is None:
        from prometheus_client import Histogram

        _task_seconds = Histogram("cxm_task_seconds", "Celery task run time", ["task"])
    return _task_seconds


def _on_prerun(task_id=None, **kwargs) -> None:
    _started[task_id] = time.monotonic()


def _on_postrun(task_id=None, task=None, **kwargs) -> None:
    started = _started.pop(task_id, None)
    if started is not None and task is not None:
        _histogram().labels(task.name).observe(time.monotonic() - started)


def _serve_worker_metrics(**kwargs) -> None:
    from prometheus_client import CollectorRegistry, start_http_server
    from prometheus_client.multiprocess import MultiProcessCollector

    registry = None
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    start_http_server(settings.CELERY_METRICS_PORT, **({"registry": registry} if registry else {}))
    logger.info("Worker metrics on port %s", settings.CELERY_METRICS_PORT)


def connect_celery() -> None:
    if not settings.PROMETHEUS_METRICS:
        return
    from celery.signals import task_postrun, task_prerun, worker_ready

    task_prerun.connect(_on_prerun, weak=False, dispatch_uid="cxm.metrics.prerun")
    task_postrun.connect(_on_postrun, weak=False, dispatch_uid="cxm.metrics.postrun")
    if settings.CELERY_METRICS_PORT:
        worker_ready.connect(_serve_worker_metrics, weak=False, dispatch_uid="cxm.metrics.serve")
