"""Write one archive holding the database and the media folder (see msj.core.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from msj.core.backup import BackupError, create_backup, default_backup_path


class Command(BaseCommand):
    help = gettext_lazy("Back up the database and the media folder into one archive.")  # type: ignore[assignment]

    def add_arguments(self, parser: CommandParser) -> None:
        # django-stubs types help texts as str; argparse formats lazy translations fine.
        parser.add_argument(
            "--output",
            type=Path,
            help=gettext_lazy("The archive to write, or a folder to write it in (default: var/backups/)."),  # type: ignore[arg-type]
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help=gettext_lazy("The database to back up."),  # type: ignore[arg-type]
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path | None = options["output"]
        if output is None:
            output = default_backup_path()
        elif output.is_dir():
            output = output / default_backup_path().name
        if output.exists():
            raise CommandError(_("The file %(path)s already exists; choose another name.") % {"path": output})
        try:
            result = create_backup(output=output, using=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        self.stdout.write(
            _("Backup written to %(path)s (%(size)d bytes): %(tables)d tables, %(rows)d rows, %(files)d media files.")
            % {
                "path": result.path,
                "size": result.size,
                "tables": len(manifest.row_counts),
                "rows": manifest.total_rows,
                "files": len(manifest.media),
            }
        )
