"""The translation check: the committed catalogue passes, and each way of breaking it is caught."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test.utils import override_settings

from msj.core import i18n

needs_gettext = pytest.mark.skipif(not i18n.gettext_available(), reason="GNU gettext is not installed")


@dataclass
class Run:
    error: str | None
    stdout: str
    stderr: str


def run_command(*args: str) -> Run:
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command("check_translations", *args, stdout=stdout, stderr=stderr)
    except CommandError as exc:
        return Run(str(exc), stdout.getvalue(), stderr.getvalue())
    return Run(None, stdout.getvalue(), stderr.getvalue())


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def make_project(root: Path) -> Path:
    """Copy the project's sources and committed catalogue to ``root``."""
    i18n.copy_sources(root)
    shutil.copytree(i18n.locale_dir(), root / "locale")
    return root


def make_catalogue(path: Path, *entries: polib.POEntry) -> Path:
    po = polib.POFile()
    po.metadata = dict(i18n.HEADER)
    for entry in entries:
        po.append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


def problems_of(path: Path) -> list[str]:
    return [str(p) for p in i18n.translation_problems(polib.pofile(str(path)), path)]


# The committed catalogue (one extraction for the module) ---------------------------------------


@pytest.fixture(scope="module")
def committed_check() -> Iterator[tuple[Run, dict[str, bytes], dict[str, bytes]]]:
    before = snapshot(i18n.locale_dir())
    run = run_command()
    yield run, before, snapshot(i18n.locale_dir())


@needs_gettext
def test_committed_catalogue_passes(committed_check):
    run, _, _ = committed_check
    assert run.error is None, run.stderr
    assert "complete and up to date" in run.stdout


@needs_gettext
def test_check_leaves_the_tree_alone(committed_check):
    _, before, after = committed_check
    assert before == after
    assert not list(Path(settings.BASE_DIR, "templates").rglob("*.html.py"))


def test_catalogue_header_has_spanish_plural_forms():
    po = polib.pofile(str(i18n.catalogue_path("django")))
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


# A project copy with a new string in a template and a string the code dropped ------------------


@pytest.fixture(scope="module")
def drifted_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("drifted") / "project")
    (root / "templates" / "i18n_probe.html").write_text(
        '{% load i18n %}\n<p>{% translate "A probe string nobody has translated" %}</p>\n'
    )
    po_path = i18n.catalogue_path("django", root / "locale")
    po = polib.pofile(str(po_path))
    po.append(polib.POEntry(msgid="A string the code dropped", msgstr="Una cadena que el código ya no usa"))
    po.save(str(po_path))
    i18n.compile_catalogue(po_path)
    return root


@needs_gettext
def test_new_and_obsolete_strings_fail(drifted_project):
    before = snapshot(drifted_project / "locale")
    with override_settings(BASE_DIR=drifted_project, LOCALE_PATHS=[drifted_project / "locale"]):
        run = run_command()
    assert run.error is not None
    assert (
        'templates/i18n_probe.html:2: "A probe string nobody has translated" — new string, not in the catalogue'
        in run.stderr
    )
    assert '"A string the code dropped" — no longer in the source (obsolete)' in run.stderr
    assert "locale/es/LC_MESSAGES/django.po:" in run.stderr
    assert snapshot(drifted_project / "locale") == before


@needs_gettext
def test_update_adds_new_strings_drops_obsolete_ones_and_compiles(tmp_path):
    root = make_project(tmp_path / "project")
    (root / "templates" / "i18n_probe.html").write_text('{% load i18n %}{% translate "A probe string" %}\n')
    po_path = i18n.catalogue_path("django", root / "locale")
    po = polib.pofile(str(po_path))
    po.append(polib.POEntry(msgid="A string the code dropped", msgstr="Una cadena que el código ya no usa"))
    po.save(str(po_path))
    translated_before = i18n.translations_of(po)

    with override_settings(BASE_DIR=root, LOCALE_PATHS=[root / "locale"]):
        run = run_command("--update")
        assert run.error is None
        assert '"A probe string" — untranslated' in run.stdout
        updated = polib.pofile(str(po_path))
        assert updated.find("A probe string").msgstr == ""
        assert updated.find("A string the code dropped") is None
        assert not updated.obsolete_entries()
        # Every translation whose string is still in the source is kept.
        translated_after = i18n.translations_of(updated)
        kept = translated_before.keys() & translated_after.keys()
        assert kept == translated_before.keys() - {("", "A string the code dropped", "")}
        assert all(translated_after[key] == translated_before[key] for key in kept)
        assert i18n.compiled_problems(updated, po_path) == []

        # Translating what is empty (whatever other strings the source gained meanwhile) and
        # updating again makes the check pass.
        for entry in updated.untranslated_entries():
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            else:
                entry.msgstr = entry.msgid
        for entry in updated.fuzzy_entries():
            entry.flags.remove("fuzzy")
        updated.save(str(po_path))
        assert run_command("--update").error is None
        assert run_command().error is None


# Untranslated, fuzzy and broken entries --------------------------------------------------------


def test_untranslated_entries_fail(tmp_path):
    path = make_catalogue(
        tmp_path / "django.po",
        polib.POEntry(msgid="Agreements", msgstr=""),
        polib.POEntry(
            msgid="One vote",
            msgid_plural="%(count)s votes",
            msgstr_plural={0: "Un voto", 1: ""},
            flags=["python-format"],
        ),
        polib.POEntry(msgid="Committee", msgstr="Comité"),
    )
    problems = problems_of(path)
    assert len(problems) == 2
    assert '"Agreements" — untranslated' in problems[0]
    assert '"One vote" — untranslated' in problems[1]


def test_fuzzy_entries_fail(tmp_path):
    path = make_catalogue(tmp_path / "django.po", polib.POEntry(msgid="Seat", msgstr="Asiento", flags=["fuzzy"]))
    (problem,) = problems_of(path)
    assert '"Seat" — fuzzy' in problem


@pytest.mark.parametrize(
    ("msgid", "msgstr", "flags"),
    [
        ("Hello %(name)s", "Hola %(nombre)s", ["python-format"]),
        ("Hello %(name)s", "Hola", ["python-format"]),
        ("%(count)d members", "%(count)s miembros", ["python-format"]),
        ("%s of %s", "%s de", ["python-format"]),
        ("%s of %d", "%d de %s", ["python-format"]),
        ("Hello {name}", "Hola {nombre}", ["python-brace-format"]),
        ("Hello {name}", "Hola", []),
        ("Hello {{ name }}", "Hola", []),
    ],
)
def test_placeholder_mismatch_fails(tmp_path, msgid, msgstr, flags):
    path = make_catalogue(tmp_path / "django.po", polib.POEntry(msgid=msgid, msgstr=msgstr, flags=flags))
    (problem,) = problems_of(path)
    assert "placeholders differ from the msgid" in problem


def test_matching_placeholders_pass(tmp_path):
    path = make_catalogue(
        tmp_path / "django.po",
        polib.POEntry(msgid="%(a)s hands %(b)s over", msgstr="%(b)s recibe de %(a)s", flags=["python-format"]),
        polib.POEntry(msgid="100%% sure, %(name)s", msgstr="Segura al 100%%, %(name)s", flags=["python-format"]),
        polib.POEntry(msgid="50% of seats", msgstr="50 % de los puestos"),
        polib.POEntry(msgid="Hello {name}, {{ count }} left", msgstr="Hola {name}, quedan {{ count }}"),
        polib.POEntry(
            msgid="One vote",
            msgid_plural="%(count)s votes",
            msgstr_plural={0: "Un voto", 1: "%(count)s votos"},
            flags=["python-format"],
        ),
    )
    assert problems_of(path) == []


def test_wrong_plural_forms_header_fails(tmp_path):
    path = make_catalogue(tmp_path / "django.po", polib.POEntry(msgid="Seat", msgstr="Puesto"))
    po = polib.pofile(str(path))
    po.metadata["Plural-Forms"] = "nplurals=3; plural=n == 1 ? 0 : 2;"
    po.save(str(path))
    (problem,) = problems_of(path)
    assert "Plural-Forms" in problem


# The compiled catalogue ------------------------------------------------------------------------


def test_compiled_catalogue_must_match_the_po(tmp_path):
    path = make_catalogue(tmp_path / "django.po", polib.POEntry(msgid="Seat", msgstr="Puesto en la Mesa"))
    po = polib.pofile(str(path))
    (missing,) = i18n.compiled_problems(po, path)
    assert "compiled catalogue is missing" in str(missing)

    assert i18n.compile_catalogue(path) is True
    assert i18n.compiled_problems(po, path) == []
    assert i18n.compile_catalogue(path) is False

    po.find("Seat").msgstr = "Asiento"
    po.save(str(path))
    (stale,) = i18n.compiled_problems(polib.pofile(str(path)), path)
    assert '"Seat" — compiled translation differs from the .po' in str(stale)


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="msgfmt is not installed")
def test_a_catalogue_compiled_by_msgfmt_is_accepted(tmp_path):
    path = make_catalogue(tmp_path / "django.po", polib.POEntry(msgid="Seat", msgstr="Puesto en la Mesa"))
    subprocess.run(["msgfmt", "-o", str(path.with_suffix(".mo")), str(path)], check=True)
    assert i18n.compiled_problems(polib.pofile(str(path)), path) == []


# Without GNU gettext ---------------------------------------------------------------------------


@pytest.fixture
def no_gettext(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setattr(i18n.shutil, "which", lambda program: None)
    monkeypatch.delenv("CI", raising=False)
    locale = tmp_path / "locale"
    path = make_catalogue(i18n.catalogue_path("django", locale), polib.POEntry(msgid="Seat", msgstr="Puesto"))
    i18n.compile_catalogue(path)
    return locale


def test_without_gettext_extraction_is_skipped_with_a_warning(no_gettext):
    with override_settings(LOCALE_PATHS=[no_gettext]):
        run = run_command()
        assert run.error is None
        assert "skipped extracting strings" in run.stderr

        po_path = i18n.catalogue_path("django", no_gettext)
        po = polib.pofile(str(po_path))
        po.find("Seat").flags.append("fuzzy")
        po.save(str(po_path))
        run = run_command()
        assert run.error is not None
        assert '"Seat" — fuzzy' in run.stderr


def test_without_gettext_ci_fails(no_gettext, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with override_settings(LOCALE_PATHS=[no_gettext]):
        run = run_command()
    assert run.error is not None
    assert "CI must install gettext" in run.error
