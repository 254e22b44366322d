"""`make run` serves links and QR cards that reach the server it started."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from demo.address import lan_address, site_url

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_server_on_every_interface_is_reached_at_the_machines_network_address():
    url = site_url("0.0.0.0", 8301)
    assert url == f"http://{lan_address()}:8301"
    assert "0.0.0.0" not in url


def test_a_named_host_and_an_ipv6_literal_are_kept():
    assert site_url("127.0.0.1", 8301) == "http://127.0.0.1:8301"
    assert site_url("::1", 8301) == "http://[::1]:8301"


@pytest.fixture
def demo_server(tmp_path):
    """`manage.py rundemo` on a free port, as `make run PORT=…` starts it, in its own database."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "ALLOWED_HOSTS")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}", REDIS_URL="", DEBUG="true")
    env.pop("CI", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    log = tmp_path / "run.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "manage.py", "rundemo", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env={**env, "PYTHONUNBUFFERED": "1"},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            assert proc.poll() is None, log.read_text()
            try:
                requests.get(f"{base}/healthz?live", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.5)
        else:
            pytest.fail(f"rundemo did not serve within 240 s:\n{log.read_text()}")
        yield base, log
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def test_make_run_on_another_port_prints_and_encodes_that_port(demo_server):
    base, log = demo_server
    output = log.read_text()
    assert f"Demo logins ({base}/)" in output
    assert f"Serving CXM on {base}/" in output
    # The steps and the logins only: no e-mails, rollup log lines or kombu warnings.
    assert "Subject:" not in output
    assert "No hostname was supplied" not in output
    assert "Rollups recomputed" not in output

    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    session.post(
        f"{base}/accounts/login/",
        data={"username": "magda", "password": "cxm-demo", "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=10,
    )
    surveys = session.get(f"{base}/surveys/", timeout=10).text
    survey_id = re.search(r'href="/surveys/(\d+)/"', surveys).group(1)
    sheet = session.get(f"{base}/surveys/{survey_id}/print/", timeout=30).text
    port = base.rsplit(":", 1)[1]
    # The printed cards carry the address being served, not a default port.
    assert f"127.0.0.1:{port}/s/" in sheet
    assert "127.0.0.1:8000" not in sheet
