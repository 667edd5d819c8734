"""Meetings through the API: convocation and its notice rule, agenda, replies and attendance."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from msj.audit.models import AuditEvent
from msj.meetings.models import AgendaItem, Attendance, Invitation, Meeting
from msj.meetings.rules import checkin_code
from msj.meetings.testing import make_meeting
from msj.members.models import Membership
from msj.members.testing import Personas
from msj.notifications.models import OutboundEmail

from .conftest import API, bearer, call, membership_of, token_for
from .cycle import Cycle, in_days, make_cycle

M = f"{API}/mesas/mesa-a/meetings"


@pytest.fixture
def cycle(personas: Personas) -> Cycle:
    return make_cycle(personas)


def as_(personas: Personas, name: str) -> dict[str, str]:
    user = personas.all()[name]
    assert user is not None
    return bearer(token_for(user))


def test_an_official_never_sees_a_citizens_meeting(client, personas: Personas, cycle: Cycle) -> None:
    url = f"{M}/{cycle.citizens.public_id}"
    for path in (url, f"{url}/agenda", f"{url}/invitations", f"{url}/minutes"):
        assert client.get(path, headers=as_(personas, "olga")).status_code == 404, path
    reply = call(client, "POST", f"{url}/reply", {"reply": "attending"}, **as_(personas, "olga"))
    assert reply.status_code == 404
    listed = [m["public_id"] for m in client.get(M, headers=as_(personas, "olga")).json()["items"]]
    assert str(cycle.plenary.public_id) in listed and str(cycle.citizens.public_id) not in listed
    assert client.get(url, headers=as_(personas, "beto")).status_code == 200
    # Invited to present, she sees that meeting.
    invited = call(
        client,
        "POST",
        f"{url}/invitations",
        {"membership": str(membership_of(personas, "olga").public_id), "role": "presenter"},
        **as_(personas, "sara"),
    )
    assert invited.status_code == 201
    assert client.get(url, headers=as_(personas, "olga")).status_code == 200


def test_drafts_and_other_mesas_are_404(client, personas: Personas, cycle: Cycle) -> None:
    assert client.get(f"{M}/{cycle.draft.public_id}", headers=as_(personas, "beto")).status_code == 404
    assert client.get(f"{M}/{cycle.draft.public_id}", headers=as_(personas, "sara")).status_code == 200
    assert client.get(f"{M}/{cycle.plenary.public_id}", headers=as_(personas, "carla")).status_code == 404
    assert client.get(M, headers=as_(personas, "nora")).status_code == 404


def test_create_with_the_agenda_of_its_kind(client, personas: Personas, cycle: Cycle) -> None:
    body = {
        "kind": "plenary",
        "title": "Pleno de junio",
        "date": in_days(personas, 20).isoformat(),
        "starts": "18:00",
        "ends": "20:00",
        "place": "Cabildo",
    }
    # Beto runs Prevention's meetings only.
    assert call(client, "POST", M, body, **as_(personas, "beto")).status_code == 422
    assert call(client, "POST", M, body, **as_(personas, "olga")).status_code == 403
    assert call(client, "POST", M, {**body, "ends": "17:00"}, **as_(personas, "sara")).status_code == 422
    created = call(client, "POST", M, body, **as_(personas, "sara"))
    assert created.status_code == 201
    data = created.json()
    assert data["status"] == "draft"
    assert [i["kind"] for i in data["agenda"]] == [
        "introductions",
        "agreements",
        "authorities",
        "committees",
        "indicators",
        "general",
    ]
    meeting = Meeting.objects.get(public_id=data["public_id"])
    assert meeting.starts_at.astimezone(personas.mesa_a.tzinfo).hour == 18
    assert AuditEvent.objects.filter(object_id=data["public_id"], action="create").exists()


def test_a_late_convocation_is_refused_unless_extraordinary(client, personas: Personas, cycle: Cycle) -> None:
    late = make_meeting(personas, Meeting.Kind.PLENARY, title="Pleno urgente", days=1, convene=False)
    url = f"{M}/{late.public_id}/convene"
    emails, events = OutboundEmail.objects.count(), AuditEvent.objects.filter(mesa=personas.mesa_a).count()
    refused = call(client, "POST", url, {}, **as_(personas, "sara"))
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    assert "3" in refused.json()["errors"][0]["message"]  # the Mesa's notice, in days
    late.refresh_from_db()
    assert (late.status, late.extraordinary, late.convened_at) == ("draft", False, None)
    assert OutboundEmail.objects.count() == emails
    assert AuditEvent.objects.filter(mesa=personas.mesa_a).count() == events

    convened = call(client, "POST", url, {"extraordinary_reason": "Ola de secuestros"}, **as_(personas, "sara"))
    assert convened.status_code == 200
    body = convened.json()
    assert body["meeting"]["status"] == "convened" and body["meeting"]["extraordinary"] is True
    assert body["invitations_sent"] == Invitation.objects.filter(meeting=late).count() == 5
    assert OutboundEmail.objects.count() == emails + 5
    again = call(client, "POST", url, {}, **as_(personas, "sara"))
    assert again.status_code == 422


def test_cancel(client, personas: Personas, cycle: Cycle) -> None:
    url = f"{M}/{cycle.to_cancel.public_id}/cancel"
    assert call(client, "POST", url, None, **as_(personas, "eva")).status_code == 403
    assert call(client, "POST", url, None, **as_(personas, "ana")).json()["status"] == "cancelled"
    assert call(client, "POST", url, None, **as_(personas, "ana")).status_code == 422


def test_agenda(client, personas: Personas, cycle: Cycle) -> None:
    url = f"{M}/{cycle.plenary.public_id}/agenda"
    added = call(client, "POST", url, {"title": "Informe de la Fiscalía"}, **as_(personas, "sara"))
    assert added.status_code == 201 and added.json()["position"] == 6
    items = client.get(url, headers=as_(personas, "beto")).json()["items"]
    assert [i["kind"] for i in items][-2:] == ["other", "general"]
    general = items[-1]["public_id"]
    assert (
        call(client, "POST", f"{url}/{general}/move", {"direction": "up"}, **as_(personas, "sara")).status_code == 422
    )
    moved = call(
        client, "POST", f"{url}/{added.json()['public_id']}/move", {"direction": "up"}, **as_(personas, "sara")
    )
    assert [i["title"] for i in moved.json()][4] == "Informe de la Fiscalía"
    # A presenter must be invited; Carla is not even of this Mesa.
    carla = str(Membership.objects.get(user=personas.carla).public_id)
    refused = call(client, "POST", f"{url}/{general}/presenter", {"presenter": carla}, **as_(personas, "sara"))
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "presenter"
    olga = str(membership_of(personas, "olga").public_id)
    named = call(client, "POST", f"{url}/{general}/presenter", {"presenter": olga}, **as_(personas, "sara"))
    assert named.status_code == 200 and named.json()["presenter"]["name"] == "Olga Ocampo"
    assert call(client, "POST", url, {"title": "x"}, **as_(personas, "beto")).status_code == 403
    assert AgendaItem.objects.filter(meeting=cycle.plenary).count() == 7


def test_replies(client, personas: Personas, cycle: Cycle) -> None:
    url = f"{M}/{cycle.plenary.public_id}/reply"
    first = call(client, "POST", url, {"reply": "attending"}, **as_(personas, "beto"))
    assert first.status_code == 200 and first.json()["reply"] == "attending"
    invitation = Invitation.objects.get(meeting=cycle.plenary, membership=membership_of(personas, "beto"))
    events = AuditEvent.objects.filter(object_id=str(invitation.public_id)).count()
    duplicate = call(client, "POST", url, {"reply": "attending"}, **as_(personas, "beto"))
    assert duplicate.status_code == 409
    assert duplicate["Content-Type"] == "application/problem+json"
    assert duplicate.json()["status"] == 409 and duplicate.json()["detail"]
    assert Invitation.objects.get(pk=invitation.pk).replied_at == invitation.replied_at
    assert AuditEvent.objects.filter(object_id=str(invitation.public_id)).count() == events
    # A citizen sends no delegate; an official may, named.
    assert (
        call(client, "POST", url, {"reply": "delegate", "delegate_name": "X"}, **as_(personas, "beto")).status_code
        == 422
    )
    assert call(client, "POST", url, {"reply": "delegate"}, **as_(personas, "olga")).status_code == 422
    delegate = call(client, "POST", url, {"reply": "delegate", "delegate_name": "Luis Reyes"}, **as_(personas, "olga"))
    assert delegate.status_code == 200 and delegate.json()["delegate_name"] == "Luis Reyes"
    detail = client.get(f"{M}/{cycle.plenary.public_id}", headers=as_(personas, "olga")).json()
    assert detail["my_invitation"]["reply"] == "delegate" and detail["may_reply"] is True
    # Not invited to the Executive Committee's meeting, nor allowed to see it.
    executive = make_meeting(personas, Meeting.Kind.EXECUTIVE, title="Comité Ejecutivo", convene=False)
    response = call(client, "POST", f"{M}/{executive.public_id}/reply", {"reply": "attending"}, **as_(personas, "beto"))
    assert response.status_code == 404


def test_attendance(client, personas: Personas, cycle: Cycle) -> None:
    url = f"{M}/{cycle.held.plenary.public_id}/attendance"
    beto, olga = membership_of(personas, "beto"), membership_of(personas, "olga")
    entries = [
        {"membership": str(beto.public_id), "status": "unjustified"},
        {"membership": str(olga.public_id), "status": "delegate", "delegate_name": "Luis Reyes"},
    ]
    assert call(client, "POST", url, {"entries": entries}, **as_(personas, "beto")).status_code == 403
    taken = call(client, "POST", url, {"entries": entries}, **as_(personas, "sara"))
    assert taken.status_code == 200
    rows = {i["person"]["name"]: i["attendance"] for i in taken.json()}
    assert rows["Beto Barrios"]["status"] == "unjustified"
    assert rows["Olga Ocampo"] == {"status": "delegate", "delegate_name": "Luis Reyes", "method": "manual"}
    # All or nothing: a delegate for a citizen refuses the whole.
    bad = [
        {"membership": str(beto.public_id), "status": "present"},
        {"membership": str(membership_of(personas, "eva").public_id), "status": "delegate", "delegate_name": "X"},
    ]
    assert call(client, "POST", url, {"entries": bad}, **as_(personas, "sara")).status_code == 422
    assert Attendance.objects.get(meeting=cycle.held.plenary, membership=beto).status == "unjustified"
    carla = str(Membership.objects.get(user=personas.carla).public_id)
    stranger = call(
        client, "POST", url, {"entries": [{"membership": carla, "status": "present"}]}, **as_(personas, "sara")
    )
    assert stranger.status_code == 422 and stranger.json()["errors"][0]["field"] == "entries.0.membership"
    # Attendance is not taken before the meeting.
    future = call(
        client, "POST", f"{M}/{cycle.plenary.public_id}/attendance", {"entries": entries[:1]}, **as_(personas, "sara")
    )
    assert future.status_code == 422
    assert not Attendance.objects.filter(meeting=cycle.plenary).exists()


def test_check_in_with_the_qr_code(client, personas: Personas, cycle: Cycle) -> None:
    plenary = cycle.plenary
    url = f"{M}/{plenary.public_id}/check-in"
    code = checkin_code(plenary)
    beto = membership_of(personas, "beto")
    early = call(client, "POST", url, {"code": code}, **as_(personas, "beto"))
    assert early.status_code == 422  # ten days ahead: check-in is not open
    with time_machine.travel(plenary.starts_at - dt.timedelta(minutes=30), tick=False):
        wrong = call(client, "POST", url, {"code": "0" * 32}, **as_(personas, "beto"))
        assert wrong.status_code == 422
        assert not Attendance.objects.filter(meeting=plenary, membership=beto).exists()
        first = call(client, "POST", url, {"code": code}, **as_(personas, "beto"))
        assert first.status_code == 200 and first.json() == {"status": "present", "delegate_name": "", "method": "qr"}
        headers = as_(personas, "beto")
        events = AuditEvent.objects.count()
        again = call(client, "POST", url, {"code": code}, **headers)
        assert again.status_code == 200 and AuditEvent.objects.count() == events  # nothing changed
        assert call(client, "POST", url, {"code": code}, **as_(personas, "carla")).status_code == 404


def test_absences_report(client, personas: Personas, cycle: Cycle) -> None:
    held = cycle.held.plenary
    beto = membership_of(personas, "beto")
    Attendance.objects.update_or_create(
        meeting=held, membership=beto, defaults={"status": "unjustified", "recorded_by": personas.sara}
    )
    assert client.get(f"{API}/mesas/mesa-a/absences", headers=as_(personas, "beto")).status_code == 403
    rows = client.get(f"{API}/mesas/mesa-a/absences", headers=as_(personas, "sara")).json()
    row = next(r for r in rows if r["member"]["public_id"] == str(beto.public_id))
    assert row["unjustified"] == 1 and row["exceeds"] is (row["unjustified"] * 100 > 20 * row["meetings"])
