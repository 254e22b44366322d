"""The floors of the code (README "Architecture"): each app imports only from the floors
below it, never from its own floor's neighbours or from above. `common` imports no app;
`cxm` is the wiring (settings, URLs, the Celery app): it may name any app, and no app
imports it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLOORS = {
    "common": 0,
    "accounts": 1,
    "touchpoints": 2,
    "standards": 3,
    "reviews": 4,
    "surveys": 4,
    "dashboards": 5,
    "demo": 6,
}
MAX_LINES = 500


def _imported_apps(path: Path) -> set[tuple[str, int]]:
    """The apps a module imports (at any depth, lazy imports included), with the line."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {(name.split(".")[0], node.lineno) for name in names}
    return {(app, line) for app, line in found if app in FLOORS or app == "cxm"}


def _modules(app: str):
    return sorted((ROOT / app).rglob("*.py"))


@pytest.mark.parametrize("app", FLOORS)
def test_an_app_imports_only_from_the_floors_below(app):
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {other}"
        for path in _modules(app)
        for other, line in _imported_apps(path)
        if other != app and FLOORS.get(other, 99) >= FLOORS[app]
    ]
    assert not wrong, "\n".join(wrong)


def test_cxm_is_only_the_wiring():
    assert {path.name for path in (ROOT / "cxm").glob("*.py")} <= {
        "__init__.py",
        "settings.py",
        "urls.py",
        "api_urls.py",
        "celery.py",
        "wsgi.py",
    }


def test_no_python_file_is_over_500_lines():
    long = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for folder in [*FLOORS, "cxm", "tests"]
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "migrations" not in path.parts
        and (count := len(path.read_text().splitlines())) > MAX_LINES
    ]
    assert not long, "\n".join(long)
