"""The production setup stays valid: compose file, image, lock file, settings from the
environment, licence."""

import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]

# The containers that run the app, and so need every setting.
APP_SERVICES = ("migrate", "web", "worker", "beat")
# Settings the stack provides itself: its own PostgreSQL, Redis and media volume, and
# production mode. The rest come from .env (or the shell) when set there.
PROVIDED_BY_COMPOSE = {"DATABASE_URL", "REDIS_URL", "DEBUG", "MEDIA_ROOT"}


def _env_example() -> tuple[list[str], list[str]]:
    """The settings .env.example lists: (for the app, for compose itself). Compose's own
    are the block under a "# docker compose only" line, up to the next blank line."""
    app, compose_only = [], []
    in_compose_block = False
    for line in (ROOT / ".env.example").read_text().splitlines():
        if not line.strip():
            in_compose_block = False
        elif re.fullmatch(r"#\s*docker compose only\s*", line, re.IGNORECASE):
            in_compose_block = True
        elif match := re.match(r"#\s*([A-Z][A-Z0-9_]*)=", line):
            (compose_only if in_compose_block else app).append(match.group(1))
    return app, compose_only


def _docker_compose(tmp_path: Path, *args: str, env: dict[str, str] | None = None):
    """Run docker-compose on the project's compose file with exactly `env` on top of a
    clean environment: no setting from the shell, and an empty env file in place of a
    developer's .env."""
    tool = shutil.which("docker-compose")
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail("CI must validate docker-compose.yml: install docker-compose")
        pytest.skip(
            "docker-compose is not installed (apt-get install docker-compose; CI's .ci/run "
            "installs it)"
        )
    app, compose_only = _env_example()
    clean = {k: v for k, v in os.environ.items() if k not in {*app, *compose_only}}
    env_file = tmp_path / "empty.env"
    env_file.write_text("")
    return subprocess.run(
        [tool, "--env-file", str(env_file), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**clean, **(env or {})},
        timeout=60,
    )


def _compose_config(tmp_path: Path, env: dict[str, str]) -> dict:
    result = _docker_compose(tmp_path, "config", env=env)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_docker_compose_file_is_valid(tmp_path):
    result = _docker_compose(tmp_path, "config", "--quiet", env={"SECRET_KEY": "compose-check"})
    assert result.returncode == 0, result.stderr


def test_compose_refuses_to_start_without_a_secret_key(tmp_path):
    result = _docker_compose(tmp_path, "config", "--quiet")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_every_env_example_setting_reaches_the_app_containers(tmp_path):
    app, compose_only = _env_example()
    assert "NUM_PROXIES" in app and "POSTGRES_PASSWORD" in compose_only
    given = {name: f"from-env-{name.lower()}" for name in [*app, *compose_only]}
    config = _compose_config(tmp_path, given)
    for service in APP_SERVICES:
        environment = config["services"][service]["environment"]
        missing = [name for name in app if name not in environment]
        assert not missing, f"{service} never gets {missing}: list them in docker-compose.yml"
        ignored = [
            name
            for name in app
            if name not in PROVIDED_BY_COMPOSE and environment[name] != given[name]
        ]
        assert not ignored, f"{service} ignores {ignored} set in .env"
        assert all(environment[name] for name in PROVIDED_BY_COMPOSE & set(app))
    rendered = yaml.safe_dump(config)
    unused = [name for name in compose_only if given[name] not in rendered]
    assert not unused, f"docker-compose.yml never uses {unused}"


def test_compose_defaults_are_secure_behind_one_proxy(tmp_path):
    config = _compose_config(tmp_path, {"SECRET_KEY": "compose-check"})
    for service in APP_SERVICES:
        environment = config["services"][service]["environment"]
        assert environment["DEBUG"] == "false"
        assert environment["SESSION_COOKIE_SECURE"] == "true"
        assert environment["CSRF_COOKIE_SECURE"] == "true"
        assert environment["NUM_PROXIES"] == "1"
    # The one proxy NUM_PROXIES trusts is the only way in from outside: web's port is
    # published on the loopback address only, so no client can make up X-Forwarded-For.
    for port in config["services"]["web"]["ports"]:
        host_ip = port.get("host_ip") if isinstance(port, dict) else port.split(":")[0]
        assert host_ip == "127.0.0.1", port


def test_compose_defaults_are_settings_the_app_accepts(tmp_path):
    config = _compose_config(tmp_path, {"SECRET_KEY": "compose-check"})
    environment = config["services"]["web"]["environment"]
    out = _settings_in_subprocess(
        {name: str(value) for name, value in environment.items() if value is not None},
        "settings.DEBUG, settings.NUM_PROXIES, settings.SESSION_COOKIE_SECURE, "
        "settings.CSRF_COOKIE_SECURE, settings.DATABASES['default']['HOST']",
    )
    assert out == "False 1 True True postgres"


def test_the_tls_proxy_is_optional_and_forwards_to_web(tmp_path):
    config = _compose_config(tmp_path, {"SECRET_KEY": "compose-check"})
    proxy = config["services"]["proxy"]
    assert proxy["image"].startswith("caddy:2")
    assert proxy["profiles"] == ["proxy"]
    mounts = [
        volume if isinstance(volume, str) else volume["target"] for volume in proxy["volumes"]
    ]
    assert any("/etc/caddy/Caddyfile" in mount for mount in mounts)
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "{$CXM_DOMAIN" in caddyfile
    assert re.search(r"^\s*reverse_proxy web:8000\b", caddyfile, re.MULTILINE)


def test_migrations_run_once_before_the_app_starts(tmp_path):
    services = _compose_config(tmp_path, {"SECRET_KEY": "compose-check"})["services"]
    migrate = services["migrate"]
    assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert migrate.get("restart", "no") == "no"
    for service in ("web", "worker", "beat"):
        waits_for = services[service]["depends_on"]["migrate"]
        assert waits_for["condition"] == "service_completed_successfully", service
        command = services[service]["command"]
        command = command if isinstance(command, str) else " ".join(command)
        assert "migrate" not in command, service
    assert "migrate" not in _dockerfile_instructions("CMD")[-1]


def test_web_health_check_asks_for_liveness_only(tmp_path):
    web = _compose_config(tmp_path, {"SECRET_KEY": "compose-check"})["services"]["web"]
    assert any("/healthz?live" in part for part in web["healthcheck"]["test"])


def test_dockerignore_keeps_secrets_and_local_state_out_of_the_image():
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    excluded = [pattern for pattern in patterns if not pattern.startswith("!")]
    for path in [".env", ".venv", ".git", "db.sqlite3", "media", "staticfiles", ".hypothesis"]:
        assert path in excluded, path
    for path in ["requirements.lock", "pyproject.toml", "manage.py", "static", "locale", "cxm"]:
        matched = [pattern for pattern in excluded if fnmatch.fnmatch(path, pattern)]
        assert not matched, f"{path} is needed in the image but excluded by {matched}"


def _dockerfile_instructions(keyword: str) -> list[str]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return [
        line.split(None, 1)[1]
        for line in text.splitlines()
        if line.split(None, 1)[:1] == [keyword] and len(line.split(None, 1)) == 2
    ]


def test_image_installs_only_the_locked_dependencies_with_their_hashes():
    assert any("requirements.lock" in copy for copy in _dockerfile_instructions("COPY"))
    installs = [
        step.strip()
        for run in _dockerfile_instructions("RUN")
        for step in run.split("&&")
        if re.search(r"\bpip install\b", step)
    ]
    assert any("--require-hashes" in step and "-r requirements.lock" in step for step in installs)
    # Anything else pip installs brings no dependency of its own: the project itself.
    unlocked = [step for step in installs if "--require-hashes" not in step]
    assert unlocked and all("--no-deps" in step for step in unlocked), unlocked


def _locked() -> dict[str, tuple[str, list[str]]]:
    """requirements.lock as {name: (version, hashes)}."""
    text = (ROOT / "requirements.lock").read_text().replace("\\\n", " ")
    locked = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        requirement = Requirement(line.split(" --hash=")[0].strip())
        (pin,) = requirement.specifier
        assert pin.operator == "==", line
        hashes = re.findall(r"--hash=(sha256:[0-9a-f]{64})", line)
        locked[canonicalize_name(requirement.name)] = (pin.version, hashes)
    return locked


def test_lock_file_pins_every_production_dependency_with_hashes():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    # What the image needs: the dependencies, and the build backend that installs the
    # project without fetching anything else.
    needed = [*pyproject["project"]["dependencies"], *pyproject["build-system"]["requires"]]
    locked = _locked()
    assert all(hashes for _, hashes in locked.values())
    for spec in map(Requirement, needed):
        name = canonicalize_name(spec.name)
        assert name in locked, f"{spec.name} is not in requirements.lock: run `make lock`"
        version, _ = locked[name]
        assert spec.specifier.contains(version, prereleases=True), (
            f"requirements.lock pins {spec.name}=={version}, outside {spec.specifier}: "
            "run `make lock`"
        )


def test_the_licence_is_agpl_3_or_later():
    assert (ROOT / "LICENSE").read_text().lstrip().startswith("GNU AFFERO GENERAL PUBLIC LICENSE")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["license"] == "AGPL-3.0-or-later"
    assert "AGPL-3.0-or-later" in (ROOT / "README.md").read_text()


def _settings_in_subprocess(env: dict, expression: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**clean, "DJANGO_SETTINGS_MODULE": "cxm.settings", **env},
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_embedded_defaults_need_no_services():
    out = _settings_in_subprocess(
        {},
        "settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER, "
        "settings.CACHES['default']['BACKEND'], settings.EMAIL_BACKEND",
    )
    assert "sqlite3" in out and "True" in out and "LocMemCache" in out and "console" in out


def test_production_settings_come_from_the_environment():
    out = _settings_in_subprocess(
        {
            "DATABASE_URL": "postgres://u@db:5432/cxm",
            "REDIS_URL": "redis://r:6379/0",
            "DEBUG": "false",
            "SECRET_KEY": "s3cret",
        },
        "settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER, "
        "settings.CELERY_BROKER_URL, settings.DEBUG, settings.SECRET_KEY",
    )
    assert "postgresql" in out and "False" in out and "redis://r:6379/0" in out
    assert "s3cret" in out


def test_env_example_lists_every_setting_the_code_reads():
    settings_source = (ROOT / "cxm" / "settings.py").read_text()
    example = (ROOT / ".env.example").read_text()
    import re

    names = set(re.findall(r'env_(?:str|bool|int|list)\("([A-Z_]+)"', settings_source))
    names |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', settings_source))
    missing = sorted(name for name in names if name not in example)
    assert names and not missing, missing


def _manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    """manage.py in a clean environment: only `env` on top of the machine's basics."""
    keep = {"PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV"}
    clean = {k: v for k, v in os.environ.items() if k in keep}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**clean, **env},
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k7Qw3-zL0pV9xR2mT8nB5cY1uH6jD4sF0gA7eK3oW9qZ2vX5lN8rC1tM6yP4iU",
    "ALLOWED_HOSTS": "cxm.example.com",
}


def test_check_deploy_passes_with_only_debug_key_and_hosts_set():
    result = _manage(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_defaults_are_https_only():
    out = _settings_in_subprocess(
        {**PRODUCTION, "NUM_PROXIES": "1"},
        "settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS, "
        "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SECURE_PROXY_SSL_HEADER",
    )
    assert out == "True 31536000 True True ('HTTP_X_FORWARDED_PROTO', 'https')"


def test_an_operator_relaxes_a_default_explicitly():
    out = _settings_in_subprocess(
        {**PRODUCTION, "SECURE_SSL_REDIRECT": "false", "SECURE_HSTS_SECONDS": "3600"},
        "settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS, "
        "settings.SECURE_PROXY_SSL_HEADER",
    )
    # Without a proxy in front, a client's X-Forwarded-Proto is not believed.
    assert out == "False 3600 None"


@pytest.mark.parametrize("key", ["", "   ", "insecure-embedded-dev-key-change-me-in-production"])
def test_production_refuses_to_start_with_the_development_key_or_none(key):
    result = _manage({**PRODUCTION, "SECRET_KEY": key}, "check")

    assert result.returncode != 0
    assert "DEBUG=false needs a SECRET_KEY of your own" in result.stderr


def test_the_embedded_mode_starts_on_the_development_key():
    assert _manage({}, "check").returncode == 0
