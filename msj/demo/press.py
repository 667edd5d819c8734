"""The demo's press work: releases through their workflow and last month's press conference.

`load_press(mesa, today)` gives an operating Mesa with a coordinator and another member of the
Executive Committee two published releases (one under the protocol with the authorities), one
draft, one withdrawn release, and a press conference held last month with its record — all
through the same services as the pages, so each step is audited. The coordinator drafts,
another member of the Executive Committee approves, the coordinator publishes. Idempotent:
releases are looked up by title and the conference by its day, so a second load adds nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from msj.members.access import actor_for
from msj.members.models import Membership, Office, Seat
from msj.mesas.models import Mesa
from msj.press import services
from msj.press.models import PressConference, Protocol, Release

PUBLISHED_CITIZENS = (
    "La Mesa presenta la incidencia delictiva del mes",
    "Los homicidios dolosos bajaron por tercer mes consecutivo según las cifras del Comité de indicadores.",
    "El Comité de indicadores presentó en la plenaria las cifras del mes. Los homicidios dolosos bajaron por "
    "tercer mes consecutivo y el robo de vehículo se mantiene por debajo de la meta acordada.\n\n"
    "La Mesa reconoce el trabajo coordinado de ciudadanos y autoridades y seguirá dando seguimiento a los "
    "acuerdos de la matriz.",
    "Que la ciudadanía conozca la tendencia y confíe en el seguimiento de la Mesa.",
)
PUBLISHED_AUTHORITIES = (
    "Mesa y autoridades acuerdan reforzar la prevención en escuelas",
    "Ciudadanos y autoridades presentan el programa conjunto de prevención en escuelas secundarias.",
    "En conferencia conjunta, la Mesa y las autoridades municipales presentaron el programa de prevención en "
    "escuelas secundarias acordado en la plenaria.\n\n"
    "El programa arranca el próximo mes en las colonias con mayor incidencia.",
    "Que madres y padres de familia sepan que el programa existe y cómo participar.",
)
DRAFT = (
    "Balance del primer semestre",
    "Avances de los acuerdos del semestre y metas para el siguiente.",
    "Borrador para revisión del Comité ejecutivo.\n\nFaltan las cifras de junio.",
    "Rendir cuentas de los acuerdos cumplidos.",
)
WITHDRAWN = (
    "Cifras preliminares de robo a comercio",
    "Las cifras preliminares de robo a comercio muestran una baja.",
    "Las cifras preliminares del mes muestran una baja en el robo a comercio.",
    "Dar a conocer la tendencia del robo a comercio.",
)
WITHDRAWAL_REASON = "Las cifras preliminares no coincidían con las oficiales; se publicarán al cerrar el mes."


def _executives(mesa: Mesa) -> tuple[Any, Any] | None:
    """The coordinator and another member of the Executive Committee, as actors, or None."""
    offices = Office.objects.current(mesa.today()).filter(mesa=mesa).select_related("membership__user")
    coordinator = next((o for o in offices if o.kind == Office.Kind.COORDINATOR), None)
    other = next(
        (o for o in offices if o.kind in {Office.Kind.ALTERNATE, Office.Kind.EXECUTIVE} and o != coordinator), None
    )
    if coordinator is None or other is None:
        return None
    first, second = actor_for(coordinator.membership.user, mesa), actor_for(other.membership.user, mesa)
    if first is None or second is None:
        return None
    return first, second


def _release(mesa: Mesa, texts: tuple[str, str, str, str], by: Any, protocol: str = Protocol.CITIZENS) -> Release:
    title, summary, body, objective = texts
    return services.create_release(
        mesa=mesa, by=by, title=title, summary=summary, body=body, impact_objective=objective, protocol=protocol
    )


def load_press(mesa: Mesa, today: dt.date) -> int:
    """Give an operating Mesa its press releases and last month's conference; return rows added."""
    if mesa.status != Mesa.Status.OPERATING:
        return 0
    actors = _executives(mesa)
    if actors is None:
        return 0
    coordinator, approver = actors
    added = 0
    for texts, protocol, end in (
        (PUBLISHED_CITIZENS, Protocol.CITIZENS, Release.Status.PUBLISHED),
        (PUBLISHED_AUTHORITIES, Protocol.AUTHORITIES, Release.Status.PUBLISHED),
        (DRAFT, Protocol.CITIZENS, Release.Status.DRAFT),
        (WITHDRAWN, Protocol.CITIZENS, Release.Status.WITHDRAWN),
    ):
        if Release.objects.filter(mesa=mesa, title=texts[0]).exists():
            continue
        release = _release(mesa, texts, coordinator, protocol)
        added += 1
        if end == Release.Status.DRAFT:
            continue
        services.approve_release(release=release, by=approver)
        services.publish_release(release=release, by=coordinator)
        if end == Release.Status.WITHDRAWN:
            services.withdraw_release(release=release, by=approver, reason=WITHDRAWAL_REASON)
    added += _last_months_conference(mesa, today, coordinator, approver)
    return added


def _last_months_conference(mesa: Mesa, today: dt.date, coordinator: Any, approver: Any) -> int:
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=15)
    starts_at = timezone.make_aware(dt.datetime.combine(last_month, dt.time(11, 0)), mesa.tzinfo)
    # One demo conference per Mesa: loading again months later adds no second one.
    if PressConference.objects.filter(mesa=mesa).exists():
        return 0
    held_seats = Membership.objects.current().filter(mesa=mesa, seat__isnull=False).values("seat_id")
    seats = list(Seat.objects.filter(pk__in=held_seats)[:2])
    protocol = Protocol.AUTHORITIES if seats else Protocol.CITIZENS
    releases = Release.objects.filter(
        mesa=mesa, title__in=[PUBLISHED_CITIZENS[0], PUBLISHED_AUTHORITIES[0]], protocol=protocol
    )
    conference = services.create_conference(
        mesa=mesa,
        by=coordinator,
        starts_at=starts_at,
        protocol=protocol,
        place="Sala de prensa de la Mesa",
        topics="Incidencia delictiva del mes y avances de los acuerdos de la plenaria.",
        participants=[coordinator.membership, approver.membership],
        seats=seats,
        releases=releases,
    )
    services.record_conference(
        conference=conference,
        by=coordinator,
        notes="El coordinador presentó la incidencia del mes y respondió preguntas sobre el programa de prevención.",
        media_present="El Diario, Canal 44, Radio Net",
    )
    return 1
