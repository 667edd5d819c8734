"""Minutes through the API: by agenda item only, and through draft, circulated, approved and sealed."""

from __future__ import annotations

import pytest

from msj.agreements.models import Agreement
from msj.audit.models import AuditEvent
from msj.members.testing import Personas
from msj.minutes.models import Correction, Minutes, MinutesComment, MinutesEntry

from .conftest import API, bearer, call, token_for
from .cycle import Cycle, in_days, make_cycle

M = f"{API}/mesas/mesa-a/meetings"


@pytest.fixture
def cycle(personas: Personas) -> Cycle:
    return make_cycle(personas)


def as_(personas: Personas, name: str) -> dict[str, str]:
    user = personas.all()[name]
    assert user is not None
    return bearer(token_for(user))


def test_read_the_minutes_by_agenda_item(client, personas: Personas, cycle: Cycle) -> None:
    body = client.get(f"{M}/{cycle.held.plenary.public_id}/minutes", headers=as_(personas, "olga")).json()
    assert body["status"] == "circulated"
    assert [r["item"]["title"] for r in body["items"]][:2] == ["Presentaciones", "Lectura y seguimiento de acuerdos"]
    assert body["items"][0]["entry"]["summary"] == "Se trató: Presentaciones."
    assert {a["person"]["name"]: a["status"] for a in body["attendance"]}["Olga Ocampo"] == "justified"
    assert body["exports"]["pdf"].endswith("/minutes/acta.pdf")


def test_official_and_outsider_get_404(client, personas: Personas, cycle: Cycle) -> None:
    citizens = f"{M}/{cycle.held.citizens.public_id}/minutes"
    assert client.get(citizens, headers=as_(personas, "olga")).status_code == 404
    assert client.get(citizens, headers=as_(personas, "beto")).status_code == 200
    plenary = f"{M}/{cycle.held.plenary.public_id}/minutes"
    assert client.get(plenary, headers=as_(personas, "carla")).status_code == 404
    assert client.get(plenary, headers=as_(personas, "nora")).status_code == 404
    # Draft minutes are the writers' only.
    draft = f"{M}/{cycle.draft_minutes.public_id}/minutes"
    assert client.get(draft, headers=as_(personas, "beto")).status_code == 404
    assert client.get(draft, headers=as_(personas, "sara")).json()["status"] == "draft"


def test_entries_only_under_the_meetings_own_agenda(client, personas: Personas, cycle: Cycle) -> None:
    url = f"{M}/{cycle.held.plenary.public_id}/minutes/entries"
    other_item = cycle.held.citizens.agenda.first()
    before = list(MinutesEntry.objects.values_list("pk", "summary").order_by("pk"))
    refused = call(
        client, "POST", url, {"item": str(other_item.public_id), "summary": "Fuera"}, **as_(personas, "sara")
    )
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["item"]
    empty = call(
        client, "POST", url, {"item": str(cycle.held.plenary.agenda.first().public_id)}, **as_(personas, "sara")
    )
    assert empty.status_code == 422
    item = cycle.held.plenary.agenda.first()
    assert (
        call(client, "POST", url, {"item": str(item.public_id), "summary": "x"}, **as_(personas, "beto")).status_code
        == 403
    )
    assert list(MinutesEntry.objects.values_list("pk", "summary").order_by("pk")) == before

    saved = call(
        client, "POST", url, {"item": str(item.public_id), "summary": "Se presentaron todos."}, **as_(personas, "sara")
    )
    assert saved.status_code == 200 and saved.json()["summary"] == "Se presentaron todos."
    assert MinutesEntry.objects.get(item=item).summary == "Se presentaron todos."


def test_record_an_agreement_from_the_minutes(client, personas: Personas, cycle: Cycle) -> None:
    meeting = cycle.held.plenary
    item = meeting.agenda.get(kind="general")
    url = f"{M}/{meeting.public_id}/minutes/agreements"
    body = {"item": str(item.public_id), "text": "Revisar el alumbrado.", "due_on": in_days(personas, 30).isoformat()}
    other = {**body, "item": str(cycle.held.citizens.agenda.first().public_id)}
    count = Agreement.objects.count()
    assert call(client, "POST", url, other, **as_(personas, "ana")).status_code == 422
    assert call(client, "POST", url, body, **as_(personas, "eva")).status_code == 403
    assert Agreement.objects.count() == count
    recorded = call(client, "POST", url, body, **as_(personas, "ana"))
    assert recorded.status_code == 201 and recorded.json()["item"]["public_id"] == str(item.public_id)
    agreement = Agreement.objects.get(public_id=recorded.json()["public_id"])
    assert (agreement.origin_meeting, agreement.origin_item, agreement.audience) == (meeting, item, "mesa")
    minutes = client.get(f"{M}/{meeting.public_id}/minutes", headers=as_(personas, "beto")).json()
    general = next(r for r in minutes["items"] if r["item"]["kind"] == "general")
    assert [a["code"] for a in general["agreements"]] == [agreement.code]


def test_circulate_comment_approve_seal_correct(client, personas: Personas, cycle: Cycle) -> None:
    meeting = cycle.draft_minutes
    url = f"{M}/{meeting.public_id}/minutes"
    item = str(meeting.agenda.first().public_id)
    # Comments wait for circulation; only the writers circulate.
    assert (
        call(client, "POST", f"{url}/comments", {"item": item, "text": "x"}, **as_(personas, "sara")).status_code == 422
    )
    assert call(client, "POST", f"{url}/circulate", None, **as_(personas, "beto")).status_code == 404
    assert call(client, "POST", f"{url}/seal", None, **as_(personas, "sara")).status_code == 422
    circulated = call(client, "POST", f"{url}/circulate", None, **as_(personas, "sara"))
    assert circulated.status_code == 200 and circulated.json()["status"] == "circulated"

    comment = call(
        client, "POST", f"{url}/comments", {"item": item, "text": "Faltó un nombre."}, **as_(personas, "olga")
    )
    assert comment.status_code == 201 and comment.json()["author"] == "Olga Ocampo"
    assert MinutesComment.objects.filter(minutes__meeting=meeting).count() == 1

    # Approved at a later meeting of the same body, never at its own nor at a citizens' meeting.
    for wrong in (meeting, cycle.held.citizens):
        refused = call(client, "POST", f"{url}/approve", {"meeting": str(wrong.public_id)}, **as_(personas, "sara"))
        assert refused.status_code == 422
    assert (
        call(
            client, "POST", f"{url}/approve", {"meeting": str(cycle.approver.public_id)}, **as_(personas, "beto")
        ).status_code
        == 403
    )
    approved = call(
        client, "POST", f"{url}/approve", {"meeting": str(cycle.approver.public_id)}, **as_(personas, "sara")
    )
    assert approved.status_code == 200 and approved.json()["approved_at"]["public_id"] == str(cycle.approver.public_id)
    assert (
        call(client, "POST", f"{url}/entries", {"item": item, "summary": "Tarde"}, **as_(personas, "sara")).status_code
        == 422
    )

    correction = {
        "item": item,
        "text": "Asistió la Fiscalía.",
        "reason": "Omisión.",
        "approved_at": str(cycle.approver.public_id),
    }
    assert call(client, "POST", f"{url}/corrections", correction, **as_(personas, "sara")).status_code == 422
    sealed = call(client, "POST", f"{url}/seal", None, **as_(personas, "ana"))
    assert sealed.status_code == 200 and sealed.json()["status"] == "sealed"
    recorded = call(client, "POST", f"{url}/corrections", correction, **as_(personas, "ana"))
    assert recorded.status_code == 201 and recorded.json()["approved_at"]["title"] == "Pleno que aprueba actas"
    assert Correction.objects.filter(minutes__meeting=meeting).count() == 1
    assert Minutes.objects.get(meeting=meeting).status == "sealed"
    actions = AuditEvent.objects.filter(object_type="minutes.minutes", action="update").count()
    assert actions == 3  # circulated, approved, sealed
