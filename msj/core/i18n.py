"""Keep the Spanish catalogue in step with the source: extract, compare, check and compile.

Extraction never runs in the project tree. Django's makemessages writes ``*.html.py`` work
files next to the templates and picks the ``locale`` directory nearest to each source file, so
the sources are copied into a temporary directory and makemessages runs there, with
``LOCALE_PATHS`` pointing at a temporary copy of the catalogue. The committed catalogue is only
ever replaced whole (``os.replace``) by ``update()``.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import chdir, contextmanager
from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.utils import is_ignored_path
from django.test.utils import override_settings

# LANGUAGE_CODE is es-mx; Django falls back from es_MX to es, so one "es" catalogue serves both.
LOCALE = "es"
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"
GETTEXT_PROGRAMS = ("xgettext", "msguniq", "msgmerge", "msgattrib")
# Third-party and generated code carries no strings of ours.
IGNORE_PATTERNS = [
    ".*",
    "__pycache__",
    "locale",
    "node_modules",
    "staticfiles",
    "static/vendor",
    "tests/browser/vendor",
    "var",
    "venv",
]
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".js"}
JS_STRING_RE = re.compile(r"\b(?:n?p?gettext|ngettext|gettext_noop|interpolate)\s*\(")
HEADER = {
    "Project-Id-Version": "msj",
    "Language": LOCALE,
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": PLURAL_FORMS,
}

# %(name)s, %s, %d, %.1f … (a "%%" is a literal percent sign, not a placeholder).
PRINTF_RE = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0+-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])"
)
# {{ var }} is kept verbatim; {name}, {0}, {} and {name:spec} are str.format placeholders.
MUSTACHE_RE = re.compile(r"\{\{\s*[\w.]+\s*\}\}")
BRACE_RE = re.compile(r"(?<!\{)\{(?P<field>[\w.\[\]]*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")

Key = tuple[str, str, str]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the catalogue, located at ``path:line``."""

    path: str
    line: int
    msgid: str
    reason: str

    def __str__(self) -> str:
        if not self.msgid:
            return f"{self.path}:{self.line}: {self.reason}"
        msgid = self.msgid.replace("\n", "\\n")
        if len(msgid) > 100:
            msgid = msgid[:99] + "…"
        return f'{self.path}:{self.line}: "{msgid}" — {self.reason}'


class GettextMissing(Exception):
    """The GNU gettext programs makemessages needs are not installed."""


def gettext_available() -> bool:
    return all(shutil.which(program) for program in GETTEXT_PROGRAMS)


def project_dir() -> Path:
    return Path(settings.BASE_DIR)


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def catalogue_path(domain: str, base: Path | None = None) -> Path:
    return (base or locale_dir()) / LOCALE / "LC_MESSAGES" / f"{domain}.po"


def display_path(path: Path) -> str:
    try:
        return str(path.relative_to(project_dir()))
    except ValueError:
        return str(path)


def entry_key(entry: polib.POEntry | polib.MOEntry) -> Key:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


# Extraction ------------------------------------------------------------------------------------


def copy_sources(dest: Path) -> None:
    """Copy the project's translatable sources (no third-party or generated code) to ``dest``."""
    root = project_dir()
    skipped_roots = {Path(p).resolve() for p in (settings.STATIC_ROOT, settings.MEDIA_ROOT) if p}

    def ignore(directory: str, names: list[str]) -> set[str]:
        ignored = set()
        for name in names:
            path = Path(directory) / name
            relative = path.relative_to(root)
            skipped = is_ignored_path(str(relative), IGNORE_PATTERNS) or path.resolve() in skipped_roots
            if skipped or (not path.is_dir() and path.suffix not in SOURCE_SUFFIXES):
                ignored.add(name)
        return ignored

    shutil.copytree(root, dest, ignore=ignore, symlinks=False)


def has_js_strings(sources: Path) -> bool:
    return any(JS_STRING_RE.search(path.read_text(errors="replace")) for path in sources.rglob("*.js"))


def write_header(po_path: Path) -> None:
    """Create the catalogue or fix its header, so makemessages keeps our plural forms."""
    po = polib.pofile(str(po_path), wrapwidth=79) if po_path.exists() else polib.POFile(wrapwidth=79)
    if all(po.metadata.get(name) == value for name, value in HEADER.items()) and not po.metadata_is_fuzzy:
        return
    po.header = po.header or "Spanish (Mexico) catalogue of msj. Refresh it with `make i18n` (see msj/core/i18n.py)."
    po.metadata.update(HEADER)
    po.metadata_is_fuzzy = False
    po_path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(po_path))


@dataclass
class Extraction:
    """Where makemessages wrote its catalogues, and for which domains."""

    locale_dir: Path
    domains: list[str]

    def catalogue(self, domain: str) -> polib.POFile:
        return polib.pofile(str(catalogue_path(domain, self.locale_dir)))


@contextmanager
def extract(*, keep_translations: bool) -> Iterator[Extraction]:
    """Run makemessages on a copy of the sources, into a copy of the catalogue (or an empty one).

    The temporary directory holding both is removed on exit, whatever happens.
    """
    if not gettext_available():
        raise GettextMissing(
            "GNU gettext (" + ", ".join(GETTEXT_PROGRAMS) + ") is not installed, so strings cannot be extracted."
        )
    with tempfile.TemporaryDirectory(prefix="msj-i18n-") as tmp:
        sources, work_locale = Path(tmp) / "src", Path(tmp) / "locale"
        copy_sources(sources)
        if keep_translations and locale_dir().is_dir():
            shutil.copytree(locale_dir(), work_locale)
        work_locale.mkdir(exist_ok=True)
        domains = ["django"]
        if has_js_strings(sources) or catalogue_path("djangojs").exists():
            domains.append("djangojs")
        output = io.StringIO()
        with override_settings(LOCALE_PATHS=[str(work_locale)]), chdir(sources):
            for domain in domains:
                write_header(catalogue_path(domain, work_locale))
                call_command(
                    "makemessages",
                    locale=[LOCALE],
                    domain=domain,
                    ignore_patterns=list(IGNORE_PATTERNS),
                    no_obsolete=True,
                    verbosity=0,
                    stdout=output,
                    stderr=output,
                )
        yield Extraction(locale_dir=work_locale, domains=domains)


def extraction_problems(extracted: polib.POFile, committed: polib.POFile | None, po_path: Path) -> list[Problem]:
    """List the strings the source has and the catalogue lacks, and the catalogue's leftovers."""
    known = {entry_key(e): e for e in committed or [] if not e.obsolete}
    found = {entry_key(e): e for e in extracted if not e.obsolete}
    problems = []
    for key in found.keys() - known.keys():
        entry = found[key]
        path, line = entry.occurrences[0] if entry.occurrences else (display_path(po_path), 0)
        problems.append(Problem(path, int(line or 0), entry.msgid, "new string, not in the catalogue"))
    for key in known.keys() - found.keys():
        entry = known[key]
        problems.append(
            Problem(display_path(po_path), entry.linenum or 0, entry.msgid, "no longer in the source (obsolete)")
        )
    for entry in committed or []:
        if entry.obsolete:
            problems.append(
                Problem(display_path(po_path), entry.linenum or 0, entry.msgid, "obsolete entry left behind")
            )
    return problems


# Translations ----------------------------------------------------------------------------------


def placeholders(text: str, *, printf: bool) -> tuple[Counter[str], list[str]]:
    """Return the named placeholders of ``text`` (as a set-like counter) and the positional ones, in order."""
    named: Counter[str] = Counter()
    positional: list[str] = []
    for token in MUSTACHE_RE.findall(text):
        named[" ".join(token.split())] = 1
    text = MUSTACHE_RE.sub("", text)
    for match in BRACE_RE.finditer(text):
        if match["field"] and not match["field"].isdigit():
            named["{" + match["field"] + "}"] = 1
        else:
            positional.append("{" + match["field"] + "}")
    for match in PRINTF_RE.finditer(text):
        if match["conv"] == "%":
            continue
        if match["name"] is not None:
            named[f"%({match['name']}){match['conv']}"] = 1
        elif printf:
            positional.append("%" + match["conv"])
    return named, positional


def placeholder_mismatch(msgid: str, msgstr: str, flags: list[str]) -> str | None:
    # A bare % or %s is only a placeholder when xgettext saw a Python format string.
    printf = "python-format" in flags
    expected, got = placeholders(msgid, printf=printf), placeholders(msgstr, printf=printf)
    if expected == got:
        return None
    missing = sorted((expected[0] - got[0]).keys()) + [p for p in expected[1] if p not in got[1]]
    extra = sorted((got[0] - expected[0]).keys()) + [p for p in got[1] if p not in expected[1]]
    details = []
    if missing:
        details.append("missing " + ", ".join(missing))
    if extra:
        details.append("unexpected " + ", ".join(extra))
    return "placeholders differ from the msgid" + (f" ({'; '.join(details)})" if details else " (order)")


def nplurals(po: polib.POFile) -> int | None:
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return int(match[1]) if match else None


def translation_problems(po: polib.POFile, po_path: Path) -> list[Problem]:
    """List untranslated and fuzzy entries and translations whose placeholders differ."""
    where = display_path(po_path)
    problems = []
    if po.metadata.get("Plural-Forms") != PLURAL_FORMS:
        problems.append(Problem(where, 1, "", f'header: Plural-Forms must be "{PLURAL_FORMS}"'))
    forms = nplurals(po) or 2
    for entry in po:
        if entry.obsolete:
            continue
        if entry.fuzzy:
            problems.append(
                Problem(where, entry.linenum or 0, entry.msgid, "fuzzy: check the translation, then drop the flag")
            )
            continue
        if entry.msgid_plural:
            translations = [entry.msgstr_plural.get(i, "") for i in range(forms)]
            originals = [entry.msgid] + [entry.msgid_plural] * (forms - 1)
        else:
            translations, originals = [entry.msgstr], [entry.msgid]
        if not all(translations):
            problems.append(Problem(where, entry.linenum or 0, entry.msgid, "untranslated"))
            continue
        for original, translation in zip(originals, translations, strict=True):
            mismatch = placeholder_mismatch(original, translation, entry.flags)
            if mismatch:
                problems.append(Problem(where, entry.linenum or 0, entry.msgid, mismatch))
                break
    return problems


# Compiled catalogue ----------------------------------------------------------------------------


def translations_of(catalogue: polib.POFile | polib.MOFile) -> dict[Key, tuple[str, ...]]:
    result = {}
    for entry in catalogue:
        if entry.obsolete or getattr(entry, "fuzzy", False) or not entry.msgid:
            continue
        if entry.msgid_plural:
            result[entry_key(entry)] = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            result[entry_key(entry)] = (entry.msgstr,)
    return {key: value for key, value in result.items() if all(value)}


def compiled_problems(po: polib.POFile, po_path: Path) -> list[Problem]:
    """Compare what the .mo holds with what the .po says, whoever compiled it."""
    mo_path = po_path.with_suffix(".mo")
    where = display_path(mo_path)
    hint = "run `make i18n` to compile it"
    if not mo_path.exists():
        return [Problem(where, 0, "", f"compiled catalogue is missing; {hint}")]
    try:
        mo = polib.mofile(str(mo_path))
    except (OSError, ValueError) as exc:
        return [Problem(where, 0, "", f"compiled catalogue is unreadable ({exc}); {hint}")]
    expected, compiled = translations_of(po), translations_of(mo)
    problems = [
        Problem(where, 0, key[1], f"compiled translation differs from the .po; {hint}")
        for key in sorted(expected.keys() | compiled.keys())
        if expected.get(key) != compiled.get(key)
    ]
    if mo.metadata.get("Plural-Forms") != po.metadata.get("Plural-Forms"):
        problems.append(Problem(where, 0, "", f"compiled header differs from the .po; {hint}"))
    return problems


def compile_catalogue(po_path: Path) -> bool:
    """Compile ``po_path`` to its .mo with polib (no gettext needed); return whether it changed."""
    mo_path = po_path.with_suffix(".mo")
    binary = polib.pofile(str(po_path)).to_binary()
    if mo_path.exists() and mo_path.read_bytes() == binary:
        return False
    replace_file(mo_path, binary)
    return True


def replace_file(path: Path, content: bytes) -> None:
    """Write ``content`` next to ``path`` and swap it in, so a failure never leaves half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# Commands --------------------------------------------------------------------------------------


def committed_domains() -> list[str]:
    return [domain for domain in ("django", "djangojs") if catalogue_path(domain).exists()]


def check(*, extraction: bool = True) -> list[Problem]:
    """Return every problem of the committed catalogue; never write to the project tree."""
    problems: list[Problem] = []
    domains = committed_domains() or ["django"]
    if extraction:
        with extract(keep_translations=False) as extracted:
            for domain in extracted.domains:
                po_path = catalogue_path(domain)
                committed = polib.pofile(str(po_path)) if po_path.exists() else None
                problems += extraction_problems(extracted.catalogue(domain), committed, po_path)
            domains = sorted(set(domains) | set(extracted.domains))
    for domain in domains:
        po_path = catalogue_path(domain)
        if not po_path.exists():
            if not extraction:
                problems.append(Problem(display_path(po_path), 0, "", "catalogue is missing; run `make i18n`"))
            continue
        po = polib.pofile(str(po_path))
        problems += translation_problems(po, po_path)
        problems += compiled_problems(po, po_path)
    return sorted(set(problems))


def without_creation_date(text: str) -> str:
    return re.sub(r'^"POT-Creation-Date: .*"\n', "", text, flags=re.MULTILINE)


def update() -> list[str]:
    """Refresh the catalogue from the source (keeping translations), then compile it.

    Return the paths written. The .po is left alone when only its creation date would change.
    """
    written = []
    with extract(keep_translations=True) as extracted:
        for domain in extracted.domains:
            po_path = catalogue_path(domain)
            new = catalogue_path(domain, extracted.locale_dir).read_text(encoding="utf-8")
            old = po_path.read_text(encoding="utf-8") if po_path.exists() else ""
            if without_creation_date(new) != without_creation_date(old):
                po_path.parent.mkdir(parents=True, exist_ok=True)
                replace_file(po_path, new.encode("utf-8"))
                written.append(display_path(po_path))
    for domain in committed_domains():
        if compile_catalogue(catalogue_path(domain)):
            written.append(display_path(catalogue_path(domain).with_suffix(".mo")))
    return written
