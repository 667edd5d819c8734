"""Read configuration from environment variables, refusing bad values loudly.

Every variable is documented in `.env.example`. A bad value stops start-up with
a message naming the variable, what was given and what is expected, because a
platform holding confidential deliberations must never run half-configured.
"""

from __future__ import annotations

import os
import zoneinfo
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url


class ConfigError(Exception):
    """A configuration value is missing or malformed."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, environ: Mapping[str, str] = os.environ) -> str:
    value = environ.get(name) or None  # an empty variable counts as unset
    if value is None:
        if default is None:
            raise ConfigError(f"{name} is required but not set.")
        return default
    return value


def env_bool(name: str, default: bool, environ: Mapping[str, str] = os.environ) -> bool:
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off.")


def env_int(name: str, default: int, *, minimum: int = 0, environ: Mapping[str, str] = os.environ) -> int:
    raw = environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not an integer.") from None
    if value < minimum:
        raise ConfigError(f"{name}={value} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str], environ: Mapping[str, str] = os.environ) -> list[str]:
    raw = environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_time_zone(name: str, default: str, environ: Mapping[str, str] = os.environ) -> str:
    value = environ.get(name, default)
    if value not in zoneinfo.available_timezones():
        raise ConfigError(f"{name}={value!r} is not an IANA time zone (e.g. America/Mexico_City).")
    return value


def parse_database_url(url: str, *, base_dir: str) -> dict[str, Any]:
    """Turn DATABASE_URL into a DATABASES entry; only SQLite and PostgreSQL are supported."""
    scheme = urlsplit(url).scheme
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ConfigError(f"DATABASE_URL scheme {scheme!r} is not supported; use sqlite:///path or postgres://…")
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except ValueError as exc:
        raise ConfigError(f"DATABASE_URL could not be parsed: {exc}") from None
    if scheme == "sqlite":
        name = str(config["NAME"])
        if name and name != ":memory:" and not os.path.isabs(name):
            config["NAME"] = os.path.join(base_dir, name)
        # Each worker keeps its connection, as on PostgreSQL: opening one (the file and the
        # PRAGMAs below) cost 3 ms of a 4 ms cached public page (bench/public.py). `restore`
        # still refuses while another process has the file open; the web stops first (deploy.md).
        config["CONN_MAX_AGE"] = 60
        # WAL lets readers proceed while one writer writes; IMMEDIATE takes the write lock
        # when a transaction starts, so two writers queue instead of failing mid-way.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"),
        }
    else:
        if not config.get("NAME"):
            raise ConfigError("DATABASE_URL for PostgreSQL must name a database.")
        config["CONN_HEALTH_CHECKS"] = True
    return config


def parse_email_url(url: str, *, base_dir: str) -> dict[str, Any]:
    """Turn EMAIL_URL into Django e-mail settings.

    Supported: ``file:///path`` (development), ``console:``, ``locmem:``,
    ``smtp://user:pass@host:port`` and ``smtp+tls://…`` / ``smtp+ssl://…``.
    """
    parts = urlsplit(url)
    scheme = parts.scheme
    if scheme == "file":
        path = unquote(parts.path) or "var/mail"
        if not os.path.isabs(path) or parts.netloc:
            path = os.path.join(base_dir, (parts.netloc + parts.path).lstrip("/") or "var/mail")
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": path,
        }
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme in {"smtp", "smtp+tls", "smtp+ssl"}:
        if not parts.hostname:
            raise ConfigError(f"EMAIL_URL {url!r} has no host.")
        try:
            port = parts.port or (465 if scheme == "smtp+ssl" else 587 if scheme == "smtp+tls" else 25)
        except ValueError:
            raise ConfigError(f"EMAIL_URL {url!r} has an invalid port.") from None
        query = parse_qs(parts.query)
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname,
            "EMAIL_PORT": port,
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_TLS": scheme == "smtp+tls",
            "EMAIL_USE_SSL": scheme == "smtp+ssl",
            "EMAIL_TIMEOUT": int(query.get("timeout", ["20"])[0]),
        }
    raise ConfigError(f"EMAIL_URL scheme {scheme!r} is not supported; use file://, console:, smtp:// or smtp+tls://.")
