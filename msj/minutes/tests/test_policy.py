"""Who reads which minutes: the meeting's audience, drafts for the writers only, 404 for the rest."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from msj.agreements.services import create_agreement
from msj.meetings.models import AgendaItem, Invitation, Meeting
from msj.members.models import Membership
from msj.members.testing import Personas
from msj.minutes.models import Minutes, MinutesComment
from msj.minutes.testing import make_meeting, make_minutes, minutes_url, signed_in

READERS = ["ana", "eva", "beto", "olga", "sara"]


def statuses(personas: Personas, url: str) -> dict[str, int]:
    result = {"anonymous": Client().get(url).status_code}
    for name in [*READERS, "carla", "nora"]:
        result[name] = signed_in(getattr(personas, name)).get(url).status_code
    return result


def test_plenary_minutes_once_circulated_are_read_by_every_member(personas: Personas, plenary: Meeting) -> None:
    make_minutes(plenary, Minutes.Status.CIRCULATED)
    assert statuses(personas, minutes_url(plenary)) == {
        "anonymous": 302,
        **dict.fromkeys(READERS, 200),
        "carla": 404,
        "nora": 404,
    }


def test_a_draft_is_for_the_secretary_and_the_coordinator(personas: Personas, plenary: Meeting) -> None:
    make_minutes(plenary)
    assert statuses(personas, minutes_url(plenary)) == {
        "anonymous": 302,
        "ana": 200,
        "eva": 404,
        "beto": 404,
        "olga": 404,
        "sara": 200,
        "carla": 404,
        "nora": 404,
    }
    assert signed_in(personas.beto).get(minutes_url(plenary, "acta.pdf")).status_code == 404


def test_citizens_minutes_are_not_for_officials(personas: Personas) -> None:
    citizens = make_meeting(personas, kind=Meeting.Kind.CITIZENS, title="Reunión ciudadana", days_ago=10)
    make_minutes(
        citizens, Minutes.Status.SEALED, approved_at=make_meeting(personas, kind="citizens", title="Siguiente")
    )
    expected = {"anonymous": 302, **dict.fromkeys(READERS, 200), "olga": 404, "carla": 404, "nora": 404}
    assert statuses(personas, minutes_url(citizens)) == expected
    for export in ("acta.pdf", "acta.docx"):
        assert signed_in(personas.olga).get(minutes_url(citizens, export)).status_code == 404
    # Invited to present at the citizens' meeting, she still does not read its deliberations.
    Invitation.objects.create(
        meeting=citizens,
        membership=Membership.objects.get(user=personas.olga, mesa=personas.mesa_a),
        role=Invitation.Role.PRESENTER,
    )
    assert signed_in(personas.olga).get(minutes_url(citizens)).status_code == 404
    response = signed_in(personas.olga).post(
        minutes_url(citizens, "comments/"), {"item": citizens.agenda.first().public_id, "text": "x"}
    )
    assert response.status_code == 404


def test_executive_minutes_are_for_the_executive_committee_and_the_secretary(personas: Personas) -> None:
    executive = make_meeting(personas, kind=Meeting.Kind.EXECUTIVE, title="Comité Ejecutivo", days_ago=10)
    make_minutes(executive, Minutes.Status.CIRCULATED)
    assert statuses(personas, minutes_url(executive)) == {
        "anonymous": 302,
        "ana": 200,
        "eva": 200,
        "beto": 404,
        "olga": 404,
        "sara": 200,
        "carla": 404,
        "nora": 404,
    }


def test_members_who_read_may_not_write(personas: Personas, plenary: Meeting) -> None:
    make_minutes(plenary, Minutes.Status.CIRCULATED)
    item = plenary.agenda.first()
    for name in ("eva", "beto", "olga"):
        client = signed_in(getattr(personas, name))
        response = client.post(minutes_url(plenary, "entries/"), {"item": item.public_id, "summary": "x"})
        assert response.status_code == 403, name
        assert client.post(minutes_url(plenary, "seal/")).status_code == 403, name
    page = signed_in(personas.beto).get(minutes_url(plenary)).content.decode()
    assert 'name="summary"' not in page  # no entry form for readers
    assert 'name="text"' in page  # but a comment form, while circulated


def test_database_refuses_approval_at_its_own_meeting(plenary: Meeting) -> None:
    minutes = make_minutes(plenary, Minutes.Status.CIRCULATED)
    minutes.status, minutes.approved_at = Minutes.Status.APPROVED, plenary
    with pytest.raises(IntegrityError), transaction.atomic():
        minutes.save(update_fields=["status", "approved_at"])


def test_database_refuses_an_empty_comment(personas: Personas, plenary: Meeting) -> None:
    minutes = make_minutes(plenary, Minutes.Status.CIRCULATED)
    with pytest.raises(IntegrityError), transaction.atomic():
        MinutesComment.objects.create(minutes=minutes, item=plenary.agenda.first(), author=personas.beto, text="")


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(personas: Personas, meeting: Meeting, extra_items: int) -> None:
    """Add agenda items, each with an entry, an agreement with responsible people and a comment."""
    minutes = Minutes.objects.get(meeting=meeting)
    start = meeting.agenda.count()
    ana = Membership.objects.get(user=personas.ana, mesa=personas.mesa_a)
    for n in range(start + 1, start + 1 + extra_items):
        item = AgendaItem.objects.create(meeting=meeting, position=n, title=f"Punto {n}")
        minutes.entries.create(item=item, summary=f"Resumen {n}", decisions=f"Decisión {n}")
        create_agreement(
            mesa=personas.mesa_a,
            text=f"Acuerdo {n}",
            by=personas.sara,
            origin_item=item,
            responsible_seats=[personas.olga_seat],
            responsible_people=[ana],
        )
        MinutesComment.objects.create(minutes=minutes, item=item, author=personas.beto, text=f"Comentario {n}")


@pytest.mark.parametrize("reader", ["sara", "beto"])
def test_the_minutes_page_runs_a_bounded_number_of_queries(personas: Personas, plenary: Meeting, reader: str) -> None:
    make_minutes(plenary, Minutes.Status.CIRCULATED)
    client = signed_in(getattr(personas, reader))
    _grow(personas, plenary, 1)
    small = _queries(client, minutes_url(plenary))
    _grow(personas, plenary, 15)
    big = _queries(client, minutes_url(plenary))
    assert big == small, (small, big)
    assert big <= 30, big
