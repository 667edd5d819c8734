#!/usr/bin/env python3
"""The public pages' benchmark of issue 6 (`make bench-public`): throughput against a trivial view.

Usage (any database in the URL serves only to reach the PostgreSQL server):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/public.py \
        [--sqlite | --also-sqlite] [--rounds 7] [--seconds 2] [--clients 4] [--keep-db]

It reuses bench/run.py's machinery: a database with a random name (or, with --sqlite, a
temporary SQLite file, the embedded default), migrated; the demo network loaded through the
application's services (msj.demo: the Juárez and Chihuahua Mesas, the real SESNSP series with
the Juárez figures through December 2015 approved for publication, their press releases and
directory cards), three more operating Mesas and six more published releases of Juárez; the
static files collected; gunicorn with the production settings (DEBUG off, JSON request logs at
INFO, WhiteNoise) and ONE sync worker. The settings are config.settings with one more URL,
bench/public_urls.py's trivial view (HttpResponse("ok") behind every middleware of the project).

Then, in the same run and with the same client, it loads in turn — interleaved, one round after
another, the order rotated each round — the trivial view, the Juárez Mesa's public page, the
network's public page, the Mesa's Atom feed and its CSV, anonymously, each for a fixed time from
a few client processes (HTTP/1.0 on a new connection per request, raw sockets). It reports the
median requests per second over the rounds, the median and 95th percentile latency, each page's
throughput as a ratio of the trivial view's (the issue's target for the public page: ≥ 0.5) and
the worker's peak resident memory and CPU time per request. In the setup shell it also times
Django's WSGI handler alone for each page and the pieces of a cached public page (the version
query, the same in raw SQL, the health check; the page with the check swapped in that shell).

Last, while the server runs, it publishes a new press release and approves another month of
homicide figures from another process (a `manage.py shell` connected to the same database), with
pollers hitting the Mesa's and the network's pages, the feed and the CSV all along, and records
whether every request that started after the commit showed the publication, and how long after
the commit the first did.

The report is printed and replaces the section "Public pages (issue 6)" of docs/performance.md
(the other sections are kept; within the section, a database not measured this time keeps its
subsection), or goes to --output. The database is dropped at the end (unless --keep-db).
Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import io
import json
import multiprocessing
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "bench"))

from indicators import django_env  # noqa: E402
from run import (  # noqa: E402
    DEFAULT_SERVER,
    BenchFailure,
    free_port,
    fresh_database,
    gunicorn,
    machine,
    memory_kib,
    run,
    step,
    wait_for_health,
    worker_pids,
)

PYTHON = sys.executable
SETTINGS = "bench.public_settings"
SECTION = "## Public pages (issue 6)"
DOC = BASE_DIR / "docs" / "performance.md"
WARM_UP = 20
# Three more operating Mesas of the network, with no publication of their own (INEGI codes).
EXTRA_MESAS = (("08017", "Cuauhtémoc"), ("08021", "Delicias"), ("08032", "Hidalgo del Parral"))
EXTRA_RELEASES = 6

# Run inside `manage.py shell` once migrated: load the data, name the pages, count their queries.
SETUP = r"""
import dataclasses, json, statistics, time
import django, gunicorn
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from msj.demo import data
from msj.demo.exchange import load_exchange
from msj.demo.loader import DemoLoader, load_demo
from msj.demo.press import _executives, load_press
from msj.indicators.models import PublicationApproval
from msj.indicators.published import published_series
from msj.mesas.models import Mesa, Network
from msj.press import services as press
from msj.press.models import Protocol, Release

started = time.monotonic()
today = timezone.localdate()
load_demo(year=False)  # the people, the indicators and their real series, the approved figures
network = Network.objects.get(slug=data.NETWORK["slug"])
juarez, chihuahua = Mesa.objects.get(slug=data.JUAREZ.slug), Mesa.objects.get(slug=data.CHIHUAHUA.slug)
loader = DemoLoader(today=today)
for number, (code, name) in enumerate(EXTRA_MESAS, start=1):
    loader.mesa(network, dataclasses.replace(
        data.CHIHUAHUA, slug=f"bench-{number}", name=f"Mesa de Seguridad y Justicia de {name} (bench)",
        territory=((code, name),),
    ))
for mesa in (juarez, chihuahua):
    load_press(mesa, today)
load_exchange(network, [juarez, chihuahua], today)
coordinator, approver = _executives(juarez)
for number in range(1, EXTRA_RELEASES + 1):
    title = f"Boletín {number}: la Mesa informa los avances del mes"
    if not Release.objects.filter(mesa=juarez, title=title).exists():
        release = press.create_release(
            mesa=juarez, by=coordinator, title=title,
            summary="La Mesa presentó en su plenaria las cifras del mes y el avance de sus acuerdos.",
            body="El Comité de indicadores presentó las cifras.\n\nLa Mesa seguirá dando seguimiento.",
            impact_objective="Que la ciudadanía conozca el avance de la Mesa.", protocol=Protocol.CITIZENS,
        )
        press.approve_release(release=release, by=approver)
        press.publish_release(release=release, by=coordinator)
loaded = round(time.monotonic() - started, 1)

latest = (
    PublicationApproval.objects.filter(indicator__mesa=juarez, indicator__slug="homicidio-doloso")
    .order_by("-year", "-month").values_list("year", "month").first()
)
series = published_series([juarez])
pages = [
    ["trivial", "bench/public_urls.trivial", "/bench/trivial/", "text/plain"],
    ["mesa", "public:mesa", reverse("public:mesa", kwargs={"mesa_slug": juarez.slug}), "text/html"],
    ["network", "public:network", reverse("public:network", kwargs={"network_slug": network.slug}), "text/html"],
    ["mesa_atom", "public:mesa_atom", reverse("public:mesa_atom", kwargs={"mesa_slug": juarez.slug}),
     "application/atom+xml"],
    ["mesa_csv", "public:mesa_data", reverse("public:mesa_data", kwargs={"mesa_slug": juarez.slug}), "text/csv"],
]
client = Client(HTTP_HOST="127.0.0.1")
queries, sizes, inprocess = {}, {}, {}
for name, _url_name, path, content_type in pages:
    with CaptureQueriesContext(connection) as cold:
        response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith(content_type), (path, response)
    with CaptureQueriesContext(connection) as warm:
        response = client.get(path)
    queries[name] = [len(cold.captured_queries), len(warm.captured_queries)]
    sizes[name] = len(response.content)
# Django alone, no HTTP and no gunicorn: the test client's time per request, once the cache is warm.
for name, _url_name, path, _type in pages:
    rounds = []
    for _ in range(5):
        mark = time.perf_counter()
        for _ in range(200):
            client.get(path)
        rounds.append((time.perf_counter() - mark) / 200 * 1000)
    inprocess[name] = round(statistics.median(rounds), 3)
# The WSGI handler alone (every middleware, no HTTP, no gunicorn), and the pieces of a cached public page.
import io, sys
from django.core.handlers.wsgi import WSGIHandler
from msj.public.views import _mesa_version
handler = WSGIHandler()

def environ(path):
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
    }

def per_call_ms(function, n=500):
    rounds = []
    for _ in range(5):
        mark = time.perf_counter()
        for _ in range(n):
            function()
        rounds.append((time.perf_counter() - mark) / n * 1000)
    return round(statistics.median(rounds), 3)

wsgi = {
    name: per_call_ms(lambda path=path: b"".join(handler(environ(path), lambda *args: None)))
    for name, _url_name, path, _type in pages
}
raw_sql = (
    f"SELECT id, published_version FROM {Mesa._meta.db_table} WHERE slug = %s AND status <> %s LIMIT 1"
)

def raw_version():
    with connection.cursor() as cursor:
        cursor.execute(raw_sql, [juarez.slug, Mesa.Status.FORMING])
        return cursor.fetchone()

pieces = {
    "version query (views._mesa_version)": per_call_ms(lambda: _mesa_version(juarez.slug), 2000),
    "the same row read through a bare cursor": per_call_ms(raw_version, 2000),
    "CONN_HEALTH_CHECKS' check (connection.is_usable)": per_call_ms(connection.is_usable, 2000),
}
# What the page would cost with a cheaper version check: views' function swapped in this shell only.
from django.http import Http404
from msj.public import views as public_views

def raw_mesa_version(slug):
    row = raw_version() if slug == juarez.slug else None
    if row is None:
        raise Http404
    return row

mesa_path = pages[1][2]
whatif = {}
for label, replacement in (
    ("version read in raw SQL", raw_mesa_version),
    ("no version query at all (a bound)", lambda slug: (juarez.pk, juarez.published_version)),
):
    public_views._mesa_version = replacement
    b"".join(handler(environ(mesa_path), lambda *args: None))
    whatif[label] = per_call_ms(lambda: b"".join(handler(environ(mesa_path), lambda *args: None)))
public_views._mesa_version = _mesa_version
if connection.vendor == "sqlite" and not connection.settings_dict["CONN_MAX_AGE"]:
    # config/env.py closes SQLite connections after each request: a new one reads the schema again.
    connection.settings_dict["CONN_MAX_AGE"] = 60
    b"".join(handler(environ(mesa_path), lambda *args: None))
    whatif["persistent SQLite connection (CONN_MAX_AGE=60 in that shell)"] = per_call_ms(
        lambda: b"".join(handler(environ(mesa_path), lambda *args: None))
    )
    connection.settings_dict["CONN_MAX_AGE"] = 0
vendor = connection.vendor
version = connection.pg_version if vendor == "postgresql" else None
if vendor == "postgresql":
    database = f"PostgreSQL {version // 10000}.{version % 10000}"
else:
    import sqlite3
    database = f"SQLite {sqlite3.sqlite_version}"
print("BENCH-SETUP " + json.dumps({
    "pages": pages,
    "queries": queries,
    "sizes": sizes,
    "inprocess_ms": inprocess,
    "wsgi_ms": wsgi,
    "pieces_ms": pieces,
    "whatif_ms": whatif,
    "loaded_seconds": loaded,
    "versions": {"django": django.get_version(), "gunicorn": gunicorn.__version__, "database": database},
    "mesa": {"slug": juarez.slug, "name": juarez.name},
    "network": {"slug": network.slug, "name": network.name},
    "counts": {
        "mesas": Mesa.objects.filter(network=network).exclude(status=Mesa.Status.FORMING).count(),
        "releases": Release.objects.published().filter(mesa=juarez).count(),
        "network_releases": Release.objects.published().filter(mesa__network=network).count(),
        "series": len(series),
        "months": sum(len(s.figures) for s in series),
    },
    "figures_through": list(latest),
}))
"""

# Run as a long-lived `manage.py shell` while gunicorn serves: publish on command, say when committed.
PUBLISH = r"""
import json, sys, time
from msj.demo.indicators import _Coordinator
from msj.demo.press import _executives
from msj.indicators import services as indicators
from msj.indicators.models import Indicator
from msj.mesas.models import Mesa
from msj.press import services as press
from msj.press.models import Protocol

mesa = Mesa.objects.get(slug=MESA)
coordinator, approver = _executives(mesa)
homicide = Indicator.objects.get(mesa=mesa, slug="homicidio-doloso")
print("READY", flush=True)
for line in sys.stdin:
    command = line.strip()
    if command == "release":
        release = press.create_release(
            mesa=mesa, by=coordinator, title=TITLE, summary="Publicada durante la medición.",
            body="Un boletín nuevo.\n\nPublicado mientras el servidor atiende.",
            impact_objective="Medir cuándo se ve.", protocol=Protocol.CITIZENS,
        )
        release = press.approve_release(release=release, by=approver)
        before = time.time()
        press.publish_release(release=release, by=coordinator)  # atomic: committed when it returns
        print("COMMITTED " + json.dumps({"what": "release", "before": before, "at": time.time()}), flush=True)
    elif command == "figures":
        before = time.time()
        indicators.approve_publication(
            indicator=homicide, year=YEAR, month=MONTH, by=_Coordinator(mesa), note="bench/public.py"
        )
        print("COMMITTED " + json.dumps({"what": "figures", "before": before, "at": time.time()}), flush=True)
    else:
        break
"""


# The client ---------------------------------------------------------------------------------------


def fetch(port: int, request: bytes) -> tuple[int, bytes]:
    """One request on a new connection, HTTP/1.0 (the server closes it): status and body."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    raw = b"".join(chunks)
    head, _sep, body = raw.partition(b"\r\n\r\n")
    try:
        status = int(head.split(b" ", 2)[1])
    except (IndexError, ValueError):
        status = 0
    return status, body


def request_bytes(path: str) -> bytes:
    return f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nUser-Agent: msj-bench\r\n\r\n".encode()


def _client(port: int, path: str, start_at: float, stop_at: float, out: Any) -> None:
    """A client process: requests one after another from `start_at` until `stop_at`."""
    request = request_bytes(path)
    latencies: list[float] = []
    errors = 0
    while time.time() < start_at:
        time.sleep(0.001)
    while True:
        started = time.time()
        if started >= stop_at:
            break
        try:
            status, _body = fetch(port, request)
        except OSError:
            status = 0
        ended = time.time()
        if ended > stop_at:
            break  # finished after the window: not counted
        if status == 200:
            latencies.append(ended - started)
        else:
            errors += 1
    out.send((latencies, errors))
    out.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of `pid` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Batch:
    page: str
    seconds: float
    latencies: list[float]
    errors: int
    worker_cpu: float = 0.0  # the worker's CPU seconds during the batch

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds


def load(port: int, page: str, path: str, *, clients: int, seconds: float, worker: int) -> Batch:
    """`clients` processes (not threads: no shared GIL) keep the worker busy for `seconds`."""
    context = multiprocessing.get_context("fork")
    start_at = time.time() + 0.1
    pipes, processes = [], []
    for _ in range(clients):
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_client, args=(port, path, start_at, start_at + seconds, sender))
        process.start()
        sender.close()
        pipes.append(receiver)
        processes.append(process)
    latencies: list[float] = []
    errors = 0
    while time.time() < start_at:
        time.sleep(0.001)
    cpu = cpu_seconds(worker)
    for number, (receiver, process) in enumerate(zip(pipes, processes, strict=True)):
        got, failed = receiver.recv()
        if number == 0:
            cpu = cpu_seconds(worker) - cpu  # the first client is done: the window is over
        latencies += got
        errors += failed
        process.join()
    return Batch(page=page, seconds=seconds, latencies=latencies, errors=errors, worker_cpu=cpu)


@dataclass
class PageResult:
    page: str
    batches: list[Batch] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return statistics.median(b.rps for b in self.batches)

    @property
    def all_latencies(self) -> list[float]:
        return sorted(x for b in self.batches for x in b.latencies)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.all_latencies) * 1000

    @property
    def p95_ms(self) -> float:
        ordered = self.all_latencies
        return ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)] * 1000

    @property
    def errors(self) -> int:
        return sum(b.errors for b in self.batches)

    @property
    def requests(self) -> int:
        return sum(len(b.latencies) for b in self.batches)

    @property
    def cpu_ms(self) -> float:
        """The worker's CPU time per request answered."""
        return sum(b.worker_cpu for b in self.batches) / max(1, self.requests) * 1000

    @property
    def busy(self) -> float:
        """The share of the window the worker spent on the CPU."""
        return sum(b.worker_cpu for b in self.batches) / sum(b.seconds for b in self.batches)


def measure(
    port: int, process: subprocess.Popen[bytes], setup: dict[str, Any], args: argparse.Namespace
) -> tuple[dict[str, PageResult], dict[str, Any]]:
    pages = [(name, path) for name, _url, path, _type in setup["pages"]]
    first: dict[str, Any] = {}
    for name, path in pages:
        mark = time.perf_counter()
        status, body = fetch(port, request_bytes(path))
        if status != 200:
            raise BenchFailure(f"{name}: GET {path} answered {status}")
        first[name] = round((time.perf_counter() - mark) * 1000, 1)
        step(f"{name}: {path} → 200, {len(body):,} bytes, first request {first[name]} ms (renders, fills the cache)")
        for _ in range(WARM_UP):
            fetch(port, request_bytes(path))
    results = {name: PageResult(name) for name, _path in pages}
    (worker,) = worker_pids(process.pid)
    for number in range(args.rounds):
        shift = number % len(pages)
        for name, path in pages[shift:] + pages[:shift]:
            batch = load(port, name, path, clients=args.clients, seconds=args.seconds, worker=worker)
            results[name].batches.append(batch)
        step(
            f"round {number + 1}/{args.rounds}: "
            + ", ".join(f"{name} {results[name].batches[-1].rps:.0f}" for name, _path in pages)
            + " req/s"
        )
    worker = worker_pids(process.pid)
    memory = {
        "peak_kib": max(memory_kib(pid, "VmHWM") for pid in worker),
        "rss_kib": max(memory_kib(pid, "VmRSS") for pid in worker),
        "first_ms": first,
    }
    return results, memory


# A publication while the server runs ------------------------------------------------------------------


@dataclass
class Poll:
    started: float
    ended: float
    status: int
    release: bool
    figures: bool


def _has_figures(page: str, body: bytes, month: str) -> bool:
    if page != "mesa_csv":
        return month.encode() in body
    rows = csv.reader(io.StringIO(body.decode("utf-8")))
    year, number = month.split("/")[1], str(int(month.split("/")[0]))
    return any(len(r) > 5 and r[2] == "homicidio-doloso" and r[4] == year and r[5] == number for r in rows)


def publication(port: int, env: dict[str, str], setup: dict[str, Any]) -> dict[str, Any]:
    """Publish a release, then approve a month of figures, from another process; poll all along."""
    year, month = setup["figures_through"]
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    label = f"{month:02d}/{year}"
    title = f"Boletin publicado durante la medicion {secrets.token_hex(3)}"
    script = f"MESA = {setup['mesa']['slug']!r}\nTITLE = {title!r}\nYEAR = {year}\nMONTH = {month}\n" + PUBLISH
    publisher = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=BASE_DIR,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert publisher.stdin is not None and publisher.stdout is not None  # noqa: S101
    for line in publisher.stdout:  # anything the shell says before the script's READY is skipped
        if line.strip() == "READY":
            break
    else:
        publisher.wait(timeout=30)
        raise BenchFailure(f"the publisher did not start: {publisher.stderr.read() if publisher.stderr else ''}")
    watched = [(name, path) for name, _url, path, _type in setup["pages"] if name != "trivial"]
    polls: dict[str, list[Poll]] = {name: [] for name, _path in watched}
    stop = threading.Event()

    def poller(name: str, path: str) -> None:
        request = request_bytes(path)
        while not stop.is_set():
            started = time.time()
            status, body = fetch(port, request)
            polls[name].append(
                Poll(started, time.time(), status, title.encode() in body, _has_figures(name, body, label))
            )

    threads = [threading.Thread(target=poller, args=pair) for pair in watched]
    for thread in threads:
        thread.start()
    commits: dict[str, dict[str, float]] = {}
    try:
        for command in ("release", "figures"):
            time.sleep(1.0)
            publisher.stdin.write(command + "\n")
            publisher.stdin.flush()
            line = publisher.stdout.readline()
            if not line.startswith("COMMITTED "):
                publisher.kill()
                raise BenchFailure(f"the publisher failed on {command}: {line}{publisher.stderr.read()}")  # type: ignore[union-attr]
            commits[command] = json.loads(line.split(" ", 1)[1])
            step(f"published ({command}) at {commits[command]['at']:.3f}")
        time.sleep(1.0)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        with contextlib.suppress(OSError):
            publisher.stdin.write("quit\n")
            publisher.stdin.close()
        publisher.wait(timeout=30)
    outcome: dict[str, Any] = {"title": title, "month": label}
    for command, attribute in (("release", "release"), ("figures", "figures")):
        committed = commits[command]["at"]
        for name, _path in watched:
            if command == "release" and name.endswith("_csv"):
                continue  # the CSV holds figures only
            after = [p for p in polls[name] if p.started > committed]
            missing = [p for p in after if p.status != 200 or not getattr(p, attribute)]
            before = [p for p in polls[name] if p.ended < commits[command]["before"]]
            stale_ok = not any(getattr(p, attribute) for p in before)
            seen = next((p for p in polls[name] if getattr(p, attribute) and p.ended >= committed), None)
            outcome[f"{command}:{name}"] = {
                "requests_after": len(after),
                "missing_after": len(missing),
                "absent_before": stale_ok,
                "first_seen_ms": round((seen.ended - committed) * 1000, 1) if seen else None,
                "next_started_ms": round((after[0].started - committed) * 1000, 1) if after else None,
                "next_showed_it": bool(after) and getattr(after[0], attribute) and after[0].status == 200,
            }
    return outcome


# The report --------------------------------------------------------------------------------------


def subsection(
    label: str, setup: dict[str, Any], results: dict[str, PageResult], memory: dict[str, Any], fresh: dict[str, Any]
) -> str:
    trivial = results["trivial"]
    pages = {row[0]: row for row in setup["pages"]}
    lines = [
        f"### On {label}",
        "",
        f"Run on {setup['date']}, {setup['versions']['database']}; command: `{setup['command']}`.",
        "",
        "| page | URL name | queries (cold / cached) | bytes | req/s (median of rounds) | ratio to trivial "
        "| median ms | p95 ms | requests | errors | worker CPU ms per request | worker busy | WSGI ms in-process |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, result in results.items():
        cold, warm = setup["queries"][name]
        lines.append(
            f"| {name} | `{pages[name][1]}` | {cold} / {warm} | {setup['sizes'][name]:,} | {result.rps:,.0f} | "
            f"{result.rps / trivial.rps:.2f} | {result.median_ms:.1f} | {result.p95_ms:.1f} | {result.requests:,} | "
            f"{result.errors} | {result.cpu_ms:.2f} | {result.busy:.0%} | {setup['wsgi_ms'][name]:.2f} |"
        )
    mesa_ratio = results["mesa"].rps / trivial.rps
    lines += [
        "",
        f"- The Mesa's public page against the trivial view: **{mesa_ratio:.2f}** "
        f"({'meets' if mesa_ratio >= 0.5 else 'misses'} the target of 0.5).",
        "- Rounds (req/s, in the order measured): "
        + "; ".join(f"{name} " + ", ".join(f"{b.rps:.0f}" for b in r.batches) for name, r in results.items())
        + ".",
        f"- Where the trivial view's time goes: the worker spends {trivial.cpu_ms:.2f} ms of CPU per request, "
        f"of which Django's WSGI handler {setup['wsgi_ms']['trivial']:.2f} ms (alone, "
        f"{1000 / setup['wsgi_ms']['trivial']:,.0f} requests a second); the rest is gunicorn's and the kernel's "
        "(a new connection per request, parsing, writing the JSON request log). The cached Mesa page costs the "
        f"worker {results['mesa'].cpu_ms - trivial.cpu_ms:.2f} ms more per request; in-process, "
        f"{setup['wsgi_ms']['mesa'] - setup['wsgi_ms']['trivial']:.2f} ms more.",
        f"- The worker's peak resident memory (VmHWM) after the run: **{memory['peak_kib'] / 1024:.0f} MiB** "
        f"(now {memory['rss_kib'] / 1024:.0f} MiB).",
        "- First request of each page, which renders it and fills the cache: "
        + ", ".join(f"{name} {ms} ms" for name, ms in memory["first_ms"].items())
        + ".",
        "- Where a cached public page's time goes, in-process (ms per call, the median of 5 rounds): the Mesa's "
        f"page through the WSGI handler {setup['wsgi_ms']['mesa']:.3f} against the trivial view's "
        f"{setup['wsgi_ms']['trivial']:.3f}; of the difference, "
        + "; ".join(f"{what} {ms:.3f}" for what, ms in setup["pieces_ms"].items())
        + ". The same page through the WSGI handler with the version check swapped in that shell (not in the "
        "code): "
        + "; ".join(f"{what} {ms:.3f}" for what, ms in setup["whatif_ms"].items())
        + ". The Django test client adds its own time: "
        + ", ".join(f"{name} {ms:.2f}" for name, ms in setup["inprocess_ms"].items())
        + " ms per request through it.",
        "",
        f"A publication while the server ran: a release (“{fresh['title']}”) published, then the homicide "
        f"figures of {fresh['month']} approved, each from another process on the same database, while one poller "
        "per URL requested it again and again:",
        "",
        "| publication | URL | requests started after the commit | of which without it | next request "
        "started | it showed it | first answer showing it, after the commit |",
        "| --- | --- | ---: | ---: | ---: | --- | ---: |",
    ]
    for key, found in fresh.items():
        if ":" not in key:
            continue
        what, name = key.split(":")
        lines.append(
            f"| {what} | {name} | {found['requests_after']} | {found['missing_after']} | "
            f"{found['next_started_ms']} ms after | {'yes' if found['next_showed_it'] else 'NO'} | "
            f"{found['first_seen_ms']} ms |"
        )
    lines.append("")
    return "\n".join(lines)


def section(subsections: dict[str, str], facts: dict[str, str], setup: dict[str, Any], args: argparse.Namespace) -> str:
    counts = setup["counts"]
    lines = [
        SECTION,
        "",
        "Figures of `make bench-public` (bench/public.py): the public pages, served from the publication cache "
        "(msj/public/cache.py: one query per request while nothing new is published), against a trivial Django "
        "view on the same stack, side by side in the same run. Measured, not asserted.",
        "",
        "How it is measured:",
        "",
        "- The data: the demo network loaded through the application's services — Juárez with the real SESNSP "
        f"series and its figures approved for publication ({counts['series']} published series, "
        f"{counts['months']:,} published months), {counts['releases']} published releases of Juárez "
        f"({counts['network_releases']} in the network), directory cards — and {len(EXTRA_MESAS)} more operating "
        f"Mesas: {counts['mesas']} public Mesas in the network.",
        "- The server: gunicorn with the production settings (DEBUG off, JSON request logs at INFO, WhiteNoise), "
        "**one sync worker**, on a fresh database. The settings are config.settings with one URL more, "
        '`/bench/trivial/` (bench/public_urls.py): `HttpResponse("ok")` behind every middleware of the project '
        "(sessions, locale, CSRF, auth, messages, CSP, allauth, htmx, the MFA rule, the request log).",
        f"- The client: {args.clients} client processes on the same machine (separate processes, so the client "
        "is not held back by one GIL), each sending anonymous HTTP/1.0 GETs on a new connection (raw sockets, "
        "no keep-alive, as gunicorn's sync worker closes each connection) one after another for "
        f"{args.seconds:g} s. Each page gets {WARM_UP} warm-up requests after the first; then {args.rounds} "
        "rounds, each loading every page in turn (the order rotated from one round to the next, so a "
        "disturbance on the shared machine does not always hit the same page). req/s is the median over the "
        "rounds of the requests completed in the window divided by its length; the latencies (connect to last "
        "byte) are pooled over the rounds; with more clients than the one worker, they include the wait in "
        "gunicorn's backlog.",
        "- Queries: cold (the first request, which renders the page) and cached (the next one), Django's test "
        "client in-process; CONN_HEALTH_CHECKS adds a `SELECT 1` before a request's first query on PostgreSQL, "
        "not counted there. Worker CPU: the gunicorn worker's user + system time (/proc) during the window, per "
        "request answered, and as a share of the window (near 100 %: the worker, not the client, is the limit). "
        "WSGI ms in-process: Django's WSGI handler called directly in a `manage.py shell` (every middleware, "
        "request log at WARNING, no HTTP, no gunicorn), the median of 5 × 500 calls. Unlike the test client, "
        "which keeps the database connection from one request to the next, the handler "
        "sends the request signals as a server does, so it closes the connection after each request when "
        "CONN_MAX_AGE is 0.",
        "- The publication: a `manage.py shell` process publishes through the services (msj.press.services, "
        "msj.indicators.services.approve_publication) while pollers request the Mesa's page, the network's, "
        "the Mesa's Atom feed and its CSV; the times are from the commit (the service's return) to the end of "
        "the first request showing it; a request “started after the commit” must show it.",
        f"- Machine: {facts['cores']} cores ({facts['cpu']}), {facts['memory']}; Python {facts['python']}, "
        f"Django {setup['versions']['django']}, gunicorn {setup['versions']['gunicorn']}; the database, the "
        "server and the client share the two cores. Load average before / after: "
        f"{facts['load_before']} / {facts['load_after']} (others' work on the machine shows here, and in the "
        "figures: compare the ratios, not the times).",
        "",
    ]
    for label in ("PostgreSQL", "SQLite"):
        if label in subsections:
            lines.append(subsections[label])
    return "\n".join(lines)


def existing_subsections(text: str) -> dict[str, str]:
    """The subsections of the current section, by database, to keep those not measured this time."""
    start = text.find(SECTION)
    if start < 0:
        return {}
    body = text[start + len(SECTION) :]
    end = re.search(r"^## ", body, re.MULTILINE)
    body = body[: end.start()] if end else body
    found = {}
    for match in re.finditer(r"^### On (PostgreSQL|SQLite)\n(.*?)(?=^### |\Z)", body, re.MULTILINE | re.DOTALL):
        found[match.group(1)] = f"### On {match.group(1)}\n{match.group(2)}".rstrip() + "\n"
    return found


def replace_section(text: str, new: str) -> str:
    start = text.find(SECTION)
    if start < 0:
        return text.rstrip() + "\n\n" + new.rstrip() + "\n"
    rest = text[start + len(SECTION) :]
    end = re.search(r"^## ", rest, re.MULTILINE)
    tail = rest[end.start() :] if end else ""
    return text[:start] + new.rstrip() + "\n" + ("\n" + tail if tail else "")


# The run -------------------------------------------------------------------------------------------


@contextlib.contextmanager
def sqlite_database(workdir: Path) -> Iterator[str]:
    path = workdir / "bench.sqlite3"
    step(f"database: SQLite file {path}")
    yield f"sqlite:///{path}"


def bench_one(label: str, args: argparse.Namespace, facts: dict[str, str]) -> tuple[dict[str, Any], str, str]:
    workdir = Path(tempfile.mkdtemp(prefix="msj-bench-public-"))
    log = workdir / "gunicorn.log"
    port = free_port()
    server = os.environ.get("DATABASE_URL") or DEFAULT_SERVER
    database = sqlite_database(workdir) if label == "SQLite" else fresh_database(server, args.keep_db)
    try:
        with database as database_url:
            env = django_env(database_url, workdir)
            env.update(
                DJANGO_SETTINGS_MODULE=SETTINGS,
                ALLOWED_HOSTS="127.0.0.1",
                SITE_URL=f"http://127.0.0.1:{port}",
                LOG_FORMAT="json",
                LOG_LEVEL="INFO",
                PYTHONPATH=str(BASE_DIR),
            )
            env.pop("BENCH_SCALE", None)
            run(env, "manage.py", "migrate", "--no-input", timeout=900)
            run(env, "manage.py", "collectstatic", "--no-input", timeout=600)  # the pages name their files
            script = f"EXTRA_MESAS = {EXTRA_MESAS!r}\nEXTRA_RELEASES = {EXTRA_RELEASES}\n" + SETUP
            quiet = {**env, "LOG_LEVEL": "WARNING"}
            out = run(quiet, "manage.py", "shell", "-c", script, timeout=1800)
            setup: dict[str, Any] = json.loads(out.split("BENCH-SETUP ", 1)[1].splitlines()[0])
            step(f"data loaded in {setup['loaded_seconds']} s: {setup['counts']}")
            step(f"queries (cold, cached): {setup['queries']}; in-process ms: {setup['inprocess_ms']}")
            with gunicorn(env, port, 1, log) as process:
                wait_for_health(port, process)
                results, memory = measure(port, process, setup, args)
                fresh = publication(port, quiet, setup)
            setup["date"] = dt.datetime.now(tz=dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
            setup["command"] = "make bench-public" + ("" if label == "PostgreSQL" else " BENCH_PUBLIC_ARGS=--sqlite")
            text = subsection(label, setup, results, memory, fresh)
            log_lines = sum(1 for _ in log.open("rb"))
            step(f"{label}: done ({log_lines:,} lines of gunicorn log)")
            return setup, text, json.dumps({"fresh": fresh, "memory": memory}, default=str)
    except BaseException:
        if log.exists():
            print("\n".join(log.read_text(errors="replace").splitlines()[-30:]), file=sys.stderr)
        raise
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--sqlite", action="store_true", help="on a temporary SQLite file instead of PostgreSQL")
    which.add_argument("--also-sqlite", action="store_true", help="on PostgreSQL, then on SQLite")
    parser.add_argument("--rounds", type=int, default=7, help="rounds of every page (the median is reported)")
    parser.add_argument("--seconds", type=float, default=2.0, help="length of each page's load in a round")
    parser.add_argument("--clients", type=int, default=4, help="client processes")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--output", type=Path, help="a file for the section alone (default: docs/performance.md)")
    args = parser.parse_args()
    labels = ["SQLite"] if args.sqlite else ["PostgreSQL", "SQLite"] if args.also_sqlite else ["PostgreSQL"]
    facts = machine()
    facts["load_before"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    subsections = existing_subsections(DOC.read_text()) if args.output is None and DOC.exists() else {}
    setup: dict[str, Any] = {}
    try:
        for label in labels:
            setup, subsections[label], raw = bench_one(label, args, facts)
            step(f"{label}: {raw}")
    except (BenchFailure, subprocess.SubprocessError, OSError) as exc:
        print(f"bench: FAILED: {exc}", file=sys.stderr)
        return 1
    facts["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    text = section(subsections, facts, setup, args)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text)
    else:
        DOC.write_text(replace_section(DOC.read_text(), text))
    print()
    print(text)
    step(f"report written to {args.output or DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
