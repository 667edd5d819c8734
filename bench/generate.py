#!/usr/bin/env python3
"""Generate a national-scale msj dataset on PostgreSQL, fast and deterministic (issue 3).

Usage, on a migrated, otherwise empty PostgreSQL database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/msj_bench .venv/bin/python bench/generate.py \
        [--scale 1.0] [--seed 2026] [--json counts.json]

At scale 1: 300 Mesas of 60 current members each (44 citizens, 12 officials in seats, the
technical secretary, an honorary citizen, a volunteer and a guest; three former members too),
an Executive Committee, an Indicators Committee and four thematic committees per Mesa, five
years of monthly meetings of every body (plenary, citizens' meeting, Executive Committee and
each of the five other committees) with their agenda, invitations for the plenary, the
citizens' meeting and the Executive Committee, attendance for those that were held, minutes
with an entry per agenda item for every held meeting, 150,000 agreements (500 per Mesa,
numbered per Mesa and year) and 600,000 follow-ups. A smaller scale keeps each Mesa the same
and makes fewer Mesas, so a page of one Mesa shows the same rows at any scale.

The small tables go in through the ORM's bulk_create; the large ones through COPY with ids
assigned here, then the sequences are moved past them and the tables analysed. Everything
comes from one seed, relative to the month the script runs in: the same seed on the same
day gives the same rows (public ids and secrets included). Every database constraint is
respected; the database checks them all during COPY.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import os
import random
import sys
import time
import uuid
import zoneinfo
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.utils import translation  # noqa: E402

from msj.accounts.models import User  # noqa: E402
from msj.agreements.models import Agreement, FollowUp  # noqa: E402
from msj.committees.models import Axis, Committee, CommitteeDecision, CommitteeMember  # noqa: E402
from msj.meetings.models import AgendaItem, Attendance, Invitation, Meeting  # noqa: E402
from msj.members.models import Membership, Office, OfficialPost, Seat  # noqa: E402
from msj.mesas.models import STATES, Mesa, MesaMunicipality, Network  # noqa: E402
from msj.minutes.models import Minutes, MinutesEntry  # noqa: E402
from msj.topics.models import Topic  # noqa: E402

# The password of every generated account (the benchmark signs in without it).
PASSWORD = "bench-Password-2026"  # noqa: S105 - generated accounts on a throw-away database

FULL_MESAS = 300
MEMBERS = 60  # current members per Mesa
CITIZENS, OFFICIALS = 44, 12  # plus the secretary, an honorary citizen, a volunteer and a guest
FORMER = 3  # former members per Mesa (resigned), with their own accounts
MONTHS = 60
AGREEMENTS_PER_MESA = 500
FOLLOW_UPS_PER_AGREEMENT = 4  # exactly, on average: deltas are drawn in opposite pairs
THEMATIC = [
    ("Comité de Prevención Social", 1),
    ("Comité de Procuración de Justicia", 2),
    ("Comité de Movilidad Segura", 1),
    ("Comité de Atención a Víctimas", 2),
]
AXES = [(1, "Prevención"), (2, "Justicia")]
TOPICS = [
    "Robo a transeúnte",
    "Robo de vehículo",
    "Violencia familiar",
    "Extorsión",
    "Homicidio doloso",
]
# Days of the month each body meets, and the order of the day it starts with (meetings.services).
DAY = {"executive": 5, "citizens": 22, "plenary": 26}
COMMITTEE_DAYS = [8, 11, 14, 17, 20]
K = AgendaItem.Kind
AGENDA = {
    "plenary": [K.INTRODUCTIONS, K.AGREEMENTS, K.AUTHORITIES, K.COMMITTEES, K.INDICATORS, K.GENERAL],
    "citizens": [K.PLENARY_REVIEW, K.AGREEMENTS, K.COMMITTEES, K.GENERAL],
    "committee": [K.AGREEMENTS, K.COMMITTEES, K.GENERAL],
    "executive": [K.AGREEMENTS, K.GENERAL],
}
AUDIENCE = {"plenary": "mesa", "citizens": "citizens", "executive": "executive", "committee": "committee"}
# Where agreements are taken, by weight; "" is outside any meeting.
ORIGIN_WEIGHTS = {"plenary": 30, "citizens": 15, "committee": 35, "executive": 12, "": 8}
TIME_ZONES = {
    "02": "America/Tijuana",
    "08": "America/Ciudad_Juarez",
    "19": "America/Monterrey",
    "23": "America/Cancun",
    "25": "America/Mazatlan",
    "26": "America/Hermosillo",
}
MONTH_NAMES = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
FIRST = [
    "Ana",
    "Beatriz",
    "Carlos",
    "Daniela",
    "Eduardo",
    "Fernanda",
    "Gabriel",
    "Héctor",
    "Irma",
    "Jorge",
    "Karla",
    "Luis",
    "María",
    "Norma",
    "Óscar",
    "Patricia",
    "Raúl",
    "Sofía",
    "Tomás",
    "Úrsula",
    "Verónica",
    "Xavier",
    "Yolanda",
    "Zacarías",
    "Alma",
    "Bruno",
    "Cecilia",
    "Diego",
    "Elena",
    "Fabián",
]
LAST = [
    "García",
    "Hernández",
    "López",
    "Martínez",
    "González",
    "Rodríguez",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Cruz",
    "Flores",
    "Gómez",
    "Morales",
    "Vázquez",
    "Reyes",
    "Jiménez",
    "Torres",
    "Díaz",
    "Gutiérrez",
    "Ruiz",
    "Mendoza",
    "Aguilar",
    "Ortiz",
    "Moreno",
    "Castillo",
    "Romero",
    "Álvarez",
]
CITIES = [
    "Aguascalientes",
    "Tijuana",
    "La-Paz",
    "Campeche",
    "Saltillo",
    "Colima",
    "Tuxtla",
    "Chihuahua",
    "Coyoacán",
    "Durango",
    "León",
    "Acapulco",
    "Pachuca",
    "Guadalajara",
    "Toluca",
    "Morelia",
    "Cuernavaca",
    "Tepic",
    "Monterrey",
    "Oaxaca",
    "Puebla",
    "Querétaro",
    "Cancún",
    "Potosí",
    "Culiacán",
    "Hermosillo",
    "Villahermosa",
    "Reynosa",
    "Tlaxcala",
    "Xalapa",
    "Mérida",
    "Zacatecas",
]
AGREEMENT_TEXTS = [
    "Instalar luminarias en el corredor escolar de la colonia {n}.",
    "Presentar el informe trimestral de denuncias por robo en la zona {n}.",
    "Coordinar un operativo conjunto en los cruceros de mayor incidencia del sector {n}.",
    "Revisar con la Fiscalía los tiempos de integración de carpetas del distrito {n}.",
    "Organizar una jornada de prevención con las escuelas del polígono {n}.",
    "Entregar a la Mesa el diagnóstico de cámaras de vigilancia del cuadrante {n}.",
    "Dar seguimiento a las recomendaciones del Comité de Indicadores sobre la meta {n}.",
    "Gestionar patrullaje adicional en el horario nocturno del sector {n}.",
]
INSTITUTIONS = ["", "", "Fiscalía General del Estado", "Secretaría de Seguridad Pública Municipal", "DIF Municipal"]
NOTES = [
    "Se informó el avance en la sesión.",
    "La autoridad responsable presentó evidencia del trabajo realizado.",
    "Se acordó reprogramar la fecha compromiso.",
    "El comité revisó los datos y pidió precisiones.",
    "Se entregó el oficio correspondiente.",
]
SUMMARY = (
    "Se presentó el punto y se abrió la discusión. Las personas integrantes comentaron los avances "
    "registrados durante el mes y las dificultades encontradas; la secretaría técnica tomó nota de las "
    "precisiones solicitadas para la siguiente sesión."
)


@dataclass(slots=True)
class MesaInfo:
    index: int
    pk: int
    tz: zoneinfo.ZoneInfo
    installed_on: dt.date
    secretary_user: int = 0
    coordinator_user: int = 0
    members: list[tuple[int, str]] = field(default_factory=list)  # (membership id, kind), current only
    citizens: list[int] = field(default_factory=list)
    officials: list[int] = field(default_factory=list)
    staff: list[int] = field(default_factory=list)
    executive: list[int] = field(default_factory=list)  # coordinator, alternates, Executive Committee
    seats: list[int] = field(default_factory=list)
    committees: list[int] = field(default_factory=list)  # Indicators and thematic: they meet as committees
    executive_committee: int = 0
    topics: list[int] = field(default_factory=list)
    held: dict[str, list[MeetingInfo]] = field(default_factory=dict)  # by kind, chronological


@dataclass(slots=True)
class MeetingInfo:
    pk: int
    mesa: MesaInfo
    kind: str
    committee: int | None
    day: dt.date  # where the Mesa sits
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    convened_at: dt.datetime | None
    first_item: int
    minutes: int | None = None


@dataclass(slots=True)
class AgreementInfo:
    pk: int
    mesa: MesaInfo
    meeting: MeetingInfo | None
    day: dt.date
    status: str
    closed_on: dt.date | None
    follow_ups: int


class Ids:
    """Hand out primary keys for a table filled by COPY, after whatever it already holds."""

    def __init__(self, model: type[models.Model] | Any) -> None:
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608 - a model's table name
            self.next = int(cursor.fetchone()[0]) + 1

    def take(self) -> int:
        value = self.next
        self.next += 1
        return value


def log(message: str) -> None:
    print(f"generate: {message}", flush=True)


def copy(model: type[models.Model] | Any, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY `rows` into the model's table; refuse to leave out a column that has no NULL to fall back on."""
    meta = model._meta
    missing = [f.column for f in meta.concrete_fields if not f.null and f.column not in columns]
    if missing:
        raise SystemExit(f"generate: {meta.db_table} needs values for {missing}")
    started = time.monotonic()
    count = 0
    cols = ", ".join(f'"{c}"' for c in columns)
    # Start the generator first: its set-up may query (Ids), which it cannot do once COPY holds the connection.
    pending = iter(rows)
    head = next(pending, None)
    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor, cursor.copy(f'COPY "{meta.db_table}" ({cols}) FROM STDIN') as stream:
        for row in itertools.chain([head] if head is not None else [], pending):
            stream.write_row(row)
            count += 1
    log(f"{meta.db_table}: {count:,} rows in {time.monotonic() - started:.1f} s")
    return count


def local(day: dt.date, hour: int, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=tz)


def month_start(today: dt.date, offset: int) -> dt.date:
    index = today.year * 12 + today.month - 1 + offset
    return dt.date(index // 12, index % 12 + 1, 1)


class Generator:
    def __init__(self, *, scale: float, seed: int) -> None:
        self.scale = scale
        self.seed = seed
        self.rng = random.Random(seed)  # noqa: S311 - data, not secrets
        self.now = dt.datetime.now(tz=dt.UTC)
        self.today = self.now.astimezone(zoneinfo.ZoneInfo("America/Mexico_City")).date()
        self.mesas: list[MesaInfo] = []
        self.meetings: list[MeetingInfo] = []
        self.agreements: list[AgreementInfo] = []
        self.n_mesas = max(2, round(FULL_MESAS * scale))

    def uid(self, rng: random.Random | None = None) -> uuid.UUID:
        return uuid.UUID(int=(rng or self.rng).getrandbits(128), version=4)

    def name(self, rng: random.Random) -> str:
        return f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)}"

    # --- the small tables, through the ORM ----------------------------------------------------

    def people(self) -> None:
        rng = self.rng
        started = time.monotonic()
        network = Network.objects.create(name="Red Nacional (banco de pruebas)", slug="red-bench")
        posts = list(OfficialPost.objects.filter(border_only=False).order_by("position"))[:OFFICIALS]
        if len(posts) < OFFICIALS:
            raise SystemExit("generate: the Cuadro 3 catalogue of official posts is missing (migrate first)")
        mesas = []
        for i in range(self.n_mesas):
            state = STATES[i % len(STATES)][0]
            mesas.append(
                Mesa(
                    public_id=self.uid(),
                    network=network,
                    name=f"Mesa {CITIES[i % len(CITIES)].replace('-', ' ')} {i + 1:03d}",
                    slug=f"mesa-{i + 1:03d}",
                    state=state,
                    time_zone=TIME_ZONES.get(state, "America/Mexico_City"),
                    status=Mesa.Status.OPERATING,
                    installed_on=dt.date(2010 + rng.randrange(8), rng.randrange(1, 13), rng.randrange(1, 28)),
                )
            )
        Mesa.objects.bulk_create(mesas)
        MesaMunicipality.objects.bulk_create(
            MesaMunicipality(mesa=m, inegi_code=f"{m.state}{i % 500 + 1:03d}", name=f"Municipio {i + 1}")
            for i, m in enumerate(mesas)
        )
        password = make_password(PASSWORD)
        window = month_start(self.today, -(MONTHS - 2))
        users: list[User] = []
        for m in mesas:
            for j in range(MEMBERS + FORMER):
                users.append(
                    User(
                        public_id=self.uid(),
                        email=f"{m.slug}.p{j + 1:02d}@bench.msj.test",
                        full_name=self.name(rng),
                        password=password,
                        date_joined=self.now,
                    )
                )
        User.objects.bulk_create(users, batch_size=2000)
        EmailAddress.objects.bulk_create(
            (EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users), batch_size=2000
        )
        seats = [Seat(public_id=self.uid(), mesa=m, post=post, label="") for m in mesas for post in posts]
        Seat.objects.bulk_create(seats, batch_size=2000)
        kinds = (
            [Membership.Kind.CITIZEN] * CITIZENS
            + [Membership.Kind.OFFICIAL] * OFFICIALS
            + [Membership.Kind.STAFF, Membership.Kind.HONORARY, Membership.Kind.VOLUNTEER, Membership.Kind.GUEST]
        )
        assert len(kinds) == MEMBERS  # noqa: S101
        memberships: list[Membership] = []
        for i, m in enumerate(mesas):
            mesa_users = users[i * (MEMBERS + FORMER) : (i + 1) * (MEMBERS + FORMER)]
            mesa_seats = seats[i * OFFICIALS : (i + 1) * OFFICIALS]
            before = max(m.installed_on, window - dt.timedelta(days=400))  # type: ignore[type-var]
            for j, kind in enumerate(kinds):
                since = before + dt.timedelta(days=rng.randrange(0, 300))
                seat = mesa_seats[j - CITIZENS] if kind == Membership.Kind.OFFICIAL else None
                memberships.append(
                    Membership(public_id=self.uid(), mesa=m, user=mesa_users[j], kind=kind, started_on=since, seat=seat)
                )
            for j in range(FORMER):
                since = m.installed_on + dt.timedelta(days=rng.randrange(0, 200))  # type: ignore[operator]
                memberships.append(
                    Membership(
                        public_id=self.uid(),
                        mesa=m,
                        user=mesa_users[MEMBERS + j],
                        kind=Membership.Kind.CITIZEN,
                        status=Membership.Status.RESIGNED,
                        started_on=since,
                        ended_on=since + dt.timedelta(days=rng.randrange(200, 900)),
                    )
                )
        Membership.objects.bulk_create(memberships, batch_size=2000)
        per_mesa = MEMBERS + FORMER
        offices: list[Office] = []
        for i, m in enumerate(mesas):
            ms = memberships[i * per_mesa : (i + 1) * per_mesa]
            info = MesaInfo(
                index=i,
                pk=m.pk,
                tz=zoneinfo.ZoneInfo(m.time_zone),
                installed_on=m.installed_on,  # type: ignore[arg-type]
            )
            info.members = [(x.pk, x.kind) for x in ms[:MEMBERS]]
            info.citizens = [x.pk for x in ms[:CITIZENS]]
            info.officials = [x.pk for x in ms[CITIZENS : CITIZENS + OFFICIALS]]
            secretary = ms[CITIZENS + OFFICIALS]
            info.staff = [secretary.pk]
            info.executive = info.citizens[:6]
            info.seats = [s.pk for s in seats[i * OFFICIALS : (i + 1) * OFFICIALS]]
            info.secretary_user = secretary.user_id
            info.coordinator_user = ms[0].user_id
            term = self.today - dt.timedelta(days=rng.randrange(30, 330))
            offices.append(
                Office(
                    public_id=self.uid(),
                    mesa=m,
                    membership=ms[0],
                    kind=Office.Kind.COORDINATOR,
                    started_on=term,
                    term_ends_on=term + dt.timedelta(days=365),
                )
            )
            for j, kind in ((1, Office.Kind.ALTERNATE), (2, Office.Kind.ALTERNATE)) + tuple(
                (j, Office.Kind.EXECUTIVE) for j in (3, 4, 5)
            ):
                offices.append(Office(public_id=self.uid(), mesa=m, membership=ms[j], kind=kind, started_on=term))
            offices.append(
                Office(
                    public_id=self.uid(),
                    mesa=m,
                    membership=secretary,
                    kind=Office.Kind.SECRETARY,
                    started_on=secretary.started_on,
                )
            )
            # The coordinators of the years before, each for a year (history rows).
            for year in range(1, 5):
                start = term - dt.timedelta(days=365 * year)
                offices.append(
                    Office(
                        public_id=self.uid(),
                        mesa=m,
                        membership=ms[5 + year],
                        kind=Office.Kind.COORDINATOR,
                        started_on=start,
                        term_ends_on=start + dt.timedelta(days=365),
                        ended_on=start + dt.timedelta(days=364),
                    )
                )
            self.mesas.append(info)
        Office.objects.bulk_create(offices, batch_size=2000)
        log(
            f"{len(mesas)} Mesas, {len(users):,} people, {len(memberships):,} memberships, {len(offices):,} offices "
            f"in {time.monotonic() - started:.1f} s"
        )
        self._committees(mesas, memberships, window)

    def _committees(self, mesas: list[Mesa], memberships: list[Membership], window: dt.date) -> None:
        rng = self.rng
        started = time.monotonic()
        axes = [Axis(public_id=self.uid(), mesa=m, number=n, name=name) for m in mesas for n, name in AXES]
        Axis.objects.bulk_create(axes, batch_size=2000)
        committees: list[Committee] = []
        for i, m in enumerate(mesas):
            mesa_axes = {a.number: a for a in axes[i * len(AXES) : (i + 1) * len(AXES)]}
            committees.append(
                Committee(
                    public_id=self.uid(),
                    mesa=m,
                    kind=Committee.Kind.EXECUTIVE,
                    name="Comité Ejecutivo",
                    created_on=m.installed_on,
                )
            )
            committees.append(
                Committee(
                    public_id=self.uid(),
                    mesa=m,
                    kind=Committee.Kind.INDICATORS,
                    name="Comité de Indicadores",
                    created_on=m.installed_on,
                )
            )
            for name, axis in THEMATIC:
                committees.append(
                    Committee(
                        public_id=self.uid(),
                        mesa=m,
                        axis=mesa_axes[axis],
                        name=name,
                        created_on=window - dt.timedelta(days=rng.randrange(30, 300)),
                    )
                )
        Committee.objects.bulk_create(committees, batch_size=2000)
        per_committee = 2 + len(THEMATIC)
        per_mesa = MEMBERS + FORMER
        members: list[CommitteeMember] = []
        decisions: list[CommitteeDecision] = []
        topics: list[Topic] = []
        for info, m in zip(self.mesas, mesas, strict=True):
            cs = committees[info.index * per_committee : (info.index + 1) * per_committee]
            ms = memberships[info.index * per_mesa : info.index * per_mesa + MEMBERS]
            by_pk = {x.pk: x for x in ms}
            info.executive_committee = cs[0].pk
            info.committees = [c.pk for c in cs[1:]]
            coordinator, secretary = by_pk[info.citizens[0]], by_pk[info.staff[0]]
            for j, pk in enumerate(info.executive):
                role = CommitteeMember.Role.COORDINATOR if j == 0 else CommitteeMember.Role.MEMBER
                if j == 1:
                    role = CommitteeMember.Role.ALTERNATE
                members.append(
                    CommitteeMember(
                        public_id=self.uid(),
                        committee=cs[0],
                        membership=by_pk[pk],
                        role=role,
                        status=CommitteeMember.Status.APPROVED,
                        joined_on=by_pk[pk].started_on,
                    )
                )
            # Anyone with a place may join a committee: citizens, officials, the volunteer and the guest.
            pool = info.citizens[6:] + info.officials + [ms[-2].pk, ms[-1].pk]
            for c in cs[1:]:
                chosen = rng.sample(pool, 9)
                officers = [pk for pk in chosen if by_pk[pk].kind == Membership.Kind.CITIZEN][:2]
                if len(officers) < 2:
                    officers = rng.sample(info.citizens[6:], 2)
                    chosen = officers + [pk for pk in chosen if pk not in officers][:7]
                rest = [pk for pk in chosen if pk not in officers]
                for j, pk in enumerate(officers + rest):
                    pending = j == len(chosen) - 1
                    role = (CommitteeMember.Role.COORDINATOR, CommitteeMember.Role.ALTERNATE)[j] if j < 2 else "member"
                    joined = max(c.created_on, by_pk[pk].started_on)  # type: ignore[type-var]
                    members.append(
                        CommitteeMember(
                            public_id=self.uid(),
                            committee=c,
                            membership=by_pk[pk],
                            role=role,
                            status=CommitteeMember.Status.PENDING if pending else CommitteeMember.Status.APPROVED,
                            joined_on=None if pending else joined,
                            approved_by=None if pending else coordinator,
                        )
                    )
                if c.kind == Committee.Kind.THEMATIC:
                    decisions.append(
                        CommitteeDecision(
                            public_id=self.uid(),
                            mesa=m,
                            kind=CommitteeDecision.Kind.CREATE,
                            committee=c,
                            decided_on=c.created_on,
                            minutes_reference=f"Acta del Comité Ejecutivo del {c.created_on:%d/%m/%Y}",
                            recorded_by=secretary,
                        )
                    )
            for j, title in enumerate(TOPICS):
                topics.append(
                    Topic(
                        public_id=self.uid(),
                        mesa=m,
                        title=title,
                        description=f"Tema prioritario de la agenda de seguridad de {m.name}.",
                        status=Topic.Status.ACTIVE,
                        approved_on=window + dt.timedelta(days=26 + j),
                    )
                )
        CommitteeMember.objects.bulk_create(members, batch_size=2000)
        CommitteeDecision.objects.bulk_create(decisions, batch_size=2000)
        Topic.objects.bulk_create(topics, batch_size=2000)
        links = []
        for info in self.mesas:
            mesa_topics = topics[info.index * len(TOPICS) : (info.index + 1) * len(TOPICS)]
            info.topics = [t.pk for t in mesa_topics]
            for j, t in enumerate(mesa_topics):
                links.append(Topic.committees.through(topic_id=t.pk, committee_id=info.committees[1 + j % 4]))
        Topic.committees.through.objects.bulk_create(links, batch_size=2000)
        log(
            f"{len(committees):,} committees, {len(members):,} committee members, {len(topics):,} topics "
            f"in {time.monotonic() - started:.1f} s"
        )

    # --- meetings, agenda, invitations, attendance, minutes (COPY) -------------------------------

    def plan_meetings(self) -> None:
        """Decide every meeting and its agenda's ids; nothing is written yet."""
        rng = self.rng
        meeting_ids, item_ids = Ids(Meeting), Ids(AgendaItem)
        for info in self.mesas:
            info.held = {kind: [] for kind in AGENDA}
            for offset in range(-(MONTHS - 2), 2):
                first = month_start(self.today, offset)
                bodies: list[tuple[str, int | None, int]] = [
                    ("executive", None, DAY["executive"]),
                    *(("committee", c, COMMITTEE_DAYS[j]) for j, c in enumerate(info.committees)),
                    ("citizens", None, DAY["citizens"]),
                    ("plenary", None, DAY["plenary"]),
                ]
                for kind, committee, day_of_month in bodies:
                    day = first.replace(day=day_of_month)
                    starts = local(day, 18, info.tz)
                    ends = starts + dt.timedelta(hours=2)
                    convened = starts - dt.timedelta(days=7)
                    if ends < self.now:
                        status = Meeting.Status.CANCELLED if rng.random() < 0.01 else Meeting.Status.HELD
                    elif starts - self.now < dt.timedelta(days=21):
                        status = Meeting.Status.CONVENED
                    else:
                        status, convened = Meeting.Status.DRAFT, None
                    if convened is not None and convened > self.now:
                        convened = self.now - dt.timedelta(hours=1)
                    meeting = MeetingInfo(
                        pk=meeting_ids.take(),
                        mesa=info,
                        kind=kind,
                        committee=committee,
                        day=day,
                        starts_at=starts,
                        ends_at=ends,
                        status=status,
                        convened_at=convened,
                        first_item=item_ids.next,
                    )
                    item_ids.next += len(AGENDA[kind])
                    self.meetings.append(meeting)
                    if status == Meeting.Status.HELD:
                        info.held[kind].append(meeting)
        self.meetings.sort(key=lambda m: m.pk)

    def meeting_rows(self) -> Iterator[tuple[Any, ...]]:
        rng = random.Random(self.seed + 1)  # noqa: S311
        names = {}
        for info in self.mesas:
            names[info.committees[0]] = "Comité de Indicadores"
            for j, (name, _axis) in enumerate(THEMATIC):
                names[info.committees[1 + j]] = name
        for m in self.meetings:
            month = f"{MONTH_NAMES[m.day.month - 1]} de {m.day.year}"
            title = {
                "plenary": f"Sesión plenaria ordinaria de {month}",
                "citizens": f"Reunión ciudadana de {month}",
                "executive": f"Comité Ejecutivo: sesión de {month}",
            }.get(m.kind) or f"{names[m.committee]}: sesión de {month}"  # type: ignore[index]
            created = (m.convened_at or m.starts_at) - dt.timedelta(days=3)
            yield (
                m.pk,
                self.uid(rng),
                created,
                m.convened_at or created,
                m.mesa.pk,
                m.kind,
                m.committee,
                title,
                m.starts_at,
                m.ends_at,
                "Sala de cabildo del Ayuntamiento" if m.kind == "plenary" else "Oficinas de la Mesa",
                "",
                m.status,
                False,
                "",
                m.convened_at,
                0,
                f"{rng.getrandbits(192):048x}",
            )

    def agenda_rows(self) -> Iterator[tuple[Any, ...]]:
        rng = random.Random(self.seed + 2)  # noqa: S311
        # Titles are the Mesa's data, in the language its members speak (as meetings.services stores them).
        with translation.override(settings.LANGUAGE_CODE):
            labels = {kind: str(AgendaItem.Kind(kind).label) for kind in AgendaItem.Kind.values}
        for m in self.meetings:
            created = (m.convened_at or m.starts_at) - dt.timedelta(days=3)
            for position, kind in enumerate(AGENDA[m.kind], start=1):
                presenter = None
                if kind == K.AUTHORITIES:
                    presenter = rng.choice(m.mesa.officials)  # officials are invited to the plenary
                yield (
                    m.first_item + position - 1,
                    self.uid(rng),
                    created,
                    created,
                    m.pk,
                    position,
                    kind,
                    labels[kind],
                    presenter,
                )

    def _invitees(self, m: MeetingInfo) -> list[int]:
        info = m.mesa
        if m.kind == "plenary":
            return info.citizens + info.officials + info.staff
        if m.kind == "citizens":
            return info.citizens + info.staff
        if m.kind == "executive":
            return info.executive + info.staff
        return []  # committee meetings: no invitations generated (see the module's docstring)

    def _replies(self, m: MeetingInfo) -> Iterator[tuple[int, str, str, dt.datetime | None, str]]:
        """(membership, reply, delegate, replied at, attendance) for each invitee; the same on every call."""
        rng = random.Random(self.seed * 1_000_003 + m.pk)  # noqa: S311
        officials = set(m.mesa.officials)
        for pk in self._invitees(m):
            draw = rng.random()
            delegate = ""
            if m.status == Meeting.Status.DRAFT or (m.status == Meeting.Status.CONVENED and draw < 0.4):
                reply = Invitation.Reply.PENDING
            elif pk in officials and draw > 0.95:
                reply, delegate = Invitation.Reply.DELEGATE, f"Lic. {rng.choice(FIRST)} {rng.choice(LAST)}"
            elif draw > 0.87:
                reply = Invitation.Reply.NOT_ATTENDING
            else:
                reply = Invitation.Reply.ATTENDING
            replied = None
            if reply != Invitation.Reply.PENDING and m.convened_at is not None:
                replied = min(m.convened_at + dt.timedelta(hours=rng.randrange(1, 120)), self.now)
            second = rng.random()
            if reply == Invitation.Reply.DELEGATE:
                attendance = Attendance.Status.DELEGATE
            elif reply == Invitation.Reply.NOT_ATTENDING:
                attendance = Attendance.Status.JUSTIFIED if second < 0.7 else Attendance.Status.UNJUSTIFIED
            else:
                attendance = Attendance.Status.PRESENT if second < 0.93 else Attendance.Status.UNJUSTIFIED
            yield pk, reply, delegate, replied, attendance

    def invitation_rows(self) -> Iterator[tuple[Any, ...]]:
        rng = random.Random(self.seed + 3)  # noqa: S311
        ids = Ids(Invitation)
        for m in self.meetings:
            created = (m.convened_at or m.starts_at) - dt.timedelta(days=3)
            for pk, reply, delegate, replied, _attendance in self._replies(m):
                yield (
                    ids.take(),
                    self.uid(rng),
                    created,
                    replied or created,
                    m.pk,
                    pk,
                    "member",
                    reply,
                    delegate,
                    replied,
                )

    def attendance_rows(self) -> Iterator[tuple[Any, ...]]:
        rng = random.Random(self.seed + 4)  # noqa: S311
        ids = Ids(Attendance)
        for m in self.meetings:
            if m.status != Meeting.Status.HELD:
                continue
            for pk, _reply, delegate, _replied, status in self._replies(m):
                method = "qr" if status == Attendance.Status.PRESENT and rng.random() < 0.5 else "manual"
                at = m.starts_at + dt.timedelta(minutes=rng.randrange(0, 30))
                yield (ids.take(), self.uid(rng), at, at, m.pk, pk, status, method, delegate, m.mesa.secretary_user)

    def minutes_rows(self) -> Iterator[tuple[Any, ...]]:
        """Minutes of every held meeting, approved at the next held meeting of the same body."""
        rng = random.Random(self.seed + 5)  # noqa: S311
        ids = Ids(Minutes)
        rows = []
        for info in self.mesas:
            bodies: dict[tuple[str, int | None], list[MeetingInfo]] = {}
            for kind in AGENDA:
                for m in info.held[kind]:
                    bodies.setdefault((kind, m.committee), []).append(m)
            for held in bodies.values():
                for j, m in enumerate(held):
                    m.minutes = ids.take()
                    following = held[j + 1] if j + 1 < len(held) else None
                    circulated: dt.datetime | None = m.ends_at + dt.timedelta(days=3)
                    approved, sealed = None, None
                    if following is not None and following.ends_at < self.now - dt.timedelta(days=20):
                        status, approved = Minutes.Status.SEALED, following.pk
                        sealed = following.ends_at + dt.timedelta(days=2)
                    elif following is not None:
                        status, approved = Minutes.Status.APPROVED, following.pk
                    elif circulated is not None and circulated < self.now:
                        status = Minutes.Status.CIRCULATED
                    else:
                        status, circulated = Minutes.Status.DRAFT, None
                    created = m.ends_at + dt.timedelta(hours=2)
                    rows.append(
                        (
                            m.minutes,
                            self.uid(rng),
                            created,
                            sealed or created,
                            m.pk,
                            status,
                            circulated,
                            approved,
                            sealed,
                        )
                    )
        rows.sort(key=lambda r: r[0])
        yield from rows

    def entry_rows(self) -> Iterator[tuple[Any, ...]]:
        rng = random.Random(self.seed + 6)  # noqa: S311
        ids = Ids(MinutesEntry)
        for m in self.meetings:
            if m.minutes is None:
                continue
            at = m.ends_at + dt.timedelta(hours=3)
            for position, kind in enumerate(AGENDA[m.kind]):
                decisions = "Se acordó dar seguimiento en la próxima sesión." if kind == K.AGREEMENTS else ""
                yield (ids.take(), self.uid(rng), at, at, m.minutes, m.first_item + position, SUMMARY, decisions)

    # --- agreements and follow-ups (COPY) ---------------------------------------------------------

    def plan_agreements(self) -> None:
        rng = random.Random(self.seed + 7)  # noqa: S311
        ids = Ids(Agreement)
        kinds, weights = list(ORIGIN_WEIGHTS), list(ORIGIN_WEIGHTS.values())
        window = month_start(self.today, -(MONTHS - 2))
        span = (self.today - window).days
        for info in self.mesas:
            planned: list[tuple[dt.date, int, MeetingInfo | None]] = []
            for n in range(AGREEMENTS_PER_MESA):
                kind = rng.choices(kinds, weights)[0]
                meeting = rng.choice(info.held[kind]) if kind else None
                day = meeting.day if meeting else window + dt.timedelta(days=rng.randrange(span))
                planned.append((day, n, meeting))
            planned.sort(key=lambda p: (p[0], p[2].starts_at if p[2] else dt.datetime.min.replace(tzinfo=dt.UTC), p[1]))
            deltas = []
            for _ in range(AGREEMENTS_PER_MESA // 2):
                d = rng.randint(-3, 3)
                deltas += [d, -d]
            deltas += [0] * (AGREEMENTS_PER_MESA - len(deltas))
            rng.shuffle(deltas)
            for (day, _n, meeting), delta in zip(planned, deltas, strict=True):
                age = (self.today - day).days
                draw = rng.random()
                if age > 365:
                    status = "done" if draw < 0.75 else "cancelled" if draw < 0.85 else "open"
                elif age > 90:
                    status = "done" if draw < 0.45 else "cancelled" if draw < 0.5 else "open"
                else:
                    status = "done" if draw < 0.1 else "open"
                closed = None
                if status in {"done", "cancelled"}:
                    closed = day + dt.timedelta(days=rng.randrange(0, max(1, min(age, 200))))
                self.agreements.append(
                    AgreementInfo(
                        pk=ids.take(),
                        mesa=info,
                        meeting=meeting,
                        day=day,
                        status=status,
                        closed_on=closed,
                        follow_ups=FOLLOW_UPS_PER_AGREEMENT + delta,
                    )
                )

    def agreement_rows(self) -> Iterator[tuple[Any, ...]]:
        rng = random.Random(self.seed + 8)  # noqa: S311
        numbers: dict[tuple[int, int], int] = {}
        for a in self.agreements:
            key = (a.mesa.pk, a.day.year)
            numbers[key] = number = numbers.get(key, 0) + 1
            meeting = a.meeting
            kind = meeting.kind if meeting else ""
            item = None
            if meeting is not None:
                item_kind = K.AGREEMENTS if rng.random() < 0.5 else K.GENERAL
                item = meeting.first_item + AGENDA[kind].index(item_kind)
            if kind == "committee":
                committee = meeting.committee  # type: ignore[union-attr]
            elif kind == "executive":
                committee = a.mesa.executive_committee if rng.random() < 0.3 else None
            else:
                committee = rng.choice(a.mesa.committees) if rng.random() < 0.6 else None
            status = a.status
            if status == "open" and a.follow_ups and rng.random() < 0.6:
                status = "in_progress"
            a.status = status
            due = a.day + dt.timedelta(days=rng.randrange(15, 121)) if rng.random() < 0.9 else None
            at = (meeting.ends_at if meeting else local(a.day, 12, a.mesa.tz)) + dt.timedelta(minutes=number % 60)
            yield (
                a.pk,
                self.uid(rng),
                at,
                at,
                a.mesa.pk,
                a.day.year,
                number,
                rng.choice(AGREEMENT_TEXTS).format(n=rng.randrange(1, 400)),
                meeting.pk if meeting else None,
                item,
                committee,
                rng.choice(INSTITUTIONS),
                due,
                rng.choice(["high", "normal", "normal", "normal", "low"]),
                status,
                a.closed_on,
                AUDIENCE.get(kind, "mesa"),
            )

    def m2m_rows(self, which: str) -> Iterator[tuple[Any, ...]]:
        rng = random.Random(f"{self.seed}:{which}")  # noqa: S311
        through = getattr(Agreement, which).through
        ids = Ids(through)
        share, pool = {
            "responsible_seats": (0.4, "seats"),
            "responsible_people": (0.3, "citizens"),
            "topics": (0.5, "topics"),
        }[which]
        for a in self.agreements:
            if rng.random() >= share:
                continue
            choices = getattr(a.mesa, pool)
            for pk in rng.sample(choices, 1 if which == "topics" else rng.randint(1, 2)):
                yield (ids.take(), a.pk, pk)

    def follow_up_rows(self) -> Iterator[tuple[Any, ...]]:
        rng = random.Random(self.seed + 9)  # noqa: S311
        ids = Ids(FollowUp)
        for a in self.agreements:
            end = a.closed_on or self.today
            span = max(0, (end - a.day).days)
            days = sorted(rng.randrange(span + 1) for _ in range(a.follow_ups))
            progress = sorted(rng.randrange(0, 101, 5) for _ in range(a.follow_ups))
            plenaries = a.mesa.held["plenary"]
            plenary_days = [m.day for m in plenaries]
            for j, offset in enumerate(days):
                on = a.day + dt.timedelta(days=offset)
                meeting = None
                if rng.random() < 0.35:
                    k = bisect.bisect_left(plenary_days, on)
                    if k < len(plenaries) and plenary_days[k] <= end:
                        meeting, on = plenaries[k].pk, plenary_days[k]
                last = j == a.follow_ups - 1
                status_after = a.status if last and a.status in {"done", "cancelled"} else ""
                value = 100 if last and a.status == "done" else (progress[j] if rng.random() < 0.8 else None)
                at = local(on, 19, a.mesa.tz) + dt.timedelta(seconds=j)
                author = a.mesa.secretary_user if rng.random() < 0.7 else a.mesa.coordinator_user
                yield (
                    ids.take(),
                    self.uid(rng),
                    at,
                    at,
                    a.pk,
                    on,
                    meeting,
                    rng.choice(NOTES),
                    value,
                    status_after,
                    author,
                )

    # --- the whole run --------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        started = time.monotonic()
        if Mesa.objects.exists():
            raise SystemExit("generate: the database already holds Mesas; give it an empty, migrated database")
        self.people()
        self.plan_meetings()
        log(f"planned {len(self.meetings):,} meetings")
        meeting_cols = [f.column for f in Meeting._meta.concrete_fields]
        copy(Meeting, meeting_cols, self.meeting_rows())
        copy(AgendaItem, [f.column for f in AgendaItem._meta.concrete_fields], self.agenda_rows())
        copy(Invitation, [f.column for f in Invitation._meta.concrete_fields], self.invitation_rows())
        copy(Attendance, [f.column for f in Attendance._meta.concrete_fields], self.attendance_rows())
        copy(Minutes, [f.column for f in Minutes._meta.concrete_fields], self.minutes_rows())
        copy(MinutesEntry, [f.column for f in MinutesEntry._meta.concrete_fields], self.entry_rows())
        self.plan_agreements()
        copy(Agreement, [f.column for f in Agreement._meta.concrete_fields], self.agreement_rows())
        for which in ("responsible_seats", "responsible_people", "topics"):
            through = getattr(Agreement, which).through
            copy(through, [f.column for f in through._meta.concrete_fields], self.m2m_rows(which))
        copy(FollowUp, [f.column for f in FollowUp._meta.concrete_fields], self.follow_up_rows())
        self._topics_approved()
        self._second_factors()
        self._finish()
        seconds = time.monotonic() - started
        counts = self.counts()
        log(f"done in {seconds:.0f} s")
        return {"scale": self.scale, "seed": self.seed, "seconds": round(seconds, 1), "counts": counts}

    def _topics_approved(self) -> None:
        """Each topic was approved at the Mesa's first plenary of the window."""
        for info in self.mesas:
            first = info.held["plenary"][0]
            Topic.objects.filter(mesa_id=info.pk).update(approved_at_id=first.pk, approved_on=first.day)

    def _second_factors(self) -> None:
        """Coordinators and secretaries must use MFA: each has an authenticator app."""
        users = User.objects.filter(
            memberships__offices__kind__in=[Office.Kind.COORDINATOR, Office.Kind.SECRETARY],
            memberships__offices__ended_on__isnull=True,
        ).distinct()
        for user in users:
            TOTP.activate(user, generate_totp_secret())

    def _finish(self) -> None:
        started = time.monotonic()
        tables = [
            Meeting,
            AgendaItem,
            Invitation,
            Attendance,
            Minutes,
            MinutesEntry,
            Agreement,
            FollowUp,
            Agreement.responsible_seats.through,
            Agreement.responsible_people.through,
            Agreement.topics.through,
        ]
        with connection.cursor() as cursor:
            for model in tables:
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608 - model table names
                    f'(SELECT COALESCE(MAX(id), 1) FROM "{table}"))'
                )
            cursor.execute("VACUUM ANALYZE")
        log(f"sequences moved, VACUUM ANALYZE in {time.monotonic() - started:.1f} s")

    def counts(self) -> dict[str, int]:
        models_counted = {
            "mesas": Mesa,
            "users": User,
            "memberships": Membership,
            "offices": Office,
            "seats": Seat,
            "committees": Committee,
            "committee members": CommitteeMember,
            "topics": Topic,
            "meetings": Meeting,
            "agenda items": AgendaItem,
            "invitations": Invitation,
            "attendance": Attendance,
            "minutes": Minutes,
            "minutes entries": MinutesEntry,
            "agreements": Agreement,
            "follow-ups": FollowUp,
        }
        return {name: model.objects.count() for name, model in models_counted.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", "1")))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", type=Path, help="write the row counts and the time taken here")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("generate: DATABASE_URL must point at PostgreSQL (COPY is PostgreSQL's)")
    if not 0 < args.scale <= 1:
        raise SystemExit("generate: --scale must be above 0 and at most 1")
    result = Generator(scale=args.scale, seed=args.seed).run()
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    for name, count in result["counts"].items():
        print(f"  {name:>18}: {count:>10,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
