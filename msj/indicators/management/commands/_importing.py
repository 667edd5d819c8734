"""What the import commands share: the file argument, the progress bar and the report."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from msj.indicators.imports import CHECKING, create_batch, file_sha256, format_error, run_import_now
from msj.indicators.models import ImportBatch
from msj.mesas.models import Mesa

Status = ImportBatch.Status


class ProgressBar:
    """`Checking [#####-----]  52% 1,340,000/2,570,000 rows`, redrawn at most every `interval` seconds."""

    def __init__(self, stream: TextIO, *, width: int = 30, interval: float = 0.2) -> None:
        self.stream = stream
        self.width = width
        self.interval = interval
        self.phase = ""
        self.last = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if phase == self.phase and done < total and now - self.last < self.interval:
            return
        if self.phase and phase != self.phase:
            self.stream.write("\n")
        self.phase, self.last = phase, now
        filled = self.width * done // total if total else self.width
        percent = 100 * done // total if total else 100
        label = _("Checking") if phase == CHECKING else _("Writing")
        rows = _("%(done)s/%(total)s rows") % {"done": f"{done:,}", "total": f"{total:,}"}
        self.stream.write(f"\r{label} [{'#' * filled}{'-' * (self.width - filled)}] {percent:3d}% {rows}")
        self.stream.flush()

    def close(self) -> None:
        if self.phase:
            self.stream.write("\n")
            self.stream.flush()


class ImportCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the file to import")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def mesa(self, slug: str) -> Mesa:
        mesa = Mesa.objects.filter(slug=slug).first()
        if mesa is None:
            raise CommandError(_("There is no Mesa %(slug)s.") % {"slug": slug})
        return mesa

    def run(self, options: dict[str, Any], **batch: Any) -> ImportBatch:
        """Import the file now, print the summary or the errors; refusals exit with status 1."""
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": path})
        try:
            found, created = create_batch(kind=self.kind, file_name=path.name, sha256=file_sha256(path), **batch)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if found.status == Status.RUNNING:
            raise CommandError(_("This file is being imported right now."))
        if found.status == Status.DONE:
            self.stdout.write(_("This file was already imported; nothing changed."))
            return found
        bar = None if options["quiet"] else ProgressBar(cast(TextIO, self.stderr._out))
        try:
            result = run_import_now(found, path=path, progress=bar)
        finally:
            if bar is not None:
                bar.close()
        if result.status == Status.REFUSED:
            for error in result.errors:
                self.stderr.write(format_error(error))
            total = result.summary.get("errors_total", len(result.errors))
            if total > len(result.errors):
                more = total - len(result.errors)
                self.stderr.write(
                    ngettext("… and %(count)d more error.", "… and %(count)d more errors.", more) % {"count": more}
                )
            raise CommandError(_("The file was refused; nothing was written."))
        self.stdout.write(
            _("Imported %(file)s: %(rows)s rows read, %(written)s written.")
            % {"file": path.name, "rows": f"{result.rows_total:,}", "written": f"{result.rows_written:,}"}
        )
        self.stdout.write(json.dumps(result.summary, ensure_ascii=False, indent=2))
        return result
