"""Print a Mesa's indicator figures as CSV: every month, every source, the rate, target and light."""

from __future__ import annotations

import csv
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from msj.indicators.figures import figures_table, indicator_figures
from msj.indicators.models import Indicator
from msj.indicators.rates import Annualisation
from msj.mesas.models import Mesa


class Command(BaseCommand):
    help = "Print an indicator's monthly figures as CSV (all the Mesa's indicators without --indicator)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mesa", required=True, help="the Mesa's slug")
        parser.add_argument("--indicator", help="the indicator's short name, e.g. homicidio-doloso")
        parser.add_argument("--annualisation", choices=Annualisation.values, help="default: the Mesa's setting")
        parser.add_argument("--language", default="es-mx", help="of the headers (default es-mx)")

    def handle(self, *args: Any, **options: Any) -> None:
        mesa = Mesa.objects.filter(slug=options["mesa"]).first()
        if mesa is None:
            raise CommandError(f"No Mesa {options['mesa']!r}.")
        indicators = Indicator.objects.filter(mesa=mesa)
        if options["indicator"]:
            indicators = indicators.filter(slug=options["indicator"])
            if not indicators.exists():
                raise CommandError(f"The Mesa has no indicator {options['indicator']!r}.")
        writer = csv.writer(self.stdout, lineterminator="\n")
        with translation.override(options["language"]):
            for indicator in indicators:
                figures = indicator_figures(indicator, annualisation=options["annualisation"])
                writer.writerow([indicator.slug, indicator.name])
                for row in figures_table(figures):
                    writer.writerow(["" if cell is None else cell for cell in row])
