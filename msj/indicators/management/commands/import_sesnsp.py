"""Load a SESNSP national municipal file (how cron loads each monthly release)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from msj.indicators.management.commands._importing import ImportCommand
from msj.indicators.models import CountingUnit, ImportBatch


class Command(ImportCommand):
    help = "Import a SESNSP municipal file (new methodology or CIEISP); the same file twice changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--methodology", choices=["new", "cieisp"], default="new")
        parser.add_argument("--unit", choices=CountingUnit.values, default=CountingUnit.CASES)

    def handle(self, *args: Any, **options: Any) -> None:
        cieisp = options["methodology"] == "cieisp"
        self.kind = ImportBatch.Kind.SESNSP_CIEISP if cieisp else ImportBatch.Kind.SESNSP_NEW
        self.run(options, unit=options["unit"])
