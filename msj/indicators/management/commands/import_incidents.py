"""Load a Mesa's georeferenced incidents from a CSV."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from msj.indicators.management.commands._importing import ImportCommand
from msj.indicators.models import ImportBatch


class Command(ImportCommand):
    help = "Import georeferenced incidents (fecha,categoria,latitud,longitud,enlace) for a Mesa."
    kind = ImportBatch.Kind.INCIDENTS

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--mesa", required=True, help="the Mesa's short name")

    def handle(self, *args: Any, **options: Any) -> None:
        self.run(options, mesa=self.mesa(options["mesa"]), source="other")
