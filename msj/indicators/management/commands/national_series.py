"""Write every municipality's monthly series and rates of the standard indicators as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from msj.indicators.models import CountingUnit, Methodology, Population
from msj.indicators.national import export_national_series
from msj.indicators.rates import Annualisation


class Command(BaseCommand):
    help = (
        "Write the national series (code, indicator, year, month, count, population, rate; no header) "
        "of the standard indicators from the national store to a CSV file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output", help="the CSV file to write")
        parser.add_argument("--vintage", required=True, help="the population projection, e.g. 'CONAPO 2010'")
        parser.add_argument("--annualisation", choices=Annualisation.values, default=Annualisation.THIRTY_DAY)
        parser.add_argument("--methodology", choices=Methodology.values, default=Methodology.NEW)
        parser.add_argument("--unit", choices=CountingUnit.values, default=CountingUnit.CASES)

    def handle(self, *args: Any, **options: Any) -> None:
        if not Population.objects.filter(vintage=options["vintage"]).exists():
            raise CommandError(
                _("No population of the vintage %(vintage)s has been imported.") % {"vintage": options["vintage"]}
            )
        rows = export_national_series(
            Path(options["output"]),
            vintage=options["vintage"],
            annualisation=options["annualisation"],
            methodology=options["methodology"],
            unit=options["unit"],
        )
        self.stdout.write(
            ngettext(
                "%(rows)s monthly figure written to %(file)s.", "%(rows)s monthly figures written to %(file)s.", rows
            )
            % {"rows": f"{rows:,}", "file": options["output"]}
        )
