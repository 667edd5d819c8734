"""The demo's content: two fictional Mesas and invented people, all as plain data.

Nobody here is a real person: every name is drawn from the short lists below with a
fixed seed, so each load produces the same people and e-mail addresses. Names of
Mesas, axes and committees are Spanish data (DOMAIN.md §4.6, source §2.5.10.1), not
interface text, so they are not translated.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

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
    return Cast(
        juarez_citizens=juarez_citizens,
        juarez_secretary=juarez_secretary,
        juarez_officials=juarez_officials,
        juarez_former_mayor=juarez_former_mayor,
        chihuahua_citizens=chihuahua_citizens,
        chihuahua_secretary=chihuahua_secretary,
        chihuahua_officials=chihuahua_officials,
        network_staff=network_staff,
    )
