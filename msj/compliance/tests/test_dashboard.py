"""The compliance dashboard: who reads it, and that each panel shows what the rules say."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from msj.agreements.models import Agreement
from msj.agreements.services import add_follow_up, create_agreement
from msj.agreements.testing import make_agreements
from msj.audit.models import AuditEvent
from msj.committees.obligations import add_months
from msj.committees.testing import actor, committee_fixtures
from msj.compliance import selectors
from msj.core.testing import es
from msj.meetings.models import Attendance, Meeting
from msj.members.models import Membership
from msj.members.testing import Personas
from msj.mesas.models import Mesa
from msj.minutes.testing import signed_in


def url(personas: Personas, name: str = "compliance:dashboard") -> str:
    return reverse(name, kwargs={"mesa_slug": personas.mesa_a.slug})


def at_local(mesa: Mesa, day: dt.date, hour: int = 18) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)), mesa.tzinfo)


def held(mesa: Mesa, kind: str, day: dt.date, **kwargs: object) -> Meeting:
    """A meeting already held on `day` (written directly: the services convene future meetings only)."""
    return Meeting.objects.create(
        mesa=mesa,
        kind=kind,
        title=f"{kind} {day}",
        starts_at=at_local(mesa, day),
        ends_at=at_local(mesa, day, 20),
        place="Sala de juntas",
        status=Meeting.Status.HELD,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [("ana", 200), ("eva", 200), ("sara", 200), ("beto", 403), ("olga", 403), ("carla", 404), ("nora", 404)],
)
def test_who_reads_the_dashboard(personas: Personas, who: str, status: int) -> None:
    user = personas.all()[who]
    assert signed_in(user).get(url(personas)).status_code == status
    assert signed_in(user).get(url(personas, "compliance:fulfilment_csv")).status_code == status


def test_the_menu_links_the_dashboard_for_those_who_read_it(personas: Personas) -> None:
    home = reverse("mesas:dashboard", kwargs={"mesa_slug": personas.mesa_a.slug})
    assert url(personas) in signed_in(personas.sara).get(home).content.decode()
    assert url(personas) not in signed_in(personas.beto).get(home).content.decode()


def test_plenary_against_the_mesa_frequency(personas: Personas) -> None:
    mesa = personas.mesa_a
    today = mesa.today()
    now = timezone.now()
    # Last plenary exactly three months ago today: still on time; a day earlier, overdue.
    last = add_months(today, -3)
    held(mesa, Meeting.Kind.PLENARY, last)
    rhythm = selectors.plenary_rhythm(actor(personas, "sara"), now)
    assert rhythm.last_met_on == last and rhythm.due_by == today and not rhythm.overdue
    Meeting.objects.filter(mesa=mesa).update(starts_at=at_local(mesa, last - dt.timedelta(days=1)))
    Meeting.objects.filter(mesa=mesa).update(ends_at=at_local(mesa, last - dt.timedelta(days=1), 20))
    rhythm = selectors.plenary_rhythm(actor(personas, "sara"), now)
    assert rhythm.overdue and rhythm.due_by == today - dt.timedelta(days=1)
    # A cancelled plenary does not count as meeting.
    cancelled = held(mesa, Meeting.Kind.PLENARY, today - dt.timedelta(days=7))
    Meeting.objects.filter(pk=cancelled.pk).update(status=Meeting.Status.CANCELLED)
    assert selectors.plenary_rhythm(actor(personas, "sara"), now).overdue
    page = signed_in(personas.sara).get(url(personas)).content.decode()
    assert es("Overdue") in page and es("Meetings against the Mesa's frequency") in page


def test_committees_without_their_monthly_meeting(personas: Personas) -> None:
    fx = committee_fixtures(personas)
    mesa = personas.mesa_a
    today = mesa.today()
    held(mesa, Meeting.Kind.COMMITTEE, today - dt.timedelta(days=10), committee=fx.prevention)
    held(mesa, Meeting.Kind.EXECUTIVE, today - dt.timedelta(days=45))
    rhythms = {r.name: r for r in selectors.committee_rhythms(actor(personas, "sara"), timezone.now())}
    assert not rhythms["Prevención"].overdue
    assert rhythms[fx.executive.name].overdue  # 45 days since the Executive Committee met
    assert rhythms[fx.indicators.name].overdue and rhythms[fx.indicators.name].last_met_on is None
    assert "Comité disuelto" not in rhythms  # dissolved committees keep no rhythm
    # The late ones come first.
    assert [r.overdue for r in selectors.committee_rhythms(actor(personas, "sara"), timezone.now())][-1] is False


def test_overdue_agreements_and_next_meetings(personas: Personas) -> None:
    agreements = make_agreements(personas)  # the citizens' agreement is overdue since three days
    mesa = personas.mesa_a
    draft = Meeting.objects.create(
        mesa=mesa,
        kind=Meeting.Kind.PLENARY,
        title="Pleno de diciembre",
        starts_at=at_local(mesa, mesa.today() + dt.timedelta(days=2)),
        ends_at=at_local(mesa, mesa.today() + dt.timedelta(days=2), 20),
        place="Sala",
    )
    page = signed_in(personas.sara).get(url(personas)).content.decode()
    assert agreements.citizens.code in page and agreements.mesa.code not in page
    assert draft.title in page and es("Too late to convene on ordinary notice") in page
    count, rows = selectors.overdue_agreements(actor(personas, "sara"))
    assert count == 1 and rows == [agreements.citizens]


def test_members_over_the_absence_limit_and_without_committee(personas: Personas) -> None:
    mesa = personas.mesa_a
    today = mesa.today()
    beto = Membership.objects.get(mesa=mesa, user=personas.beto)
    eva = Membership.objects.get(mesa=mesa, user=personas.eva)
    # Five plenaries: Beto misses two without reason (40 %), Eva one (20 %, allowed).
    for i in range(5):
        meeting = held(mesa, Meeting.Kind.PLENARY, today - dt.timedelta(days=30 * (i + 1)))
        for membership, missed in ((beto, i < 2), (eva, i < 1)):
            status = Attendance.Status.UNJUSTIFIED if missed else Attendance.Status.PRESENT
            Attendance.objects.create(meeting=meeting, membership=membership, status=status, recorded_by=personas.sara)
    rows = selectors.members_over_absence_limit(actor(personas, "sara"), timezone.now())
    assert [(r["membership"], r["unjustified"], r["total"]) for r in rows] == [(beto, 2, 5)]
    page = signed_in(personas.ana).get(url(personas)).content.decode()
    assert "2 de 5 (40 %)" in page
    # Beto has sat on no committee since 2024: referred to the Executive Committee.
    assert [row.membership for row in selectors.citizens_without_committee(actor(personas, "sara"))] == [beto]


def test_fulfilment_per_quarter_committee_and_seat(personas: Personas) -> None:
    agreements = make_agreements(personas)
    mesa = personas.mesa_a
    today = mesa.today()
    by = actor(personas, "sara")
    committee = agreements.committee
    start = selectors.quarters_until(today)[-2].start  # the previous quarter
    made = []
    for i in range(5):
        a = create_agreement(mesa=mesa, text=f"Acuerdo {i}", by=by, committee=committee, due_on=today)
        made.append(a)
    Agreement.objects.filter(pk__in=[a.pk for a in made]).update(due_on=start + dt.timedelta(days=3))
    for a in made[:4]:  # four of five done: exactly 80 %
        add_follow_up(agreement=a, by=by, on=today, note="Hecho.", status_after=Agreement.Status.DONE)
    cancelled = create_agreement(mesa=mesa, text="Cancelado", by=by, committee=committee, due_on=today)
    Agreement.objects.filter(pk=cancelled.pk).update(due_on=start)
    add_follow_up(agreement=cancelled, by=by, on=today, note="Ya no aplica.", status_after=Agreement.Status.CANCELLED)
    data = selectors.fulfilment(by)
    row = next(s for s in data.committees if s.name == committee.name)
    assert (row.cells[-2].done, row.cells[-2].counted, row.cells[-2].pct) == (4, 5, 80)
    # The current quarter: only the overdue citizens' agreement counts (the others are not due yet).
    assert (data.mesa.cells[-1].done, data.mesa.cells[-1].counted) == (0, 1)
    seat = next(s for s in data.institutions if s.name == str(personas.olga_seat))
    assert seat.total.counted == 1 and seat.total.pct == 0
    # Done before its due date: counts in its quarter straight away.
    add_follow_up(agreement=agreements.mesa, by=by, on=today, note="Listo.", status_after=Agreement.Status.DONE)
    seat = next(s for s in selectors.fulfilment(by).institutions if s.name == str(personas.olga_seat))
    assert (seat.total.done, seat.total.counted) == (1, 2)


def test_fulfilment_csv(personas: Personas) -> None:
    make_agreements(personas)
    response = signed_in(personas.sara).get(url(personas, "compliance:fulfilment_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Grupo", "Nombre", "Trimestre", "Vencidos", "Cumplidos", "Cumplimiento (%)"]
    # The Mesa and Olga's seat, six quarters each (the overdue agreement has no committee).
    assert rows[1][:2] == ["Mesa", "Mesa A"] and len(rows) == 1 + 6 * 2
    assert rows[6][3:] == ["1", "0", "0"]
    exports = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, object_type="compliance.fulfilment.csv")
    assert exports.count() == 1


def test_the_page_is_in_spanish(personas: Personas) -> None:
    page = signed_in(personas.sara).get(url(personas)).content.decode()
    for text in ("Compliance", "Agreement fulfilment", "Citizen members on no committee", "Next meetings"):
        assert es(text) in page


def test_the_panels_are_kept_until_the_mesa_changes(personas: Personas) -> None:
    """Kept for a minute while nothing is written in the Mesa; any write there shows at once."""
    agreements = make_agreements(personas)
    client = signed_in(personas.sara)
    with time_machine.travel(timezone.now().replace(second=0), tick=False):
        first = client.get(url(personas)).content.decode()
        assert agreements.citizens.code in first
        # A change that leaves no audit event (none of the services' writes) is not seen within the minute...
        Agreement.objects.filter(pk=agreements.citizens.pk).update(due_on=personas.mesa_a.today())
        with CaptureQueriesContext(connection) as kept:
            assert agreements.citizens.code in client.get(url(personas)).content.decode()
        # The session, the person, the MFA rule (3), the Mesa and one's place in it (3), the key, the cache.
        assert len(kept) <= 10
        # ...but a write through the services is, at once.
        by = actor(personas, "sara")
        add_follow_up(agreement=agreements.citizens, by=by, on=personas.mesa_a.today(), note="Se entregó.")
        assert agreements.citizens.code not in client.get(url(personas)).content.decode()
    # And a minute later everything is read again.
    Agreement.objects.filter(pk=agreements.citizens.pk).update(due_on=personas.mesa_a.today() - dt.timedelta(days=3))
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=61), tick=False):
        assert agreements.citizens.code in client.get(url(personas)).content.decode()
