"""Prometheus metrics and Sentry are off by default; switched on, /metrics (behind its
token) shows request latency, what the rollups owe and the queue, and errors reach a
Sentry collector."""

import gzip
import http.server
import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from common import metrics
from dashboards.models import PendingSlice

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_metrics_are_off_by_default(client):
    assert client.get("/metrics").status_code == 404


def test_metrics_need_the_token(client, settings):
    settings.PROMETHEUS_METRICS = True
    settings.METRICS_TOKEN = "s3cret-scraper"

    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-scraper").status_code == 200


def test_the_rollups_lag_is_the_age_of_the_oldest_owed_slice(client, settings, organization):
    settings.PROMETHEUS_METRICS = True
    settings.METRICS_TOKEN = ""
    PendingSlice.objects.create(organization=organization, rollup="surveys", day=None)
    PendingSlice.objects.update(created_at=timezone.now() - timedelta(seconds=90))

    body = client.get("/metrics").content.decode()

    lag = next(line for line in body.splitlines() if line.startswith("cxm_rollup_lag_seconds "))
    assert 89 <= float(lag.split()[1]) < 120
    assert "cxm_rollup_slices_owed 1.0" in body
    assert "cxm_imports_waiting 0.0" in body
    assert "cxm_staff_notices_waiting 0.0" in body


def test_task_run_times_are_measured(settings):
    class Task:
        name = "dashboards.drain_rollups"

    metrics._on_prerun(task_id="t-1")
    metrics._on_postrun(task_id="t-1", task=Task())

    from prometheus_client import REGISTRY

    count = REGISTRY.get_sample_value(
        "cxm_task_seconds_count", {"task": "dashboards.drain_rollups"}
    )
    assert count and count >= 1


def _run(env: dict, code: str) -> subprocess.CompletedProcess:
    keep = {"PATH", "HOME", "LANG", "VIRTUAL_ENV"}
    clean = {k: v for k, v in os.environ.items() if k in keep}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**clean, "DJANGO_SETTINGS_MODULE": "cxm.settings", **env},
        timeout=120,
    )


def test_switched_on_the_requests_latency_is_measured_per_view(tmp_path):
    database = tmp_path / "metrics.sqlite3"
    code = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from django.test import Client\n"
        "client = Client()\n"
        "client.get('/healthz?live')\n"
        "print(client.get('/metrics', HTTP_AUTHORIZATION='Bearer t0ken').content.decode())\n"
    )
    result = _run(
        {
            "DATABASE_URL": f"sqlite:///{database}",
            "PROMETHEUS_METRICS": "true",
            "METRICS_TOKEN": "t0ken",
        },
        code,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert "django_http_requests_latency_seconds_by_view_method_count" in result.stdout
    assert 'view="healthz"' in result.stdout
    assert "cxm_rollup_lag_seconds" in result.stdout


class _Collector(http.server.BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):  # noqa: N802  (the http.server API)
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length)
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        _Collector.received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def test_with_a_sentry_dsn_errors_reach_the_collector():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    dsn = f"http://publickey@127.0.0.1:{server.server_address[1]}/7"
    code = (
        "import django; django.setup()\n"
        "import sentry_sdk\n"
        "try:\n"
        "    raise RuntimeError('the rollup worker fell over')\n"
        "except RuntimeError:\n"
        "    sentry_sdk.capture_exception()\n"
        "sentry_sdk.flush(5)\n"
    )
    try:
        result = _run({"SENTRY_DSN": dsn}, code)
    finally:
        server.shutdown()

    assert result.returncode == 0, result.stderr[-2000:]
    assert any(b"the rollup worker fell over" in body for body in _Collector.received)
