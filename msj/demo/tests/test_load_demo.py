"""The demo, loaded once for this module (see conftest.py): its Mesas and people, and the
Juárez Mesa's past year, with every state of minutes and agreements and the gaps a
compliance dashboard shows, all consistent with the apps' rules."""

import datetime as dt
import hashlib
from collections import Counter
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from msj.agreements.models import Agreement, Evidence, FollowUp
from msj.audit.models import AuditEvent
from msj.committees.models import Axis, Committee, CommitteeDecision, CommitteeMember, ManualSignature, ProcessManual
from msj.committees.obligations import add_months, members_without_committee
from msj.committees.services import manual_in_force
from msj.demo import data
from msj.demo.loader import cast
from msj.demo.management.commands.demo_logins import demo_logins
from msj.meetings.models import AgendaItem, Attendance, Invitation, Meeting
from msj.meetings.services import absence_rates
from msj.members.models import Membership, NetworkStaff, Office, OfficialPost, Seat
from msj.mesas.models import Mesa
from msj.minutes.models import Correction, Minutes, MinutesComment, MinutesEntry
from msj.notifications.models import OutboundEmail
from msj.topics.models import Diagnosis, Topic


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_loading_again_adds_no_rows(juarez, demo):
    assert demo["meeting"] and demo["agreement"]  # the first load made the year too
    first = row_counts()
    assert "nothing was added" in load()
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


Kind = Meeting.Kind


def local_day(mesa, moment):
    return timezone.localdate(moment, mesa.tzinfo)


def past(mesa, kind, committee=None):
    return list(
        Meeting.objects.filter(mesa=mesa, kind=kind, committee=committee, ends_at__lt=timezone.now()).order_by(
            "starts_at"
        )
    )


def test_a_year_of_meetings_of_every_body(juarez):
    today = juarez.today()
    plenaries = past(juarez, Kind.PLENARY)
    assert len(plenaries) == 12
    # Monthly plenaries over the last year, each after a citizens' meeting a few days earlier.
    assert today - dt.timedelta(days=370) < local_day(juarez, plenaries[0].starts_at)
    for plenary in plenaries:
        before = local_day(juarez, plenary.starts_at) - dt.timedelta(days=3)
        assert Meeting.objects.filter(mesa=juarez, kind=Kind.CITIZENS, starts_at__date__range=(before, before))
    assert len(past(juarez, Kind.CITIZENS)) == 12
    assert len(past(juarez, Kind.EXECUTIVE)) == 12
    working = Committee.objects.filter(mesa=juarez, dissolved_on__isnull=True, kind__in=["thematic", "indicators"])
    assert working.count() >= 10
    for committee in working:
        expected = 10 if committee.name == data.JUAREZ_LATE_COMMITTEE else 12
        assert len(past(juarez, Kind.COMMITTEE, committee)) == expected
    # Every meeting was convened with the agenda of its kind, and attendance was taken at each.
    held = Meeting.objects.filter(mesa=juarez, ends_at__lt=timezone.now())
    assert not held.exclude(status=Meeting.Status.CONVENED).exists()
    assert not held.filter(attendance__isnull=True).exists()
    assert not held.exclude(agenda__kind=AgendaItem.Kind.GENERAL).exists()
    statuses = set(Attendance.objects.filter(meeting__mesa=juarez).values_list("status", flat=True))
    assert statuses == set(Attendance.Status.values)


def test_past_convocations_sent_no_mail(juarez):
    ahead = Meeting.objects.get(mesa=juarez, kind=Kind.PLENARY, starts_at__gt=timezone.now())
    invited = Invitation.objects.filter(meeting=ahead).count()
    assert OutboundEmail.objects.filter(mesa=juarez).count() == invited
    assert not OutboundEmail.objects.exclude(idempotency_key__contains=str(ahead.public_id)).exists()


def test_minutes_in_every_state(juarez):
    statuses = Counter(Minutes.objects.filter(meeting__mesa=juarez).values_list("status", flat=True))
    assert set(statuses) == set(Minutes.Status.values)
    assert statuses[Minutes.Status.DRAFT] == 1
    plenaries = past(juarez, Kind.PLENARY)
    states = [p.minutes.status for p in plenaries]
    assert states == [Minutes.Status.SEALED] * 10 + [Minutes.Status.APPROVED, Minutes.Status.CIRCULATED]
    latest = plenaries[-1].minutes
    assert MinutesComment.objects.filter(minutes=latest).exists()
    assert plenaries[-2].minutes.approved_at == latest.meeting
    # The draft is the last Executive Committee meeting's.
    assert Minutes.objects.get(status=Minutes.Status.DRAFT).meeting == past(juarez, Kind.EXECUTIVE)[-1]
    # Sealed and circulated in the past, not on the day of loading.
    for minutes in Minutes.objects.filter(meeting__mesa=juarez, status=Minutes.Status.SEALED):
        assert minutes.meeting.ends_at < minutes.circulated_at < minutes.sealed_at < timezone.now()
        assert minutes.approved_at.starts_at < minutes.sealed_at


def test_a_sealed_act_with_a_correction(juarez):
    correction = Correction.objects.get(minutes__meeting__mesa=juarez)
    assert correction.minutes.status == Minutes.Status.SEALED
    assert correction.item.meeting == correction.minutes.meeting
    assert correction.approved_at.kind == Kind.PLENARY
    assert correction.approved_at.starts_at > correction.minutes.approved_at.starts_at


def test_agreements_in_every_status(juarez):
    today = juarez.today()
    agreements = Agreement.objects.filter(mesa=juarez)
    assert set(agreements.values_list("status", flat=True)) == set(Agreement.Status.values)
    # Overdue: open (and nobody reported) or in progress, with a due date past.
    assert agreements.overdue(today).filter(status=Agreement.Status.OPEN).exists()
    assert agreements.overdue(today).filter(status=Agreement.Status.IN_PROGRESS).exists()
    assert agreements.filter(status=Agreement.Status.OPEN, due_on__gte=today).exists()
    # Spread over committees and official seats.
    assert agreements.exclude(committee=None).values("committee").distinct().count() >= 8
    assert agreements.exclude(responsible_seats=None).values("responsible_seats").distinct().count() >= 8
    assert agreements.filter(topics__isnull=False).exists()
    # The plain demo member and the public-security director have agreements in their charge.
    people = cast()
    assert agreements.filter(responsible_people__user__email=people.juarez_citizens[0].email).exists()
    director = people.juarez_officials["municipal-security-director"].email
    assert agreements.overdue(today).filter(responsible_seats__memberships__user__email=director).exists()


def test_agreements_come_from_the_minutes_numbered_per_year(juarez):
    agreements = list(Agreement.objects.filter(mesa=juarez).select_related("origin_meeting", "origin_item"))
    by_year: dict[int, list[Agreement]] = {}
    for agreement in agreements:
        meeting = agreement.origin_meeting
        assert meeting is not None and agreement.origin_item.meeting_id == meeting.pk
        assert MinutesEntry.objects.filter(minutes__meeting=meeting, item=agreement.origin_item).exists()
        assert agreement.year == local_day(juarez, meeting.starts_at).year
        by_year.setdefault(agreement.year, []).append(agreement)
    for year_agreements in by_year.values():
        year_agreements.sort(key=lambda a: a.number)
        assert [a.number for a in year_agreements] == list(range(1, len(year_agreements) + 1))
        starts = [a.origin_meeting.starts_at for a in year_agreements]
        assert starts == sorted(starts)
    audiences = {a.audience for a in agreements}
    assert {Agreement.Audience.MESA, Agreement.Audience.COMMITTEE} <= audiences


def test_follow_ups_over_time_with_evidence(juarez, settings):
    today = juarez.today()
    for agreement in Agreement.objects.filter(mesa=juarez).prefetch_related("follow_ups"):
        taken_on = local_day(juarez, agreement.origin_meeting.starts_at)
        follow_ups = sorted(agreement.follow_ups.all(), key=lambda f: (f.on, f.created_at))
        assert all(taken_on <= f.on <= today for f in follow_ups)
        if agreement.status in {Agreement.Status.DONE, Agreement.Status.CANCELLED}:
            assert follow_ups[-1].status_after == agreement.status
            assert agreement.closed_on == follow_ups[-1].on
        if agreement.status == Agreement.Status.DONE:
            assert follow_ups[-1].progress == 100
    assert FollowUp.objects.filter(agreement__mesa=juarez).values("agreement").distinct().count() >= 40
    assert Agreement.objects.filter(mesa=juarez).annotate(n=Count("follow_ups")).filter(n__gte=2).exists()
    evidence = list(Evidence.objects.filter(follow_up__agreement__mesa=juarez))
    assert {e.content_type for e in evidence} == {"application/pdf", "image/png"}
    for item in evidence:
        with item.file.open("rb") as handle:
            content = handle.read()
        assert len(content) == item.size
        assert hashlib.sha256(content).hexdigest() == item.sha256


def test_one_member_over_the_absence_limit(juarez):
    rows = absence_rates(juarez)
    over = [row for row in rows if row["exceeds"]]
    absentee = cast().juarez_citizens[data.JUAREZ_ABSENTEE]
    assert [row["membership"].user.email for row in over] == [absentee.email]
    assert over[0]["total"] >= 20
    assert any(row["unjustified"] for row in rows if not row["exceeds"])  # others miss some, within the limit


def test_the_plenary_ahead_lists_the_open_agreements(juarez):
    ahead = Meeting.objects.get(mesa=juarez, kind=Kind.PLENARY, starts_at__gt=timezone.now())
    assert ahead.status == Meeting.Status.CONVENED
    assert local_day(juarez, ahead.starts_at) == juarez.today() + dt.timedelta(days=10)
    assert ahead.agenda.filter(kind=AgendaItem.Kind.AGREEMENTS).exists()
    listed = set(Agreement.objects.for_body(ahead))
    open_of_the_mesa = set(Agreement.objects.filter(mesa=juarez, audience=Agreement.Audience.MESA).open())
    assert listed == open_of_the_mesa
    assert any(a.is_overdue(juarez.today()) for a in listed)
    assert ahead.invitations.exclude(reply=Invitation.Reply.PENDING).count() >= 3
    citizens_ahead = Meeting.objects.get(mesa=juarez, kind=Kind.CITIZENS, starts_at__gt=timezone.now())
    assert citizens_ahead.status == Meeting.Status.DRAFT
    assert citizens_ahead.starts_at < ahead.starts_at


def test_one_committee_missed_its_meetings_and_one_citizen_sits_on_none(juarez):
    today = juarez.today()
    for committee in Committee.objects.filter(
        mesa=juarez, dissolved_on__isnull=True, kind__in=["thematic", "indicators"]
    ):
        last = past(juarez, Kind.COMMITTEE, committee)[-1]
        late = today > add_months(local_day(juarez, last.starts_at), juarez.committee_max_interval_months)
        assert late == (committee.name == data.JUAREZ_LATE_COMMITTEE), committee.name
    referred = members_without_committee(juarez, today)
    assert [row.membership.user.email for row in referred] == [cast().juarez_citizens[data.JUAREZ_UNCOMMITTED].email]


def test_committees_at_work(juarez):
    dissolved = Committee.objects.filter(mesa=juarez, dissolved_on__isnull=False)
    assert dissolved.count() == len(data.JUAREZ_DISSOLVED)
    assert not CommitteeMember.objects.filter(committee__in=dissolved).exists()
    assert CommitteeDecision.objects.filter(committee__in=dissolved, kind="dissolve").count() == dissolved.count()
    for committee in Committee.objects.filter(mesa=juarez, dissolved_on__isnull=True).exclude(kind="executive"):
        serving = CommitteeMember.objects.serving().filter(committee=committee)
        roles = Counter(serving.values_list("role", flat=True))
        assert roles[CommitteeMember.Role.COORDINATOR] == 1 and roles[CommitteeMember.Role.ALTERNATE] == 1
        assert roles[CommitteeMember.Role.MEMBER] >= 1
        officers = serving.exclude(role=CommitteeMember.Role.MEMBER)
        assert all(m.membership.is_citizen for m in officers)
        manual = manual_in_force(committee)
        assert manual is not None
        assert ManualSignature.objects.filter(manual=manual).count() == serving.count()
    assert ProcessManual.objects.filter(committee__mesa=juarez, version=2).exists()
    # Officials work on committees too; the plain demo member on two.
    assert CommitteeMember.objects.filter(committee__mesa=juarez, membership__kind="official").exists()
    main = cast().juarez_citizens[0].email
    assert CommitteeMember.objects.serving().filter(membership__user__email=main).count() == 2


def test_security_agenda_with_diagnoses(juarez):
    topics = Topic.objects.filter(mesa=juarez)
    assert topics.filter(status=Topic.Status.ACTIVE).count() >= 5
    assert topics.filter(status=Topic.Status.PROPOSED).exists()
    for topic in topics.filter(status=Topic.Status.ACTIVE):
        assert topic.diagnoses.exists()
        assert topic.committees.exists()
    this_year = topics.get(approved_at__isnull=False)
    assert this_year.approved_at.kind == Kind.PLENARY
    assert Diagnosis.objects.filter(topic__mesa=juarez, version=2).exists()


def test_every_row_of_the_year_is_valid(juarez):
    models = [
        Topic, Diagnosis, CommitteeDecision, ProcessManual, ManualSignature, CommitteeMember, Meeting, AgendaItem,
        Minutes, MinutesEntry, MinutesComment, Correction, Agreement, FollowUp, Evidence,
    ]  # fmt: skip
    for model in models:
        rows = list(model._default_manager.all())
        assert rows, model
        for row in rows:
            row.full_clean()
    # The largest tables, a sample of them.
    for model in (Invitation, Attendance):
        for row in model._default_manager.all()[::25]:
            row.full_clean()
    # Attendance only of invitees, delegates only for officials' seats.
    delegates = Attendance.objects.filter(status=Attendance.Status.DELEGATE)
    assert delegates.exists()
    assert not delegates.exclude(membership__kind="official").exists()
    for attendance in Attendance.objects.all()[::10]:
        assert Invitation.objects.filter(meeting=attendance.meeting_id, membership=attendance.membership_id).exists()
    # Minutes approved at a later meeting of the same body.
    for minutes in Minutes.objects.filter(approved_at__isnull=False).select_related("meeting", "approved_at"):
        assert minutes.approved_at.kind == minutes.meeting.kind
        assert minutes.approved_at.committee_id == minutes.meeting.committee_id
        assert minutes.approved_at.starts_at > minutes.meeting.starts_at


def test_refuses_a_production_database_unless_forced(juarez, settings):
    settings.DEBUG = False
    settings.TESTING = False
    first = row_counts()
    with pytest.raises(CommandError, match="DEBUG is off"):
        load()
    assert row_counts() == first
    out = StringIO()
    call_command("load_demo", "--force", stdout=out)
    assert "nothing was added" in out.getvalue()
