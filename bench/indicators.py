#!/usr/bin/env python3
"""The indicators benchmark of issue 5 (`make bench-indicators`): the national SESNSP file.

Usage (any database in the URL serves only to reach the PostgreSQL server):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/indicators.py \
        [--scale 1] [--seed 2026] [--runs 3] [--keep-db]

It generates, deterministically from the seed, a national municipal file in the SESNSP "nueva
metodología" format — every municipality of msj/indicators/data/municipalities.csv and the
998/999 pseudo-municipalities of each state, the 98 crimes of the shipped catalogue, 2015–2025
with the months after the cut-off empty, CP1252, unpadded codes — and a CONAPO population file
for the same municipalities. Both are kept under var/bench/, named by their parameters, so a
second run reuses them. --scale 0.1 keeps a tenth of the municipalities for a quick check.

Then it measures, in the same run, each contender in a child process of its own (wall time from
the parent, peak resident memory from that child's rusage), doing the same job: read the file,
keep the standard indicators, sum each municipality's months, join the interpolated population
and compute the 30-day-convention rate per 100,000, written as one CSV:

- msj: `import_population` and `import_sesnsp` with a fresh, migrated PostgreSQL database
  (validated and stored — the counts in the national store, msj/indicators/store.py — as cron
  loads a release), then msj.indicators.national.export_national_series;
- pandas: the script an observatory writes (read_csv, merge, melt, groupby, population, rates);
- duckdb: read_csv, unpivot, group by, population and rates in one SQL, no validation;
- msj again: the same file a second time (found by its SHA-256), then the same data re-encoded
  as UTF-8 (a new file whose rows are all unchanged).

The three outputs are compared (counts exactly, rates to 0.0001). At full scale the report is
printed and written to var/bench/indicators-1.md, from which docs/performance.md's section is
written by hand; at a smaller scale to var/bench/indicators-<scale>.md. The database is dropped
at the end unless --keep-db. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "bench"))

from run import DEFAULT_SERVER, BenchFailure, fresh_database, machine, step  # noqa: E402

PYTHON = sys.executable
DATA = BASE_DIR / "msj" / "indicators" / "data"
CACHE = BASE_DIR / "var" / "bench"
YEARS = range(2015, 2026)
CUT_OFF = 9  # the last year's months after September are empty
VINTAGE = "CONAPO bench"
MONTHS_ES = ("Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio")
MONTHS_ES += ("Julio", "Agosto", "Septiembre", "Octubre", "Noviembre", "Diciembre")
HEADER = (
    "Año,Clave_Ent,Entidad,Cve. Municipio,Municipio,Bien jurídico afectado,Tipo de delito,"
    "Subtipo de delito,Modalidad," + ",".join(MONTHS_ES)
)
PSEUDO = (("998", "No Especificado"), ("999", "Otros Municipios"))
NATIONAL_RATE = 1_500  # reported crimes per 100,000 inhabitants a year, all categories together
# Relative weights of the commonest crimes; the others share what is left.
HEAVY = {
    "Violencia familiar": 12.0,
    "Robo": 1.2,  # each of the 36 robbery combinations
    "Lesiones": 2.5,
    "Amenazas": 6.0,
    "Daño a la propiedad": 6.0,
    "Fraude": 4.0,
    "Narcomenudeo": 3.0,
    "Otros delitos del Fuero Común": 10.0,
}


# The files ----------------------------------------------------------------------------------------


def _field(text: str) -> str:
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(c in text for c in ',"\n') else text


def generate(scale: float, seed: int, out: Path) -> dict[str, Any]:
    """Write the SESNSP file and the population file; return what they hold (cached by parameters)."""
    import numpy as np

    tag = f"s{scale:g}-seed{seed}-{YEARS[0]}-{YEARS[-1]}c{CUT_OFF}"
    sesnsp, population = out / f"sesnsp-{tag}.csv", out / f"conapo-{tag}.csv"
    meta_path = out / f"meta-{tag}.json"
    if sesnsp.exists() and population.exists() and meta_path.exists():
        meta: dict[str, Any] = json.loads(meta_path.read_text())
        meta.update(cached=True, sesnsp=str(sesnsp), population=str(population))
        return meta
    started = time.monotonic()
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    with (DATA / "municipalities.csv").open(encoding="utf-8", newline="") as handle:
        municipalities = [(r["code"], r["name"], r["state_code"], r["state_name"]) for r in csv.DictReader(handle)]
    if scale < 1:
        keep = rng.random(len(municipalities)) < scale
        municipalities = [m for m, k in zip(municipalities, keep, strict=True) if k]
    states = sorted({(m[2], m[3]) for m in municipalities})
    places = [(code, name, state, state_name, False) for code, name, state, state_name in municipalities]
    places += [(f"{s}{suffix}", label, s, name, True) for s, name in states for suffix, label in PSEUDO]
    places.sort()
    with (DATA / "catalogue_new_methodology.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        crimes = [tuple(row) for row in reader]
    # Inhabitants: a heavy tail like Mexico's (median near 15,000; a few above a million).
    people = np.clip(rng.lognormal(mean=9.6, sigma=1.35, size=len(places)), 100, 1_900_000)
    people[[p[4] for p in places]] = 60_000  # the pseudo-municipalities' counts, as if a small town's
    weights = np.array([HEAVY.get(c[1], 0.4) for c in crimes]) * rng.lognormal(0, 0.6, len(crimes))
    weights /= weights.sum()
    texts = ["".join(_field(x) + "," for x in (*c,)) for c in crimes]
    numbers = [str(n) for n in range(100_000)]
    rows = zeros = cells_total = 0
    with sesnsp.open("wb") as handle:
        handle.write((HEADER + "\r\n").encode("cp1252"))
        for year in YEARS:
            growth = 1.01 ** (year - 2020)
            monthly = people[:, None] * weights[None, :] * (NATIONAL_RATE * growth / 100_000 / 12)
            counts = rng.poisson(monthly[:, :, None] * rng.gamma(4, 0.25, (1, 1, 12)), (len(places), len(crimes), 12))
            counts = np.minimum(counts, 99_999)
            known = counts[:, :, :CUT_OFF] if year == YEARS[-1] else counts
            zeros, cells_total = zeros + int((known == 0).sum()), cells_total + known.size
            parts: list[str] = []
            blank = year == YEARS[-1]
            for i, (code, name, state, state_name, _pseudo) in enumerate(places):
                prefix = f"{year},{int(state)},{_field(state_name)},{int(code)},{_field(name)},"
                for j, months in enumerate(counts[i].tolist()):
                    if blank:
                        cells = ",".join([*(numbers[v] for v in months[:CUT_OFF]), *[""] * (12 - CUT_OFF)])
                    else:
                        cells = ",".join([numbers[v] for v in months])
                    parts.append(f"{prefix}{texts[j]}{cells}\r\n")
            rows += len(parts)
            handle.write("".join(parts).encode("cp1252", errors="replace"))
    with population.open("w", encoding="utf-8", newline="") as handle:
        handle.write("Population,Code,Sex,Year\r\n")
        for (code, *_rest, pseudo), size in zip(places, people.tolist(), strict=True):
            if not pseudo:
                for year in range(2010, 2031):
                    handle.write(f"{max(1, round(size * 1.01 ** (year - 2020)))},{int(code)},Total,{year}\r\n")
    meta = {
        "rows": rows,
        "municipalities": len(municipalities),
        "pseudo": len(places) - len(municipalities),
        "crimes": len(crimes),
        "years": [YEARS[0], YEARS[-1]],
        "cut_off": CUT_OFF,
        "bytes": sesnsp.stat().st_size,
        "zeros_pct": round(100 * zeros / cells_total, 1),
        "seconds": round(time.monotonic() - started, 1),
    }
    meta_path.write_text(json.dumps(meta))
    meta.update(cached=False, sesnsp=str(sesnsp), population=str(population))
    return meta


def indicator_map() -> list[tuple[str, str, str, str, str]]:
    """(level_1..level_4, slug) of every catalogue crime a standard indicator counts."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from msj.indicators.catalogue import STANDARD_INDICATORS, catalogue_rows, matches

    return [
        (*levels, standard.slug)
        for standard in STANDARD_INDICATORS
        for levels in catalogue_rows("new")
        if matches(levels, standard.patterns["new"])
    ]


# The contenders, each run as `bench/indicators.py --child NAME ...` ---------------------------------


def child_msj(args: argparse.Namespace) -> dict[str, Any]:
    """Import the population and the SESNSP file as cron would, then the national series."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from msj.indicators.national import export_national_series

    phases: dict[str, float] = {}
    started = time.perf_counter()
    if args.population:
        call_command("import_population", args.population, vintage=VINTAGE, quiet=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
        phases["import_population"] = time.perf_counter() - started
    mark = time.perf_counter()
    call_command("import_sesnsp", args.file, quiet=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    phases["import_sesnsp"] = time.perf_counter() - mark
    if args.out:
        mark = time.perf_counter()
        phases["output_rows"] = export_national_series(Path(args.out), vintage=VINTAGE)
        phases["national_series"] = time.perf_counter() - mark
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    return {"phases": phases, "server_peak_kib": _vm_hwm(backend)}


def _vm_hwm(pid: int) -> int | None:
    try:
        match = re.search(r"^VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.MULTILINE)
    except OSError:
        return None
    return int(match.group(1)) if match else None


def child_pandas(args: argparse.Namespace) -> dict[str, Any]:
    """The observatory's script: read, keep the indicators' crimes, melt, aggregate, population, rates."""
    import numpy as np
    import pandas as pd

    levels = ["Bien jurídico afectado", "Tipo de delito", "Subtipo de delito", "Modalidad"]
    mapping = pd.DataFrame(indicator_map(), columns=[*levels, "indicator"])
    data = pd.read_csv(args.file, encoding="latin-1")
    data = data.merge(mapping, on=levels)
    data = data[data["Cve. Municipio"] % 1000 < 998]  # the pseudo-municipalities have no population
    long = data.melt(id_vars=["Año", "Cve. Municipio", "indicator"], value_vars=list(MONTHS_ES), var_name="mes")
    long["month"] = long["mes"].map({name: i for i, name in enumerate(MONTHS_ES, start=1)})
    counts = (
        long.groupby(["Cve. Municipio", "indicator", "Año", "month"])["value"].sum(min_count=1).dropna().reset_index()
    )
    counts.columns = ["code", "indicator", "year", "month", "count"]
    # Monthly population: linear between the mid-year (June) figures, as CONAPO's are.
    pop = pd.read_csv(args.population)
    pop = pop[pop["Sex"] == "Total"].set_index(["Code", "Year"])["Population"]
    before_year = np.where(counts["month"] >= 6, counts["year"], counts["year"] - 1)
    steps = np.where(counts["month"] >= 6, counts["month"] - 6, counts["month"] + 6)
    before = pop.reindex(pd.MultiIndex.from_arrays([counts["code"], before_year])).to_numpy()
    after = pop.reindex(pd.MultiIndex.from_arrays([counts["code"], before_year + 1])).to_numpy()
    counts["population"] = np.round(before + (after - before) * steps / 12)
    days = pd.to_datetime(dict(year=counts["year"], month=counts["month"], day=1)).dt.days_in_month
    counts["rate"] = (counts["count"] * 360 / days * 100_000 / counts["population"]).round(4)
    counts["count"] = counts["count"].astype("int64")
    counts["population"] = counts["population"].astype("Int64")
    counts["code"] = counts["code"].map("{:05d}".format)
    counts.to_csv(args.out, index=False, header=False)
    return {"phases": {"output_rows": len(counts)}}


def child_duckdb(args: argparse.Namespace) -> dict[str, Any]:
    """The practical floor: DuckDB reads and aggregates the file in one SQL, nothing validated."""
    import duckdb

    db = duckdb.connect()
    db.execute("CREATE TABLE mapping (l1 VARCHAR, l2 VARCHAR, l3 VARCHAR, l4 VARCHAR, indicator VARCHAR)")
    db.executemany("INSERT INTO mapping VALUES (?, ?, ?, ?, ?)", indicator_map())
    months = ", ".join(f'"{name}"' for name in MONTHS_ES)
    month_number = " ".join(f"WHEN '{name}' THEN {i}" for i, name in enumerate(MONTHS_ES, start=1))
    db.execute(
        f"""
        COPY (
        WITH raw AS (
            SELECT * FROM read_csv('{args.file}', encoding = 'latin-1', header = true, all_varchar = false)
        ),
        kept AS (
            SELECT r."Año" AS year, r."Cve. Municipio" AS code, m.indicator, {months}
            FROM raw r JOIN mapping m ON r."Bien jurídico afectado" = m.l1 AND r."Tipo de delito" = m.l2
                AND r."Subtipo de delito" = m.l3 AND r."Modalidad" = m.l4
            WHERE r."Cve. Municipio" % 1000 < 998
        ),
        long AS (UNPIVOT kept ON {months} INTO NAME mes VALUE n),
        counts AS (
            SELECT code, indicator, year, CASE mes {month_number} END AS month, SUM(n) AS count
            FROM long GROUP BY ALL
        ),
        pop AS (
            SELECT "Code" AS code, "Year" AS year, "Population" AS people
            FROM read_csv('{args.population}') WHERE "Sex" = 'Total'
        ),
        placed AS (
            SELECT c.*, CASE WHEN month >= 6 THEN year ELSE year - 1 END AS y0,
                CASE WHEN month >= 6 THEN month - 6 ELSE month + 6 END AS steps
            FROM counts c
        ),
        rated AS (
            SELECT p.code, p.indicator, p.year, p.month, p.count,
                round_even(a.people + (b.people - a.people) * p.steps / 12, 0)::BIGINT AS population
            FROM placed p
            LEFT JOIN pop a ON a.code = p.code AND a.year = p.y0
            LEFT JOIN pop b ON b.code = p.code AND b.year = p.y0 + 1
        )
        SELECT lpad(code::VARCHAR, 5, '0'), indicator, year, month, count, population,
            round(count * 360.0 / day(last_day(make_date(year, month, 1))) * 100000 / population, 4)
        FROM rated ORDER BY ALL
        ) TO '{args.out}' (HEADER false)
        """  # noqa: S608 - our own file names
    )
    rows = db.execute(f"SELECT count(*) FROM read_csv('{args.out}', header = false)").fetchone()  # noqa: S608
    return {"phases": {"output_rows": rows[0] if rows else 0}}


def child_compare(args: argparse.Namespace) -> dict[str, Any]:
    """Compare the outputs: counts must be equal everywhere, rates within 0.0001."""
    import duckdb

    db = duckdb.connect()
    names = ["msj", "pandas", "duckdb"]
    for name, path in zip(names, args.compare, strict=True):
        columns = (
            "column0::VARCHAR AS code, column1 AS indicator, column2::INT AS year, column3::INT AS month, "
            "column4::BIGINT AS count, column5::BIGINT AS population, column6::DECIMAL(18, 4) AS rate"
        )
        source = f"read_csv('{path}', header = false, all_varchar = true)"
        db.execute(f"CREATE TABLE {name} AS SELECT {columns} FROM {source}")  # noqa: S608 - our own files
    result: dict[str, Any] = {}
    for other in names[1:]:
        row = db.execute(
            f"""SELECT count(*) FILTER (WHERE a.code IS NULL OR b.code IS NULL),
                count(*) FILTER (WHERE a.count IS DISTINCT FROM b.count),
                count(*) FILTER (WHERE a.population IS DISTINCT FROM b.population),
                count(*) FILTER (WHERE a.rate IS DISTINCT FROM b.rate),
                coalesce(max(abs(a.rate - b.rate)), 0)::VARCHAR, count(*)
            FROM msj a FULL JOIN {other} b USING (code, indicator, year, month)"""  # noqa: S608
        ).fetchone()
        assert row is not None  # noqa: S101
        result[other] = dict(
            zip(
                ["only_one_side", "counts_differ", "population_differs", "rates_differ", "max_rate_diff", "rows"],
                row,
                strict=True,
            )
        )
    return result


def child_generate(args: argparse.Namespace) -> dict[str, Any]:
    """Make (or find) the files, and the UTF-8 copy of the SESNSP file; report versions too."""
    import duckdb
    import pandas

    meta = generate(args.scale, args.seed, CACHE)
    utf8 = Path(meta["sesnsp"]).with_suffix(".utf8.csv")
    if not utf8.exists():
        with (
            open(meta["sesnsp"], encoding="cp1252", newline="") as source,
            utf8.open("w", encoding="utf-8", newline="") as target,
        ):
            while block := source.read(1 << 22):
                target.write(block)
    return {**meta, "utf8": str(utf8), "pandas": pandas.__version__, "duckdb": duckdb.__version__}


CHILDREN = {
    "generate": child_generate,
    "msj": child_msj,
    "pandas": child_pandas,
    "duckdb": child_duckdb,
    "compare": child_compare,
}


# The parent -------------------------------------------------------------------------------------------


def measure(name: str, env: dict[str, str], *args: str, timeout: int = 3600) -> dict[str, Any]:
    """Run one contender in a child process: its wall time, peak memory and what it reported."""
    command = [PYTHON, str(Path(__file__).resolve()), "--child", name, *args]
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=out, stderr=err)  # noqa: S603
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
                raise BenchFailure(f"{name} did not finish within {timeout} s")
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if process.returncode != 0:
        raise BenchFailure(f"{name} failed ({process.returncode}):\n{stdout[-2000:]}{stderr[-3000:]}")
    reported = json.loads(stdout.strip().splitlines()[-1])
    result = {"seconds": seconds, "peak_kib": usage.ru_maxrss, **reported}
    shown = " ".join(a if not a.startswith("/") else Path(a).name for a in args)
    step(f"{name} {shown}: {seconds:.1f} s, peak {usage.ru_maxrss / 1024:.0f} MiB")
    return result


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    ordered = sorted(runs, key=lambda r: r["seconds"])
    chosen = dict(ordered[len(ordered) // 2])
    chosen["runs"] = [round(r["seconds"], 2) for r in runs]
    chosen["seconds"] = statistics.median(r["seconds"] for r in runs)
    chosen["peak_kib"] = max(r["peak_kib"] for r in runs)
    return chosen


def django_env(database_url: str, workdir: Path) -> dict[str, str]:
    settings_text = (BASE_DIR / "config" / "settings.py").read_text()
    from_settings = re.findall(r"\benv_(?:str|bool|int|list|time_zone)\(\s*\"([A-Z][A-Z0-9_]*)\"", settings_text)
    env = {key: value for key, value in os.environ.items() if key not in from_settings}
    env.update(
        DEBUG="0",  # DEBUG keeps every query in memory: never for a bulk import
        SECURE="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        MSJ_VAR_DIR=str(workdir / "var"),
        EMAIL_URL=f"file://{workdir / 'mail'}",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def report(results: dict[str, Any], meta: dict[str, Any], facts: dict[str, str], args: argparse.Namespace) -> str:
    mib = 1024
    msj, pandas, duck = results["msj"], results["pandas"], results["duckdb"]

    def line(label: str, r: dict[str, Any], runs: str) -> str:
        return f"| {label} | {r['seconds']:.1f} | {r['peak_kib'] / mib:.0f} | {runs} |"

    lines = [
        f"Run on {facts['date']}, scale {args.scale:g} (seed {args.seed}), command: `{facts['command']}`.",
        "",
        f"File: {meta['rows']:,} rows, {meta['bytes'] / 1e6:.0f} MB (CP1252), "
        f"{meta['municipalities']:,} municipalities and {meta['pseudo']} pseudo-municipalities × "
        f"{meta['crimes']} crimes × {meta['years'][0]}–{meta['years'][1]} "
        f"(months after {MONTHS_ES[meta['cut_off'] - 1]} {meta['years'][1]} empty); output: "
        f"{msj['phases']['output_rows']:,} monthly figures.",
        "",
        "| contender | wall s | peak MiB | runs |",
        "| --- | ---: | ---: | --- |",
        line("msj: import population + SESNSP file (validated, stored) + national series", msj, "1"),
        line("pandas script", pandas, ", ".join(f"{s:.1f}" for s in pandas["runs"])),
        line("DuckDB, no validation", duck, ", ".join(f"{s:.1f}" for s in duck["runs"])),
        line("msj: the same file again (SHA-256 short-circuit)", results["again"], "1"),
        line("msj: the same data re-encoded as UTF-8 (a new file, nothing changed)", results["utf8"], "1"),
        "",
        "msj's phases: "
        + ", ".join(f"{k} {v:.1f} s" for k, v in msj["phases"].items() if k != "output_rows")
        + (f"; PostgreSQL backend peak {msj['server_peak_kib'] / mib:.0f} MiB" if msj.get("server_peak_kib") else "")
        + ".",
        "",
        f"- msj / pandas: **{msj['seconds'] / pandas['seconds']:.2f}** (target ≤ 0.33: at least 3× faster)",
        f"- msj / DuckDB: **{msj['seconds'] / duck['seconds']:.2f}** (target ≤ 2)",
        f"- msj peak memory: **{msj['peak_kib'] / mib:.0f} MiB** (target < 1024); "
        f"pandas {pandas['peak_kib'] / mib:.0f} MiB, DuckDB {duck['peak_kib'] / mib:.0f} MiB",
        f"- re-import of the same file / first import: **{results['again']['seconds'] / msj['seconds']:.3f}**",
        "",
        "Outputs compared with msj's: " + "; ".join(f"{k}: {v}" for k, v in results["compare"].items()) + ".",
        "",
        f"Machine: {facts['cores']} cores ({facts['cpu']}), {facts['memory']}; Python {facts['python']}, "
        f"pandas {facts['pandas']}, DuckDB {facts['duckdb']}, PostgreSQL {facts['postgresql']}. "
        f"Load average before / after: {facts['load_before']} / {facts['load_after']}.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE") or 1))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=3, help="runs of pandas and DuckDB (the median is reported)")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--output", type=Path)
    parser.add_argument("--child", choices=CHILDREN, help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--population", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--compare", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child](args), default=str))
        return 0
    server = os.environ.get("DATABASE_URL") or DEFAULT_SERVER
    output = args.output or CACHE / f"indicators-{args.scale:g}.md"
    facts = machine()
    facts["load_before"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    facts["command"] = (
        "make bench-indicators" if args.scale >= 1 else f"make bench-indicators BENCH_SCALE={args.scale:g}"
    )
    step(f"generating the files (scale {args.scale:g}, seed {args.seed})")
    try:
        meta = measure("generate", dict(os.environ), "--scale", str(args.scale), "--seed", str(args.seed))
    except BenchFailure as exc:
        print(f"bench: FAILED: {exc}", file=sys.stderr)
        return 1
    facts.update(pandas=meta["pandas"], duckdb=meta["duckdb"])
    step(
        f"{'reused' if meta['cached'] else 'generated in ' + str(meta['seconds']) + ' s'}: {meta['sesnsp']} "
        f"({meta['rows']:,} rows, {meta['bytes'] / 1e6:.0f} MB)"
    )
    utf8 = meta["utf8"]
    workdir = Path(tempfile.mkdtemp(prefix="msj-bench-indicators-"))
    outs = {name: str(workdir / f"{name}.csv") for name in ("msj", "pandas", "duckdb")}
    results: dict[str, Any] = {}
    try:
        with fresh_database(server, args.keep_db) as database_url:
            env = django_env(database_url, workdir)
            migrate = [PYTHON, "manage.py", "migrate", "--no-input"]
            subprocess.run(migrate, cwd=BASE_DIR, env=env, check=True, capture_output=True)  # noqa: S603
            step("migrated")
            import psycopg

            with psycopg.connect(database_url) as conn:
                pg = conn.info.server_version
            facts["postgresql"] = f"{pg // 10000}.{pg % 10000}"
            files = ["--file", meta["sesnsp"], "--population", meta["population"]]
            results["msj"] = measure("msj", env, *files, "--out", outs["msj"])
            results["again"] = measure("msj", env, "--file", meta["sesnsp"])
            results["utf8"] = measure("msj", env, "--file", utf8)
            results["pandas"] = median_of(
                [measure("pandas", env, *files, "--out", outs["pandas"]) for _ in range(args.runs)]
            )
            results["duckdb"] = median_of(
                [measure("duckdb", env, *files, "--out", outs["duckdb"]) for _ in range(args.runs)]
            )
            results["compare"] = measure("compare", env, "--compare", outs["msj"], outs["pandas"], outs["duckdb"])
            results["compare"] = {k: v for k, v in results["compare"].items() if k in ("pandas", "duckdb")}
    except (BenchFailure, subprocess.SubprocessError, OSError) as exc:
        print(f"bench: FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    facts["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    facts["date"] = dt.datetime.now(tz=dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = report(results, meta, facts, args)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text)
    (output.with_suffix(".json")).write_text(
        json.dumps({"meta": meta, "results": results, "facts": facts}, indent=2, default=str)
    )
    print()
    print(text)
    step(f"report written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
