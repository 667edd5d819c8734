"""Load CONAPO population projections by municipality under a named vintage."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from msj.indicators.management.commands._importing import ImportCommand
from msj.indicators.models import ImportBatch


class Command(ImportCommand):
    help = "Import CONAPO population (Population,Code,Sex,Year); a vintage's figures never change."
    kind = ImportBatch.Kind.POPULATION

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--vintage", required=True, help='e.g. "CONAPO 2010"')

    def handle(self, *args: Any, **options: Any) -> None:
        self.run(options, vintage=options["vintage"])
