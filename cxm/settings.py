"""CXM settings: everything comes from the environment, with embedded-mode defaults.

Embedded mode (nothing set): SQLite file in the project, Celery tasks run eagerly
in-process, local-memory cache, e-mail printed to the console.
Production: set DATABASE_URL (PostgreSQL), REDIS_URL, SECRET_KEY, DEBUG=false,
ALLOWED_HOSTS.
"""

import os
from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
# The embedded mode's key: fine on a laptop, refused in production, where anyone who
# read this repository could forge sessions and signed cookies with it.
DEVELOPMENT_SECRET_KEY = "insecure-embedded-dev-key-change-me-in-production"
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY.strip() in ("", DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured(
        "DEBUG=false needs a SECRET_KEY of your own (50 or more random characters), e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    # Swagger UI and ReDoc served from this package's static files, never from a CDN.
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    "common",
    "accounts",
    "touchpoints",
    "standards",
    "reviews",
    "surveys",
    "dashboards",
    "demo",
]

MIDDLEWARE = [
    "common.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After the language is known (the page is the customer's), before anything reads
    # the body (the CSRF check does).
    "common.uploads.BodySizeLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "common.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.OrganizationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cxm.urls"
# Content-Security-Policy (django-csp): scripts only from our own static files (no inline
# script or handler anywhere; app.js handles the data-* behaviours), styles from ours plus
# inline styles (the heat map's colours, plotly's SVG), nothing framed or posted elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Customers on the survey form get a friendly page in their language (ERROR_PAGES_UNDER).
CSRF_FAILURE_VIEW = "common.views.csrf_failure"
WSGI_APPLICATION = "cxm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.organization",
                "standards.context_processors.pending_standards",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several browser-test threads share one file; wait instead of failing on locks.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation costs ~100 ms per dashboard aggregate and saves nothing on queries
    # of this size (it is meant for long analytic scans).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
# Seconds to wait for Redis before treating it as away: a request never hangs on it.
REDIS_TIMEOUT = float(env_str("REDIS_TIMEOUT", "1"))
if REDIS_URL:
    CACHES = {
        "default": {
            # Reads miss and writes are dropped while Redis is away (common/cache.py).
            "BACKEND": "common.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The embedded broker names a host only so kombu does not warn "No hostname was supplied"
# each time a task is sent (make run's output is its steps and the logins).
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Nobody reads task results: what a task did is in the database.
CELERY_TASK_IGNORE_RESULT = True
# Every task is idempotent, so a task is acknowledged only once done, and given back to
# the queue when the process running it dies (kill -9, out of memory) instead of lost.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task not acknowledged within this many seconds (its worker vanished) is
    # delivered again. Longer than the longest task: each is bounded (imports and
    # rollups work in steps, the nightly job runs per organization).
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 900),
    "socket_connect_timeout": REDIS_TIMEOUT,
}
CELERY_TIMEZONE = "UTC"
# The worker logs through LOGGING below (JSON lines with the request id), not Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A long job (import, invitation batch) whose heartbeat is older than this is taken back
# from its worker by the sweep; a job queued this long without starting is sent again.
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 120)
# Work owed to derived data is kept in the database and swept by beat (docker compose
# runs `celery beat`), so a lost message costs at most a sweep interval.
SWEEP_SECONDS = env_int("SWEEP_SECONDS", 30)
CELERY_BEAT_SCHEDULE = {
    "drain-rollups": {"task": "dashboards.drain_rollups", "schedule": SWEEP_SECONDS},
    "worker-heartbeat": {"task": "common.heartbeat", "schedule": SWEEP_SECONDS},
    # Imports and invitation batches whose message was lost or whose worker died; e-mail
    # due for another try.
    "sweep-survey-jobs": {"task": "surveys.sweep_jobs", "schedule": SWEEP_SECONDS},
    "send-due-staff-notices": {"task": "standards.send_due_notices", "schedule": SWEEP_SECONDS},
    # Nightly: rebuild recent days, verify the rest against their checksums.
    "rebuild-recent-rollups": {
        "task": "dashboards.rebuild_recent",
        "schedule": crontab(hour=2, minute=30),
    },
    # Nightly housekeeping: expired Idempotency-Key records, old QR device marks.
    "forget-expired-idempotency-keys": {
        "task": "accounts.forget_expired_keys",
        "schedule": crontab(hour=3, minute=10),
    },
    "forget-old-device-answers": {
        "task": "surveys.forget_old_device_answers",
        "schedule": crontab(hour=3, minute=20),
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Wrong passwords pause signing in for a while (django-axes, accounts/lockout.py): to an
# account after AXES_FAILURE_LIMIT of them, from an address after AXES_IP_FAILURE_LIMIT
# (for any accounts: a branch or contact centre shares one address). The login form and
# the password form both count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [
    part.split("+") if "+" in part else part
    # The pair adds nothing to the account's count; it is there because axes' own check
    # (axes.W006) wants the address counted, which our ceiling (accounts/lockout.py) does.
    for part in env_list("AXES_LOCKOUT_PARAMETERS", "username,username+ip_address")
]
AXES_IP_FAILURE_LIMIT = env_int("AXES_IP_FAILURE_LIMIT", 30)
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_page"
AXES_VERBOSE = False
# The same rule as everywhere: X-Forwarded-For only behind NUM_PROXIES proxies.
AXES_CLIENT_IP_CALLABLE = "common.http.client_ip"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("pl", _("Polish")), ("ru", _("Russian")), ("ro", _("Romanian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
# Our date formats where Django's do not suit (common/formats/: English without US dates).
FORMAT_MODULE_PATH = ["common.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # plotly.js as the installed plotly wheel ships it (static "plotly/plotly.min.js"):
    # the dashboards draw with it, and third-party JavaScript is never committed.
    ("plotly", Path(find_spec("plotly").origin).resolve().parent / "package_data"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded photos; served only through views that check the organization.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CXM <cxm@localhost>")
# Seconds to wait for the mail server: a dead one never holds a worker for long.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
# An e-mail the server could not take is tried again after MAIL_RETRY_SECONDS, then twice
# as long each time (at most an hour), MAIL_MAX_ATTEMPTS tries in all.
MAIL_RETRY_SECONDS = env_int("MAIL_RETRY_SECONDS", 60)
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 8)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 1024 * 1024)
# The largest multipart body (a photo or a CSV file with the form around it), refused
# before it is read or written to disk (common/uploads.py); the forms accept 5 MB files.
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "common.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
REQUEST_TOO_LARGE_VIEW = "common.views.request_too_large"
# Paths whose visitors get an app's own error pages (common/views.py): customers on a
# survey see the survey's pages, in their language.
ERROR_PAGES_UNDER = {
    "/s/": {
        "csrf_failure": "surveys.public.views.csrf_failure",
        "request_too_large": "surveys.public.views.too_large",
    },
}

# The public survey form: answers per client IP per hour (all links together), and the
# hours a device waits before answering the same reusable (QR) link again.
SURVEY_RATE_LIMIT_PER_HOUR = env_int("SURVEY_RATE_LIMIT_PER_HOUR", 30)
SURVEY_DEVICE_WINDOW_HOURS = env_int("SURVEY_DEVICE_WINDOW_HOURS", 12)
# Reverse proxies in front of the app that append to X-Forwarded-For (nginx, a load
# balancer). 0 = the app faces clients directly and X-Forwarded-For is ignored, so a
# client cannot pick its own address to dodge the rate limit.
NUM_PROXIES = env_int("NUM_PROXIES", 0)

# HTTPS. Production (DEBUG=false) is secure by default; an operator relaxes a setting
# explicitly, with the environment variable named like the Django setting it sets.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Probes inside the network (compose, a load balancer) speak plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# Behind a TLS proxy, the request was secure if the proxy says so in this header ("name,
# value"); trusted only behind proxies (NUM_PROXIES), since a client could send it too.
_proxy_ssl_header = env_list(
    "SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO,https" if NUM_PROXIES else ""
)
SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header[:2]) if len(_proxy_ssl_header) >= 2 else None

# Hours an API answer is kept for a retry with the same Idempotency-Key.
IDEMPOTENCY_HOURS = env_int("IDEMPOTENCY_HOURS", 24)
# Where the API's shared viewsets (common/api) keep those answers.
API_IDEMPOTENCY = "accounts.api.idempotency"

# API requests per API key and per signed-in user ("N/second|minute|hour|day"); over it,
# 429 with Retry-After.
API_THROTTLE_RATES = {
    "api_key": env_str("API_THROTTLE_RATE_KEY", "120/minute"),
    "user": env_str("API_THROTTLE_RATE_USER", "120/minute"),
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["accounts.api.permissions.OrganizationRolePermission"],
    "DEFAULT_THROTTLE_CLASSES": [
        "accounts.api.throttles.ApiKeyRateThrottle",
        "accounts.api.throttles.UserRateThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "common.api.schema.ApiAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "common.api.pagination.PageNumberPagination",
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CXM API",
    "DESCRIPTION": "Moments of truth, iron and master standards, and customer experience "
    "figures. Authenticate with `Authorization: Api-Key <key>` or a browser session. "
    "Missing, wrong or revoked credentials answer 401; valid credentials without the "
    "role for the operation answer 403; another organization's objects answer 404.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "ENUM_NAME_OVERRIDES": {"ChangeTypeEnum": ["moment", "behaviour"]},
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Prometheus metrics (common/metrics.py): off by default. /metrics needs METRICS_TOKEN as a
# bearer token when one is set; each worker serves its task timings on CELERY_METRICS_PORT.
PROMETHEUS_METRICS = env_bool("PROMETHEUS_METRICS", False)
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
CELERY_METRICS_PORT = env_int("CELERY_METRICS_PORT", 0)
if PROMETHEUS_METRICS:
    INSTALLED_APPS.append("django_prometheus")
    MIDDLEWARE = [
        "django_prometheus.middleware.PrometheusBeforeMiddleware",
        *MIDDLEWARE,
        "django_prometheus.middleware.PrometheusAfterMiddleware",
    ]

# Errors to Sentry when SENTRY_DSN is set (off by default); no personal data is sent.
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(env_str("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,
    )

# Log lines carry the request's id (common/logs.py), as JSON in production (LOG_FORMAT=json,
# the default when DEBUG=false) for a log store to search, as text on a laptop.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "common.logs.RequestIdFilter"},
        "client_errors_in_one_line": {"()": "common.logs.ClientErrorsInOneLine"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT if LOG_FORMAT in ("json", "text") else "json",
            "filters": ["request_id", "client_errors_in_one_line"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Once, through the root's handler (Django's own would print them a second time).
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "celery.app.trace": {"level": "WARNING"},
    },
}
