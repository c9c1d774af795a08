"""ParkOps settings: every value comes from a PARKOPS_* environment variable.

Nothing needs to be set to start: SQLite under var/, a secret key generated once into
var/, 简体中文 and Asia/Shanghai. Production sets PARKOPS_DATABASE_URL, PARKOPS_SECRET_KEY,
PARKOPS_ALLOWED_HOSTS and PARKOPS_HTTPS=1 (see README).
"""

from __future__ import annotations

import datetime as dt
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy

from parkops.env import (
    ImproperlyConfiguredValue,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    env_url,
)

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(env_str("PARKOPS_VAR_DIR", str(BASE_DIR / "var"))).resolve()
TESTING = "pytest" in sys.modules or env_bool("PARKOPS_TESTING", False)

DEBUG = env_bool("PARKOPS_DEBUG", False)


def _clock() -> dt.datetime | None:
    """PARKOPS_CLOCK: run the services' clock from this moment (tests and journeys only)."""
    value = env_str("PARKOPS_CLOCK", "")
    if not value:
        return None
    if not TESTING:
        raise ImproperlyConfiguredValue(
            "PARKOPS_CLOCK: only with PARKOPS_TESTING=1 (it moves every rule's clock)"
        )
    try:
        at = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfiguredValue(
            f"PARKOPS_CLOCK={value!r}: expected an ISO date-time with its offset, e.g. 2026-12-02T03:00+08:00"
        ) from None
    if at.tzinfo is None:
        raise ImproperlyConfiguredValue(f"PARKOPS_CLOCK={value!r}: give the offset, e.g. +08:00")
    return at


PARKOPS_CLOCK = _clock()
HTTPS = env_bool("PARKOPS_HTTPS", False)


def _secret_key() -> str:
    key = env_str("PARKOPS_SECRET_KEY", "")
    if key:
        if len(key) < 50 or len(set(key)) < 5:
            raise ImproperlyConfiguredValue(
                "PARKOPS_SECRET_KEY: use at least 50 characters with 5 distinct ones"
            )
        return key
    # A key of our own, made once per installation and kept beside the SQLite file.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("PARKOPS_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("PARKOPS_CSRF_TRUSTED_ORIGINS", [])
# Proxies whose X-Forwarded-For we believe; an empty list means REMOTE_ADDR is the client.
TRUSTED_PROXIES = env_list("PARKOPS_TRUSTED_PROXIES", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework_api_key",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "csp",
    "huey.contrib.djhuey",
    "parkops.core",
    "parkops.accounts",
    "parkops.audit",
    *(
        f"parkops.{app}"
        for app in (
            # One app per domain of the standard; each may have urls.py (pages under /<app>/),
            # api.py (API_ROUTES under /api/), evidence.py (indicator rows) and demo.py.
            "notifications",
            "imports",
            "events",
            "spaces",
            "investment",
            "fees",
            "safety",
            "engineering",
            "service",
            "environment",
            "telemetry",
            "energy",
            "enterprise",
            "incubation",
            "publicservice",
            "brand",
            "assessment",
            "evaluation",
            "improvement",
            "insight",
            "datagov",
        )
    ),
]
DOMAIN_APPS = [
    app.split(".")[1] for app in INSTALLED_APPS if app.startswith("parkops.") and app != "parkops.core"
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "parkops.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "parkops.core.middleware.ChosenLanguageMiddleware",
    "parkops.core.drf.ApiResponseMiddleware",
    "parkops.core.input_limits.InputLimitsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "parkops.accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "parkops.core.middleware.PrivatePagesMiddleware",
]

ROOT_URLCONF = "parkops.urls"
WSGI_APPLICATION = "parkops.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "parkops.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
DATABASE_URL = env_url(
    "PARKOPS_DATABASE_URL",
    f"sqlite:///{VAR_DIR / 'parkops.sqlite3'}",
    schemes=("sqlite", "postgres", "postgresql", "pgsql"),
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server and a worker share the file; IMMEDIATE
    # transactions take the write lock up front, so two writers queue instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Redis, MQTT -----------------------------------------------------------------
REDIS_URL = env_url("PARKOPS_REDIS_URL", None, schemes=("redis", "rediss", "unix"))
MQTT_URL = env_url("PARKOPS_MQTT_URL", "mqtt://127.0.0.1:1883", schemes=("mqtt", "mqtts"))
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background tasks (reminders, notifications, imports): huey on SQLite by default, on
# Redis when PARKOPS_REDIS_URL is set. Run the worker with `parkops run_huey`.
HUEY = {
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    "name": "parkops",
    "immediate": TESTING or env_bool("PARKOPS_TASKS_IMMEDIATE", False),
    **({"connection": {"url": REDIS_URL}} if REDIS_URL else {"filename": str(VAR_DIR / "tasks.sqlite3")}),
}

# --- Email (notifications) ----------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "PARKOPS_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or TESTING
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("PARKOPS_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("PARKOPS_EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("PARKOPS_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("PARKOPS_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("PARKOPS_EMAIL_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("PARKOPS_DEFAULT_FROM_EMAIL", "ParkOps <noreply@localhost>")
# Absolute links in emails and group messages, e.g. https://park.example.cn
PARKOPS_SITE_URL = env_str("PARKOPS_SITE_URL", "")

# --- Users, passwords, sessions, lockout -------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

# asvs: OWASP ASVS 5.0 (length, breached/common list, no composition, no forced rotation);
# mlps: GB/T 22239-2019 level 3 (length, three of four character classes, rotation).
PASSWORD_POLICY = env_choice("PARKOPS_PASSWORD_POLICY", "asvs", ("asvs", "mlps"))
PASSWORD_MAX_AGE_DAYS = env_int("PARKOPS_PASSWORD_MAX_AGE_DAYS", 90, minimum=1)
AUTH_PASSWORD_VALIDATORS = [{"NAME": "parkops.accounts.passwords.PolicyValidator"}]

SESSION_IDLE_MINUTES = env_int("PARKOPS_SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_ABSOLUTE_HOURS = env_int("PARKOPS_SESSION_ABSOLUTE_HOURS", 12, minimum=1)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AXES_FAILURE_LIMIT = env_int("PARKOPS_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("PARKOPS_LOGIN_LOCKOUT_MINUTES", 30, minimum=1) / 60  # hours
# Lock by account: a forged X-Forwarded-For (or a real other address) gains nothing. Not by
# address as well, since a park office on an intranet often shares one NAT address and one
# person's typos would lock everyone out (hence axes.W006 is silenced below).
# the address recorded is REMOTE_ADDR unless a trusted proxy is configured.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_CLIENT_IP_CALLABLE = "parkops.core.middleware.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
# Invalid API keys from one client address: after this many in a window, 429 until it ends.
API_KEY_FAILURE_LIMIT = env_int("PARKOPS_API_KEY_FAILURE_LIMIT", 20, minimum=1)
API_KEY_FAILURE_WINDOW_SECONDS = env_int("PARKOPS_API_KEY_FAILURE_WINDOW_MINUTES", 15, minimum=1) * 60

SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# --- Security headers (PARKOPS_HTTPS=1 behind TLS) ---------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content-Security-Policy (django-csp): scripts only from our own files, never inline (page
# actions are data attributes handled in parkops/static/parkops/actions.js). Styles allow
# inline: templates position marks with style attributes, and charts and print sheets style
# themselves; a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The OpenAPI document and Swagger page without signing in (a public integration portal).
PUBLIC_API_DOCS = env_bool("PARKOPS_PUBLIC_API_DOCS", False)

# --- Language and time ------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
# Each language named in itself, as a switcher shows it.
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"  # never served: uploads go out through /files/ (parkops.core.files)
MEDIA_ROOT = VAR_DIR / "media"
# --- Uploads: size limits and who sends the bytes -----------------------------------------
PARKOPS_UPLOAD_MAX_MB = env_int("PARKOPS_UPLOAD_MAX_MB", 20, minimum=1, maximum=1024)
PARKOPS_PHOTO_MAX_MB = env_int("PARKOPS_PHOTO_MAX_MB", 10, minimum=1, maximum=1024)
# django: the platform streams the file; nginx: X-Accel-Redirect to an internal location;
# apache: X-Sendfile with the file's path (mod_xsendfile).
PARKOPS_FILE_SENDER = env_choice("PARKOPS_FILE_SENDER", "django", ("django", "nginx", "apache"))
PARKOPS_FILE_SENDER_LOCATION = env_str("PARKOPS_FILE_SENDER_LOCATION", "/protected-media/")
# Backups (`parkops backup --scheduled`, nightly by the task queue): folder, archives kept.
PARKOPS_BACKUP_DIR = Path(env_str("PARKOPS_BACKUP_DIR", str(VAR_DIR / "backups")))
PARKOPS_BACKUP_KEEP = env_int("PARKOPS_BACKUP_KEEP", 14, minimum=1)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("全部")

# --- Input limits (parkops.core.input_limits, parkops.core.text_limits) -----------------
# Most characters a free-text field (every TextField) accepts, unless the field says otherwise.
PARKOPS_TEXT_MAX_LENGTH = env_int("PARKOPS_TEXT_MAX_LENGTH", 10_000, minimum=100)

# --- API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "parkops.accounts.api_auth.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["parkops.core.drf.RestrictedPermission"],
    "DEFAULT_PARSER_CLASSES": [
        "parkops.core.drf.LimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "parkops.core.api_filters.RestrictedFilterBackend",
        "parkops.core.api_filters.ProtectedOrderingFilter",
        "parkops.core.api_filters.ProtectedSearchFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "parkops.core.drf.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "parkops.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "parkops.core.drf.exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ParkOps API",
    "DESCRIPTION": "产业园区运营平台开放接口（《产业园区运营规范》7.2.3）。Token: `Authorization: Api-Key <key>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "parkops.core.schema.postprocess",
    ],
}
# The largest page an API client may ask for (?limit=).
PARKOPS_API_MAX_PAGE_SIZE = env_int("PARKOPS_API_MAX_PAGE_SIZE", 1000)

# --- Audit ------------------------------------------------------------------------------
AUDIT_MIN_RETENTION_DAYS = 180


def _audit_key() -> bytes:
    """The key of the audit chain's HMAC: PARKOPS_AUDIT_KEY, or the file PARKOPS_AUDIT_KEY_FILE,
    or one generated once into var/audit_key. Production keeps it away from the database host
    and its backups: whoever holds both can re-sign a rewritten chain."""
    key = env_str("PARKOPS_AUDIT_KEY", "")
    if not key:
        named = env_str("PARKOPS_AUDIT_KEY_FILE", "")
        path = Path(named) if named else VAR_DIR / "audit_key"
        if not path.exists():
            if named:
                raise ImproperlyConfiguredValue(f"PARKOPS_AUDIT_KEY_FILE={named}: no such file")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        key = path.read_text().strip()
    if len(key) < 32 or len(set(key)) < 5:
        raise ImproperlyConfiguredValue("PARKOPS_AUDIT_KEY: use at least 32 characters with 5 distinct ones")
    return key.encode()


AUDIT_KEY = _audit_key()
# Signed chain heads appended daily by the task queue; keep a copy off this machine.
AUDIT_CHECKPOINT_FILE = Path(
    env_str("PARKOPS_AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit_checkpoints.jsonl"))
)

# --- Logging ----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("PARKOPS_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Tests that need PostgreSQL, MQTT or Chromium fail instead of skipping when this is set.
REQUIRE_SERVICES = env_bool("PARKOPS_REQUIRE_SERVICES", False)
