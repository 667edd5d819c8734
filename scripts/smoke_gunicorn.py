#!/usr/bin/env python3
"""Smoke-test a production-like msj: gunicorn serving it on a fresh database, a person signing in.

Usage (CI runs it with a PostgreSQL server; any database in the URL serves only to reach it):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python scripts/smoke_gunicorn.py

Without DATABASE_URL it uses a temporary SQLite file. The script creates a database with a
random name on that server and drops it at the end; it migrates, creates the test personas,
collects the static files, starts gunicorn with DEBUG off on a free local port, waits for
/healthz, checks that the sign-in page is in Spanish, signs Beto in with the CSRF token, checks
his Mesa is listed on the home page, and stops gunicorn. Every step has a time limit; any
failure exits non-zero with a message saying what went wrong.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HTTP_TIMEOUT = 15  # seconds for one request
START_TIMEOUT = 60  # seconds for gunicorn to answer /healthz
STOP_TIMEOUT = 20  # seconds for gunicorn to stop after SIGTERM
# A persona without MFA (see msj/members/testing.py), citizen member of Mesa A.
EMAIL = "beto@example.org"
MESA = "Mesa A"
SIGN_IN_TITLE = "Iniciar sesión"  # allauth's "Sign In" in Spanish

CREATE_PERSONAS = f"""
from allauth.account.models import EmailAddress
from msj.members.testing import PASSWORD, make_personas
personas = make_personas()
# People arrive by invitation with their address already confirmed; mirror that for Beto.
EmailAddress.objects.update_or_create(
    user=personas.beto, email={EMAIL!r}, defaults={{"verified": True, "primary": True}}
)
print("password:", PASSWORD)
"""


class SmokeFailure(Exception):
    pass


def step(message: str) -> None:
    print(f"smoke: {message}", flush=True)


# The database ---------------------------------------------------------------------------------


@contextlib.contextmanager
def fresh_database(workdir: Path) -> Iterator[str]:
    """Yield the DATABASE_URL of a new, empty database; drop it afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url or url.startswith("sqlite:"):
        path = workdir / "smoke.sqlite3"
        step(f"database: SQLite file {path}")
        yield f"sqlite:///{path}"
        return
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise SmokeFailure(f"DATABASE_URL must be a postgres:// or sqlite:/// URL, not {parts.scheme}://")
    import psycopg  # only needed for PostgreSQL

    name = f"msj_smoke_{secrets.token_hex(4)}"
    server = urllib.parse.urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))
    try:
        admin = psycopg.connect(server, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise SmokeFailure(f"cannot reach PostgreSQL at {parts.hostname}:{parts.port or 5432}: {exc}") from None
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        step(f"database: created {name} on {parts.hostname or 'the local socket'}:{parts.port or 5432}")
        try:
            yield urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            step(f"database: dropped {name}")


# Commands and the server ------------------------------------------------------------------------


def manage(env: dict[str, str], *args: str, timeout: int) -> str:
    started = time.monotonic()
    try:
        result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [PYTHON, "manage.py", *args],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SmokeFailure(f"manage.py {args[0]} did not finish within {timeout} s") from None
    if result.returncode != 0:
        output = result.stdout[-2000:] + result.stderr[-4000:]
        raise SmokeFailure(f"manage.py {args[0]} failed with exit code {result.returncode}:\n{output}")
    step(f"manage.py {args[0]}: ok ({time.monotonic() - started:.1f} s)")
    return result.stdout


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def gunicorn(env: dict[str, str], port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    command = [
        PYTHON,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        "--workers=2",
        "--timeout=30",
        "--graceful-timeout=10",
        "--forwarded-allow-ips=127.0.0.1",
        "--no-control-socket",  # several smoke runs may share a home folder
    ]
    with log.open("wb") as output:
        # Its own session, so that stopping it reaches the master and its workers.
        process = subprocess.Popen(  # noqa: S603
            command, cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    step(f"gunicorn: started (pid {process.pid}) on http://127.0.0.1:{port}/")
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT)
                step(f"gunicorn: stopped (exit code {process.returncode})")
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=STOP_TIMEOUT)
                step("gunicorn: did not stop on SIGTERM; killed")


# HTTP -----------------------------------------------------------------------------------------


class FormParser(HTMLParser):
    """Collect every form's action and inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append((values.get("action", ""), {}))
            self._open = True
        elif tag == "input" and self._open and "name" in values:
            self.forms[-1][1][values["name"]] = values.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = False


def fetch(opener: urllib.request.OpenerDirector, url: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Return (status, final URL, body) of a GET, or of a POST when `data` is given."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"User-Agent": "msj-smoke"})  # noqa: S310 - http://127.0.0.1
    try:
        with opener.open(request, timeout=HTTP_TIMEOUT) as response:
            return response.status, response.url, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, url, exc.read().decode(errors="replace")


def wait_for_health(opener: urllib.request.OpenerDirector, base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    last = "no answer"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SmokeFailure(f"gunicorn exited with code {process.returncode} before answering")
        try:
            status, _url, body = fetch(opener, base + "/healthz")
            if status == 200 and json.loads(body) == {"status": "ok", "database": "ok"}:
                step("GET /healthz: 200 ok")
                return
            last = f"status {status}: {body[:200]}"
        except (OSError, ValueError) as exc:
            last = str(exc)
        time.sleep(0.25)
    raise SmokeFailure(f"/healthz did not answer 200 within {START_TIMEOUT} s (last: {last})")


def check_site(base: str, password: str) -> None:
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))

    status, _url, page = fetch(opener, base + "/accounts/login/")
    if status != 200:
        raise SmokeFailure(f"GET /accounts/login/ answered {status}")
    if SIGN_IN_TITLE not in page:
        raise SmokeFailure(f"the sign-in page is not in Spanish: {SIGN_IN_TITLE!r} not found")
    step(f"GET /accounts/login/: 200, in Spanish ({SIGN_IN_TITLE!r})")

    stylesheet = re.search(r'<link rel="stylesheet" href="(/static/[^"]+)"', page)
    if stylesheet is None:
        raise SmokeFailure("the sign-in page links no stylesheet")
    status, _url, _css = fetch(opener, base + stylesheet.group(1))
    if status != 200 or not re.search(r"\.[0-9a-f]{12}\.css$", stylesheet.group(1)):
        raise SmokeFailure(f"static file {stylesheet.group(1)} answered {status} (expected 200, a hashed name)")
    step(f"GET {stylesheet.group(1)}: 200 (WhiteNoise, hashed name)")

    parser = FormParser()
    parser.feed(page)
    forms = [(action, fields) for action, fields in parser.forms if "login" in fields and "password" in fields]
    if not forms:
        raise SmokeFailure("the sign-in page has no form with login and password fields")
    action, fields = forms[0]
    if not fields.get("csrfmiddlewaretoken"):
        raise SmokeFailure("the sign-in form carries no CSRF token")
    fields.update(login=EMAIL, password=password)
    status, final, home = fetch(opener, urllib.parse.urljoin(base + "/accounts/login/", action), fields)
    if status != 200:
        raise SmokeFailure(f"signing in answered {status}: {home[:500]}")
    if urllib.parse.urlsplit(final).path != "/":
        raise SmokeFailure(f"signing in led to {final}, not to the home page")
    if MESA not in home:
        raise SmokeFailure(f"the home page after signing in does not list {MESA!r}")
    step(f"POST /accounts/login/ as {EMAIL}: signed in; the home page lists {MESA!r}")


def check_logs(log: Path) -> None:
    """The request log lines gunicorn's workers wrote must be JSON with the request facts."""
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    requests = [line for line in lines if line.get("logger") == "msj.request"]
    wanted = {"request_id", "method", "path", "status", "duration_ms"}
    if not requests or not all(wanted <= set(line) for line in requests):
        raise SmokeFailure("gunicorn's output holds no JSON request log lines with the request facts")
    step(f"logs: {len(requests)} JSON request lines")


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="msj-smoke-"))
    log = workdir / "gunicorn.log"
    from_settings = re.findall(
        r"\benv_(?:str|bool|int|list|time_zone)\(\s*\"([A-Z][A-Z0-9_]*)\"",
        (BASE_DIR / "config" / "settings.py").read_text(),
    )
    port = free_port()
    try:
        with fresh_database(workdir) as database_url:
            env = {key: value for key, value in os.environ.items() if key not in from_settings}
            env.update(
                DEBUG="0",
                SECURE="0",  # no TLS in the smoke test
                ALLOWED_HOSTS="127.0.0.1",
                SECRET_KEY=secrets.token_urlsafe(50),
                DATABASE_URL=database_url,
                MSJ_VAR_DIR=str(workdir / "var"),
                EMAIL_URL=f"file://{workdir / 'mail'}",
                SITE_URL=f"http://127.0.0.1:{port}",
                LOG_FORMAT="json",
                LOG_LEVEL="INFO",
            )
            manage(env, "migrate", "--no-input", timeout=300)
            created = manage(env, "shell", "-c", CREATE_PERSONAS, timeout=120)
            password = created.rpartition("password: ")[2].strip()
            manage(env, "collectstatic", "--no-input", timeout=300)
            base = f"http://127.0.0.1:{port}"
            with gunicorn(env, port, log) as process:
                wait_for_health(urllib.request.build_opener(), base, process)
                check_site(base, password)
            check_logs(log)
    except (SmokeFailure, subprocess.SubprocessError, OSError) as exc:
        print(f"smoke: FAILED: {exc}", file=sys.stderr)
        if log.exists():
            print("smoke: last lines of gunicorn's output:", file=sys.stderr)
            print("\n".join(log.read_text(errors="replace").splitlines()[-30:]), file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    step("PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
