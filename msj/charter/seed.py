# ruff: noqa: E501 - the documents are data: one paragraph per line, as a Mesa edits them
"""The network's first model documents, as data: the code of ethics of Cuadro 6 and the bylaws of §3.3.6.3.

Called by a data migration (for the networks that exist) and by the demo; both add only what is
missing, so running either twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

CODE_OF_ETHICS_TITLE = "Código de ética"
CODE_OF_ETHICS = """\
I. Los integrantes de las MSJ creemos en el respeto mutuo y en el Estado de Derecho, por lo tanto describimos los lineamientos que nos comprometemos a respetar; así como las sanciones correspondientes en caso de incumplimiento.

II. Nos guardaremos de utilizar la palabra para herir, amenazar o burlarnos de cualquier persona o de sus ideas.

III. Nuestras palabras serán para construir la paz entre nosotros mismos, para apoyarnos como miembros de la MSJ, para tejer conciliación de intereses de bien, para sumar ciudadanos que fortalezcan el Estado de Derecho.

IV. Nos comprometemos a respetar el tiempo de los demás asistiendo puntualmente a todas nuestras reuniones.

V. Los Ciudadanos Sin Cargo Público (CSCP) y los Ciudadanos con Cargo Público (CCCP) de la MSJ se comprometen a asistir a todas las reuniones programadas.

VI. Los CSCP somos voluntarios y nuestra participación es gratuita, no percibiremos ningún salario, remuneración o cualquier tipo de recompensa que haga de su participación un lucro.

VII. Los CSCP nunca obedeceremos a presiones ajenas a los principios de la MSJ.

VIII. La MSJ no apoyará a ningún partido político o a ninguna religión.

IX. Es el deber de los CSCP y los CCCP señalar con responsabilidad y respeto a aquellos que no cumplan con los compromisos que hagan en la MSJ.

X. La MSJ se ha de dirigir a la comunidad siempre, y en toda circunstancia, con la verdad fundamentada.

XI. Los CSCP y los CCCP nos comprometemos a no generar grupos de discordia con los integrantes de la MSJ.

XII. Los CSCP y los CCCP deberán cumplir y hacer cumplir las leyes y normas en su entorno social, laboral y profesional."""

BYLAWS_TITLE = "Reglamento de la Mesa de Seguridad y Justicia"
BYLAWS = """\
Este Reglamento establece el cuerpo de reglas que los miembros ciudadanos y los funcionarios deben seguir con el objetivo de asegurar que su desempeño y accionar se apeguen al modelo de Mesa de Seguridad y Justicia (MSJ).

Capítulo I. Definición de la MSJ
[La Mesa describe aquí qué es, su territorio y sus principios: convocatoria, coordinación y liderazgo ciudadanos; sin afiliación partidista, religiosa ni ideológica; integrantes voluntarios sin remuneración; la Mesa no maneja recursos.]

Capítulo II. Código de ética
[La Mesa incorpora aquí su Código de ética en vigor.]

Capítulo III. Requisitos y proceso de ingreso a la MSJ
[Perfil y requisitos del aspirante; propuesta por un integrante; revisión del Comité ejecutivo; presentación en reunión ciudadana; votación; carta de bienvenida y firma de este Reglamento ante todos en sesión ciudadana.]

Capítulo IV. Proceso de salida de la MSJ
[Renuncia de quien deja de cumplir los requisitos, el Código de ética o el Reglamento, notificada al secretario técnico; quejas y sanciones ante el Comité de honor y justicia.]

Capítulo V. Integración del Comité ejecutivo y elección del coordinador de la MSJ
[Integración del Comité ejecutivo; elección del coordinador y de los dos coordinadores suplentes; duración del cargo y reelección.]

Capítulo VI. Funciones del Comité ejecutivo, del secretario técnico y del coordinador de la MSJ
[Funciones de cada uno.]

Capítulo VII. Proceso de formación y funciones de los comités
[Cómo se forma y se disuelve un comité; su coordinador; su manual de procesos, firmado por sus integrantes.]

Capítulo VIII. Desarrollo de las reuniones
[Reuniones plenarias, reuniones ciudadanas y reuniones de comité: convocatoria, orden del día, asistencia, acuerdos y minuta.]"""

SEEDS = (
    ("code_of_ethics", CODE_OF_ETHICS_TITLE, CODE_OF_ETHICS, "Cuadro 6"),
    ("bylaws", BYLAWS_TITLE, BYLAWS, "§3.3.6.3"),
)


def seed_model_documents(network: Any, *, on: dt.date, model: Any = None) -> int:
    """Give `network` the first version of its code of ethics and bylaws models when it has none.

    Return how many were created. `model` is the ModelDocument class (a migration passes its own).
    """
    if model is None:
        from msj.charter.models import ModelDocument as model
    created = 0
    for kind, title, body, source in SEEDS:
        if model.objects.filter(network=network, kind=kind).exists():
            continue
        model.objects.create(
            network=network,
            kind=kind,
            version=1,
            title=title,
            body=body,
            note=f"Modelo de la guía de las MSJ ({source}).",
            published_on=on,
        )
        created += 1
    return created
