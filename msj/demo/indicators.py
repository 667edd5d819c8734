"""The demo Mesas' crime indicators: the standard set over real public data (issue 5 §10).

Ciudad Juárez and Chihuahua get the real SESNSP series of their municipality with CONAPO's
population, and INEGI's death-certificate homicides beside it as a second source. Juárez keeps
the history of its homicide targets (50 → 30 → 14 per 100,000, DOMAIN.md §4.9) and has its
figures through December 2015 approved for the press. Idempotent, like the rest of the demo.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from msj.indicators import services
from msj.indicators.models import Indicator, PublicationApproval, Target
from msj.indicators.rates import Annualisation
from msj.indicators.realdata import ensure_reference_data, load_real_series
from msj.members.models import Office
from msj.mesas.models import Mesa

JUAREZ_TARGETS = (
    (Decimal(50), dt.date(2011, 1, 1), "Meta inicial: la tasa de Nueva Orleans, la más alta de EUA."),
    (Decimal(30), dt.date(2013, 1, 1), "Meta revisada al cumplirse la anterior."),
    (Decimal(14), dt.date(2015, 1, 1), "Meta revisada: por debajo de la tasa nacional."),
)


class _Coordinator:
    """Who acts for the Mesa in the demo: its coordinator, as services expect an actor."""

    def __init__(self, mesa: Mesa) -> None:
        office = Office.objects.current(mesa.today()).filter(mesa=mesa, kind=Office.Kind.COORDINATOR).first()
        self.user: Any = office.membership.user if office else None
        self.mesa = mesa


def load_indicators(juarez: Mesa, chihuahua: Mesa) -> int:
    """Give both demo Mesas their indicators and real series; return how many rows were added."""
    added = 0
    ensure_reference_data()  # before the standard indicators match the catalogue
    for mesa in (juarez, chihuahua):
        added += len(services.install_standard_indicators(mesa=mesa))
    load_real_series([(juarez, "08037"), (chihuahua, "08019")])
    homicide = Indicator.objects.get(mesa=juarez, slug="homicidio-doloso")
    coordinator = _Coordinator(juarez)
    for value, starts_on, note in JUAREZ_TARGETS:
        if not Target.objects.filter(indicator=homicide, starts_on=starts_on).exists():
            services.set_target(
                indicator=homicide,
                value=value,
                annualisation=Annualisation.CALENDAR_YEAR,
                starts_on=starts_on,
                note=note,
                by=coordinator,
            )
            added += 1
    if coordinator.user is not None:
        for indicator in Indicator.objects.filter(mesa=juarez):
            if not PublicationApproval.objects.filter(indicator=indicator).exists():
                services.approve_publication(
                    indicator=indicator, year=2015, month=12, by=coordinator, note="Pleno de enero de 2016"
                )
                added += 1
    return added
