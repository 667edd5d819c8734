"""The pages of the benchmark cost a fixed number of queries, whatever the data (issue 3).

`make bench` measures these pages on the national dataset (docs/performance.md); here each
is rendered for Ana, the coordinator, with a small Mesa and again with three times the
rows — members, seats, committee members, invitations, attendance, agenda items, minutes
entries and comments, agreements with their seats, people, topics and follow-ups, meetings —
and must run the same number of queries both times, under the page's bound.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from msj.accounts.models import User
from msj.agreements.models import Agreement, FollowUp
from msj.agreements.testing import make_committee
from msj.committees.models import Committee, CommitteeMember
from msj.meetings.models import AgendaItem, Attendance, Invitation, Meeting
from msj.members.models import Membership, OfficialPost, Seat
from msj.members.testing import SINCE, Personas
from msj.minutes.models import Minutes, MinutesComment, MinutesEntry
from msj.minutes.testing import make_meeting, make_minutes
from msj.topics.models import Topic

pytestmark = pytest.mark.django_db

# The most queries each page may run for the coordinator: what it ran when the bound was set
# (in the comment, the same on SQLite and PostgreSQL) and a little room for a new panel or form.
BOUNDS = {
    "dashboard": 12,  # 10: mesas:dashboard, the Mesa's home
    "compliance": 30,  # 28: compliance:dashboard computed (its panels 21, the key 1, the cache 6)
    "matrix": 23,  # 21: agreements:matrix filtered by committee, first page
    "meeting": 16,  # 14: meetings:detail of a held plenary
    "minutes": 26,  # 24: minutes:detail of circulated minutes
    "minutes_pdf": 23,  # 21: minutes:export_pdf (its audit entry included)
}
AGREEMENTS_PER_UNIT = 20  # three units fill more than the matrix's first page of 50


@dataclass
class World:
    personas: Personas
    committee: Committee
    plenary: Meeting
    minutes: Minutes
    units: int = 0


@pytest.fixture
def world(personas: Personas) -> World:
    committee = make_committee(personas)
    plenary = make_meeting(personas, days_ago=10)
    minutes = make_minutes(plenary, Minutes.Status.CIRCULATED)
    return World(personas=personas, committee=committee, plenary=plenary, minutes=minutes)


def grow(world: World) -> None:
    """Add one unit of rows to Mesa A, touching everything the pages list or count."""
    personas, mesa = world.personas, world.personas.mesa_a
    world.units += 1
    n = world.units
    today = mesa.today()
    sara = personas.sara
    people = []
    for kind in ("citizen", "citizen", "official", "volunteer"):
        user = User.objects.create_user(
            email=f"unit{n}-{len(people)}@example.org", full_name=f"Persona {n}-{len(people)}", email_verified=True
        )
        seat = None
        if kind == "official":
            seat = Seat.objects.create(mesa=mesa, post=OfficialPost.objects.get(code="federal-deputy"), label=f"D{n}")
        people.append(Membership.objects.create(mesa=mesa, user=user, kind=kind, started_on=SINCE, seat=seat))
    citizen, other, official, volunteer = people
    for member in (citizen, other, official):
        CommitteeMember.objects.create(
            committee=world.committee, membership=member, status=CommitteeMember.Status.APPROVED, joined_on=SINCE
        )
        Invitation.objects.create(meeting=world.plenary, membership=member, reply=Invitation.Reply.ATTENDING)
        Attendance.objects.create(meeting=world.plenary, membership=member, status="present", recorded_by=sara)
    CommitteeMember.objects.create(committee=world.committee, membership=volunteer)  # a pending request
    topic = Topic.objects.create(mesa=mesa, title=f"Tema {n}", status=Topic.Status.ACTIVE, approved_on=today)
    item = AgendaItem.objects.create(
        meeting=world.plenary, position=100 + n, kind=AgendaItem.Kind.OTHER, title=f"Punto {n}", presenter=official
    )
    MinutesEntry.objects.create(minutes=world.minutes, item=item, summary=f"Se trató el punto {n}.")
    MinutesComment.objects.create(minutes=world.minutes, item=item, author=personas.beto, text="De acuerdo.")
    agreements_item = world.plenary.agenda.get(kind=AgendaItem.Kind.AGREEMENTS)
    first = Agreement.objects.filter(mesa=mesa, year=today.year).count() + 1
    for j in range(AGREEMENTS_PER_UNIT):
        agreement = Agreement.objects.create(
            mesa=mesa,
            year=today.year,
            number=first + j,
            text=f"Acuerdo {n}-{j}",
            origin_meeting=world.plenary,
            origin_item=agreements_item if j % 2 else item,
            committee=world.committee,
            due_on=today + dt.timedelta(days=j - 12),  # most overdue: more than the dashboards list
            status=Agreement.Status.IN_PROGRESS,
        )
        agreement.responsible_seats.add(official.seat, personas.olga_seat)
        agreement.responsible_people.add(citizen)
        agreement.topics.add(topic)
        for day in range(2):
            FollowUp.objects.create(agreement=agreement, on=today, note=f"Avance {day}", progress=20, author=sara)
    # Other bodies meet too: a held committee meeting and a convened citizens' meeting.
    start = timezone.now() - dt.timedelta(days=20 + n)
    Meeting.objects.create(
        mesa=mesa,
        kind=Meeting.Kind.COMMITTEE,
        committee=world.committee,
        title=f"Comité {n}",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Sala",
        status=Meeting.Status.HELD,
    )
    upcoming = timezone.now() + dt.timedelta(days=5 + n)
    Meeting.objects.create(
        mesa=mesa,
        kind=Meeting.Kind.CITIZENS,
        title=f"Ciudadana {n}",
        starts_at=upcoming,
        ends_at=upcoming + dt.timedelta(hours=2),
        place="Sala",
        status=Meeting.Status.CONVENED,
        convened_at=timezone.now(),
    )


PAGES: dict[str, Callable[[World], str]] = {
    "dashboard": lambda w: reverse("mesas:dashboard", kwargs={"mesa_slug": w.personas.mesa_a.slug}),
    "compliance": lambda w: reverse("compliance:dashboard", kwargs={"mesa_slug": w.personas.mesa_a.slug}),
    "matrix": lambda w: (
        reverse("agreements:matrix", kwargs={"mesa_slug": w.personas.mesa_a.slug})
        + f"?committee={w.committee.public_id}"
    ),
    "meeting": lambda w: reverse(
        "meetings:detail", kwargs={"mesa_slug": w.personas.mesa_a.slug, "public_id": w.plenary.public_id}
    ),
    "minutes": lambda w: reverse(
        "minutes:detail", kwargs={"mesa_slug": w.personas.mesa_a.slug, "meeting_id": w.plenary.public_id}
    ),
    "minutes_pdf": lambda w: reverse(
        "minutes:export_pdf", kwargs={"mesa_slug": w.personas.mesa_a.slug, "meeting_id": w.plenary.public_id}
    ),
}


def queries(client: Client, url: str) -> list[dict[str, Any]]:
    client.get(url)  # the first request may warm caches (content types, the session): not counted
    cache.clear()  # but the compliance panels are measured as computed, not as kept for a minute
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return captured.captured_queries


@pytest.mark.parametrize("page", list(PAGES))
def test_the_page_costs_the_same_queries_with_three_times_the_rows(world: World, page: str) -> None:
    url = PAGES[page](world)
    client = Client()
    client.force_login(world.personas.ana)  # the coordinator: every panel and form of the page
    grow(world)
    few = queries(client, url)
    grow(world)
    grow(world)
    many = queries(client, url)
    assert len(many) == len(few), "\n".join(q["sql"] for q in many)
    assert len(many) <= BOUNDS[page], f"{page}: {len(many)} queries, bound {BOUNDS[page]}"


def test_three_units_fill_the_pages(world: World) -> None:
    """The larger dataset really is larger where the pages look (so the test above means something)."""
    for _ in range(3):
        grow(world)
    client = Client()
    client.force_login(world.personas.ana)
    matrix = client.get(PAGES["matrix"](world))
    assert matrix.context["page"].paginator.count == 3 * AGREEMENTS_PER_UNIT
    meeting = client.get(PAGES["meeting"](world))
    assert len(meeting.context["invitations"]) >= 9 and len(meeting.context["agreements"]) >= 3 * AGREEMENTS_PER_UNIT
    minutes = client.get(PAGES["minutes"](world))
    assert len(minutes.context["act"].agreements) == 3 * AGREEMENTS_PER_UNIT
