"""Configuration from the environment: bad values stop start-up loudly; production values pass `check --deploy`."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

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

BASE_DIR = Path(settings.BASE_DIR)


def _clean_environ(tmp_path: Path, **values: str) -> dict[str, str]:
    """The test runner's environment without any msj variable, plus `values`."""
    names = _variables_read_by_settings()
    env = {key: value for key, value in os.environ.items() if key not in names}
    env["MSJ_VAR_DIR"] = str(tmp_path / "var")
    env.update(values)
    return env


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _variables_read_by_settings() -> set[str]:
    source = (BASE_DIR / "config" / "settings.py").read_text()
    return set(re.findall(r"\benv_(?:str|bool|int|list|time_zone)\(\s*\"([A-Z][A-Z0-9_]*)\"", source))


# The settings module as a whole, in a fresh process ------------------------------------------

BAD_VALUES = [
    ({"DATABASE_URL": "mysql://msj:secret@db.example.org/msj"}, "DATABASE_URL scheme 'mysql' is not supported"),
    ({"TIME_ZONE": "Mars/Base"}, "TIME_ZONE='Mars/Base' is not an IANA time zone"),
    ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
    ({"SECRET_KEY": "too-short"}, "SECRET_KEY must be at least 50 characters long"),
    ({"SESSION_COOKIE_AGE": "abc"}, "SESSION_COOKIE_AGE='abc' is not an integer"),
    ({"SESSION_COOKIE_AGE": "60"}, "SESSION_COOKIE_AGE=60 must be at least 300"),
    ({"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT=-1 must be at least 0"),
    ({"EMAIL_URL": "ftp://x"}, "EMAIL_URL scheme 'ftp' is not supported"),
    ({"EMAIL_URL": "smtp+tls://"}, "EMAIL_URL 'smtp+tls://' has no host"),
    ({"SECURE": "perhaps"}, "SECURE='perhaps' is not a boolean"),
    ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL='LOUD' is not one of"),
    ({"LOG_FORMAT": "xml"}, "LOG_FORMAT='xml' must be 'json' or 'text'"),
    ({"DATABASE_URL": "postgres://msj@db.example.org"}, "DATABASE_URL for PostgreSQL must name a database"),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("values", "message"), BAD_VALUES, ids=[next(iter(v)) + "=" + v[next(iter(v))] for v, _ in BAD_VALUES]
)
def test_bad_value_stops_start_up_naming_the_variable(tmp_path, values, message):
    # DEBUG=1 so that only the bad value can be wrong (SECRET_KEY is not required then).
    env = _clean_environ(tmp_path, **{"DEBUG": "1", **values})
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert f"msj configuration error: {message}" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_production_requires_a_secret_key(tmp_path):
    result = _manage("check", env=_clean_environ(tmp_path, DEBUG="0"))
    assert result.returncode != 0
    assert "SECRET_KEY is required but not set." in result.stderr


@pytest.mark.slow
def test_comparing_models_and_migrations_needs_no_secret_key(tmp_path):
    # Only makemigrations: `check` above, and every other command, still refuse to start.
    env = _clean_environ(tmp_path, DEBUG="0", DATABASE_URL=f"sqlite:///{tmp_path / 'msj.sqlite3'}")
    result = _manage("makemigrations", "--check", "--dry-run", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


@pytest.mark.slow
def test_production_refuses_the_development_secret_key(tmp_path):
    development_key = "insecure-development-key-only-for-debug-and-tests-0123456789abcdef"
    result = _manage("check", env=_clean_environ(tmp_path, DEBUG="0", SECRET_KEY=development_key))
    assert result.returncode != 0
    assert "SECRET_KEY must be set to a long random value when DEBUG is off." in result.stderr


def _production(tmp_path: Path) -> dict[str, str]:
    return _clean_environ(
        tmp_path,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(60)[:60],
        ALLOWED_HOSTS="msj.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'msj.sqlite3'}",
        SITE_URL="https://msj.example.org",
    )


@pytest.mark.slow
def test_check_deploy_with_production_values_reports_nothing(tmp_path):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


@pytest.mark.slow
def test_check_deploy_behind_a_proxy_reports_nothing(tmp_path):
    # The set-up docs/deploy.md describes: one nginx in front, terminating TLS.
    env = {**_production(tmp_path), "TRUSTED_PROXY_COUNT": "1"}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.slow
def test_check_deploy_catches_debug_in_production(tmp_path):
    env = {**_production(tmp_path), "DEBUG": "1"}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr  # DEBUG must be off in deployment


# .env.example ---------------------------------------------------------------------------------


def test_env_example_documents_every_variable_settings_reads():
    example = (BASE_DIR / ".env.example").read_text()
    names = _variables_read_by_settings()
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "EMAIL_URL", "TRUSTED_PROXY_COUNT"} <= names
    missing = sorted(name for name in names if not re.search(rf"^#? ?{name}=", example, re.MULTILINE))
    assert missing == [], f"document these variables in .env.example: {missing}"
    undocumented = sorted(name for name in names if not re.search(rf"^# {name}: \S", example, re.MULTILINE))
    assert undocumented == [], f"explain these variables in .env.example: {undocumented}"


def test_env_example_leaves_the_secret_key_empty():
    # A sample key copied to production would be a shared secret; empty means "required".
    assert re.search(r"^SECRET_KEY=$", (BASE_DIR / ".env.example").read_text(), re.MULTILINE)


# config/env.py, one function at a time ---------------------------------------------------------


def test_env_str():
    assert env_str("X", "default", environ={}) == "default"
    assert env_str("X", "default", environ={"X": ""}) == "default"  # empty counts as unset
    assert env_str("X", None, environ={"X": "value"}) == "value"
    with pytest.raises(ConfigError, match="^X is required but not set.$"):
        env_str("X", None, environ={})


@pytest.mark.parametrize("raw", ["1", "true", "YES", " on ", "True"])
def test_env_bool_true(raw):
    assert env_bool("X", False, environ={"X": raw}) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_env_bool_false(raw):
    assert env_bool("X", True, environ={"X": raw}) is False


def test_env_bool_default_and_refusal():
    assert env_bool("X", True, environ={}) is True
    with pytest.raises(ConfigError, match="X='maybe' is not a boolean"):
        env_bool("X", False, environ={"X": "maybe"})


def test_env_int():
    assert env_int("X", 7, environ={}) == 7
    assert env_int("X", 7, environ={"X": "42"}) == 42
    with pytest.raises(ConfigError, match="X='4.5' is not an integer"):
        env_int("X", 7, environ={"X": "4.5"})
    with pytest.raises(ConfigError, match="X=299 must be at least 300"):
        env_int("X", 7, minimum=300, environ={"X": "299"})


def test_env_list():
    assert env_list("X", ["a"], environ={}) == ["a"]
    assert env_list("X", ["a"], environ={"X": " msj.example.org, ,www.msj.example.org "}) == [
        "msj.example.org",
        "www.msj.example.org",
    ]
    assert env_list("X", ["a"], environ={"X": ""}) == []


def test_env_time_zone():
    assert env_time_zone("TZ", "America/Mexico_City", environ={}) == "America/Mexico_City"
    assert env_time_zone("TZ", "UTC", environ={"TZ": "America/Ciudad_Juarez"}) == "America/Ciudad_Juarez"
    with pytest.raises(ConfigError, match="TZ='Mars/Base' is not an IANA time zone"):
        env_time_zone("TZ", "UTC", environ={"TZ": "Mars/Base"})


def test_parse_database_url_postgres():
    config = parse_database_url("postgres://msj:s%40cret@db.example.org:6432/msj?sslmode=require", base_dir="/srv")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("msj", "msj", "s@cret")
    assert (config["HOST"], config["PORT"]) == ("db.example.org", 6432)
    assert config["OPTIONS"] == {"sslmode": "require"}
    assert config["CONN_HEALTH_CHECKS"] is True
    assert config["CONN_MAX_AGE"] == 60


def test_parse_database_url_sqlite_paths():
    relative = parse_database_url("sqlite:///var/msj.sqlite3", base_dir="/srv/msj")
    assert relative["NAME"] == "/srv/msj/var/msj.sqlite3"
    absolute = parse_database_url("sqlite:////var/lib/msj/msj.sqlite3", base_dir="/srv/msj")
    assert absolute["NAME"] == "/var/lib/msj/msj.sqlite3"
    assert absolute["CONN_MAX_AGE"] == 60  # persistent, like PostgreSQL
    assert "journal_mode=WAL" in absolute["OPTIONS"]["init_command"]
    assert absolute["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://msj@db/msj", "scheme 'mysql' is not supported"),
        ("oracle://msj@db/msj", "scheme 'oracle' is not supported"),
        ("postgres://msj@db.example.org", "must name a database"),
    ],
)
def test_parse_database_url_refusals(url, message):
    with pytest.raises(ConfigError, match=message):
        parse_database_url(url, base_dir="/srv")


def test_parse_email_url_smtp_variants():
    tls = parse_email_url("smtp+tls://msj%40example.org:p%40ss@smtp.example.org?timeout=5", base_dir="/srv")
    assert tls == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "msj@example.org",
        "EMAIL_HOST_PASSWORD": "p@ss",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 5,
    }
    ssl = parse_email_url("smtp+ssl://smtp.example.org", base_dir="/srv")
    assert (ssl["EMAIL_PORT"], ssl["EMAIL_USE_SSL"], ssl["EMAIL_USE_TLS"], ssl["EMAIL_TIMEOUT"]) == (
        465,
        True,
        False,
        20,
    )
    plain = parse_email_url("smtp://localhost:2525", base_dir="/srv")
    assert (plain["EMAIL_PORT"], plain["EMAIL_USE_TLS"], plain["EMAIL_HOST_USER"]) == (2525, False, "")


def test_parse_email_url_other_backends():
    assert parse_email_url("console:", base_dir="/srv") == {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"
    }
    assert parse_email_url("locmem:", base_dir="/srv")["EMAIL_BACKEND"].endswith("locmem.EmailBackend")
    absolute = parse_email_url("file:///var/spool/msj-mail", base_dir="/srv")
    assert absolute["EMAIL_FILE_PATH"] == "/var/spool/msj-mail"
    relative = parse_email_url("file://var/mail", base_dir="/srv")
    assert relative["EMAIL_FILE_PATH"] == "/srv/var/mail"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://x", "scheme 'ftp' is not supported"),
        ("smtp+tls://", "has no host"),
        ("smtp://smtp.example.org:notaport", "has an invalid port"),
    ],
)
def test_parse_email_url_refusals(url, message):
    with pytest.raises(ConfigError, match=message):
        parse_email_url(url, base_dir="/srv")
