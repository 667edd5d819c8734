"""The demo network's Encuentros Nacionales (DOMAIN.md §4.11; source §2.3, §2.9).

Last year's Encuentro was held: every Mesa sent up to three delegates, nearly all attended,
and the network took three agreements there (standardising the indicators' methodology — still
open and overdue —, an induction visit — done —, and a national agenda — in progress, due in
two months). This year's Encuentro has its registration open for a month; the first Mesa has
registered its delegates already, the others have not. Idempotent, like the rest of the demo:
an Encuentro that exists for the year is left as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from msj.agreements.models import Agreement
from msj.encuentros.models import (
    AgendaItem,
    Delegate,
    Encuentro,
    NetworkAgreement,
    NetworkFollowUp,
    network_time_zone,
)
from msj.encuentros.services import eligible_delegates
from msj.meetings.models import Attendance
from msj.members.models import Membership, NetworkStaff, Office
from msj.mesas.models import Mesa, Network

DELEGATES_PER_MESA = 3
TITLES = {1: "Primer", 2: "Segundo", 3: "Tercer", 4: "Cuarto", 5: "Quinto", 6: "Sexto", 7: "Séptimo", 8: "Octavo"}


def _title(edition: int) -> str:
    return f"{TITLES.get(edition, f'{edition}.º')} Encuentro Nacional de Mesas de Seguridad y Justicia"


def _keeper(mesa: Mesa, today: dt.date) -> Any:
    """Who registers for the Mesa: its coordinator, or its technical secretary."""
    office = (
        Office.objects.current(today)
        .filter(mesa=mesa, kind__in=[Office.Kind.COORDINATOR, Office.Kind.SECRETARY])
        .select_related("membership__user")
        .order_by("kind")
        .first()
    )
    return office.membership.user if office else None


def _register(encuentro: Encuentro, mesa: Mesa, members: Sequence[Membership], by: Any) -> list[Delegate]:
    delegates = []
    for membership in members[:DELEGATES_PER_MESA]:
        delegate = Delegate(
            encuentro=encuentro,
            mesa=mesa,
            membership=membership,
            name=membership.user.full_name or membership.user.email,
            registered_by=by or membership.user,
        )
        delegate.full_clean()
        delegate.save()
        delegates.append(delegate)
    return delegates


def _agenda(encuentro: Encuentro, mesas: Sequence[Mesa], items: Sequence[tuple[str, int, int | None, str]]) -> int:
    for position, (title, minutes, mesa_index, presenter) in enumerate(items, start=1):
        AgendaItem.objects.create(
            encuentro=encuentro,
            position=position,
            title=title,
            minutes=minutes,
            presenter_mesa=mesas[mesa_index] if mesa_index is not None and 0 <= mesa_index < len(mesas) else None,
            presenter_name=presenter,
        )
    return len(items)


def _last_year(network: Network, mesas: Sequence[Mesa], today: dt.date, author: Any) -> int:
    year = today.year - 1
    starts_on = dt.date(year, 6, 10)
    encuentro, created = Encuentro.objects.get_or_create(
        network=network,
        year=year,
        defaults={
            "title": _title(year - 2014),
            "city": "Córdoba, Veracruz",
            "venue": "World Trade Center Córdoba",
            "starts_on": starts_on,
            "ends_on": starts_on + dt.timedelta(days=1),
            "status": Encuentro.Status.HELD,
            "registration_closes_at": dt.datetime(year, 5, 31, 18, 0, tzinfo=network_time_zone()),
            "delegates_per_mesa": DELEGATES_PER_MESA,
        },
    )
    if not created:
        return 0
    added = 1
    added += _agenda(
        encuentro,
        mesas,
        [
            ("Bienvenida y presentación de las Mesas", 30, None, "Red Nacional"),
            ("El modelo de Ciudad Juárez: indicadores y metas", 60, 0, ""),
            ("Homologación de la metodología de indicadores", 90, None, "Comité de Indicadores"),
            ("Acuerdos de la Red", 45, None, "Red Nacional"),
        ],
    )
    for mesa in mesas:
        members = [m for m in eligible_delegates(mesa) if m.started_on <= starts_on]
        delegates = _register(encuentro, mesa, members, _keeper(mesa, today))
        for index, delegate in enumerate(delegates):
            # Everyone came but the third delegate of the first Mesa, who excused herself.
            justified = mesa == mesas[0] and index == 2
            delegate.attendance = Attendance.Status.JUSTIFIED if justified else Attendance.Status.PRESENT
            delegate.save(update_fields=["attendance", "updated_at"])
        added += len(delegates)
    added += _agreements(encuentro, mesas, today, author)
    return added


def _agreements(encuentro: Encuentro, mesas: Sequence[Mesa], today: dt.date, author: Any) -> int:
    held = encuentro.ends_on
    rows = [
        # Open, due three months after the Encuentro: overdue today.
        (
            "Homologar la metodología de los indicadores de incidencia delictiva entre todas las Mesas.",
            True,
            list(mesas),
            held + dt.timedelta(days=90),
            Agreement.Status.OPEN,
        ),
        # Done a month after the Encuentro.
        (
            "Visita de inducción de la Mesa de Ciudad Juárez a la Mesa en formación más reciente.",
            False,
            list(mesas[:1]),
            held + dt.timedelta(days=60),
            Agreement.Status.DONE,
        ),
        # In progress, due in two months.
        (
            "Construir la agenda nacional de seguridad y justicia con los temas prioritarios de cada Mesa.",
            True,
            [],
            today + dt.timedelta(days=60),
            Agreement.Status.IN_PROGRESS,
        ),
    ]
    for number, (text, network_responsible, responsible, due_on, status) in enumerate(rows, start=1):
        closed_on = held + dt.timedelta(days=30) if status == Agreement.Status.DONE else None
        agreement = NetworkAgreement(
            encuentro=encuentro,
            number=number,
            text=text,
            network_responsible=network_responsible,
            due_on=due_on,
            status=status,
            closed_on=closed_on,
        )
        agreement.full_clean()
        agreement.save()
        agreement.responsible_mesas.set(responsible)
        if author is not None and status != Agreement.Status.OPEN:
            NetworkFollowUp.objects.create(
                agreement=agreement,
                on=closed_on or held + dt.timedelta(days=45),
                note="Avance informado por la Red Nacional.",
                status_after=status,
                author=author,
            )
    return len(rows)


def _this_year(network: Network, mesas: Sequence[Mesa], today: dt.date) -> int:
    # Starts in a month and a half, within this year (an Encuentro starts in its own year).
    starts_on = min(today + dt.timedelta(days=45), dt.date(today.year, 12, 31))
    closes = dt.datetime.combine(starts_on - dt.timedelta(days=10), dt.time(18, 0), tzinfo=network_time_zone())
    closes = max(closes, timezone.now() + dt.timedelta(days=1))
    encuentro, created = Encuentro.objects.get_or_create(
        network=network,
        year=today.year,
        defaults={
            "title": _title(today.year - 2014),
            "city": "Tampico, Tamaulipas",
            "venue": "Centro de Convenciones de Tampico",
            "starts_on": starts_on,
            "ends_on": starts_on + dt.timedelta(days=1),
            "status": Encuentro.Status.OPEN,
            "registration_closes_at": closes,
            "delegates_per_mesa": DELEGATES_PER_MESA,
        },
    )
    if not created:
        return 0
    added = 1
    added += _agenda(
        encuentro,
        mesas,
        [
            ("Bienvenida", 20, None, "Red Nacional"),
            ("Seguimiento de los acuerdos del Encuentro anterior", 60, None, "Red Nacional"),
            ("Experiencias de las Mesas: prevención y cultura de la legalidad", 90, len(mesas) - 1, ""),
        ],
    )
    if mesas:
        added += len(_register(encuentro, mesas[0], eligible_delegates(mesas[0]), _keeper(mesas[0], today)))
    return added


def load_encuentros(network: Network, mesas: Sequence[Mesa], today: dt.date) -> int:
    """Give the network last year's Encuentro, held, and this year's, open; return how many rows were added."""
    staff = NetworkStaff.objects.filter(network=network).select_related("user").order_by("started_on").first()
    return _last_year(network, mesas, today, staff.user if staff else None) + _this_year(network, mesas, today)
