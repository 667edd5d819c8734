"""Replace the database and the media folder with a backup, after verifying it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from msj.core.backup import ENGINE_LABELS, BackupError, open_backup, restore_backup


class Command(BaseCommand):
    help = gettext_lazy(  # type: ignore[assignment]
        "Verify a backup made by “manage.py backup” and restore the database and the media folder from it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        # django-stubs types help texts as str; argparse formats lazy translations fine.
        parser.add_argument(
            "path",
            type=Path,
            help=gettext_lazy("The backup archive to restore."),  # type: ignore[arg-type]
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help=gettext_lazy("Restore without asking for confirmation."),  # type: ignore[arg-type]
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help=gettext_lazy("Only verify the archive; change nothing."),  # type: ignore[arg-type]
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help=gettext_lazy("The database to restore."),  # type: ignore[arg-type]
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with open_backup(options["path"], using=options["database"]) as backup:
                manifest = backup.manifest
                self.stdout.write(
                    _(
                        "The backup of %(created)s is intact: %(engine)s, %(tables)d tables, %(rows)d rows, "
                        "%(files)d media files."
                    )
                    % {
                        "created": manifest.created_at,
                        "engine": ENGINE_LABELS[manifest.engine],
                        "tables": len(manifest.row_counts),
                        "rows": manifest.total_rows,
                        "files": len(manifest.media),
                    }
                )
                if options["check"]:
                    return
                if not options["yes"]:
                    self._confirm()
                report = restore_backup(backup, using=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc

        if report.extra_tables:
            self.stderr.write(
                _(
                    "These tables are not in the backup and were left in place: %(tables)s. They come from "
                    "migrations newer than the backup; drop them before running “manage.py migrate”."
                )
                % {"tables": ", ".join(report.extra_tables)}
            )
        if report.mismatches:
            details = ", ".join(
                f"{table} ({expected if expected is not None else '-'} → {found if found is not None else '-'})"
                for table, expected, found in report.mismatches
            )
            raise CommandError(
                _("The restore finished, but these tables do not hold the rows the backup lists: %(tables)s.")
                % {"tables": details}
            )
        self.stdout.write(
            _("Restored %(tables)d tables and %(rows)d rows; every row count matches the backup.")
            % {"tables": len(report.row_counts), "rows": sum(report.row_counts.values())}
        )
        if report.pending_migrations:
            self.stdout.write(
                ngettext(
                    "The restored database lacks %(count)d migration of this version; run “manage.py migrate”.",
                    "The restored database lacks %(count)d migrations of this version; run “manage.py migrate”.",
                    report.pending_migrations,
                )
                % {"count": report.pending_migrations}
            )

    def _confirm(self) -> None:
        if not sys.stdin.isatty():
            raise CommandError(
                _("Restoring replaces the whole database and media folder; pass --yes to confirm it non-interactively.")
            )
        answer = input(
            _("This replaces the whole database and the media folder with the backup. Type “yes” to continue: ")
        )
        if answer.strip().lower() not in {"yes", _("yes")}:
            raise CommandError(_("Restore cancelled; nothing was changed."))
