"""Back up and restore the whole platform: the database and the uploaded files, in one archive.

An archive is a gzip-compressed tar file holding, in this order:

- ``manifest.json``: the format version, the database engine, when it was made, the applied
  migrations, the row count of every table, and the size and SHA-256 of every other member;
- the database payload: a SQLite file copied with the online backup API, or a
  ``pg_dump --format=custom`` file taken from the same snapshot the row counts were read from;
- ``media/…``: a copy of ``MEDIA_ROOT``.

Restoring unpacks and verifies everything into staging folders first (archive readable,
manifest valid, checksums, engine, migrations known to this code), so a damaged or foreign
archive is refused while the database and the media folder are still untouched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import logging
import os
import posixpath
import shutil
import sqlite3
import stat
import subprocess
import tarfile
import tempfile
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import django
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient
from django.db.backends.sqlite3._functions import register as register_django_functions
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger("msj.backup")

FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
MEDIA_PREFIX = "media/"
PAYLOAD_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
_MAX_MANIFEST_BYTES = 64 * 1024 * 1024
_CHUNK = 1024 * 1024
# How long a restore waits for others to let go of the database before giving up.
SQLITE_BUSY_TIMEOUT = 5.0
POSTGRES_LOCK_TIMEOUT = "60s"


class BackupError(Exception):
    """A backup cannot be made or an archive cannot be restored; the message says why."""


@dataclass(frozen=True)
class Manifest:
    engine: str
    created_at: str
    migrations: list[tuple[str, str]]
    row_counts: dict[str, int]
    payload_name: str
    payload_size: int
    payload_sha256: str
    media: dict[str, str]  # path under MEDIA_ROOT (POSIX) -> SHA-256
    django_version: str = django.get_version()
    format: int = FORMAT_VERSION

    @property
    def total_rows(self) -> int:
        return sum(self.row_counts.values())

    def to_json(self) -> bytes:
        data = {
            "format": self.format,
            "application": "msj",
            "engine": self.engine,
            "created_at": self.created_at,
            "django_version": self.django_version,
            "migrations": [list(m) for m in self.migrations],
            "row_counts": self.row_counts,
            "payload": {"name": self.payload_name, "size": self.payload_size, "sha256": self.payload_sha256},
            "media": self.media,
        }
        return json.dumps(data, indent=2, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        """Parse and validate a manifest, naming the first field that is wrong."""
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise BackupError(_("The manifest of the backup is not valid JSON.")) from None
        if not isinstance(data, dict):
            raise BackupError(_("The manifest of the backup is not a JSON object."))

        def invalid(name: str) -> BackupError:
            return BackupError(
                _("The manifest of the backup is not valid: the field “%(field)s” is missing or malformed.")
                % {"field": name}
            )

        version = data.get("format")
        if not isinstance(version, int) or isinstance(version, bool):
            raise invalid("format")
        if version != FORMAT_VERSION:
            raise BackupError(
                _("The backup uses format version %(found)s, but this version of msj reads only format %(expected)s.")
                % {"found": version, "expected": FORMAT_VERSION}
            )
        engine = data.get("engine")
        if engine not in PAYLOAD_NAMES:
            raise invalid("engine")
        created_at = data.get("created_at")
        if not isinstance(created_at, str):
            raise invalid("created_at")
        migrations = data.get("migrations")
        if not isinstance(migrations, list) or not all(
            isinstance(m, list) and len(m) == 2 and all(isinstance(part, str) for part in m) for m in migrations
        ):
            raise invalid("migrations")
        row_counts = data.get("row_counts")
        if not isinstance(row_counts, dict) or not all(
            isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in row_counts.values()
        ):
            raise invalid("row_counts")
        payload = data.get("payload")
        if (
            not isinstance(payload, dict)
            or payload.get("name") != PAYLOAD_NAMES[engine]
            or not isinstance(payload.get("size"), int)
            or not _is_sha256(payload.get("sha256"))
        ):
            raise invalid("payload")
        media = data.get("media")
        if not isinstance(media, dict) or not all(
            _safe_relative_path(name) == name and _is_sha256(digest) for name, digest in media.items()
        ):
            raise invalid("media")
        return cls(
            format=version,
            engine=engine,
            created_at=created_at,
            django_version=str(data.get("django_version", "")),
            migrations=[(app, name) for app, name in migrations],
            row_counts=dict(row_counts),
            payload_name=payload["name"],
            payload_size=payload["size"],
            payload_sha256=payload["sha256"],
            media=dict(media),
        )


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    manifest: Manifest


@dataclass(frozen=True)
class VerifiedBackup:
    """An archive unpacked into staging folders and checked against the configured database."""

    manifest: Manifest
    payload: Path
    media: Path


@dataclass
class RestoreReport:
    manifest: Manifest
    row_counts: dict[str, int]
    mismatches: list[tuple[str, int | None, int | None]] = field(default_factory=list)
    extra_tables: list[str] = field(default_factory=list)
    pending_migrations: int = 0

    @property
    def ok(self) -> bool:
        return not self.mismatches


def default_backup_path(now: dt.datetime | None = None) -> Path:
    now = now or timezone.now()
    return Path(settings.VAR_DIR) / "backups" / f"msj-backup-{now.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}.tar.gz"


# Making a backup ----------------------------------------------------------------------------


def create_backup(*, output: Path, using: str = DEFAULT_DB_ALIAS) -> BackupResult:
    """Write one archive holding the database, the media folder and their manifest to `output`.

    The archive appears under its final name only once complete, readable by its owner alone.
    """
    connection = connections[using]
    engine = _engine(connection)
    output = output.resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if output.is_relative_to(media_root):
        raise BackupError(
            _("A backup cannot be written inside the media folder %(path)s, which it copies.") % {"path": media_root}
        )
    output.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".msj-backup-") as tmp:
        work = Path(tmp)
        payload = work / PAYLOAD_NAMES[engine]
        if engine == "sqlite":
            migrations, row_counts = _dump_sqlite(connection, payload)
        else:
            migrations, row_counts = _dump_postgresql(connection, payload)
        media_copy = work / "media"
        media = _copy_media(media_root, media_copy)
        size, digest = _file_digest(payload)
        manifest = Manifest(
            engine=engine,
            created_at=timezone.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
            migrations=migrations,
            row_counts=row_counts,
            payload_name=payload.name,
            payload_size=size,
            payload_sha256=digest,
            media=media,
        )
        partial = work / "archive.tar.gz"
        _write_archive(partial, manifest, payload, media_copy)
        os.replace(partial, output)
    result = BackupResult(path=output, size=output.stat().st_size, manifest=manifest)
    logger.info(
        "backup created",
        extra={
            "path": str(output),
            "bytes": result.size,
            "engine": engine,
            "tables": len(row_counts),
            "rows": manifest.total_rows,
            "media_files": len(media),
        },
    )
    return result


def _dump_sqlite(connection: BaseDatabaseWrapper, payload: Path) -> tuple[list[tuple[str, str]], dict[str, int]]:
    database = _sqlite_path(connection)
    if not database.is_file():
        raise BackupError(_("The SQLite database %(path)s does not exist.") % {"path": database})
    # The online backup API copies a consistent snapshot even while others write.
    source = sqlite3.connect(database, timeout=20)
    target = sqlite3.connect(payload)
    try:
        source.backup(target)
        # A self-contained file: no write-ahead log travels beside it.
        target.execute("PRAGMA journal_mode=DELETE")
        return _inventory(target.cursor(), "sqlite")
    finally:
        target.close()
        source.close()


def _dump_postgresql(connection: BaseDatabaseWrapper, payload: Path) -> tuple[list[tuple[str, str]], dict[str, int]]:
    # Count rows and read the migrations in one repeatable-read transaction, and have pg_dump
    # read that very snapshot, so the manifest describes exactly what the payload holds.
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            migrations, row_counts = _inventory(cursor, "postgresql")
            result = _run_pg_tool(
                "pg_dump",
                connection.settings_dict,
                ["--format=custom", f"--snapshot={snapshot}", f"--file={payload}"],
            )
            cursor.execute("ROLLBACK")
    finally:
        raw.close()
    if result.returncode != 0:
        raise BackupError(
            _("pg_dump failed with exit code %(code)s: %(error)s")
            % {"code": result.returncode, "error": _last_lines(result.stderr)}
        )
    return migrations, row_counts


def _copy_media(media_root: Path, target: Path) -> dict[str, str]:
    """Copy the regular files under `media_root` into `target`, returning their checksums."""
    target.mkdir()
    digests: dict[str, str] = {}
    if not media_root.is_dir():
        return digests
    for folder, _dirs, files in os.walk(media_root):
        for name in files:
            source = Path(folder, name)
            if not stat.S_ISREG(source.lstat().st_mode):
                logger.warning("media entry skipped: not a regular file", extra={"path": str(source)})
                continue
            relative = source.relative_to(media_root).as_posix()
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            with source.open("rb") as src, destination.open("wb") as dst:
                digests[relative] = _copy_hashing(src, dst)[1]
    return digests


def _write_archive(path: Path, manifest: Manifest, payload: Path, media: Path) -> None:
    def normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mode = 0o600 if info.isfile() else 0o700
        return info

    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as raw:
        with tarfile.open(fileobj=raw, mode="w:gz") as tar:
            data = manifest.to_json()
            info = normalise(tarfile.TarInfo(MANIFEST_NAME))
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(payload, arcname=payload.name, recursive=False, filter=normalise)
            for relative in sorted(manifest.media):
                tar.add(media / relative, arcname=MEDIA_PREFIX + relative, recursive=False, filter=normalise)
        raw.flush()
        os.fsync(raw.fileno())


# Verifying an archive -----------------------------------------------------------------------


@contextlib.contextmanager
def open_backup(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> Iterator[VerifiedBackup]:
    """Unpack `path` into staging folders and verify it; raise BackupError on any problem.

    Nothing outside the staging folders is touched. They sit beside the database file and the
    media folder so that restoring can move them into place atomically; they are removed on exit.
    """
    connection = connections[using]
    engine = _engine(connection)
    payload_parent = _sqlite_path(connection).parent if engine == "sqlite" else None
    if payload_parent is not None:
        payload_parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(dir=payload_parent, prefix=".msj-restore-") as payload_dir,
        tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".msj-restore-media-") as media_dir,
    ):
        staged_media = Path(media_dir) / "media"
        manifest, payload = _unpack(path, Path(payload_dir), staged_media)
        check_compatible(manifest, connection)
        if engine == "sqlite":
            _check_sqlite_integrity(payload)
        yield VerifiedBackup(manifest=manifest, payload=payload, media=staged_media)


def _unpack(path: Path, payload_dir: Path, media_dir: Path) -> tuple[Manifest, Path]:
    if not path.is_file():
        raise BackupError(_("The backup file %(path)s does not exist.") % {"path": path})
    media_dir.mkdir()
    raw_manifest: bytes | None = None
    payloads: dict[str, tuple[Path, int, str]] = {}
    media: dict[str, str] = {}
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            for member in tar:
                if member.isdir() and member.name.rstrip("/") + "/" == MEDIA_PREFIX:
                    continue
                if not member.isfile():
                    raise _unexpected(member.name)
                source = tar.extractfile(member)
                assert source is not None  # noqa: S101 - a regular file always has content
                if member.name == MANIFEST_NAME:
                    if member.size > _MAX_MANIFEST_BYTES:
                        raise BackupError(_("The manifest of the backup is too large to be genuine."))
                    raw_manifest = source.read()
                elif member.name in PAYLOAD_NAMES.values() and member.name not in payloads:
                    target = payload_dir / member.name
                    with target.open("wb") as dst:
                        size, digest = _copy_hashing(source, dst)
                    payloads[member.name] = (target, size, digest)
                elif member.name.startswith(MEDIA_PREFIX):
                    relative = _safe_relative_path(member.name[len(MEDIA_PREFIX) :])
                    if relative is None or relative in media:
                        raise _unexpected(member.name)
                    target = media_dir / relative
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with target.open("wb") as dst:
                        media[relative] = _copy_hashing(source, dst)[1]
                else:
                    raise _unexpected(member.name)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(
            _("The backup archive %(path)s is damaged or incomplete and cannot be read (%(error)s).")
            % {"path": path, "error": exc}
        ) from exc
    if raw_manifest is None:
        raise BackupError(_("The backup archive has no manifest.json; it was not made by “manage.py backup”."))
    manifest = Manifest.from_json(raw_manifest)
    if set(payloads) != {manifest.payload_name}:
        raise BackupError(
            _("The backup archive does not hold exactly one database payload named %(name)s.")
            % {"name": manifest.payload_name}
        )
    payload, size, digest = payloads[manifest.payload_name]
    if size != manifest.payload_size or digest != manifest.payload_sha256:
        raise BackupError(_("The checksum of the database payload does not match the manifest; the backup is damaged."))
    for name in sorted(set(manifest.media) | set(media)):
        if name not in media:
            raise BackupError(_("The media file %(name)s listed in the manifest is missing.") % {"name": name})
        if name not in manifest.media:
            raise _unexpected(MEDIA_PREFIX + name)
        if media[name] != manifest.media[name]:
            raise BackupError(
                _("The checksum of the media file %(name)s does not match the manifest; the backup is damaged.")
                % {"name": name}
            )
    return manifest, payload


def check_compatible(manifest: Manifest, connection: BaseDatabaseWrapper) -> None:
    """Refuse a backup of another engine, or one whose migrations this code does not know."""
    engine = _engine(connection)
    if manifest.engine != engine:
        raise BackupError(
            _("This backup was taken from a %(backup)s database, but the configured database is %(configured)s.")
            % {"backup": ENGINE_LABELS[manifest.engine], "configured": ENGINE_LABELS[engine]}
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, name in manifest.migrations if (app, name) not in known]
    if unknown:
        raise BackupError(
            _(
                "The backup was made by a version of msj with migrations this version does not know "
                "(%(migrations)s); restore it with the version that made it."
            )
            % {"migrations": ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")}
        )


def _check_sqlite_integrity(payload: Path) -> None:
    check = sqlite3.connect(payload)
    # CHECK constraints may call the functions Django adds to SQLite (REGEXP for __regex).
    register_django_functions(check)
    try:
        result = check.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError:
        result = []
    finally:
        check.close()
    if result != [("ok",)]:
        raise BackupError(_("The SQLite database in the backup fails its integrity check."))


# Restoring ----------------------------------------------------------------------------------


def restore_backup(backup: VerifiedBackup, *, using: str = DEFAULT_DB_ALIAS) -> RestoreReport:
    """Replace the database and the media folder with a verified backup, then compare row counts."""
    connection = connections[using]
    if _engine(connection) == "sqlite":
        _restore_sqlite(connection, backup.payload)
    else:
        _restore_postgresql(connection, backup.payload)
    _replace_media(backup.media, Path(settings.MEDIA_ROOT))

    manifest = backup.manifest
    with connection.cursor() as cursor:
        _migrations, row_counts = _inventory(cursor, _engine(connection))
    report = RestoreReport(manifest=manifest, row_counts=row_counts)
    for table in sorted(manifest.row_counts):
        expected, found = manifest.row_counts[table], row_counts.get(table)
        if expected != found:
            report.mismatches.append((table, expected, found))
    report.extra_tables = sorted(set(row_counts) - set(manifest.row_counts))
    executor = MigrationExecutor(connection)
    report.pending_migrations = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    logger.warning(
        "backup restored",
        extra={
            "created_at": manifest.created_at,
            "engine": manifest.engine,
            "tables": len(row_counts),
            "rows": sum(row_counts.values()),
            "mismatches": len(report.mismatches),
        },
    )
    return report


def _restore_sqlite(connection: BaseDatabaseWrapper, payload: Path) -> None:
    database = _sqlite_path(connection)
    connections.close_all()
    if database.exists():
        live = sqlite3.connect(database, timeout=SQLITE_BUSY_TIMEOUT)
        try:
            # Leaving WAL mode needs the database to ourselves: it fails while another process
            # (a web or task worker) has it open, and afterwards no -wal file can outlive the swap.
            live.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.OperationalError:
            raise BackupError(
                _(
                    "The database %(path)s is in use by another process; stop the application and the "
                    "task worker, then restore again."
                )
                % {"path": database}
            ) from None
        finally:
            live.close()
        os.chmod(payload, stat.S_IMODE(database.stat().st_mode))
    os.replace(payload, database)
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)


def _restore_postgresql(connection: BaseDatabaseWrapper, payload: Path) -> None:
    connections.close_all()
    result = _run_pg_tool(
        "pg_restore",
        connection.settings_dict,
        ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", str(payload)],
        # Fail (and roll back) rather than wait forever behind a session holding a lock.
        server_options=f"-c lock_timeout={POSTGRES_LOCK_TIMEOUT}",
    )
    if result.returncode != 0:
        raise BackupError(
            _("pg_restore failed, so the database was left as it was: %(error)s")
            % {"error": _last_lines(result.stderr)}
        )


def _replace_media(staged: Path, media_root: Path) -> None:
    previous = media_root.with_name(f".{media_root.name}.replaced-{uuid.uuid4().hex[:8]}")
    if media_root.exists():
        os.replace(media_root, previous)
    os.replace(staged, media_root)
    shutil.rmtree(previous, ignore_errors=True)


# Helpers ------------------------------------------------------------------------------------


def _engine(connection: BaseDatabaseWrapper) -> str:
    vendor = connection.vendor
    if vendor not in PAYLOAD_NAMES:
        raise BackupError(_("Backups support SQLite and PostgreSQL, not %(engine)s.") % {"engine": vendor})
    return vendor


def _sqlite_path(connection: BaseDatabaseWrapper) -> Path:
    if connection.is_in_memory_db():  # type: ignore[attr-defined]
        raise BackupError(_("The configured SQLite database lives in memory; only a database file can be backed up."))
    return Path(connection.settings_dict["NAME"]).resolve()


def _table_names(cursor: Any, engine: str) -> list[str]:
    if engine == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    else:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() ORDER BY c.relname"
        )
    return [row[0] for row in cursor.fetchall()]


def _inventory(cursor: Any, engine: str) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """Return the applied migrations and the row count of every table, through a DB-API cursor."""
    row_counts: dict[str, int] = {}
    tables = _table_names(cursor, engine)
    for table in tables:
        quoted = '"{}"'.format(table.replace('"', '""'))
        cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608 - a catalogue name, quoted
        row_counts[table] = int(cursor.fetchone()[0])
    migrations: list[tuple[str, str]] = []
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [(app, name) for app, name in cursor.fetchall()]
    return migrations, row_counts


def _run_pg_tool(
    tool: str, settings_dict: dict[str, Any], arguments: list[str], *, server_options: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run a PostgreSQL client program against the database of `settings_dict`."""
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(
            _("The PostgreSQL program %(program)s was not found; install the PostgreSQL client tools.")
            % {"program": tool}
        )
    # Django's own psql launcher knows how to pass the password, service and TLS options.
    _psql_args, extra_env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    options = settings_dict.get("OPTIONS") or {}
    command = [executable, "--no-password"]
    for option, value in (
        ("--username", settings_dict.get("USER")),
        ("--host", settings_dict.get("HOST") or options.get("host")),  # DATABASE_URL=…?host=/run/postgresql
        ("--port", settings_dict.get("PORT") or options.get("port")),
    ):
        if value:
            command += [option, str(value)]
    command += [*arguments, "--dbname", str(settings_dict["NAME"])]
    env = {**os.environ, **(extra_env or {})}
    env.setdefault("PGCONNECT_TIMEOUT", "20")
    if server_options:
        env["PGOPTIONS"] = f"{env.get('PGOPTIONS', '')} {server_options}".strip()
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603


def _copy_hashing(source: IO[bytes], target: IO[bytes]) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(_CHUNK):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def _file_digest(path: Path) -> tuple[int, str]:
    with path.open("rb") as source:
        digest = hashlib.file_digest(source, "sha256")
    return path.stat().st_size, digest.hexdigest()


def _safe_relative_path(name: str) -> str | None:
    """Return `name` if it is a plain relative POSIX path staying inside its folder, else None."""
    normalised = posixpath.normpath(name)
    if (
        not name
        or name != normalised
        or name.startswith("/")
        or normalised == "."
        or normalised.split("/")[0] == ".."
        or "\x00" in name
    ):
        return None
    return normalised


def _is_sha256(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def _unexpected(name: str) -> BackupError:
    return BackupError(_("The backup archive contains an unexpected entry: %(name)s.") % {"name": name})


def _last_lines(text: str, count: int = 5) -> str:
    return " ".join(text.strip().splitlines()[-count:])
