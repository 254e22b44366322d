"""A production-like stack of real processes for fault tests: a private `redis-server`
on a free port (stopped and started again by pid, never the machine's own Redis),
a Celery worker (prefork, so its child can be killed), Celery beat, and gunicorn, all
on the test database."""

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis
import requests
from celery import Celery
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PYTHON_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout: float, interval: float = 0.25, what: str = "condition"):
    """Poll `condition` until it returns something truthy; that value, or AssertionError."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not reached within {timeout} s")
        time.sleep(interval)


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(part) for part in text.split()]


def alive(process: subprocess.Popen) -> bool:
    return process.poll() is None


@dataclass
class Stack:
    tmp: Path
    redis_port: int = field(default_factory=free_port)
    web_port: int = field(default_factory=free_port)
    worker_metrics_port: int = field(default_factory=free_port)
    processes: dict = field(default_factory=dict)
    env: dict = field(default_factory=dict)

    # ---------------------------------------------------------------- Redis

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    def start_redis(self) -> None:
        self.processes["redis"] = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.redis_port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
            ],
            stdout=self._log("redis"),
            stderr=subprocess.STDOUT,
        )
        client = redis.Redis(port=self.redis_port, socket_connect_timeout=0.2)
        wait_for(lambda: self._ping(client), 10, what="redis-server")

    @staticmethod
    def _ping(client) -> bool:
        try:
            return client.ping()
        except redis.exceptions.RedisError:
            return False

    def stop_redis(self) -> None:
        """An outage: the server is gone (its data with it, as the compose file keeps none)."""
        process = self.processes.pop("redis")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    # ---------------------------------------------------------------- the app

    def start(self, *, sweep_seconds: int = 5, job_stale_seconds: int = 5) -> None:
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "PATH": f"{PYTHON_BIN}:{os.environ['PATH']}",
            "DATABASE_URL": (
                f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
                f"{db['PORT'] or 5432}/{db['NAME']}"
            ),
            "REDIS_URL": self.redis_url,
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "SWEEP_SECONDS": str(sweep_seconds),
            "JOB_STALE_SECONDS": str(job_stale_seconds),
            "DEBUG": "true",
            "LOG_FORMAT": "json",
            # Metrics on, as an operator would run them: the worker serves its task timings.
            "PROMETHEUS_METRICS": "true",
            "CELERY_METRICS_PORT": str(self.worker_metrics_port),
            "PROMETHEUS_MULTIPROC_DIR": str(self.tmp / "prometheus"),
            "PYTHONUNBUFFERED": "1",
        }
        (self.tmp / "prometheus").mkdir(exist_ok=True)
        self.start_redis()
        self.start_worker()
        self._spawn("beat", ["celery", "-A", "cxm", "beat", "-l", "info", "-s", "beat-schedule"])
        self._spawn(
            "web",
            [
                "gunicorn",
                "cxm.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.web_port}",
                "--workers",
                "2",
                "--timeout",
                "60",
            ],
        )
        wait_for(self._web_up, 30, what="gunicorn")

    def start_worker(self) -> None:
        self._spawn(
            "worker",
            [
                "celery",
                "-A",
                "cxm",
                "worker",
                "-l",
                "info",
                # As docker-compose.yml runs it: two children, so one can fetch while the
                # other is busy (the case that crashed kombu 5.7 workers on a Redis restart).
                "--concurrency=2",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"fault-{self.redis_port}@%h",
            ],
        )
        wait_for(self.worker_answers, 30, what="the Celery worker")

    def _spawn(self, name: str, args: list[str]) -> None:
        self.processes[name] = subprocess.Popen(
            args,
            cwd=self.tmp,
            env={**self.env, "PYTHONPATH": str(ROOT)},
            stdout=self._log(name),
            stderr=subprocess.STDOUT,
        )

    def _log(self, name: str):
        return open(self.tmp / f"{name}.log", "ab")  # noqa: SIM115  (closed with the process)

    def log(self, name: str) -> str:
        return (self.tmp / f"{name}.log").read_text(errors="replace")

    def _web_up(self) -> bool:
        try:
            return requests.get(self.url("/healthz?live"), timeout=1).status_code == 200
        except requests.RequestException:
            return False

    def celery(self) -> Celery:
        """A Celery client of the private broker (the test process's own app talks to
        the CI's Redis)."""
        app = Celery("fault-client", broker=self.redis_url, set_as_current=False)
        app.conf.broker_transport_options = {"socket_connect_timeout": 0.5}
        return app

    def worker_answers(self) -> bool:
        if not alive(self.processes["worker"]):
            raise AssertionError("the worker exited:\n" + self.log("worker")[-3000:])
        app = self.celery()
        try:
            return bool(app.control.ping(timeout=0.5))
        except Exception:
            return False
        finally:
            app.close()

    def worker_children(self) -> list[int]:
        return children(self.processes["worker"].pid)

    def busy_child(self, task_name: str) -> int:
        """The pid of the worker child running `task_name`."""

        def running() -> int | None:
            app = self.celery()
            try:
                active = app.control.inspect(timeout=1).active() or {}
            finally:
                app.close()
            for tasks in active.values():
                for task in tasks:
                    if task["name"] == task_name:
                        return task["worker_pid"]
            return None

        return wait_for(running, 20, 0.5, f"a worker child running {task_name}")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.web_port}{path}"

    def stop(self) -> None:
        for name, process in list(self.processes.items()):
            if alive(process):
                process.send_signal(signal.SIGTERM if name != "redis" else signal.SIGKILL)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        self.processes.clear()
