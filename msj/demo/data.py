"""The demo's content: two fictional Mesas and invented people, all as plain data.

Nobody here is a real person: every name is drawn from the short lists below with a
fixed seed, so each load produces the same people and e-mail addresses. Names of
Mesas, axes and committees are Spanish data (DOMAIN.md §4.6, source §2.5.10.1), not
interface text, so they are not translated.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils.text import slugify

PASSWORD = "demo-msj-2026"  # noqa: S105 - the documented password of every demo account
EMAIL_DOMAIN = "demo.msj.mx"
SEED = 2026

FIRST_NAMES = (
    "Adriana", "Alejandra", "Beatriz", "Carmen", "Claudia", "Daniela", "Elena", "Fernanda",
    "Gabriela", "Guadalupe", "Irma", "Josefina", "Karla", "Leticia", "Lorena", "Lucía",
    "Marisol", "Mónica", "Norma", "Patricia", "Rocío", "Silvia", "Teresa", "Verónica",
    "Ximena", "Yolanda", "Alberto", "Alejandro", "Armando", "Arturo", "Carlos", "César",
    "Eduardo", "Enrique", "Fernando", "Francisco", "Gerardo", "Héctor", "Ignacio", "Javier",
    "Jorge", "José Luis", "Juan Carlos", "Luis", "Manuel", "Miguel Ángel", "Óscar", "Pablo",
    "Raúl", "Ricardo", "Roberto", "Rubén", "Sergio", "Víctor",
)  # fmt: skip

SURNAMES = (
    "Acosta", "Aguilar", "Alvarado", "Arellano", "Ávila", "Barrios", "Bustamante", "Cabrera",
    "Camacho", "Carrillo", "Castañeda", "Cervantes", "Contreras", "Delgado", "Domínguez", "Escobar",
    "Espinoza", "Estrada", "Fuentes", "Galindo", "Gallegos", "Garza", "Guerrero", "Ibarra",
    "Lara", "Luna", "Maldonado", "Medina", "Meléndez", "Montoya", "Navarro", "Ochoa",
    "Orozco", "Pacheco", "Quintana", "Rangel", "Rivas", "Salazar", "Sandoval", "Solís",
    "Tapia", "Trejo", "Valenzuela", "Villalobos", "Zamora", "Zavala",
)  # fmt: skip

NETWORK = {"slug": "red-nacional-demo", "name": "Red Nacional de Mesas de Seguridad y Justicia (demo)"}


@dataclass(frozen=True)
class MesaSpec:
    slug: str
    name: str
    state: str
    time_zone: str
    installed_on: dt.date
    plenary_max_interval_months: int
    territory: tuple[tuple[str, str], ...]
    border: bool
    secretary_since: dt.date


JUAREZ = MesaSpec(
    slug="juarez-demo",
    name="Mesa de Seguridad y Justicia de Ciudad Juárez (demo)",
    state="08",
    time_zone="America/Ciudad_Juarez",
    installed_on=dt.date(2010, 8, 26),
    plenary_max_interval_months=1,  # Ciudad Juárez meets in plenary every month (§3.4.4)
    territory=(("08037", "Juárez"),),
    border=True,
    secretary_since=dt.date(2016, 2, 1),
)

CHIHUAHUA = MesaSpec(
    slug="chihuahua-demo",
    name="Mesa de Seguridad y Justicia de Chihuahua (demo)",
    state="08",
    time_zone="America/Chihuahua",
    installed_on=dt.date(2013, 5, 16),
    plenary_max_interval_months=2,
    territory=(("08019", "Chihuahua"),),
    border=False,
    secretary_since=dt.date(2017, 6, 5),
)

# Two more operating Mesas, younger and smaller, so the network has Mesas to compare and to
# learn from (issue 6); two more are still forming (msj/demo/forming.py).
MORELIA = MesaSpec(
    slug="morelia-demo",
    name="Mesa de Seguridad y Justicia de Morelia (demo)",
    state="16",
    time_zone="America/Mexico_City",
    installed_on=dt.date(2014, 9, 25),
    plenary_max_interval_months=2,
    territory=(("16053", "Morelia"),),
    border=False,
    secretary_since=dt.date(2019, 3, 4),
)

TAPACHULA = MesaSpec(
    slug="tapachula-demo",
    name="Mesa de Seguridad y Justicia de Tapachula (demo)",
    state="07",
    time_zone="America/Mexico_City",
    installed_on=dt.date(2015, 2, 19),
    plenary_max_interval_months=3,
    territory=(("07089", "Tapachula"),),
    border=True,
    secretary_since=dt.date(2020, 8, 3),
)

SMALL_MESA_CITIZENS = 9

# Ciudad Juárez's axes and committees (§2.5.10.1): (axis number, axis name, date, committees).
# Its "Sistema de indicadores" committee is the Mesa's Indicators Committee.
JUAREZ_AXES = [
    (1, "Efectividad y operación", dt.date(2010, 9, 9), ["Operatividad", "Sistema de indicadores", "Comunicación"]),
    (
        2,
        "Prevención",
        dt.date(2011, 3, 10),
        [
            "Reinserción social",
            "Corredores seguros",
            "Violencia intrafamiliar",
            "Mediación de conflictos",
            "Legalización de drogas",
            "Atención a la juventud",
            "Prevención social",
        ],
    ),
    (
        3,
        "Fortalecimiento institucional",
        dt.date(2011, 3, 10),
        [
            "Antihomicidios",
            "CERI (Centro de Respuesta Inmediata)",
            "Policía Turística",
            "Secuestro y extorsión",
            "PGR",
            "Policía Ministerial Investigadora",
            "Robo e identificación de autos y robo a casa habitación",
            "Robo a comercio",
            "Menores infractores",
        ],
    ),
    (
        4,
        "Estado de derecho",
        dt.date(2012, 1, 12),
        [
            "Defensa ciudadana, derechos humanos y tortura",
            "Honor y justicia de las instituciones de seguridad pública",
            "Procuración de justicia",
        ],
    ),
]
JUAREZ_INDICATORS_COMMITTEE = "Sistema de indicadores"
EXECUTIVE_COMMITTEE = "Comité Ejecutivo"
CHIHUAHUA_INDICATORS_COMMITTEE = "Comité de Indicadores"

# The mayor's seat changed hands once, to show a seat's history.
FORMER_MAYOR_SINCE = dt.date(2021, 10, 10)
MAYOR_SINCE = dt.date(2024, 10, 10)
NETWORK_STAFF_SINCE = dt.date(2015, 1, 12)

JUAREZ_CITIZENS = 32
CHIHUAHUA_CITIZENS = 12


@dataclass(frozen=True)
class Person:
    full_name: str
    email: str
    since: dt.date


@dataclass(frozen=True)
class Cast:
    """Everyone in the demo. In each citizens list, by position: [0] a member with no office
    (the main demo login), [1] the coordinator, [2] and [3] the alternates, then Executive
    Committee members (three in Juárez, one in Chihuahua); Juárez's [7] is the former coordinator.
    """

    juarez_citizens: tuple[Person, ...]
    juarez_secretary: Person
    juarez_officials: dict[str, Person]  # post code -> current holder
    juarez_former_mayor: Person
    chihuahua_citizens: tuple[Person, ...]
    chihuahua_secretary: Person
    chihuahua_officials: dict[str, Person]  # municipal posts; state posts share Juárez's holders
    network_staff: Person
    # The younger Mesas: citizens (same positions as Chihuahua's), secretary, municipal officials.
    morelia_citizens: tuple[Person, ...] = ()
    morelia_secretary: Person | None = None
    morelia_officials: dict[str, Person] = field(default_factory=dict)
    tapachula_citizens: tuple[Person, ...] = ()
    tapachula_secretary: Person | None = None
    tapachula_officials: dict[str, Person] = field(default_factory=dict)

    def everyone(self) -> list[Person]:
        return [
            *self.juarez_citizens,
            self.juarez_secretary,
            *self.juarez_officials.values(),
            self.juarez_former_mayor,
            *self.chihuahua_citizens,
            self.chihuahua_secretary,
            *self.chihuahua_officials.values(),
            self.network_staff,
            *self.morelia_citizens,
            *([self.morelia_secretary] if self.morelia_secretary else []),
            *self.morelia_officials.values(),
            *self.tapachula_citizens,
            *([self.tapachula_secretary] if self.tapachula_secretary else []),
            *self.tapachula_officials.values(),
        ]


class NameGenerator:
    """Invent distinct people: a first name and two surnames, an e-mail address at the demo domain."""

    def __init__(self, seed: int = SEED) -> None:
        self._rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
        self._names: set[str] = set()
        self._emails: set[str] = set()

    def person(self, since: dt.date) -> Person:
        while True:
            first = self._rng.choice(FIRST_NAMES)
            paternal, maternal = self._rng.sample(SURNAMES, 2)
            full_name = f"{first} {paternal} {maternal}"
            if full_name in self._names:
                continue
            for local in (
                f"{slugify(first)}.{slugify(paternal)}",
                f"{slugify(first)}.{slugify(paternal)}.{slugify(maternal)}",
            ):
                email = f"{local}@{EMAIL_DOMAIN}"
                if email not in self._emails:
                    self._names.add(full_name)
                    self._emails.add(email)
                    return Person(full_name=full_name, email=email, since=since)

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self._rng.randrange((end - start).days + 1))


def _citizens(names: NameGenerator, count: int, installed_on: dt.date, founders: int) -> tuple[Person, ...]:
    """Citizens [1..founders] founded the Mesa; the others joined later, [0] among them."""
    people = []
    for i in range(count):
        if 1 <= i <= founders:
            since = installed_on
        else:
            since = names.date_between(installed_on + dt.timedelta(days=365), dt.date(2025, 6, 30))
        people.append(names.person(since))
    return tuple(people)


def build_cast(post_codes: list[tuple[str, str, bool]]) -> Cast:
    """Invent everyone; `post_codes` is the catalogue as (code, level, border_only), in order.

    The same seed and catalogue always give the same people, which makes loading idempotent.
    """
    names = NameGenerator()
    juarez_citizens = _citizens(names, JUAREZ_CITIZENS, JUAREZ.installed_on, founders=11)
    juarez_secretary = names.person(JUAREZ.secretary_since)
    juarez_officials = {}
    for code, _level, _border in post_codes:
        since = (
            MAYOR_SINCE if code == "municipal-mayor" else names.date_between(dt.date(2021, 9, 1), dt.date(2025, 3, 31))
        )
        juarez_officials[code] = names.person(since)
    juarez_former_mayor = names.person(FORMER_MAYOR_SINCE)
    chihuahua_citizens = _citizens(names, CHIHUAHUA_CITIZENS, CHIHUAHUA.installed_on, founders=5)
    chihuahua_secretary = names.person(CHIHUAHUA.secretary_since)
    chihuahua_officials = {
        code: names.person(names.date_between(dt.date(2021, 9, 1), dt.date(2025, 3, 31)))
        for code, level, border in post_codes
        if level == "municipal" and not border
    }
    network_staff = names.person(NETWORK_STAFF_SINCE)
    # Invented after everyone else, so the people of the first two Mesas stay who they were.
    municipal = [code for code, level, border in post_codes if level == "municipal" and not border]
    younger = {}
    for spec in (MORELIA, TAPACHULA):
        citizens = _citizens(names, SMALL_MESA_CITIZENS, spec.installed_on, founders=5)
        secretary = names.person(spec.secretary_since)
        officials = {
            code: names.person(names.date_between(dt.date(2021, 9, 1), dt.date(2025, 3, 31))) for code in municipal
        }
        younger[spec.slug] = (citizens, secretary, officials)
    return Cast(
        morelia_citizens=younger[MORELIA.slug][0],
        morelia_secretary=younger[MORELIA.slug][1],
        morelia_officials=younger[MORELIA.slug][2],
        tapachula_citizens=younger[TAPACHULA.slug][0],
        tapachula_secretary=younger[TAPACHULA.slug][1],
        tapachula_officials=younger[TAPACHULA.slug][2],
        juarez_citizens=juarez_citizens,
        juarez_secretary=juarez_secretary,
        juarez_officials=juarez_officials,
        juarez_former_mayor=juarez_former_mayor,
        chihuahua_citizens=chihuahua_citizens,
        chihuahua_secretary=chihuahua_secretary,
        chihuahua_officials=chihuahua_officials,
        network_staff=network_staff,
    )


# --- A year of the operating cycle (DOMAIN.md §4.5–§4.8) --------------------------------------
#
# Everything below is Spanish data of the Juárez demo Mesa: its security agenda, the committees
# it dissolved over the years, who sits where, the agreements it took. The loader in `cycle.py`
# dates it all relative to the day of loading.

MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip

# Citizens by position in `Cast.juarez_citizens` (see `Cast`): one who misses too many
# meetings, one who left their committee more than two months ago and joined no other.
JUAREZ_ABSENTEE = 21
JUAREZ_UNCOMMITTED = 25
JUAREZ_UNCOMMITTED_FROM = "Comunicación"
JUAREZ_UNCOMMITTED_DAYS_AGO = 100
# The committee that has not met for the last two months.
JUAREZ_LATE_COMMITTEE = "Robo a comercio"


@dataclass(frozen=True)
class TopicSpec:
    title: str
    description: str
    committees: tuple[str, ...]
    approved_on: dt.date | None = None  # approved before the demo's year
    approved_months_ago: int | None = None  # approved at the plenary this many months ago
    diagnoses: tuple[dict[str, str], ...] = ()


JUAREZ_TOPICS = (
    TopicSpec(
        title="Homicidio doloso",
        description="Reducir la tasa de homicidio doloso por debajo de la tasa nacional y sostenerla.",
        committees=("Antihomicidios", "Sistema de indicadores"),
        approved_on=dt.date(2010, 10, 14),
        diagnoses=(
            {
                "incidence": "La tasa anual llegó a 211.94 por cada 100 mil habitantes en 2010; desde 2015 se "
                "mantiene por debajo de 30, con repuntes en las colonias del surponiente.",
                "capacity": "Unidad especializada de la Fiscalía con peritos propios; la policía municipal "
                "preserva el lugar de los hechos en menos de 15 minutos en la zona centro.",
                "needs": "Más peritos en criminalística de campo y un sistema de georreferenciación compartido.",
                "strengths": "Datos mensuales conciliados entre la Fiscalía y la Mesa.",
                "weaknesses": "Rezago en la integración de carpetas de investigación.",
                "opportunities": "Programas federales de prevención en colonias prioritarias.",
                "threats": "Disputas entre grupos delictivos por rutas de trasiego.",
            },
            {
                "incidence": "En los últimos doce meses la tasa fue de 24.1 por cada 100 mil habitantes; el 60 % de "
                "los casos se concentra en 12 colonias del surponiente y del suroriente.",
                "capacity": "Unidad especializada de la Fiscalía con peritos propios y una célula de análisis "
                "criminal creada este año.",
                "needs": "Más peritos en criminalística de campo; cámaras en los cruces de mayor incidencia.",
                "strengths": "Datos mensuales conciliados entre la Fiscalía y la Mesa; meta anual acordada.",
                "weaknesses": "Rezago en la integración de carpetas de investigación.",
                "opportunities": "Programas federales de prevención en colonias prioritarias.",
                "threats": "Disputas entre grupos delictivos por rutas de trasiego.",
            },
        ),
    ),
    TopicSpec(
        title="Secuestro",
        description="Mantener en cero los secuestros denunciados y acompañar a las víctimas.",
        committees=("Secuestro y extorsión",),
        approved_on=dt.date(2010, 10, 14),
        diagnoses=(
            {
                "incidence": "Se denunciaron 90 secuestros en 2010, 67 en 2011, 27 en 2012 y 13 en 2013; "
                "no hay denuncias desde agosto de 2013.",
                "capacity": "Unidad antisecuestros estatal con negociadores certificados.",
                "needs": "Mantener la capacitación de negociadores y la atención a víctimas.",
                "strengths": "Coordinación estrecha entre la unidad y la Mesa.",
                "threats": "Posible subregistro por miedo a denunciar.",
            },
        ),
    ),
    TopicSpec(
        title="Extorsión",
        description="Reducir la extorsión telefónica y el cobro de piso a comercios.",
        committees=("Secuestro y extorsión", "Robo a comercio"),
        approved_on=dt.date(2010, 10, 14),
        diagnoses=(
            {
                "incidence": "La Fiscalía reporta en promedio 35 denuncias mensuales de extorsión, 80 % telefónica; "
                "las cámaras empresariales estiman que se denuncia uno de cada diez casos.",
                "capacity": "Línea de denuncia anónima y unidad especializada de la Fiscalía.",
                "needs": "Bloqueo de números desde los que se extorsiona y campañas de prevención.",
                "opportunities": "Acuerdo con las cámaras empresariales para promover la denuncia.",
                "threats": "Llamadas desde centros penitenciarios de otros estados.",
            },
        ),
    ),
    TopicSpec(
        title="Robo de vehículos",
        description="Reducir el robo de vehículos con y sin violencia y mejorar su recuperación.",
        committees=("Robo e identificación de autos y robo a casa habitación",),
        approved_on=dt.date(2010, 10, 14),
        diagnoses=(
            {
                "incidence": "Se denuncian en promedio 180 robos de vehículo al mes; 12 % con violencia.",
                "capacity": "Base de datos de vehículos robados compartida con la Aduana.",
                "needs": "Lectores de placas en los puentes internacionales y salidas de la ciudad.",
                "weaknesses": "Tiempo de recuperación largo y pocos vehículos devueltos a sus dueños.",
            },
        ),
    ),
    TopicSpec(
        title="Abuso de autoridad",
        description="Reducir las quejas por abuso de autoridad y dar seguimiento a cada una.",
        committees=("Defensa ciudadana, derechos humanos y tortura",),
        approved_on=dt.date(2010, 10, 14),
        diagnoses=(
            {
                "incidence": "Asuntos Internos recibió 214 quejas en el último año; 40 % por detenciones arbitrarias.",
                "capacity": "Área de Asuntos Internos con cinco investigadores.",
                "needs": "Cámaras corporales para los agentes de proximidad.",
                "strengths": "Seguimiento público de las quejas ante la Mesa.",
            },
        ),
    ),
    TopicSpec(
        title="Violencia familiar",
        description="Atender la violencia familiar, primer delito denunciado en la ciudad.",
        committees=("Violencia intrafamiliar", "Prevención social"),
        approved_months_ago=5,
        diagnoses=(
            {
                "incidence": "Es el delito más denunciado: en promedio 1,100 carpetas al mes, al alza desde hace "
                "tres años.",
                "capacity": "Centro de justicia para las mujeres con atención las 24 horas.",
                "needs": "Refugios temporales y más personal de psicología.",
                "opportunities": "Red de organizaciones civiles dispuestas a acompañar a las víctimas.",
            },
        ),
    ),
    TopicSpec(
        title="Robo a transeúnte en el Centro Histórico",
        description="Propuesto por el comité de Corredores seguros; pendiente de aprobación del pleno.",
        committees=("Corredores seguros",),
    ),
)

# Committees of Ciudad Juárez's original list that the Executive Committee dissolved since,
# by recorded decision: (name, day of the decision).
JUAREZ_DISSOLVED = (
    ("Legalización de drogas", dt.date(2013, 6, 13)),
    ("Policía Turística", dt.date(2015, 2, 12)),
    ("CERI (Centro de Respuesta Inmediata)", dt.date(2016, 9, 8)),
    ("Honor y justicia de las instituciones de seguridad pública", dt.date(2017, 5, 11)),
    ("Menores infractores", dt.date(2018, 8, 9)),
    ("Mediación de conflictos", dt.date(2018, 8, 9)),
    ("PGR", dt.date(2019, 3, 14)),
    ("Policía Ministerial Investigadora", dt.date(2020, 1, 16)),
    ("Atención a la juventud", dt.date(2021, 2, 11)),  # merged into Prevención social
    ("Reinserción social", dt.date(2022, 6, 9)),
)

# The process manuals were written when the Mesa formalised its committees.
MANUALS_ADOPTED_ON = dt.date(2016, 3, 3)
MANUAL_TEXT = (
    "Manual de procesos del comité «{committee}».\n"
    "1. El comité se reúne al menos una vez al mes. El coordinador lo convoca con tres días naturales de "
    "anticipación, con el orden del día que incluye los acuerdos abiertos del comité.\n"
    "2. En cada sesión se leen los acuerdos abiertos y se registra su avance. El coordinador responde del "
    "seguimiento; el suplente lo hace en su ausencia.\n"
    "3. El comité entrega al secretario técnico el orden del día y la minuta de cada sesión.\n"
    "4. Cada mes presenta al pleno un informe de avance contra sus metas y alimenta al Comité Sistema de "
    "indicadores con los datos que recaba.\n"
    "5. El comité no solicita ni recibe recursos de ningún gobierno. La información que trata es confidencial."
)
INDICATORS_MANUAL_V2 = MANUAL_TEXT + (
    "\n6. Los datos se publican como tasa anualizada por cada 100 mil habitantes, con la fuente de cada cifra; "
    "cuando dos fuentes difieren se presentan ambas."
)

# Officials who sit on a committee, by post code.
JUAREZ_COMMITTEE_OFFICIALS = {
    "Operatividad": ("municipal-security-director", "state-security-secretary"),
    "Corredores seguros": ("municipal-traffic-director",),
    "Prevención social": ("municipal-prevention-head", "state-prevention-head"),
    "Antihomicidios": ("state-attorney-general",),
    "Secuestro y extorsión": ("state-attorney-general",),
    "Robo e identificación de autos y robo a casa habitación": ("federal-customs-administrator",),
    "Defensa ciudadana, derechos humanos y tortura": ("municipal-internal-affairs",),
    "Procuración de justicia": ("state-criminal-magistrate",),
}
# Committees that meet by video call.
VIDEO_COMMITTEES = ("Comunicación", "Violencia intrafamiliar")
# The plain demo member (citizen [0]) works on these committees.
MAIN_MEMBER_COMMITTEES = ("Corredores seguros", "Prevención social")

PLENARY_PLACE = "Salón de usos múltiples del Centro Comunitario Anapra, Av. de las Américas 1500"
CITIZENS_PLACE = "Oficinas de la Mesa, Av. Tecnológico 1770, local 5"
COMMITTEE_PLACE = "Sala de juntas de las oficinas de la Mesa, Av. Tecnológico 1770, local 5"
VIDEO_URL = "https://videollamada.demo.msj.mx/{slug}"


@dataclass(frozen=True)
class AgreementSpec:
    """An agreement and how it fares: open, in_progress, done, cancelled, overdue (open and
    past due, nobody reported) or late (in progress and past due)."""

    text: str
    fate: str
    committee: str | None = None
    seats: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    institutions: str = ""
    person: int | None = None  # a citizen named responsible, by position
    evidence: str = ""  # "pdf" or "png": a file with the follow-up that closes it
    note: str = ""  # why it was cancelled, or what was reported


# Two agreements per plenary, the oldest plenary first.
JUAREZ_PLENARY_AGREEMENTS = (
    (
        AgreementSpec(
            "Que la Secretaría de Seguridad Pública Municipal presente en la siguiente plenaria el mapa de calor de "
            "homicidios dolosos por colonia.",
            "done",
            committee="Antihomicidios",
            seats=("municipal-security-director",),
            topics=("Homicidio doloso",),
            evidence="pdf",
        ),
        AgreementSpec(
            "Instalar una mesa de trabajo con la Fiscalía para revisar los tiempos de integración de las carpetas "
            "de investigación por robo de vehículo.",
            "cancelled",
            committee="Robo e identificación de autos y robo a casa habitación",
            seats=("state-attorney-general",),
            topics=("Robo de vehículos",),
            note="La Fiscalía incluyó los tiempos de integración en su informe mensual al pleno; la mesa de trabajo "
            "ya no es necesaria.",
        ),
    ),
    (
        AgreementSpec(
            "Gestionar ante la Dirección de Vialidad la revisión de semáforos y alumbrado del corredor seguro de la "
            "Av. Tecnológico.",
            "done",
            committee="Corredores seguros",
            seats=("municipal-traffic-director",),
            evidence="png",
        ),
        AgreementSpec(
            "Que la Fiscalía General del Estado informe cuántas denuncias por extorsión telefónica recibió en el "
            "año y en qué estado se encuentran.",
            "overdue",
            committee="Secuestro y extorsión",
            seats=("state-attorney-general",),
            topics=("Extorsión",),
        ),
    ),
    (
        AgreementSpec(
            "Publicar el informe trimestral de indicadores, previo acuerdo de todos los integrantes sobre su "
            "contenido.",
            "done",
            committee="Sistema de indicadores",
            topics=("Homicidio doloso", "Robo de vehículos"),
            evidence="pdf",
        ),
        AgreementSpec(
            "Solicitar a la Secretaría de Seguridad Pública Estatal el número de elementos asignados a Ciudad "
            "Juárez por turno.",
            "done",
            committee="Operatividad",
            seats=("state-security-secretary",),
        ),
    ),
    (
        AgreementSpec(
            "Que Asuntos Internos presente el número de quejas por abuso de autoridad recibidas en el semestre y "
            "el estado de cada investigación.",
            "late",
            committee="Defensa ciudadana, derechos humanos y tortura",
            seats=("municipal-internal-affairs",),
            topics=("Abuso de autoridad",),
        ),
        AgreementSpec(
            "Acordar con el Regidor de la Comisión de Seguridad la presentación al cabildo de la propuesta de "
            "reglamento de videovigilancia.",
            "done",
            committee="Operatividad",
            seats=("municipal-security-councillor",),
        ),
    ),
    (
        AgreementSpec(
            "Realizar una jornada de prevención en las escuelas secundarias del surponiente con el área municipal "
            "de prevención.",
            "done",
            committee="Prevención social",
            seats=("municipal-prevention-head",),
            person=0,
            evidence="png",
        ),
        AgreementSpec(
            "Solicitar a la Aduana un informe sobre la revisión de vehículos de procedencia extranjera con reporte "
            "de robo.",
            "cancelled",
            committee="Robo e identificación de autos y robo a casa habitación",
            seats=("federal-customs-administrator",),
            topics=("Robo de vehículos",),
            note="La Aduana entregó la información directamente al comité; se da por atendido sin informe al pleno.",
        ),
    ),
    (
        AgreementSpec(
            "Que el Comité de Comunicación prepare con el Comité Ejecutivo el protocolo de la rueda de prensa "
            "trimestral.",
            "done",
            committee="Comunicación",
        ),
        AgreementSpec(
            "Que la Secretaría de Seguridad Pública Municipal instale cámaras en los diez cruces con más robos a "
            "comercio.",
            "overdue",
            committee="Robo a comercio",
            seats=("municipal-security-director",),
            topics=("Extorsión",),
            institutions="Secretaría de Seguridad Pública Municipal; Cámara Nacional de Comercio",
        ),
    ),
    (
        AgreementSpec(
            "Que la Fiscalía presente el avance de las carpetas de investigación por homicidio doloso del trimestre.",
            "done",
            committee="Antihomicidios",
            seats=("state-attorney-general",),
            topics=("Homicidio doloso",),
        ),
        AgreementSpec(
            "Invitar a la Comisión Estatal de los Derechos Humanos a presentar sus recomendaciones a las "
            "corporaciones de la ciudad.",
            "in_progress",
            committee="Defensa ciudadana, derechos humanos y tortura",
            institutions="Comisión Estatal de los Derechos Humanos",
        ),
    ),
    (
        AgreementSpec(
            "Incorporar la violencia familiar a la agenda de seguridad y encargar su diagnóstico al comité de "
            "Violencia intrafamiliar.",
            "done",
            committee="Violencia intrafamiliar",
            topics=("Violencia familiar",),
            evidence="pdf",
        ),
        AgreementSpec(
            "Solicitar al Poder Judicial la estadística de sentencias por violencia familiar de los últimos dos años.",
            "late",
            committee="Procuración de justicia",
            seats=("state-judiciary-president",),
            topics=("Violencia familiar",),
        ),
    ),
    (
        AgreementSpec(
            "Que la Policía Estatal refuerce los recorridos en los corredores seguros en horario escolar.",
            "in_progress",
            committee="Corredores seguros",
            seats=("state-security-secretary",),
        ),
        AgreementSpec(
            "Revisar con la Dirección de Vialidad los operativos de revisión de placas en los puentes internacionales.",
            "cancelled",
            committee="Operatividad",
            seats=("municipal-traffic-director",),
            note="Los operativos en los puentes corresponden a la Aduana y a la Guardia Nacional; se replantea con "
            "ellos en el comité.",
        ),
    ),
    (
        AgreementSpec(
            "Presentar la propuesta de meta anual de homicidio doloso para el próximo año.",
            "in_progress",
            committee="Sistema de indicadores",
            topics=("Homicidio doloso",),
            person=1,
        ),
        AgreementSpec(
            "Que el área de prevención del Estado presente su programa de atención a jóvenes en conflicto con la ley.",
            "overdue",
            committee="Prevención social",
            seats=("state-prevention-head",),
        ),
    ),
    (
        AgreementSpec(
            "Que la Secretaría de Seguridad Pública Municipal informe los resultados del programa de policía de "
            "proximidad por sector.",
            "in_progress",
            committee="Operatividad",
            seats=("municipal-security-director",),
        ),
        AgreementSpec(
            "Organizar con las cámaras empresariales una campaña para denunciar la extorsión.",
            "open",
            committee="Secuestro y extorsión",
            topics=("Extorsión",),
            institutions="Cámara Nacional de Comercio; Consejo Coordinador Empresarial",
        ),
    ),
    (
        AgreementSpec(
            "Que la Fiscalía presente en la próxima plenaria las cifras de extorsión desagregadas por colonia.",
            "open",
            committee="Secuestro y extorsión",
            seats=("state-attorney-general",),
            topics=("Extorsión",),
        ),
        AgreementSpec(
            "Revisar el directorio de enlaces de las autoridades federales con la Mesa.",
            "open",
            seats=("federal-segob-delegate",),
            person=0,
        ),
    ),
)

# Agreements of committee meetings, by template: {committee} is the committee's name.
COMMITTEE_AGREEMENTS = (
    "Solicitar a las autoridades la incidencia del último trimestre para el informe del comité «{committee}».",
    "Elaborar la propuesta de meta anual del comité «{committee}» y enviarla al Comité Sistema de indicadores.",
    "Organizar un encuentro con especialistas sobre los temas del comité «{committee}».",
    "Presentar al pleno el informe mensual de avance del comité «{committee}» contra sus metas.",
    "Actualizar el directorio de enlaces institucionales del comité «{committee}».",
    "Revisar con la policía municipal los puntos de mayor incidencia señalados por el comité «{committee}».",
)
EXECUTIVE_AGREEMENTS = (
    "Citar a los coordinadores de comité con acuerdos vencidos para revisar su cumplimiento.",
    "Proponer con los coordinadores de comité el orden del día de la próxima reunión ciudadana.",
    "Dar seguimiento a la integración a un comité de los integrantes que no participan en ninguno.",
    "Preparar la evaluación anual del secretario técnico.",
)
CITIZENS_AGREEMENTS = (
    "Preparar la presentación ciudadana para la plenaria con los datos del Comité Sistema de indicadores.",
    "Pedir a las autoridades que su informe en la plenaria incluya las cifras del mes anterior.",
    "Invitar a la Comisión Estatal de los Derechos Humanos a la próxima reunión ciudadana.",
)

# What the minutes say under each kind of agenda item; {month} is the meeting's month.
ENTRY_SUMMARIES = {
    "introductions": "Se presentaron los asistentes. La coordinación dio la bienvenida a las autoridades y "
    "recordó que la sesión es confidencial.",
    "plenary_review": "Se revisó el orden del día de la plenaria de {month} y la presentación ciudadana.",
    "agreements": "Se dio lectura a los acuerdos abiertos y cada responsable informó su avance.",
    "authorities": "Las autoridades presentaron la estadística de {month}, las acciones del mes y sus planes "
    "para el siguiente.",
    "committees": "Los comités presentaron su informe mensual de avance contra metas.",
    "indicators": "El Comité Sistema de indicadores presentó las tasas de {month} por cada 100 mil habitantes, "
    "con la fuente de cada cifra.",
    "general": "Sin asuntos generales.",
    "other": "Se presentó el punto y se respondieron las preguntas de los integrantes.",
}
PLENARY_PRESENTATIONS = (
    "Presentación del Comité de Corredores seguros",
    "Presentación de la Fiscalía sobre carpetas de investigación",
    "Presentación del Comité de Prevención social",
    "Informe de la Policía Estatal sobre operativos en la ciudad",
)
MINUTES_COMMENT = (
    "En el informe de las autoridades falta anotar que la Fiscalía se comprometió a presentar las cifras de "
    "extorsión desagregadas por colonia."
)
CORRECTION = (
    "Donde dice «la tasa de homicidio doloso del mes fue de 2.4», debe decir «la tasa anualizada de homicidio "
    "doloso del mes fue de 24.1 por cada 100 mil habitantes».",
    "Error de captura en la cifra presentada por el Comité Sistema de indicadores, señalado por la Fiscalía.",
)
DELEGATE_TITLES = ("Lic.", "Mtra.", "Mtro.", "Ing.", "Cmdte.")
