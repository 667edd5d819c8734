"""The test personas, shared by every app's tests (STYLE.md convention 7).

Mesa A (Ciudad Juárez, its own time zone) and Mesa B, one network:

- Ana: citizen member of A, coordinator (MFA enrolled)
- Eva: citizen member of A, Executive Committee member
- Beto: citizen member of A, no office
- Olga: official member of A through the municipal public-security director's seat
- Sara: technical secretary of A (staff, MFA enrolled)
- Carla: citizen member of B, the outsider to A
- Nora: network staff (MFA enrolled), member of no Mesa

Every persona's e-mail address is verified, as for people who have signed in before.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth.hashers import make_password

from msj.accounts.models import User
from msj.members.catalogue import load_official_posts
from msj.members.models import Membership, NetworkStaff, Office, OfficialPost, Seat
from msj.mesas.models import Mesa, Network

PASSWORD = "persona-Password-2026"  # noqa: S105 - a test fixture, never a real account
SINCE = dt.date(2024, 1, 15)


@dataclass
class Personas:
    network: Network
    mesa_a: Mesa
    mesa_b: Mesa
    ana: User
    eva: User
    beto: User
    olga: User
    sara: User
    carla: User
    nora: User
    olga_seat: Seat

    def all(self) -> dict[str, User | None]:
        return {
            "anonymous": None,
            "ana": self.ana,
            "eva": self.eva,
            "beto": self.beto,
            "olga": self.olga,
            "sara": self.sara,
            "carla": self.carla,
            "nora": self.nora,
        }


@functools.cache
def _password_hash_with(hasher: str) -> str:
    return make_password(PASSWORD)


def _password_hash() -> str:
    # Argon2 is slow by design: hash the shared persona password once per process — and per
    # hasher, since some tests switch to a faster one and could not check the other's hash.
    return _password_hash_with(settings.PASSWORD_HASHERS[0])


def _user(email: str, name: str, *, mfa: bool = False) -> User:
    user = User.objects.create_user(email=email, full_name=name, email_verified=True)
    user.password = _password_hash()
    user.save(update_fields=["password"])
    if mfa:
        TOTP.activate(user, generate_totp_secret())
    return user


def make_personas() -> Personas:
    # Transactional tests empty every table, the catalogue loaded by a migration included.
    if not OfficialPost.objects.exists():
        load_official_posts(OfficialPost)
    network = Network.objects.create(name="Red Nacional (pruebas)", slug="red-pruebas")
    mesa_a = Mesa.objects.create(
        network=network,
        name="Mesa A",
        slug="mesa-a",
        state="08",
        time_zone="America/Ciudad_Juarez",
        status=Mesa.Status.OPERATING,
        installed_on=dt.date(2010, 6, 1),
    )
    mesa_b = Mesa.objects.create(
        network=network,
        name="Mesa B",
        slug="mesa-b",
        state="28",
        time_zone="America/Monterrey",
        status=Mesa.Status.OPERATING,
        installed_on=dt.date(2012, 3, 1),
    )
    ana = _user("ana@example.org", "Ana Arriaga", mfa=True)
    eva = _user("eva@example.org", "Eva Escobedo")
    beto = _user("beto@example.org", "Beto Barrios")
    olga = _user("olga@example.org", "Olga Ocampo")
    sara = _user("sara@example.org", "Sara Salas", mfa=True)
    carla = _user("carla@example.org", "Carla Cisneros")
    nora = _user("nora@example.org", "Nora Nava", mfa=True)

    def member(user: User, mesa: Mesa, kind: str, seat: Seat | None = None) -> Membership:
        return Membership.objects.create(mesa=mesa, user=user, kind=kind, started_on=SINCE, seat=seat)

    ana_m = member(ana, mesa_a, Membership.Kind.CITIZEN)
    eva_m = member(eva, mesa_a, Membership.Kind.CITIZEN)
    member(beto, mesa_a, Membership.Kind.CITIZEN)
    seat = Seat.objects.create(mesa=mesa_a, post=OfficialPost.objects.get(code="municipal-security-director"))
    member(olga, mesa_a, Membership.Kind.OFFICIAL, seat=seat)
    sara_m = member(sara, mesa_a, Membership.Kind.STAFF)
    member(carla, mesa_b, Membership.Kind.CITIZEN)
    Office.objects.create(mesa=mesa_a, membership=ana_m, kind=Office.Kind.COORDINATOR, started_on=SINCE)
    Office.objects.create(mesa=mesa_a, membership=eva_m, kind=Office.Kind.EXECUTIVE, started_on=SINCE)
    Office.objects.create(mesa=mesa_a, membership=sara_m, kind=Office.Kind.SECRETARY, started_on=SINCE)
    NetworkStaff.objects.create(network=network, user=nora, started_on=SINCE)
    return Personas(
        network=network,
        mesa_a=mesa_a,
        mesa_b=mesa_b,
        ana=ana,
        eva=eva,
        beto=beto,
        olga=olga,
        sara=sara,
        carla=carla,
        nora=nora,
        olga_seat=seat,
    )
