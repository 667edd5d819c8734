"""Load a Mesa's monthly counts from the template (CSV or XLSX)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from msj.indicators.management.commands._importing import ImportCommand
from msj.indicators.models import ImportBatch, Source


class Command(ImportCommand):
    help = "Import monthly counts of a Mesa's indicators (indicador,año,mes,conteo[,fuente,nombre_fuente])."
    kind = ImportBatch.Kind.COUNTS

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--mesa", required=True, help="the Mesa's short name")
        parser.add_argument("--source", required=True, choices=[s for s in Source.values if s != Source.SESNSP])
        parser.add_argument("--source-name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        self.run(options, mesa=self.mesa(options["mesa"]), source=options["source"], source_name=options["source_name"])
