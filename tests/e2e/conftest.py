"""Browser tests: Debian's Chromium, headless, driven by Playwright against live_server."""

import io
import os
import sqlite3
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"CI must run the browser tests: {CHROMIUM} is missing")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not found: apt-get install chromium")
    for item in items:
        if "e2e" in item.nodeid:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


_demo_copy: sqlite3.Connection | None = None


@pytest.fixture
def demo(transactional_db):
    """The demo organizations as `make run` seeds them. Seeding takes a dozen seconds, so
    on SQLite a process keeps its first seeding as an in-memory copy and gives the next
    test that copy back with SQLite's backup API, in milliseconds (each test still gets
    its own fresh demo: the live server's flush empties it after every test)."""
    global _demo_copy
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "sqlite":
        call_command("seed_demo", stdout=io.StringIO())
        return
    connection.ensure_connection()
    if _demo_copy is None:
        call_command("seed_demo", stdout=io.StringIO())
        _demo_copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(_demo_copy)
    else:
        _demo_copy.backup(connection.connection)


@pytest.fixture
def shoot(tmp_path):
    """Take a screenshot of the page; `make screenshots` keeps them in docs/screenshots/
    for the README, an ordinary test run leaves the work tree alone."""
    folder = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, full_page: bool = True):
        page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)

    return take


@pytest.fixture
def login(live_server):
    """Log a persona in through the real login form."""
    from tests.personas import PASSWORD

    def do(page, username: str, password: str = PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        # The page the form leads to, loaded (not 500 ms of network silence after it).
        with page.expect_navigation():
            page.click("button[type=submit]")

    return do
