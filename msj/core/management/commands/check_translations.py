"""Check the Spanish catalogue against the source, or refresh it with --update (see msj/core/i18n.py)."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from msj.core import i18n


class Command(BaseCommand):
    help = (
        "Fail when the Spanish catalogue misses strings of the source, keeps obsolete ones, has untranslated, "
        "fuzzy or placeholder-breaking entries, or its compiled .mo is stale. With --update, refresh the "
        "catalogue from the source (keeping translations) and compile the .mo."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--update",
            action="store_true",
            help="Run makemessages --no-obsolete for the catalogue and compile the .mo with polib.",
        )

    def handle(self, *args: Any, update: bool = False, **options: Any) -> None:
        if update:
            self.update()
        else:
            self.check_catalogue()

    def gettext_missing(self) -> bool:
        if i18n.gettext_available():
            return False
        message = (
            "GNU gettext (" + ", ".join(i18n.GETTEXT_PROGRAMS) + ") is not installed: "
            "skipped extracting strings, so new or obsolete strings are NOT checked."
        )
        if os.environ.get("CI"):
            raise CommandError(message + " CI must install gettext.")
        self.stderr.write(self.style.WARNING("Warning: " + message))
        return True

    def check_catalogue(self) -> None:
        problems = i18n.check(extraction=not self.gettext_missing())
        if not problems:
            self.stdout.write(self.style.SUCCESS("The Spanish catalogue is complete and up to date."))
            return
        for problem in problems:
            self.stderr.write(str(problem))
        raise CommandError(
            f"{len(problems)} translation problem(s). Run `make i18n`, translate the entries of "
            f"{i18n.display_path(i18n.catalogue_path('django'))} that are empty or fuzzy, then run `make i18n` "
            "again to compile them."
        )

    def update(self) -> None:
        if self.gettext_missing():
            # Still compile what the .po has, so the running site matches it.
            for domain in i18n.committed_domains():
                i18n.compile_catalogue(i18n.catalogue_path(domain))
            raise CommandError("Cannot refresh the catalogue without GNU gettext; compiled the existing .po only.")
        written = i18n.update()
        for path in written:
            self.stdout.write(f"Wrote {path}")
        if not written:
            self.stdout.write("The catalogue was already up to date.")
        todo = i18n.check(extraction=False)
        if todo:
            self.stdout.write(self.style.WARNING(f"{len(todo)} entries still need a translator:"))
            for problem in todo:
                self.stdout.write(f"  {problem}")
