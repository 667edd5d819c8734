# ruff: noqa: E501 - the documents are data: one paragraph per line, as a Mesa edits them
"""The demo's charter: the network's model documents, and each operating Mesa's code of ethics and bylaws.

`load_charter(network, mesas, today)` gives the network its six model documents (the code of
ethics of Cuadro 6 and the bylaws of §3.3.6.3 through `msj.charter.seed`, and short models of
the other four) and, for each operating Mesa with a coordinator, adopts the code of ethics and the
bylaws through the same service as the pages; the first Mesa adopts a second version of its
bylaws, so its members' signatures are being renewed. A few members sign. Idempotent: what exists
is left alone, and a second load adds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from msj.charter import services
from msj.charter.models import AdoptedDocument, Kind, ModelDocument
from msj.charter.seed import seed_model_documents
from msj.members.access import actor_for
from msj.members.models import Office
from msj.mesas.models import Mesa, Network

OTHER_MODELS = (
    (
        Kind.CONVOCATION,
        "Convocatoria a reunión",
        """\
La Coordinación de la Mesa de Seguridad y Justicia convoca a sus integrantes a la reunión [plenaria / ciudadana / de comité] que se celebrará el [fecha] a las [hora] en [lugar].

Orden del día:
1. Registro de asistencia y verificación del quórum.
2. Lectura y aprobación de la minuta anterior.
3. Seguimiento de la matriz de acuerdos.
4. Presentación de indicadores de incidencia delictiva.
5. Asuntos de los comités.
6. Acuerdos y cierre.

Les pedimos confirmar su asistencia y llegar puntualmente: respetar el tiempo de los demás es parte de nuestro Código de ética.""",
    ),
    (
        Kind.MINUTES,
        "Minuta de reunión",
        """\
Reunión: [tipo de reunión], [fecha], [lugar]. Hora de inicio y de cierre.

Asistencia: integrantes ciudadanos, funcionarios e invitados presentes; ausencias justificadas y no justificadas.

Orden del día aprobado.

Desarrollo de cada punto del orden del día.

Acuerdos: cada acuerdo con su responsable y su fecha de cumplimiento, para la matriz de acuerdos.

Firma del secretario técnico.""",
    ),
    (
        Kind.WELCOME_LETTER,
        "Carta de bienvenida",
        """\
Estimada/o [nombre]:

Nos da gusto comunicarle que las y los integrantes ciudadanos de la Mesa de Seguridad y Justicia aprobaron su ingreso.

Adjuntamos el Reglamento de la Mesa, que incluye su Código de ética. Le pedimos leerlo: lo firmará ante todos en la próxima sesión ciudadana, y elegirá el comité en el que trabajará.

Bienvenida/o a la Mesa.""",
    ),
    (
        Kind.COMMITTEE_MANUAL,
        "Manual de procesos del comité",
        """\
Objetivo del comité y eje de la agenda de seguridad y justicia al que pertenece.

Integrantes y coordinador del comité; cómo se incorpora un nuevo integrante.

Reuniones: periodicidad, convocatoria, minuta y matriz de acuerdos.

Procesos del comité, paso a paso, con sus responsables.

El comité no busca ni recibe recursos de ningún gobierno.

Cada integrante firma este manual; una nueva versión se firma de nuevo.""",
    ),
)

BYLAWS_AMENDMENT = "\n\nCapítulo IX. Reuniones plenarias\nLa Mesa celebra una reunión plenaria cada mes; la convocatoria se envía con una semana de anticipación."


def _models(network: Network, today: dt.date) -> int:
    added = seed_model_documents(network, on=today)
    for kind, title, body in OTHER_MODELS:
        if not ModelDocument.objects.filter(network=network, kind=kind).exists():
            ModelDocument.objects.create(
                network=network, kind=kind, version=1, title=title, body=body, published_on=today
            )
            added += 1
    return added


def _sign(document: AdoptedDocument, mesa: Mesa, how_many: int) -> int:
    signers = services.signers(mesa)[:how_many]
    for membership in signers:
        services.sign(document=document, membership=membership)
    return len(signers)


def load_charter(network: Network, mesas: Iterable[Mesa], today: dt.date) -> int:
    """Give the network its model documents and the operating Mesas their documents; return rows added."""
    added = _models(network, today)
    ethics_model = ModelDocument.objects.get(network=network, kind=Kind.CODE_OF_ETHICS, version=1)
    bylaws_model = ModelDocument.objects.get(network=network, kind=Kind.BYLAWS, version=1)
    for index, mesa in enumerate(m for m in mesas if m.status == Mesa.Status.OPERATING):
        office = Office.objects.current(mesa.today()).filter(mesa=mesa, kind=Office.Kind.COORDINATOR).first()
        actor = actor_for(office.membership.user, mesa) if office else None
        if actor is None or AdoptedDocument.objects.filter(mesa=mesa).exists():
            continue
        adopted_on = min(mesa.installed_on or today, today)
        ethics = services.adopt(
            mesa=mesa,
            kind=Kind.CODE_OF_ETHICS,
            title=ethics_model.title,
            body=ethics_model.body,
            adopted_on=adopted_on,
            approved_by="Reunión del grupo ciudadano fundador",
            based_on=ethics_model,
            by=actor,
        )
        bylaws = services.adopt(
            mesa=mesa,
            kind=Kind.BYLAWS,
            title=f"{bylaws_model.title}: {mesa.name}",
            body=bylaws_model.body,
            adopted_on=adopted_on,
            approved_by="Reunión del grupo ciudadano fundador",
            based_on=bylaws_model,
            by=actor,
        )
        added += 2 + _sign(ethics, mesa, 4) + _sign(bylaws, mesa, 4)
        if index == 0:
            # A second version of the bylaws: the signatures of the first stay with it, and members sign anew.
            amended = services.adopt(
                mesa=mesa,
                kind=Kind.BYLAWS,
                title=bylaws.title,
                body=bylaws.body + BYLAWS_AMENDMENT,
                adopted_on=max(adopted_on, today - dt.timedelta(days=60)),
                approved_by="Plenaria: acuerdo sobre la periodicidad de las reuniones",
                based_on=bylaws_model,
                by=actor,
            )
            added += 1 + _sign(amended, mesa, 2)
    return added
