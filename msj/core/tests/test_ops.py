"""The health check and the structured request log, as a load balancer and a log collector see them."""

from __future__ import annotations

import copy
import datetime as dt
import json
import logging
import re
import sys
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.db.utils import load_backend

from msj.core.logging import JSONFormatter


def _broken_query(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
    """Stand in for the driver: the server went away in the middle of the query."""
    raise OperationalError("server closed the connection unexpectedly")


def _working_query(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
    return execute(sql, params, many, context)


@pytest.mark.django_db
def test_healthz_is_ok_with_the_database_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_query_fails(client):
    with connections[DEFAULT_DB_ALIAS].execute_wrapper(_broken_query):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
    assert "server closed" not in response.content.decode()  # no internals leak to the caller


@pytest.fixture
def unreachable_database(django_db_blocker: Any, tmp_path: Any) -> Iterator[None]:
    """Make the default connection point at a database that cannot be reached."""
    original = connections[DEFAULT_DB_ALIAS]
    settings_dict = copy.deepcopy(original.settings_dict)
    if original.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "missing-folder" / "msj.sqlite3")
    else:
        settings_dict.update(HOST="127.0.0.1", PORT="1")  # nothing listens on port 1
        settings_dict["OPTIONS"] = {**settings_dict["OPTIONS"], "connect_timeout": 2}
    broken = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = broken
    try:
        with django_db_blocker.unblock():
            yield
    finally:
        broken.close()
        connections[DEFAULT_DB_ALIAS] = original


def test_healthz_is_503_when_the_database_is_down(client, unreachable_database):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


@pytest.mark.django_db
@pytest.mark.parametrize("broken", [False, True])
def test_healthz_is_never_cached(client, broken):
    with connections[DEFAULT_DB_ALIAS].execute_wrapper(_broken_query if broken else _working_query):
        response = client.get("/healthz")
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-cache", "no-store", "must-revalidate", "max-age=0"} <= cache_control
    assert "Expires" in response


@pytest.mark.django_db
def test_healthz_answers_get_only(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_request_log_line_is_json_with_the_request_facts(client, caplog):
    with caplog.at_level(logging.INFO, logger="msj.request"):
        response = client.get("/healthz?token=secret-value")

    records = [r for r in caplog.records if r.name == "msj.request"]
    assert len(records) == 1
    line = JSONFormatter().format(records[0])
    payload = json.loads(line)
    assert "\n" not in line
    assert payload["level"] == "INFO"
    assert payload["logger"] == "msj.request"
    assert payload["msg"] == "request"
    assert re.fullmatch(r"[0-9a-f]{32}", payload["request_id"])
    assert payload["request_id"] == response["X-Request-ID"]
    assert payload["method"] == "GET"
    assert payload["path"] == "/healthz"
    assert payload["status"] == 200
    assert isinstance(payload["duration_ms"], int | float)
    assert payload["duration_ms"] >= 0
    assert payload["user"] is None
    assert "secret-value" not in line  # query strings may carry tokens: never logged
    assert dt.datetime.fromisoformat(payload["ts"]).tzinfo is not None


def test_request_log_names_the_signed_in_person(client, personas, caplog):
    client.force_login(personas.beto)
    with caplog.at_level(logging.INFO, logger="msj.request"):
        client.get("/")
    (record,) = [r for r in caplog.records if r.name == "msj.request"]
    payload = json.loads(JSONFormatter().format(record))
    assert payload["status"] == 200
    assert payload["user"] == str(personas.beto.public_id)
    assert "beto@example.org" not in json.dumps(payload)


@pytest.mark.django_db
def test_request_ids_differ_between_requests(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert first != second


def test_json_formatter_keeps_extras_and_exceptions():
    logger = logging.getLogger("msj.test")
    try:
        raise ValueError("boom")
    except ValueError:
        record = logger.makeRecord(
            "msj.test",
            logging.ERROR,
            __file__,
            1,
            "failed for %s",
            ("Beto",),
            exc_info=sys.exc_info(),
            extra={"mesa": uuid.UUID(int=1), "count": 3, "ratio": 0.5, "ok": False, "nothing": None},
        )
    payload = json.loads(JSONFormatter().format(record))
    assert payload["msg"] == "failed for Beto"
    assert payload["level"] == "ERROR"
    assert payload["mesa"] == "00000000-0000-0000-0000-000000000001"
    assert (payload["count"], payload["ratio"], payload["ok"], payload["nothing"]) == (3, 0.5, False, None)
    assert "ValueError: boom" in payload["exc"]
    assert "args" not in payload
    assert "Ñandú" in JSONFormatter().format(logging.makeLogRecord({"msg": "Ñandú"}))  # readable, not \\u-escaped


@pytest.mark.django_db
def test_request_log_never_carries_a_secret_from_the_path(client, caplog):
    """Reset keys, feed and check-in codes travel in paths: the log keeps the route pattern only."""
    with caplog.at_level(logging.INFO, logger="msj.request"):
        client.get("/accounts/password/reset/key/3-abcdef-0123456789secret/")
    (record,) = [r for r in caplog.records if r.name == "msj.request"]
    line = JSONFormatter().format(record)
    assert "0123456789secret" not in line
    assert json.loads(line)["path"].startswith("/accounts/password/reset/key/")
