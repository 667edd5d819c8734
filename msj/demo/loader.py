"""Load the demo into the database through the same services the application uses.

Loading is idempotent: every row is looked up by its natural key (slug, e-mail, post,
office) before it is created, so a second load adds nothing, not even audit entries. The
Juárez Mesa's past year of meetings, minutes and agreements comes from `cycle.py`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone

from msj.accounts.models import User
from msj.audit.models import AuditEvent
from msj.audit.services import record, snapshot
from msj.committees.models import Axis, Committee
from msj.demo import data
from msj.demo.charter import load_charter
from msj.demo.cycle import load_year
from msj.demo.encuentros import load_encuentros
from msj.demo.exchange import load_exchange
from msj.demo.forming import load_forming
from msj.demo.indicators import load_indicators
from msj.demo.press import load_press
from msj.demo.surveys import load_surveys
from msj.members import services
from msj.members.catalogue import load_official_posts
from msj.members.models import Membership, NetworkStaff, Office, OfficialPost, Seat
from msj.mesas.models import Mesa, MesaMunicipality, Network

# The offices' terms follow the calendar, so that the demo always shows a coordinator in mid-term.
TERM_STARTED_MONTHS_AGO = 4


def cast() -> data.Cast:
    """Everyone in the demo, as the current catalogue of official posts defines the seats."""
    posts = OfficialPost.objects.order_by("position").values_list("code", "level", "border_only")
    return data.build_cast(list(posts))


def _months_before(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months
    return dt.date(month_index // 12, month_index % 12 + 1, 1)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass
class DemoLoader:
    today: dt.date
    created: Counter[str] = field(default_factory=Counter)
    _password_hash: str | None = None

    def _new(self, obj: models.Model, *, mesa: Mesa | None = None, audit: bool = True) -> Any:
        """Validate and save a new row, recording its creation in the audit trail."""
        obj.full_clean()
        obj.save()
        self.created[obj._meta.model_name or ""] += 1
        if audit:
            record(AuditEvent.Action.CREATE, obj=obj, mesa=mesa, after=snapshot(obj))
        return obj

    def password_hash(self) -> str:
        # Hash the shared password once: Argon2 is slow on purpose, and every demo account uses it.
        if self._password_hash is None:
            self._password_hash = make_password(data.PASSWORD)
        return self._password_hash

    def account(self, person: data.Person) -> User:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User(email=person.email, full_name=person.full_name, password=self.password_hash())
            self._new(user, audit=False)
        # allauth requires a verified address to sign in with a password.
        if not EmailAddress.objects.filter(user=user, email=person.email).exists():
            EmailAddress.objects.create(user=user, email=person.email, verified=True, primary=True)
            self.created["emailaddress"] += 1
        return user

    def network(self) -> Network:
        network = Network.objects.filter(slug=data.NETWORK["slug"]).first()
        return network or self._new(Network(**data.NETWORK))

    def mesa(self, network: Network, spec: data.MesaSpec) -> Mesa:
        mesa = Mesa.objects.filter(slug=spec.slug).first()
        if mesa is None:
            mesa = Mesa(
                network=network,
                slug=spec.slug,
                name=spec.name,
                state=spec.state,
                time_zone=spec.time_zone,
                status=Mesa.Status.OPERATING,
                installed_on=spec.installed_on,
                plenary_max_interval_months=spec.plenary_max_interval_months,
            )
            self._new(mesa, mesa=mesa)
        for code, name in spec.territory:
            if not MesaMunicipality.objects.filter(mesa=mesa, inegi_code=code).exists():
                self._new(MesaMunicipality(mesa=mesa, inegi_code=code, name=name), mesa=mesa)
        return mesa

    def member(self, mesa: Mesa, person: data.Person, kind: str) -> Membership:
        user = self.account(person)
        existing = Membership.objects.filter(mesa=mesa, user=user).order_by("-started_on").first()
        if existing is not None:
            return existing
        self.created["membership"] += 1
        return services.add_membership(mesa=mesa, user=user, kind=kind, started_on=person.since)

    def seat(self, mesa: Mesa, post: OfficialPost, holders: list[data.Person]) -> Seat:
        """The post's seat, handed to each holder in turn (the last one holds it now)."""
        seat = Seat.objects.filter(mesa=mesa, post=post, label="").first()
        if seat is None:
            seat = self._new(Seat(mesa=mesa, post=post), mesa=mesa)
        if not seat.memberships.exists():
            for person in holders:
                services.hand_over_seat(seat=seat, new_holder=self.account(person), on=person.since)
                self.created["membership"] += 1
        return seat

    def office(
        self, membership: Membership, kind: str, started_on: dt.date, term_ends_on: dt.date | None = None
    ) -> None:
        if not Office.objects.filter(membership=membership, kind=kind).exists():
            services.appoint_office(membership=membership, kind=kind, started_on=started_on, term_ends_on=term_ends_on)
            self.created["office"] += 1

    def committees(self, mesa: Mesa, axes: list[tuple[int, str, dt.date, list[str]]], indicators: str) -> None:
        """The Executive Committee, the axes and their committees, and the Indicators Committee."""
        installed_on = mesa.installed_on or self.today
        if not Committee.objects.filter(mesa=mesa, name=data.EXECUTIVE_COMMITTEE).exists():
            executive = Committee(
                mesa=mesa, name=data.EXECUTIVE_COMMITTEE, kind=Committee.Kind.EXECUTIVE, created_on=installed_on
            )
            self._new(executive, mesa=mesa)
        for number, axis_name, created_on, names in axes:
            axis = Axis.objects.filter(mesa=mesa, number=number).first()
            if axis is None:
                axis = self._new(Axis(mesa=mesa, number=number, name=axis_name), mesa=mesa)
            for name in names:
                if not Committee.objects.filter(mesa=mesa, name=name).exists():
                    kind = Committee.Kind.INDICATORS if name == indicators else Committee.Kind.THEMATIC
                    self._new(Committee(mesa=mesa, axis=axis, name=name, kind=kind, created_on=created_on), mesa=mesa)
        if not Committee.objects.filter(mesa=mesa, kind=Committee.Kind.INDICATORS).exists():
            created_on = installed_on + dt.timedelta(days=14)
            indicators_committee = Committee(
                mesa=mesa, name=indicators, kind=Committee.Kind.INDICATORS, created_on=created_on
            )
            self._new(indicators_committee, mesa=mesa)

    def citizens(self, mesa: Mesa, citizens: tuple[data.Person, ...], executives: int, former: int | None) -> None:
        """Admit the citizens, then appoint the offices.

        By position: coordinator [1], alternates [2] and [3], then `executives` Executive
        Committee members, and `former`, the coordinator of the previous term.
        """
        term_start = _months_before(self.today, TERM_STARTED_MONTHS_AGO)
        term_end = _add_years(term_start, 1)
        members = {i: self.member(mesa, p, Membership.Kind.CITIZEN) for i, p in enumerate(citizens)}
        if former is not None:
            # Appointed first, so that appointing today's coordinator ends this term.
            previous_start = _add_years(term_start, -1)
            self.office(members[former], Office.Kind.COORDINATOR, previous_start, term_start)
        self.office(members[1], Office.Kind.COORDINATOR, term_start, term_end)
        for i in (2, 3):
            self.office(members[i], Office.Kind.ALTERNATE, term_start, term_end)
        for i in range(4, 4 + executives):
            self.office(members[i], Office.Kind.EXECUTIVE, _add_years(term_start, -2))

    def secretary(self, mesa: Mesa, person: data.Person) -> None:
        membership = self.member(mesa, person, Membership.Kind.STAFF)
        self.office(membership, Office.Kind.SECRETARY, person.since)

    def network_staff(self, network: Network, person: data.Person) -> None:
        user = self.account(person)
        if not NetworkStaff.objects.filter(network=network, user=user).exists():
            self._new(NetworkStaff(network=network, user=user, started_on=person.since))


@transaction.atomic
def load_demo(*, today: dt.date | None = None, year: bool = True) -> Counter[str]:
    """Create the demo network, its six Mesas and their people; return what was created, by model.

    Four Mesas operate (Juárez, Chihuahua, Morelia, Tapachula) and two are forming (Puebla and
    Villahermosa, msj/demo/forming.py).

    With `year`, the Juárez Mesa also gets a past year of its operating cycle (`cycle.py`):
    committees at work, its security agenda, meetings, minutes and agreements. Tests about
    the people alone leave it out, as it takes most of the loading time.
    """
    # The catalogue comes with a migration, but a flushed test database (live-server tests)
    # has lost it: loading it again is harmless and makes the demo load anywhere.
    load_official_posts(OfficialPost)
    loader = DemoLoader(today=today or timezone.localdate())
    people = cast()
    posts = list(OfficialPost.objects.order_by("position"))

    network = loader.network()
    juarez = loader.mesa(network, data.JUAREZ)
    chihuahua = loader.mesa(network, data.CHIHUAHUA)

    loader.committees(juarez, data.JUAREZ_AXES, data.JUAREZ_INDICATORS_COMMITTEE)
    loader.citizens(juarez, people.juarez_citizens, executives=3, former=7)
    loader.secretary(juarez, people.juarez_secretary)
    for post in posts:
        holders = [people.juarez_officials[post.code]]
        if post.code == "municipal-mayor":
            holders.insert(0, people.juarez_former_mayor)
        loader.seat(juarez, post, holders)

    loader.committees(chihuahua, [], data.CHIHUAHUA_INDICATORS_COMMITTEE)
    loader.citizens(chihuahua, people.chihuahua_citizens, executives=1, former=None)
    loader.secretary(chihuahua, people.chihuahua_secretary)
    for post in posts:
        if post.level == OfficialPost.Level.MUNICIPAL and not post.border_only:
            loader.seat(chihuahua, post, [people.chihuahua_officials[post.code]])
        elif post.level == OfficialPost.Level.STATE:
            # State officials sit at every Mesa of their state: one person, two seats.
            loader.seat(chihuahua, post, [people.juarez_officials[post.code]])

    younger = []
    for spec, citizens, secretary, officials in (
        (data.MORELIA, people.morelia_citizens, people.morelia_secretary, people.morelia_officials),
        (data.TAPACHULA, people.tapachula_citizens, people.tapachula_secretary, people.tapachula_officials),
    ):
        mesa = loader.mesa(network, spec)
        loader.committees(mesa, [], data.CHIHUAHUA_INDICATORS_COMMITTEE)
        loader.citizens(mesa, citizens, executives=1, former=None)
        assert secretary is not None  # noqa: S101 - build_cast always invents one
        loader.secretary(mesa, secretary)
        for post in posts:
            if post.code in officials:
                loader.seat(mesa, post, [officials[post.code]])
        younger.append(mesa)

    loader.network_staff(network, people.network_staff)
    added = load_indicators(juarez, chihuahua)
    if added:
        loader.created["indicators"] += added
    # The network's side (issue 6): two Mesas forming, model documents adopted, the year's surveys,
    # the directory and exchanges, the national meeting, and each Mesa's press work.
    operating = [juarez, chihuahua, *younger]
    network_rows = {
        "forming": load_forming(network, loader.today),
        "charter": load_charter(network, operating, loader.today),
        "surveys": load_surveys(network, operating, loader.today),
        "exchange": load_exchange(network, operating, loader.today),
        "encuentros": load_encuentros(network, operating, loader.today),
        "press": sum(load_press(mesa, loader.today) for mesa in operating),
    }
    for name, count in network_rows.items():
        if count:
            loader.created[name] += count
    if year:
        year_citizens = [loader.member(juarez, person, Membership.Kind.CITIZEN) for person in people.juarez_citizens]
        load_year(loader, juarez, year_citizens)
    return loader.created
