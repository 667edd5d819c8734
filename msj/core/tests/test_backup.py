"""Backup and restore, end to end, on whichever engine the test run is configured with.

The commands need a real database they can copy and replace: a file for SQLite (the test
database is in memory) and a database pg_dump can read committed rows from for PostgreSQL.
So this module migrates a scratch database of the configured engine (a file next to the test
run, or `test_<name>_backup` on the same PostgreSQL server) and swaps it in as the default
connection while its tests run. The commands then run their real code, unmodified, against it;
the regular test database is never touched. Every test leaves the scratch database as the good
backup describes it, so the tests do not depend on their order.
"""

from __future__ import annotations

import copy
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.utils import load_backend
from django.test import override_settings
from django.utils import translation

from msj.accounts.models import User
from msj.audit.models import AuditEvent
from msj.audit.services import record
from msj.core import backup
from msj.core.backup import PAYLOAD_NAMES
from msj.members.models import Membership, Office
from msj.members.testing import PASSWORD, make_personas
from msj.mesas.models import Mesa

pytestmark = pytest.mark.slow  # migrates a database of its own; on PostgreSQL runs pg_dump and pg_restore

BASE_DIR = Path(settings.BASE_DIR)
OTHER_ENGINE = {"sqlite": "postgresql", "postgresql": "sqlite"}


def table_rows() -> dict[str, list[tuple[Any, ...]]]:
    """Return every row of every table, ordered by primary key."""
    quote = connection.ops.quote_name
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            key = connection.introspection.get_primary_key_columns(cursor, table) or []
            order = ", ".join(quote(column) for column in key) or "1"
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")  # noqa: S608 - catalogue names
            rows[table] = [tuple(row) for row in cursor.fetchall()]
    return rows


def media_files() -> dict[str, bytes]:
    root = Path(settings.MEDIA_ROOT)
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def leftovers(scratch: Path) -> list[Path]:
    """Staging folders a restore left behind (there must be none)."""
    return [path for path in scratch.rglob(".msj-*")]


def _scratch_name(name: str) -> str:
    """test_<name>_backup, one per xdist worker (the regular test database may not exist)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    name = name if name.startswith("test_") else f"test_{name}"
    return f"{name}_backup" + (f"_{worker}" if worker and not name.endswith(worker) else "")


@pytest.fixture(scope="module")
def scratch(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Migrate a scratch database of the configured engine and make it the default connection."""
    base = tmp_path_factory.mktemp("backup")
    original = connections[DEFAULT_DB_ALIAS]
    settings_dict = copy.deepcopy(original.settings_dict)
    postgres = original.vendor == "postgresql"
    with django_db_blocker.unblock():
        if postgres:
            settings_dict["NAME"] = _scratch_name(original.settings_dict["NAME"])
            with original._nodb_cursor() as cursor:  # the "postgres" database, as test set-up does
                cursor.execute(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}" WITH (FORCE)')
                cursor.execute(f'CREATE DATABASE "{settings_dict["NAME"]}"')
        else:
            settings_dict["NAME"] = str(base / "db" / "msj.sqlite3")
            (base / "db").mkdir()
        backend = load_backend(settings_dict["ENGINE"])
        connections[DEFAULT_DB_ALIAS] = backend.DatabaseWrapper(settings_dict, DEFAULT_DB_ALIAS)
        media = override_settings(MEDIA_ROOT=base / "media")
        media.enable()
        try:
            call_command("migrate", verbosity=0, interactive=False)
            yield base
        finally:
            media.disable()
            connections[DEFAULT_DB_ALIAS].close()
            connections[DEFAULT_DB_ALIAS] = original
            if postgres:
                with original._nodb_cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}" WITH (FORCE)')


@dataclass
class GoodBackup:
    path: Path
    rows: dict[str, list[tuple[Any, ...]]]
    media: dict[str, bytes]
    scratch: Path


@pytest.fixture(scope="module")
def good_backup(scratch: Path, django_db_blocker: Any) -> GoodBackup:
    """The personas, some audit rows and two uploaded files, backed up once."""
    with django_db_blocker.unblock():
        personas = make_personas()
        record(AuditEvent.Action.CREATE, obj=personas.mesa_a, actor=personas.ana, after={"name": "Mesa A"})
        record(AuditEvent.Action.VIEW, obj=personas.beto, actor=personas.sara, mesa=personas.mesa_a)
        media = Path(settings.MEDIA_ROOT)
        (media / "minutes" / "2024").mkdir(parents=True)
        (media / "minutes" / "2024" / "acta-enero.pdf").write_bytes(b"%PDF-1.4 acta de la sesion de enero")
        (media / "logo.png").write_bytes(bytes(range(256)))
        path = scratch / "good.tar.gz"
        call_command("backup", output=path, stdout=io.StringIO())
        return GoodBackup(path=path, rows=table_rows(), media=media_files(), scratch=scratch)


@pytest.fixture
def db_access(django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        yield


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Assert on the English source messages; the shell tests below run in the default language."""
    with translation.override("en"):
        yield


def test_backup_is_one_private_archive_with_a_manifest(good_backup: GoodBackup, db_access: None) -> None:
    assert good_backup.path.stat().st_mode & 0o077 == 0
    with tarfile.open(good_backup.path, "r:gz") as tar:
        names = tar.getnames()
        member = tar.extractfile("manifest.json")
        assert member is not None
        manifest = json.load(member)
    engine = connection.vendor
    assert names[0] == "manifest.json"
    assert sorted(names[1:]) == sorted([PAYLOAD_NAMES[engine], "media/logo.png", "media/minutes/2024/acta-enero.pdf"])
    assert manifest["format"] == 1
    assert manifest["engine"] == engine
    assert ["members", "0001_initial"] in manifest["migrations"]
    assert manifest["row_counts"]["accounts_user"] == 7
    assert manifest["row_counts"]["audit_auditevent"] == 2
    assert manifest["row_counts"] == {table: len(rows) for table, rows in good_backup.rows.items()}
    assert len(manifest["payload"]["sha256"]) == 64
    assert set(manifest["media"]) == {"logo.png", "minutes/2024/acta-enero.pdf"}


def test_restore_brings_back_every_row_and_file(good_backup: GoodBackup, db_access: None) -> None:
    beto = User.objects.get(email="beto@example.org")
    beto.full_name = "Alberto Cambiado"
    beto.save(update_fields=["full_name"])
    Office.objects.filter(kind=Office.Kind.EXECUTIVE).delete()
    Membership.objects.filter(user__email="carla@example.org").delete()
    Mesa.objects.filter(slug="mesa-b").update(name="Mesa B (renombrada)")
    intruder = User.objects.create_user(email="intruso@example.org", full_name="Intruso", password=PASSWORD)
    record(AuditEvent.Action.UPDATE, obj=beto, actor=intruder)
    media = Path(settings.MEDIA_ROOT)
    (media / "logo.png").unlink()
    (media / "minutes" / "2024" / "acta-enero.pdf").write_bytes(b"altered")
    (media / "new.txt").write_text("added after the backup")
    assert table_rows() != good_backup.rows

    out = io.StringIO()
    call_command("restore", str(good_backup.path), yes=True, stdout=out, stderr=io.StringIO())

    assert "every row count matches the backup" in out.getvalue()
    assert table_rows() == good_backup.rows
    assert media_files() == good_backup.media
    assert User.objects.get(email="beto@example.org").full_name == "Beto Barrios"
    assert leftovers(good_backup.scratch) == []


def _rewrite(
    source: Path,
    target: Path,
    *,
    manifest: Callable[[dict[str, Any]], None] | None = None,
    payload: Callable[[bytes], bytes] | None = None,
    rename: dict[str, str] | None = None,
    extra: dict[str, bytes] | None = None,
) -> Path:
    """Copy an archive, editing its manifest, payload or member names on the way."""
    rename = rename or {}
    with tarfile.open(source, "r:gz") as src, tarfile.open(target, "w:gz") as dst:
        for member in src:
            handle = src.extractfile(member)
            assert handle is not None
            data = handle.read()
            if member.name == "manifest.json" and manifest is not None:
                content = json.loads(data)
                manifest(content)
                data = json.dumps(content).encode()
            elif member.name in PAYLOAD_NAMES.values() and payload is not None:
                data = payload(data)
            info = copy.copy(member)
            info.name = rename.get(member.name, member.name)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))
        for name, data in (extra or {}).items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))
    return target


def _truncated(good: Path, target: Path) -> Path:
    target.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    return target


def _flipped_payload_byte(good: Path, target: Path) -> Path:
    def flip(data: bytes) -> bytes:
        middle = len(data) // 2
        return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]

    return _rewrite(good, target, payload=flip)


def _other_engine(good: Path, target: Path) -> Path:
    engine = OTHER_ENGINE[connection.vendor]

    def edit(manifest: dict[str, Any]) -> None:
        manifest["engine"] = engine
        manifest["payload"]["name"] = PAYLOAD_NAMES[engine]

    return _rewrite(good, target, manifest=edit, rename={PAYLOAD_NAMES[connection.vendor]: PAYLOAD_NAMES[engine]})


def _unknown_migration(good: Path, target: Path) -> Path:
    return _rewrite(good, target, manifest=lambda m: m["migrations"].append(["members", "9999_from_the_future"]))


def _no_manifest(good: Path, target: Path) -> Path:
    return _rewrite(good, target, rename={"manifest.json": "media/manifest.json"})


def _newer_format(good: Path, target: Path) -> Path:
    return _rewrite(good, target, manifest=lambda m: m.update(format=2))


def _malformed_manifest(good: Path, target: Path) -> Path:
    return _rewrite(good, target, manifest=lambda m: m.update(row_counts="many"))


def _altered_media(good: Path, target: Path) -> Path:
    return _rewrite(good, target, manifest=lambda m: m["media"].update({"logo.png": "0" * 64}))


def _escaping_entry(good: Path, target: Path) -> Path:
    return _rewrite(good, target, extra={"media/../../escaped.txt": b"outside"})


def _not_an_archive(good: Path, target: Path) -> Path:
    target.write_text("this is not a backup")
    return target


DAMAGES = {
    "truncated archive": (_truncated, "is damaged or incomplete and cannot be read"),
    "flipped byte in the payload": (
        _flipped_payload_byte,
        "checksum of the database payload does not match the manifest",
    ),
    "manifest from another engine": (_other_engine, "database, but the configured database is"),
    "unknown migration": (_unknown_migration, "migrations this version does not know \\(members.9999_from_the_future"),
    "no manifest": (_no_manifest, "has no manifest.json"),
    "newer format": (_newer_format, "uses format version 2"),
    "malformed manifest": (_malformed_manifest, "the field “row_counts” is missing or malformed"),
    "altered media file": (_altered_media, "checksum of the media file logo.png does not match"),
    "entry escaping the media folder": (_escaping_entry, "unexpected entry: media/../../escaped.txt"),
    "not an archive": (_not_an_archive, "is damaged or incomplete"),
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_damaged_backup_is_refused_and_nothing_changes(
    damage: str, good_backup: GoodBackup, db_access: None, tmp_path: Path
) -> None:
    make, message = DAMAGES[damage]
    damaged = make(good_backup.path, tmp_path / "damaged.tar.gz")

    with pytest.raises(CommandError, match=message):
        call_command("restore", str(damaged), yes=True, stdout=io.StringIO())

    assert table_rows() == good_backup.rows
    assert media_files() == good_backup.media
    assert leftovers(good_backup.scratch) == []
    assert not (good_backup.scratch / "escaped.txt").exists()


def test_missing_file_is_refused(good_backup: GoodBackup, db_access: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "nowhere.tar.gz"), yes=True, stdout=io.StringIO())
    assert table_rows() == good_backup.rows


def test_check_only_verifies(good_backup: GoodBackup, db_access: None) -> None:
    out = io.StringIO()
    call_command("restore", str(good_backup.path), check=True, stdout=out)
    assert "is intact" in out.getvalue()
    assert table_rows() == good_backup.rows


def test_backup_refuses_to_overwrite(good_backup: GoodBackup, db_access: None) -> None:
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", output=good_backup.path, stdout=io.StringIO())


def test_sqlite_restore_refuses_while_another_process_uses_the_database(
    good_backup: GoodBackup, db_access: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only; PostgreSQL restores in one transaction under a lock timeout")
    monkeypatch.setattr(backup, "SQLITE_BUSY_TIMEOUT", 0.1)
    other_process = sqlite3.connect(connection.settings_dict["NAME"])  # a web worker, say
    other_process.execute("SELECT COUNT(*) FROM accounts_user").fetchall()
    try:
        with pytest.raises(CommandError, match="is in use by another process; stop the application"):
            call_command("restore", str(good_backup.path), yes=True, stdout=io.StringIO())
    finally:
        other_process.close()
    assert table_rows() == good_backup.rows
    assert leftovers(good_backup.scratch) == []


def test_backup_refuses_to_write_into_the_media_folder(good_backup: GoodBackup, db_access: None) -> None:
    with pytest.raises(CommandError, match="cannot be written inside the media folder"):
        call_command("backup", output=Path(settings.MEDIA_ROOT) / "b.tar.gz", stdout=io.StringIO())
    assert not (Path(settings.MEDIA_ROOT) / "b.tar.gz").exists()


def _database_url() -> str:
    """The DATABASE_URL of the scratch database, for the commands run in a subprocess."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    user = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    return f"postgres://{user}@{params['HOST'] or 'localhost'}:{params['PORT'] or 5432}/{params['NAME']}"


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


def test_commands_from_the_shell(good_backup: GoodBackup, db_access: None, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": _database_url(),
        "MSJ_VAR_DIR": str(good_backup.scratch),
        "LOG_FORMAT": "json",
    }
    connections.close_all()  # SQLite: the subprocess must not wait for our connection

    made = _manage("backup", "--output", str(tmp_path), env=env)
    assert made.returncode == 0, made.stderr
    archives = list(tmp_path.glob("msj-backup-*.tar.gz"))
    assert len(archives) == 1
    assert str(archives[0]) in made.stdout

    verified = _manage("restore", str(archives[0]), "--check", env=env)
    assert verified.returncode == 0, verified.stderr

    cut = _truncated(archives[0], tmp_path / "cut.tar.gz")
    refused = _manage("restore", str(cut), "--yes", env=env)
    assert refused.returncode != 0
    assert refused.stderr.startswith("CommandError:")
    assert str(cut) in refused.stderr

    unconfirmed = subprocess.run(
        [sys.executable, "manage.py", "restore", str(archives[0])],
        cwd=BASE_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert unconfirmed.returncode != 0
    assert "--yes" in unconfirmed.stderr
    assert table_rows() == good_backup.rows
