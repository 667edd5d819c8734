import datetime as dt
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command

from msj.audit.models import AuditEvent
from msj.committees.models import Axis, Committee
from msj.demo import data
from msj.demo.loader import cast, load_demo
from msj.demo.management.commands.demo_logins import demo_logins
from msj.members.models import Membership, NetworkStaff, Office, OfficialPost, Seat
from msj.mesas.models import Mesa

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def juarez() -> Mesa:
    load()
    return Mesa.objects.get(slug="juarez-demo")


def test_loading_again_adds_no_rows():
    assert "Demo data loaded" in load()
    first = row_counts()
    assert "nothing was added" in load()
    assert row_counts() == first


def test_loading_again_months_later_adds_no_rows():
    # The offices' terms follow the calendar; a later load must still recognise them.
    load_demo(today=dt.date(2026, 3, 1))
    first = row_counts()
    assert not load_demo(today=dt.date(2026, 11, 20))
    assert row_counts() == first


def test_juarez_frame(juarez):
    assert juarez.name == "Mesa de Seguridad y Justicia de Ciudad Juárez (demo)"
    assert juarez.network.name == "Red Nacional de Mesas de Seguridad y Justicia (demo)"
    assert juarez.state == "08"
    assert juarez.time_zone == "America/Ciudad_Juarez"
    assert juarez.status == Mesa.Status.OPERATING
    assert juarez.installed_on.year == 2010
    assert juarez.plenary_max_interval_months == 1
    assert list(juarez.territory.values_list("inegi_code", "name")) == [("08037", "Juárez")]
    chihuahua = Mesa.objects.get(slug="chihuahua-demo")
    assert list(chihuahua.territory.values_list("inegi_code", flat=True)) == ["08019"]
    assert chihuahua.network_id == juarez.network_id


def test_juarez_axes_and_committees(juarez):
    assert list(Axis.objects.filter(mesa=juarez).values_list("number", "name")) == [
        (1, "Efectividad y operación"),
        (2, "Prevención"),
        (3, "Fortalecimiento institucional"),
        (4, "Estado de derecho"),
    ]
    committees = Committee.objects.filter(mesa=juarez)
    assert committees.get(kind=Committee.Kind.EXECUTIVE).axis is None
    assert committees.get(kind=Committee.Kind.INDICATORS).axis.number == 1
    per_axis = {n: committees.filter(axis__number=n).count() for n in (1, 2, 3, 4)}
    assert per_axis == {1: 3, 2: 7, 3: 9, 4: 3}
    assert committees.filter(name="Corredores seguros", axis__name="Prevención").exists()


def test_juarez_people(juarez):
    current = Membership.objects.filter(mesa=juarez, ended_on__isnull=True, status=Membership.Status.ACTIVE)
    assert current.filter(kind=Membership.Kind.CITIZEN).count() >= 30
    offices = Office.objects.filter(mesa=juarez, ended_on__isnull=True)
    assert offices.filter(kind=Office.Kind.COORDINATOR).count() == 1
    assert offices.filter(kind=Office.Kind.ALTERNATE).count() == 2
    assert offices.filter(kind=Office.Kind.EXECUTIVE).count() == 3
    secretary = offices.get(kind=Office.Kind.SECRETARY)
    assert secretary.membership.kind == Membership.Kind.STAFF
    # The former coordinator's term is kept as history.
    assert Office.objects.filter(mesa=juarez, kind=Office.Kind.COORDINATOR, ended_on__isnull=False).count() == 1
    assert NetworkStaff.objects.filter(network=juarez.network).count() == 1


def test_one_seat_per_applicable_post_each_held(juarez):
    # Ciudad Juárez is on the border, so the consul's and the customs administrator's posts apply.
    seats = Seat.objects.filter(mesa=juarez)
    assert sorted(seats.values_list("post__code", flat=True)) == sorted(
        OfficialPost.objects.values_list("code", flat=True)
    )
    for seat in seats:
        assert seat.memberships.filter(ended_on__isnull=True, kind=Membership.Kind.OFFICIAL).count() == 1
    mayor = seats.get(post__code="municipal-mayor")
    assert mayor.memberships.count() == 2  # a former holder and today's
    chihuahua_posts = Seat.objects.filter(mesa__slug="chihuahua-demo").values_list("post__code", flat=True)
    assert "municipal-consul" not in chihuahua_posts
    assert "federal-customs-administrator" not in chihuahua_posts


def test_the_writes_are_audited(juarez):
    assert AuditEvent.objects.filter(mesa=juarez, object_type="members.membership").count() >= 30
    assert AuditEvent.objects.filter(mesa=juarez, object_type="members.office").exists()


def test_people_are_invented_and_can_sign_in(juarez):
    memberships = Membership.objects.select_related("user")
    users = {m.user for m in memberships} | {s.user for s in NetworkStaff.objects.select_related("user")}
    assert len(users) == len(cast().everyone())
    for user in users:
        first_and_surnames = user.full_name.rsplit(" ", 2)
        assert first_and_surnames[0] in data.FIRST_NAMES
        assert first_and_surnames[1] in data.SURNAMES
        assert first_and_surnames[2] in data.SURNAMES
        assert user.email.endswith("@demo.msj.mx")
        assert EmailAddress.objects.filter(user=user, email=user.email, verified=True, primary=True).exists()
    assert len({u.full_name for u in users}) == len(users)
    assert check_password(data.PASSWORD, next(iter(users)).password)


def test_demo_logins_lists_a_plain_member_first(juarez):
    role, email, mfa = demo_logins()[0]
    membership = Membership.objects.get(mesa=juarez, user__email=email)
    assert membership.kind == Membership.Kind.CITIZEN
    assert not membership.offices.exists()
    assert not mfa
    out = StringIO()
    call_command("demo_logins", "--url", "http://127.0.0.1:8000/", stdout=out)
    printed = out.getvalue()
    assert "http://127.0.0.1:8000/" in printed
    assert email in printed
    assert data.PASSWORD in printed
    assert printed.index(email) < printed.index("Coordinator")


def test_demo_logins_before_loading_says_what_to_do():
    out, err = StringIO(), StringIO()
    call_command("demo_logins", stdout=out, stderr=err)
    assert "load_demo" in err.getvalue()


def test_refuses_a_production_database_unless_forced(settings):
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        load()
    assert not Mesa.objects.exists()
    call_command("load_demo", "--force", stdout=StringIO())
    assert Mesa.objects.filter(slug="juarez-demo").exists()
