"""The demo's learning across Mesas (msj/exchange): the directory, a twinning, a visit, practices.

`load_exchange(network, mesas, today)` gives every operating Mesa a directory card (the first
one listed on the public pages), twins the first two Mesas' Indicators committees with one
shared document, records an accepted induction visit of the second Mesa to the first one's
plenary, and publishes two practices. It goes through the same services as the pages, acting
as each Mesa's coordinator; like the rest of the demo it is idempotent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from msj.committees.models import Committee
from msj.exchange import services
from msj.exchange.models import DirectoryCard, Practice, Twinning, Visit
from msj.members.models import Office
from msj.mesas.models import Mesa, Network

METHODOLOGY = (
    "Metodología de indicadores de la Mesa\n"
    "1. Fuente: SESNSP, incidencia delictiva municipal, corte mensual.\n"
    "2. Tasa por 100 mil habitantes con población CONAPO a mitad de año.\n"
    "3. Semáforo: verde por debajo de la meta, ámbar hasta 10 % arriba, rojo más allá.\n"
)

PRACTICES = [
    {
        "title": "Comité de robo de vehículos: del mapa de puntos calientes a los acuerdos con estacionamientos",
        "topic": "Robo de vehículos",
        "summary": "Un comité ciudadano mapeó con la policía municipal dónde y cuándo se roban los autos, y "
        "acordó con estacionamientos y aseguradoras medidas que bajaron el robo en la zona centro.",
        "problem": "El robo de vehículos crecía mes con mes en la zona centro y nadie tenía el mapa completo.",
        "diagnosis": "Cruzando denuncias, datos de aseguradoras y recorridos, el comité encontró que dos de cada "
        "tres robos ocurrían en estacionamientos sin control de acceso, entre las 19 y las 23 horas.",
        "actions": "Mapa mensual de puntos calientes presentado en el pleno; convenio con los estacionamientos "
        "para control de boletos y cámaras; patrullaje dirigido en el horario de mayor riesgo; seguimiento "
        "en la matriz de acuerdos.",
        "results": "En doce meses el robo de vehículos en la zona bajó 31 % frente al año anterior.",
        "tags": "robo de vehículos, mapas, estacionamientos, policía municipal",
        "committee_hint": "autos",
    },
    {
        "title": "Tablero mensual de indicadores para el pleno",
        "topic": "Indicadores",
        "summary": "Cómo el Comité de Indicadores prepara en dos horas el tablero que el pleno revisa cada mes.",
        "problem": "El pleno recibía cifras distintas de cada fuente y discutía los datos en lugar de las acciones.",
        "diagnosis": "Faltaba una metodología única: fuente, corte, población y metas definidas de antemano.",
        "actions": "Metodología escrita y aprobada; un tablero con semáforo por meta; las cifras se congelan "
        "cinco días antes del pleno.",
        "results": "El pleno dedica ahora la mayor parte del tiempo a los acuerdos.",
        "tags": "indicadores, metodología, pleno",
        "committee_hint": "indicador",
    },
]


class _Acting:
    """Who acts for the Mesa in the demo: its coordinator (or, lacking one, its secretary)."""

    def __init__(self, mesa: Mesa, today: dt.date) -> None:
        offices = Office.objects.current(today).filter(mesa=mesa).select_related("membership__user")
        office = (
            offices.filter(kind=Office.Kind.COORDINATOR).first() or offices.filter(kind=Office.Kind.SECRETARY).first()
        )
        self.user: Any = office.membership.user if office else None
        self.mesa = mesa


def _city(mesa: Mesa) -> str:
    first = mesa.territory.order_by("inegi_code").first()
    return first.name if first else mesa.name


def load_exchange(network: Network, mesas: list[Mesa], today: dt.date) -> int:
    """Load the demo's exchange between `mesas` of `network`; return how many rows were added."""
    added = 0
    operating = [m for m in mesas if m.network_id == network.pk and m.status == Mesa.Status.OPERATING]
    for position, mesa in enumerate(operating):
        acting = _Acting(mesa, today)
        if acting.user is None or DirectoryCard.objects.filter(mesa=mesa).exists():
            continue
        services.save_card(
            mesa=mesa,
            by=acting,
            city=_city(mesa),
            presentation=f"{mesa.name}: ciudadanos y autoridades que se reúnen cada mes para dar seguimiento "
            "a la seguridad y la justicia de su ciudad.",
            contact=DirectoryCard.Contact.EMAIL if position == 0 else DirectoryCard.Contact.NAME,
            contact_phone="",
            listed_publicly=position == 0,
        )
        added += 1
    if len(operating) < 2:
        return added
    first, second = operating[0], operating[1]
    host, visitor = _Acting(first, today), _Acting(second, today)
    if host.user is None or visitor.user is None:
        return added

    indicators = {
        m.pk: Committee.objects.filter(mesa=m, kind=Committee.Kind.INDICATORS).first() for m in (first, second)
    }
    newcomer, veteran = indicators[second.pk], indicators[first.pk]
    if newcomer and veteran and not Twinning.objects.filter(committee=newcomer, partner=veteran).exists():
        twinning = services.request_twinning(
            committee=newcomer,
            partner=veteran,
            message="Nuestro Comité de Indicadores empieza: queremos aprender de su metodología y su tablero.",
            by=visitor,
        )
        services.decide_twinning(twinning=twinning, accept=True, by=host)
        upload = SimpleUploadedFile("metodologia-indicadores.txt", METHODOLOGY.encode(), content_type="text/plain")
        services.share_document(
            twinning=twinning, mesa=first, title="Metodología de indicadores", upload=upload, by=host
        )
        added += 2

    if not Visit.objects.filter(visitor=second, host=first).exists():
        day = max(today, second.today(), first.today()) + dt.timedelta(days=21)
        visit = services.request_visit(
            visitor=second,
            host=first,
            wished_on=day,
            visitors="La coordinación y dos integrantes del Comité de Indicadores.",
            purpose="Conocer cómo conduce su pleno el seguimiento de acuerdos e indicadores.",
            by=visitor,
        )
        services.decide_visit(visit=visit, accept=True, plenary_on=day, by=host)
        added += 1

    for mesa, spec in zip((first, second), PRACTICES, strict=True):
        if Practice.objects.filter(mesa=mesa, title=spec["title"]).exists():
            continue
        acting = _Acting(mesa, today)
        values: dict[str, Any] = {k: v for k, v in spec.items() if k != "committee_hint"}
        values["committee"] = Committee.objects.filter(
            mesa=mesa, name__icontains=spec["committee_hint"], dissolved_on__isnull=True
        ).first()
        practice = services.save_practice(mesa=mesa, practice=None, values=values, by=acting)
        services.publish_practice(practice=practice, by=acting)
        added += 1
    return added
