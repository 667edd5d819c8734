"""The one settings module of msj, driven by environment variables (see .env.example)."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.env import (
    ConfigError,
    env_bool,
    env_int,
    env_list,
    env_str,
    env_time_zone,
    parse_database_url,
    parse_email_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MSJ_VAR_DIR", str(BASE_DIR / "var")))

# Tests run with their own safe defaults; everything else must be configured explicitly.
TESTING = "pytest" in sys.modules

try:
    DEBUG = env_bool("DEBUG", False)
    _dev_secret = "insecure-development-key-only-for-debug-and-tests-0123456789abcdef"  # noqa: S105
    # Comparing the models with the migrations signs nothing and serves nothing: a throwaway key
    # lets `manage.py makemigrations --check` run in a bare shell (hooks, editors), while every
    # other command, and the web server, still require SECRET_KEY when DEBUG is off.
    _keyless = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] == ["makemigrations"]
    _fallback_secret = secrets.token_urlsafe(64) if _keyless else None
    SECRET_KEY = env_str("SECRET_KEY", _dev_secret if DEBUG or TESTING else _fallback_secret)
    if not (DEBUG or TESTING) and _dev_secret == SECRET_KEY:
        raise ConfigError("SECRET_KEY must be set to a long random value when DEBUG is off.")
    if len(SECRET_KEY) < 50:
        raise ConfigError("SECRET_KEY must be at least 50 characters long.")
    # Previous keys, still accepted for signatures and needed to read MFA secrets encrypted
    # with them: keep the old key here when rotating SECRET_KEY.
    SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
    TIME_ZONE = env_time_zone("TIME_ZONE", "America/Mexico_City")
    DATABASES = {
        "default": parse_database_url(
            env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'msj.sqlite3'}"), base_dir=str(BASE_DIR)
        )
    }
    _email = parse_email_url(env_str("EMAIL_URL", f"file://{VAR_DIR / 'mail'}"), base_dir=str(BASE_DIR))
    DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "msj <no-reply@localhost>")
    SERVER_EMAIL = DEFAULT_FROM_EMAIL
    SECURE = env_bool("SECURE", not (DEBUG or TESTING))
    SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
    TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
    LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
    if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ConfigError(f"LOG_LEVEL={LOG_LEVEL!r} is not one of DEBUG, INFO, WARNING, ERROR.")
    LOG_FORMAT = env_str("LOG_FORMAT", "json")
    if LOG_FORMAT not in {"json", "text"}:
        raise ConfigError(f"LOG_FORMAT={LOG_FORMAT!r} must be 'json' or 'text'.")
    SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")
    # The largest evidence file accepted, per file (agreements' follow-ups).
    MSJ_MAX_UPLOAD_BYTES = env_int("MSJ_MAX_UPLOAD_BYTES", 10 * 1024 * 1024, minimum=1024)
except ConfigError as exc:
    raise SystemExit(f"msj configuration error: {exc}") from None

globals().update(_email)

INSTALLED_APPS = [
    "msj.core",
    "msj.accounts",
    "msj.mesas",
    "msj.members",
    "msj.committees",
    "msj.topics",
    "msj.agreements",
    "msj.meetings",
    "msj.minutes",
    "msj.compliance",
    "msj.votes",
    "msj.admissions",
    "msj.elections",
    "msj.decisions",
    "msj.honour",
    "msj.indicators",
    "msj.network",
    "msj.surveys",
    "msj.charter",
    "msj.exchange",
    "msj.encuentros",
    "msj.press",
    "msj.public",
    "msj.home",
    "msj.audit",
    "msj.notifications",
    "msj.api",
    "msj.demo",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "ninja",  # its static files: Swagger UI for /api/v1/docs, served locally
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "msj.core.middleware.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "msj.accounts.middleware.RequireMFAMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: e-mail is the login; a code by e-mail is the password-less way in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 300
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
# People join a Mesa by invitation (admission, seat, office); nobody signs up on their own.
ACCOUNT_ADAPTER = "msj.accounts.adapter.AccountAdapter"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[msj] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SECURE else "http"
# Brute-force protection: failed logins are limited per address and per account; the
# counters live in the database cache so every worker shares them.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
}
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
MFA_ADAPTER = "msj.accounts.mfa.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "msj"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "msj_cache",
        # Django's default (cull a third of the rows past 300) would let a flood of sign-in
        # attempts on made-up addresses evict the counters of the account under attack.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = SECURE and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Spanish (Mexico) first; English available.
LANGUAGE_CODE = "es-mx"
LANGUAGES = [("es-mx", _("Spanish (Mexico)")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Development and tests serve static files straight from the app folders.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
MEDIA_ROOT = VAR_DIR / "media"
# The national store of SESNSP counts: one Parquet file per import (msj/indicators/store.py).
# Under MEDIA_ROOT (never served), so `manage.py backup` and `restore` carry it with the database.
INDICATORS_STORE_DIR = MEDIA_ROOT / "national"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "mail"],
    }
}

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "msj.core.logging.JSONFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "stream": sys.stderr},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint and fontTools narrate every PDF at INFO (about 15 lines an acta).
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

os.makedirs(VAR_DIR, exist_ok=True)
