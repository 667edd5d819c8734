#!/usr/bin/env python3
"""The performance benchmark of issue 3 (`make bench`): the pages a coordinator uses, under load.

Usage (any database in the URL serves only to reach the PostgreSQL server):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/run.py \
        [--scale 1] [--workers 2] [--alt-workers 5] [--requests 200] [--keep-db]

It creates a database with a random name, migrates it, fills it with bench/generate.py at
the given scale (BENCH_SCALE, 1 by default: 300 Mesas), collects the static files and
starts gunicorn with the production settings (DEBUG off, as scripts/smoke_gunicorn.py
does) and 2 sync workers, one per core. It signs in as the coordinator of the
first Mesa — a session made by Django's own login for a person whose authenticator app is
set up, so the MFA rule lets every page through — and measures, one page at a time, with 1
and then 16 concurrent clients, a fixed number of requests after a warm-up: the median and
95th percentile latency, the requests per second and the peak resident memory of the
gunicorn workers. The baseline, a trivial page behind the login on the same stack
(`/me/profile/`), is measured in the same run, and the dashboard's throughput is reported
as a ratio of it. A few pages are measured again with docs/deploy.md's 5 workers.

At full scale the report replaces docs/performance.md; at a smaller scale it goes to
var/bench/performance-<scale>.md, so a quick check never overwrites the recorded figures.
The database is dropped at the end (unless --keep-db). Nothing here asserts a time: the
query-count bounds are asserted by tests/test_query_bounds.py.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
CONCURRENCY = (1, 16)
WARM_UP = 10  # per worker
START_TIMEOUT = 60

# Run inside `manage.py shell` once the data is there: sign the coordinator in and name the pages.
SETUP = r"""
import json
from django.conf import settings
from django.db.models import Count
from django.test import Client
from django.urls import NoReverseMatch, reverse
from msj.agreements.models import Agreement
from msj.committees.models import Committee
from msj.meetings.models import Meeting
from msj.members.models import Office
from msj.minutes.models import Minutes

office = Office.objects.select_related("membership__user", "mesa").get(
    mesa__slug="mesa-001", kind="coordinator", ended_on__isnull=True
)
mesa, user = office.mesa, office.membership.user
client = Client(HTTP_HOST="127.0.0.1")  # the host gunicorn is reached by (ALLOWED_HOSTS)
client.force_login(user)
slug = {"mesa_slug": mesa.slug}
home = ["home", "mesas:dashboard", reverse("mesas:dashboard", kwargs=slug), "text/html"]
try:
    dashboard = ["dashboard", "compliance:dashboard", reverse("compliance:dashboard", kwargs=slug), "text/html"]
    extra = [home]  # the Mesa's home too, for comparison
except NoReverseMatch:
    dashboard, extra = ["dashboard", *home[1:]], []
committee = (
    Committee.objects.filter(mesa=mesa, kind="thematic")
    .annotate(n=Count("agreements")).order_by("-n", "name").first()
)
plenary = Meeting.objects.filter(mesa=mesa, kind="plenary", status="held").order_by("-starts_at").first()
sealed = (
    Minutes.objects.filter(meeting__mesa=mesa, meeting__kind="plenary", status="sealed")
    .select_related("meeting").order_by("-meeting__starts_at").first()
)
pages = [
    ["baseline", "accounts:profile", reverse("accounts:profile"), "text/html"],
    dashboard,
    *extra,
    ["matrix", "agreements:matrix ?committee=", reverse("agreements:matrix", kwargs=slug)
     + f"?committee={committee.public_id}", "text/html"],
    ["meeting", "meetings:detail", reverse("meetings:detail", kwargs={**slug, "public_id": plenary.public_id}),
     "text/html"],
    ["minutes_pdf", "minutes:export_pdf",
     reverse("minutes:export_pdf", kwargs={**slug, "meeting_id": sealed.meeting.public_id}), "application/pdf"],
]
# The queries each page runs on this dataset (the second request, once the caches are warm).
from django.db import connection
from django.test.utils import CaptureQueriesContext
queries = {}
for page in pages:
    client.get(page[2])
    with CaptureQueriesContext(connection) as captured:
        status = client.get(page[2]).status_code
    assert status == 200, (page, status)
    queries[page[0]] = len(captured.captured_queries)
print("BENCH-SETUP " + json.dumps({
    "queries": queries,
    "cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
    "person": f"{user.full_name}, coordinator of {mesa.name} ({mesa.slug})",
    "pages": pages,
    "notes": {
        "matrix": f"{committee.name}: {Agreement.objects.filter(committee=committee).count()} agreements",
        "meeting": f"{plenary.title}: {plenary.invitations.count()} invitations, {plenary.agenda.count()} items",
        "minutes_pdf": f"{sealed.meeting.title}, sealed minutes",
    },
}))
"""


class BenchFailure(Exception):
    pass


def step(message: str) -> None:
    print(f"bench: {message}", flush=True)


# The database, the commands and the server ------------------------------------------------------


@contextlib.contextmanager
def fresh_database(server_url: str, keep: bool) -> Iterator[str]:
    parts = urllib.parse.urlsplit(server_url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise BenchFailure("the benchmark runs on PostgreSQL: DATABASE_URL must be a postgres:// URL")
    import psycopg

    name = f"msj_bench_{secrets.token_hex(4)}"
    admin_url = urllib.parse.urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise BenchFailure(f"cannot reach PostgreSQL: {exc}") from None
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        step(f"database: created {name}")
        try:
            yield urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))
        finally:
            if keep:
                step(f"database: kept {name} (--keep-db); drop it with dropdb")
            else:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                step(f"database: dropped {name}")


def run(env: dict[str, str], *args: str, timeout: int) -> str:
    started = time.monotonic()
    try:
        result = subprocess.run(  # noqa: S603 - our own interpreter and scripts
            [PYTHON, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise BenchFailure(f"{' '.join(args[:2])} did not finish within {timeout} s") from None
    if result.returncode != 0:
        raise BenchFailure(
            f"{' '.join(args[:2])} failed ({result.returncode}):\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )
    step(f"{' '.join(args[:2])}: ok ({time.monotonic() - started:.1f} s)")
    return result.stdout


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def gunicorn(env: dict[str, str], port: int, workers: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    command = [
        PYTHON,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--timeout=120",
        "--graceful-timeout=10",
        "--backlog=64",
        "--no-control-socket",
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    step(f"gunicorn: {workers} sync workers on http://127.0.0.1:{port}/ (pid {process.pid})")
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=20)


def worker_pids(master: int) -> list[int]:
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return []
    return [int(pid) for pid in children]


def memory_kib(pid: int, field_name: str) -> int:
    """VmRSS (now) or VmHWM (peak since the process started) of `pid`, in KiB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(rf"^{field_name}:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) if match else 0


# HTTP --------------------------------------------------------------------------------------------


def get(port: int, path: str, cookie: str) -> tuple[int, str, int, float]:
    """One GET on a new connection (gunicorn's sync workers close each one): status, type, bytes, seconds."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={"Cookie": cookie, "User-Agent": "msj-bench"})
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    return response.status, response.getheader("Content-Type", ""), len(body), time.perf_counter() - started


def wait_for_health(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchFailure(f"gunicorn exited with code {process.returncode}")
        with contextlib.suppress(OSError):
            if get(port, "/healthz", "")[0] == 200:
                return
        time.sleep(0.25)
    raise BenchFailure(f"/healthz did not answer within {START_TIMEOUT} s")


@dataclass
class Result:
    page: str
    concurrency: int
    requests: int
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    peak_worker_kib: int = 0
    workers: int = 0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies) * 1000

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)] * 1000

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


ALT_PAGES = ("baseline", "dashboard", "matrix", "meeting")


def measure(
    port: int,
    process: subprocess.Popen[bytes],
    setup: dict[str, Any],
    requests: int,
    concurrencies: tuple[int, ...],
    *,
    check: bool = False,
    pages: tuple[str, ...] | None = None,
) -> list[Result]:
    """Warm each page up, then load it at each concurrency; the PDF gets a fifth of the requests."""
    results = []
    workers = max(1, len(worker_pids(process.pid)))
    for page, _name, path, content_type in setup["pages"]:
        if pages is not None and page not in pages:
            continue
        if check:
            status, got_type, size, seconds = get(port, path, setup["cookie"])
            if status != 200 or not got_type.startswith(content_type):
                raise BenchFailure(f"{page}: GET {path} answered {status} {got_type}, not 200 {content_type}")
            step(f"{page}: {path} → 200, {size:,} bytes, first request {seconds * 1000:.0f} ms")
            setup.setdefault("first_ms", {})[page] = round(seconds * 1000)  # type: ignore[union-attr]
        count = max(10, requests // 5) if page == "minutes_pdf" else requests
        # Warm every worker up, not just the first to answer: each compiles its templates and opens
        # its database connection on its own first requests.
        warm = workers * (2 if page == "minutes_pdf" else WARM_UP)
        load(port, path, setup["cookie"], requests=warm, concurrency=workers, page=page)
        for concurrency in concurrencies:
            result = load(port, path, setup["cookie"], requests=count, concurrency=concurrency, page=page)
            result.peak_worker_kib = max(memory_kib(pid, "VmHWM") for pid in worker_pids(process.pid))
            result.workers = workers
            results.append(result)
            step(
                f"{page} × {concurrency} ({workers} workers): median {result.median_ms:.1f} ms, "
                f"p95 {result.p95_ms:.1f} ms, {result.rps:.1f} req/s, {result.errors} errors"
            )
    return results


def load(port: int, path: str, cookie: str, *, requests: int, concurrency: int, page: str) -> Result:
    """Send exactly `requests` GETs from `concurrency` threads, each starting the next as soon as one ends."""
    result = Result(page=page, concurrency=concurrency, requests=requests)
    remaining = iter(range(requests))
    lock = threading.Lock()

    def client() -> None:
        while True:
            with lock:
                if next(remaining, None) is None:
                    return
            try:
                status, _type, _size, seconds = get(port, path, cookie)
            except OSError:
                status, seconds = 0, 0.0
            with lock:
                if status == 200:
                    result.latencies.append(seconds)
                else:
                    result.errors += 1

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    if not result.latencies:
        raise BenchFailure(f"{page}: every request failed")
    return result


# The report --------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        match = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
        cpu = match.group(1).strip() if match else cpu
    mem = "unknown"
    with contextlib.suppress(OSError):
        match = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
        mem = f"{int(match.group(1)) / 1024 / 1024:.1f} GiB" if match else mem
    return {"cores": str(os.cpu_count()), "cpu": cpu, "memory": mem, "python": platform.python_version()}


def versions(env: dict[str, str]) -> dict[str, str]:
    code = (
        "import django, gunicorn, psycopg; from django.db import connection; "
        "connection.ensure_connection(); "
        "print(django.get_version(), gunicorn.__version__, connection.pg_version)"
    )
    out = subprocess.run(  # noqa: S603
        [PYTHON, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    pg = int(out[2])
    return {"django": out[0], "gunicorn": out[1], "postgresql": f"{pg // 10000}.{pg % 10000}"}


def report(
    *,
    results: list[Result],
    alternative: list[Result],
    setup: dict[str, Any],
    generated: dict[str, object],
    facts: dict[str, str],
    workers: int,
    requests: int,
) -> str:
    by = {(r.page, r.concurrency): r for r in results}
    pages = {row[0]: row for row in setup["pages"]}  # type: ignore[attr-defined]
    lines = [
        "# Performance",
        "",
        "Figures of `make bench` (bench/run.py), the benchmark of issue 3. They are measured, not asserted:",
        "the tests assert query-count bounds instead (tests/test_query_bounds.py). Run it again after a change",
        "that touches these pages and compare the ratios, which depend less on the machine than the times.",
        "",
        f"Run on {facts['date']}, scale {generated['scale']} (seed {generated['seed']}).",
        "",
        "## Results",
        "",
        "| page | URL name | queries | clients | requests | median ms | p95 ms | req/s | errors | worker peak MiB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r.page} | `{pages[r.page][1]}` | {setup['queries'][r.page]} | {r.concurrency} | {r.requests} | "
            f"{r.median_ms:.1f} | "
            f"{r.p95_ms:.1f} | {r.rps:.1f} | {r.errors} | {r.peak_worker_kib / 1024:.0f} |"
        )
    lines += ["", "Throughput against the baseline (the issue's target for the dashboard: ≥ 0.5):", ""]
    for page in ("dashboard", "home"):
        if (page, 1) not in by:
            continue
        for c in CONCURRENCY:
            ratio = by[(page, c)].rps / by[("baseline", c)].rps
            verdict = "meets" if ratio >= 0.5 else "misses"
            lines.append(
                f"- {page} (`{pages[page][1]}`), {c} client{'s' if c > 1 else ''}: **{ratio:.2f}** ({verdict} 0.5)"
            )
    notes = setup["notes"]  # type: ignore[index]
    dashboard_name = pages["dashboard"][1]
    lines += [
        "",
        "Pages, as the coordinator of the first Mesa sees them:",
        "",
        "- baseline: `/me/profile/`, the person's profile form: login, session, MFA check and a template, no Mesa.",
        f"- dashboard: `{dashboard_name}`"
        + (
            " (the compliance dashboard was not there yet: the Mesa's home stands in for it;"
            " the script picks `compliance:dashboard` as soon as that URL resolves)."
            if dashboard_name == "mesas:dashboard"
            else (
                ": its panels are kept for a minute, or until the Mesa's next write (msj/compliance/views.py),"
                " so the load measures mostly the kept panels; computing them took"
                f" {setup.get('first_ms', {}).get('dashboard', '?')} ms on the first request, in a cold worker."  # type: ignore[union-attr]
                " Before they were kept, the computed page ran at 0.08–0.09 of the baseline's throughput."
            )
        ),
        *(
            ["- home: `mesas:dashboard`, the Mesa's home (its frame, people and offices), for comparison."]
            if "home" in pages
            else []
        ),
        f"- matrix: the agreements matrix, first page, filtered by committee ({notes['matrix']}).",  # type: ignore[index]
        f"- meeting: the latest held plenary ({notes['meeting']}), as the person who runs it sees it.",  # type: ignore[index]
        f"- minutes_pdf: the acta of {notes['minutes_pdf']}, rendered by WeasyPrint on every request.",  # type: ignore[index]
        "",
        "## Dataset",
        "",
        f"Generated by bench/generate.py in **{generated['seconds']} s** "
        f"(peak memory of the generator {generated['peak_mib']} MiB); database size {generated['db_size']}.",
        "",
        "| rows | count |",
        "| --- | ---: |",
    ]
    for name, count in generated["counts"].items():  # type: ignore[attr-defined]
        lines.append(f"| {name} | {count:,} |")
    lines += [
        "",
        "## Machine and method",
        "",
        f"- {facts['cores']} cores ({facts['cpu']}), {facts['memory']}; Python {facts['python']}, "
        f"Django {facts['django']}, gunicorn {facts['gunicorn']}, PostgreSQL {facts['postgresql']} "
        "(its default settings), all on the same machine, the load generator too.",
        f"- Load average before / after the run: {facts['load_before']} / {facts['load_after']}"
        " (other work on the machine shows here, and in the figures).",
        f"- gunicorn with the production settings (DEBUG off, JSON request logs at INFO, WhiteNoise) and **{workers} "
        "sync workers**. The pages are Python-bound (templates: on the national dataset their queries take a "
        "fifth of the time or less) and PostgreSQL and the load generator share the same two cores, so one "
        "worker per core keeps the CPU busy without queueing for it; docs/deploy.md runs 2 × cores + 1 = 5 "
        "for pages that wait longer on the database. The last section measures the same pages with the other "
        "number in the same run; on this shared machine that difference has gone both ways from one run to "
        "the next, so read it as noise unless it is large.",
        "- Signed in as the coordinator of the first Mesa: a session made by Django's login for a person with an "
        "authenticator app, so the MFA rule passes as after a real sign-in with a code.",
        f"- Per page: {WARM_UP} warm-up requests per worker (2 for the PDF), from as many clients as workers, "
        "then with 1 and then 16 concurrent clients (threads of a stdlib "
        f"HTTP client, a new connection per request), {requests} requests each "
        f"({max(10, requests // 5)} for the PDF). Latency is from connecting to the last byte; req/s is the "
        "requests divided by the wall time of the batch; p95 is the nearest-rank 95th percentile.",
        "- Queries: what the page ran on this dataset (the second request, Django's test client in-process); "
        "tests/test_query_bounds.py asserts that the count does not grow with the data.",
        "- Worker peak: the largest VmHWM of the gunicorn workers after the batch (the peak since they "
        "started, so it only grows down the table).",
        "",
    ]
    if alternative:
        base = {r.page: r for r in results if r.concurrency == 16}
        lines += [
            "## The number of workers",
            "",
            f"The same pages at 16 clients, in the same run, with {alternative[0].workers} workers instead of "
            f"{workers}:",
            "",
            f"| page | req/s with {workers} | req/s with {alternative[0].workers} | median ms with {workers} | "
            f"median ms with {alternative[0].workers} | worker peak MiB with {alternative[0].workers} |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in alternative:
            b = base[r.page]
            lines.append(
                f"| {r.page} | {b.rps:.1f} | {r.rps:.1f} | {b.median_ms:.0f} | {r.median_ms:.0f} | "
                f"{r.peak_worker_kib / 1024:.0f} |"
            )
        lines.append("")
    return "\n".join(lines)


def print_table(results: list[Result]) -> None:
    print(f"{'page':<12} {'clients':>7} {'median ms':>10} {'p95 ms':>9} {'req/s':>8} {'errors':>6} {'peak MiB':>9}")
    for r in results:
        print(
            f"{r.page:<12} {r.concurrency:>7} {r.median_ms:>10.1f} {r.p95_ms:>9.1f} {r.rps:>8.1f} "
            f"{r.errors:>6} {r.peak_worker_kib / 1024:>9.0f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE") or 1))
    parser.add_argument("--workers", type=int, default=2, help="gunicorn's sync workers: one per core")
    parser.add_argument(
        "--alt-workers", type=int, default=5, help="then check a few pages with this many (docs/deploy.md's; 0: skip)"
    )
    parser.add_argument("--requests", type=int, default=200, help="per page and concurrency (a fifth for the PDF)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--output", type=Path, help="where the report goes (default: see the docstring)")
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL") or DEFAULT_SERVER
    output = args.output or (
        BASE_DIR / "docs" / "performance.md"
        if args.scale >= 1
        else BASE_DIR / "var" / "bench" / f"performance-{args.scale:g}.md"
    )
    facts = machine()
    facts["load_before"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    workdir = Path(tempfile.mkdtemp(prefix="msj-bench-"))
    log = workdir / "gunicorn.log"
    port = free_port()
    try:
        with fresh_database(server, args.keep_db) as database_url:
            from_settings = re.findall(
                r"\benv_(?:str|bool|int|list|time_zone)\(\s*\"([A-Z][A-Z0-9_]*)\"",
                (BASE_DIR / "config" / "settings.py").read_text(),
            )
            env = {key: value for key, value in os.environ.items() if key not in from_settings}
            env.update(
                DEBUG="0",
                SECURE="0",  # no TLS on the loopback
                ALLOWED_HOSTS="127.0.0.1",
                SECRET_KEY=secrets.token_urlsafe(50),
                DATABASE_URL=database_url,
                MSJ_VAR_DIR=str(workdir / "var"),
                EMAIL_URL=f"file://{workdir / 'mail'}",
                SITE_URL=f"http://127.0.0.1:{port}",
                LOG_FORMAT="json",
                LOG_LEVEL="INFO",
            )
            env.pop("BENCH_SCALE", None)
            run(env, "manage.py", "migrate", "--no-input", timeout=600)
            counts_file = workdir / "generated.json"
            run(
                env,
                "bench/generate.py",
                f"--scale={args.scale}",
                f"--seed={args.seed}",
                f"--json={counts_file}",
                timeout=3600,
            )
            generated = json.loads(counts_file.read_text())
            generated["peak_mib"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
            import psycopg

            with psycopg.connect(database_url) as conn:
                generated["db_size"] = conn.execute(
                    "SELECT pg_size_pretty(pg_database_size(current_database()))"
                ).fetchone()[0]  # type: ignore[index]
            run(env, "manage.py", "collectstatic", "--no-input", timeout=600)
            out = run(env, "manage.py", "shell", "-c", SETUP, timeout=300)
            setup = json.loads(out.split("BENCH-SETUP ", 1)[1].splitlines()[0])
            facts.update(versions(env))
            step(f"signed in as {setup['person']}")
            with gunicorn(env, port, args.workers, log) as process:
                wait_for_health(port, process)
                results = measure(port, process, setup, args.requests, CONCURRENCY, check=True)
            alternative: list[Result] = []
            if args.alt_workers:
                port = free_port()
                with gunicorn(env, port, args.alt_workers, log) as process:
                    wait_for_health(port, process)
                    alternative = measure(port, process, setup, args.requests, (16,), pages=ALT_PAGES)
            facts["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
            facts["date"] = dt.datetime.now(tz=dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
            text = report(
                results=results,
                alternative=alternative,
                setup=setup,
                generated=generated,
                facts=facts,
                workers=args.workers,
                requests=args.requests,
            )
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text)
            print()
            print_table(results)
            by = {(r.page, r.concurrency): r for r in results}
            for page in ("dashboard", "home"):
                for c in CONCURRENCY:
                    if (page, c) in by:
                        ratio = by[(page, c)].rps / by[("baseline", c)].rps
                        print(f"{page}/baseline throughput at {c} client(s): {ratio:.2f}")
            step(f"report written to {output}")
    except (BenchFailure, subprocess.SubprocessError, OSError) as exc:
        print(f"bench: FAILED: {exc}", file=sys.stderr)
        if log.exists():
            print("\n".join(log.read_text(errors="replace").splitlines()[-30:]), file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
