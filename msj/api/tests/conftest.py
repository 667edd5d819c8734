"""Helpers for the API tests: tokens for the personas and a way to call each operation."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from msj.accounts.models import User
from msj.agreements.testing import PDF_BYTES
from msj.api import services
from msj.meetings.rules import checkin_code
from msj.members.models import Membership
from msj.members.testing import Personas

from .cycle import in_days, make_cycle
from .extensions import capability_modules

API = "/api/v1"


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def token_for(user: User, name: str = "script") -> str:
    """Issue a token for `user` and return its secret."""
    return services.create_token(user=user, name=name)[1]


@dataclass
class Multipart:
    """A `multipart/form-data` body: fields, and files as (field, file name, content)."""

    fields: dict[str, Any]
    files: list[tuple[str, str, bytes]] = field(default_factory=list)

    def encode(self) -> bytes:
        data: dict[str, Any] = {k: v for k, v in self.fields.items() if v is not None}
        for name, filename, content in self.files:
            data.setdefault(name, []).append(SimpleUploadedFile(filename, content))
        return encode_multipart(BOUNDARY, data)


def call(client: Client, method: str, path: str, body: Any = None, **headers: str) -> Any:
    """Call the API with a JSON body (or a multipart one), as a script would."""
    if isinstance(body, Multipart):
        return client.generic(method, path, data=body.encode(), content_type=MULTIPART_CONTENT, headers=headers)
    data = None if body is None else json.dumps(body)
    return client.generic(method, path, data=data or "", content_type="application/json", headers=headers)


def beto_membership(p: Personas) -> Membership:
    return Membership.objects.get(mesa=p.mesa_a, user=p.beto)


def membership_of(p: Personas, name: str) -> Membership:
    return Membership.objects.get(mesa=p.mesa_a, user=p.all()[name], ended_on__isnull=True)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    """Evidence files go to a temporary folder."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


# One concrete call per operation of the API, against Mesa A; bodies are valid, so that the
# answer depends only on who is asking. Keys are the operations' (method, path template).
def operation_calls(p: Personas) -> dict[tuple[str, str], tuple[str, Any]]:
    beto = beto_membership(p)
    cycle = make_cycle(p)
    agreements = cycle.agreements
    prevention = cycle.committees.prevention
    plenary = cycle.plenary
    agenda = {item.kind: item for item in plenary.agenda.all()}
    held = cycle.held.plenary
    held_items = list(held.agenda.order_by("position"))
    today = p.mesa_a.today().isoformat()
    m = f"{API}/mesas/{p.mesa_a.slug}"
    c = f"{m}/committees"
    t = f"{m}/topics/{cycle.topic.public_id}"
    mt = f"{m}/meetings"
    calls = {
        ("GET", f"{API}/me"): (f"{API}/me", None),
        ("GET", f"{API}/me/calendar"): (f"{API}/me/calendar", None),
        ("POST", f"{API}/me/calendar"): (f"{API}/me/calendar", None),
        ("POST", f"{API}/me/calendar/revoke"): (f"{API}/me/calendar/revoke", None),
        ("GET", f"{API}/mesas"): (f"{API}/mesas", None),
        ("GET", f"{API}/mesas/{{slug}}"): (m, None),
        ("GET", f"{API}/mesas/{{slug}}/rules"): (f"{m}/rules", None),
        ("PATCH", f"{API}/mesas/{{slug}}/rules"): (f"{m}/rules", {"plenary_notice_days": 4}),
        ("GET", f"{API}/mesas/{{slug}}/members"): (f"{m}/members", None),
        ("GET", f"{API}/mesas/{{slug}}/members/{{public_id}}"): (f"{m}/members/{beto.public_id}", None),
        ("POST", f"{API}/mesas/{{slug}}/members/{{public_id}}/status"): (
            f"{m}/members/{beto.public_id}/status",
            {"status": "active", "on": "2025-02-01"},
        ),
        ("GET", f"{API}/mesas/{{slug}}/seats"): (f"{m}/seats", None),
        ("GET", f"{API}/mesas/{{slug}}/offices"): (f"{m}/offices", None),
        ("GET", f"{API}/mesas/{{slug}}/audit"): (f"{m}/audit", None),
        ("GET", f"{API}/mesas/{{slug}}/compliance"): (f"{m}/compliance", None),
        # Agreements (msj/agreements/testing.py): "citizens" is citizens-only with Olga's seat responsible.
        ("GET", f"{API}/mesas/{{slug}}/agreements"): (f"{m}/agreements?status=open", None),
        ("POST", f"{API}/mesas/{{slug}}/agreements"): (f"{m}/agreements", {"text": "Acuerdo por la API"}),
        ("GET", f"{API}/mesas/{{slug}}/agreements/{{public_id}}"): (
            f"{m}/agreements/{agreements.citizens.public_id}",
            None,
        ),
        ("PATCH", f"{API}/mesas/{{slug}}/agreements/{{public_id}}"): (
            f"{m}/agreements/{agreements.citizens.public_id}",
            {"priority": "high"},
        ),
        ("POST", f"{API}/mesas/{{slug}}/agreements/{{public_id}}/follow-ups"): (
            f"{m}/agreements/{agreements.mesa.public_id}/follow-ups",
            {"on": p.mesa_a.today().isoformat(), "note": "Avance reportado por la API", "progress": 20},
        ),
        ("POST", f"{API}/mesas/{{slug}}/agreements/{{public_id}}/follow-ups/with-evidence"): (
            f"{m}/agreements/{agreements.mesa.public_id}/follow-ups/with-evidence",
            Multipart({"on": today, "note": "Acta de instalación"}, [("evidence", "acta.pdf", PDF_BYTES)]),
        ),
        # Committees (msj/committees/testing.py): Beto coordinates Prevention, Eva is its alternate.
        ("GET", f"{API}/mesas/{{slug}}/axes"): (f"{m}/axes", None),
        ("POST", f"{API}/mesas/{{slug}}/axes"): (f"{m}/axes", {"number": 7, "name": "Estado de derecho"}),
        ("GET", f"{API}/mesas/{{slug}}/committees"): (c, None),
        ("GET", f"{API}/mesas/{{slug}}/committees/{{public_id}}"): (f"{c}/{prevention.public_id}", None),
        ("POST", f"{API}/mesas/{{slug}}/committees"): (
            c,
            {
                "name": "Movilidad segura",
                "coordinator": str(beto.public_id),
                "alternate": str(membership_of(p, "eva").public_id),
                "manual_text": "Nos reunimos cada mes.",
                "decided_on": "2025-03-12",
                "minutes_reference": "Acta del Comité Ejecutivo del 12/03/2025",
            },
        ),
        ("POST", f"{API}/mesas/{{slug}}/committees/{{public_id}}/dissolve"): (
            f"{c}/{cycle.to_dissolve.public_id}/dissolve",
            {"decided_on": "2025-06-01", "minutes_reference": "Acta del Comité Ejecutivo del 01/06/2025"},
        ),
        ("POST", f"{API}/mesas/{{slug}}/committees/{{public_id}}/join"): (
            f"{c}/{cycle.committees.indicators.public_id}/join",
            None,
        ),
        ("POST", f"{API}/mesas/{{slug}}/committees/{{public_id}}/leave"): (f"{c}/{prevention.public_id}/leave", None),
        ("POST", f"{API}/mesas/{{slug}}/committees/{{public_id}}/people"): (
            f"{c}/{prevention.public_id}/people",
            {"email": "vera@example.org", "full_name": "Vera Voluntaria", "kind": "volunteer"},
        ),
        ("POST", f"{API}/mesas/{{slug}}/committees/{{public_id}}/requests/{{member_id}}/approve"): (
            f"{c}/{prevention.public_id}/requests/{cycle.ana_request.public_id}/approve",
            None,
        ),
        ("POST", f"{API}/mesas/{{slug}}/committees/{{public_id}}/requests/{{member_id}}/decline"): (
            f"{c}/{prevention.public_id}/requests/{cycle.sara_request.public_id}/decline",
            None,
        ),
        ("POST", f"{API}/mesas/{{slug}}/committees/{{public_id}}/manual"): (
            f"{c}/{prevention.public_id}/manual",
            {"text": "Nos reunimos el primer lunes de cada mes.", "adopted_on": today},
        ),
        ("POST", f"{API}/mesas/{{slug}}/committees/{{public_id}}/manual/sign"): (
            f"{c}/{prevention.public_id}/manual/sign",
            None,
        ),
        # The security agenda (msj/topics/testing.py): "Secuestro", worked by Prevention.
        ("GET", f"{API}/mesas/{{slug}}/topics"): (f"{m}/topics", None),
        ("GET", f"{API}/mesas/{{slug}}/topics/{{public_id}}"): (t, None),
        ("POST", f"{API}/mesas/{{slug}}/topics"): (f"{m}/topics", {"title": "Extorsión"}),
        ("PATCH", f"{API}/mesas/{{slug}}/topics/{{public_id}}"): (t, {"description": "Prioridad desde 2010."}),
        ("GET", f"{API}/mesas/{{slug}}/topics/{{public_id}}/diagnoses"): (f"{t}/diagnoses", None),
        ("POST", f"{API}/mesas/{{slug}}/topics/{{public_id}}/diagnoses"): (
            f"{t}/diagnoses",
            {"incidence": "Nueve secuestros denunciados en el último año."},
        ),
        # Meetings (msj/meetings/testing.py and tests/cycle.py).
        ("GET", f"{API}/mesas/{{slug}}/meetings"): (mt, None),
        ("GET", f"{API}/mesas/{{slug}}/meetings/{{public_id}}"): (f"{mt}/{plenary.public_id}", None),
        ("POST", f"{API}/mesas/{{slug}}/meetings"): (
            mt,
            {
                "kind": "committee",
                "committee": str(prevention.public_id),
                "title": "Sesión del comité",
                "date": in_days(p, 10).isoformat(),
                "starts": "18:00",
                "ends": "20:00",
                "place": "Sala de juntas",
            },
        ),
        ("PATCH", f"{API}/mesas/{{slug}}/meetings/{{public_id}}"): (
            f"{mt}/{plenary.public_id}",
            {"title": "Pleno ordinario de mayo"},
        ),
        ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/convene"): (f"{mt}/{cycle.draft.public_id}/convene", {}),
        ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/cancel"): (
            f"{mt}/{cycle.to_cancel.public_id}/cancel",
            None,
        ),
        ("GET", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/agenda"): (f"{mt}/{plenary.public_id}/agenda", None),
        ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/agenda"): (
            f"{mt}/{plenary.public_id}/agenda",
            {"title": "Informe de la Fiscalía"},
        ),
        ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/agenda/{{item_id}}/move"): (
            f"{mt}/{plenary.public_id}/agenda/{agenda['agreements'].public_id}/move",
            {"direction": "up"},
        ),
        ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/agenda/{{item_id}}/presenter"): (
            f"{mt}/{plenary.public_id}/agenda/{agenda['authorities'].public_id}/presenter",
            {"presenter": str(membership_of(p, "olga").public_id)},
        ),
        ("GET", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/invitations"): (
            f"{mt}/{plenary.public_id}/invitations",
            None,
        ),
        ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/invitations"): (
            f"{mt}/{cycle.citizens.public_id}/invitations",
            {"membership": str(membership_of(p, "olga").public_id), "role": "presenter"},
        ),
        ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/reply"): (
            f"{mt}/{plenary.public_id}/reply",
            {"reply": "attending"},
        ),
        ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/attendance"): (
            f"{mt}/{held.public_id}/attendance",
            {"entries": [{"membership": str(beto.public_id), "status": "unjustified"}]},
        ),
        ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/check-in"): (
            f"{mt}/{plenary.public_id}/check-in",
            {"code": checkin_code(plenary)},
        ),
        ("GET", f"{API}/mesas/{{slug}}/absences"): (f"{m}/absences", None),
        # Minutes (msj/minutes/testing.py): the held plenary's minutes are circulated.
        ("GET", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/minutes"): (f"{mt}/{held.public_id}/minutes", None),
        ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/minutes/entries"): (
            f"{mt}/{held.public_id}/minutes/entries",
            {"item": str(held_items[0].public_id), "summary": "Se presentaron los asistentes."},
        ),
        ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/minutes/agreements"): (
            f"{mt}/{held.public_id}/minutes/agreements",
            {
                "item": str(held_items[1].public_id),
                "text": "Revisar el alumbrado del corredor escolar.",
                "due_on": in_days(p, 30).isoformat(),
            },
        ),
        ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/minutes/circulate"): (
            f"{mt}/{cycle.draft_minutes.public_id}/minutes/circulate",
            None,
        ),
        ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/minutes/comments"): (
            f"{mt}/{held.public_id}/minutes/comments",
            {"item": str(held_items[2].public_id), "text": "Faltó mencionar el informe de la policía."},
        ),
        ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/minutes/approve"): (
            f"{mt}/{cycle.circulated_minutes.public_id}/minutes/approve",
            {"meeting": str(cycle.approver.public_id)},
        ),
        ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/minutes/seal"): (
            f"{mt}/{cycle.approved_minutes.public_id}/minutes/seal",
            None,
        ),
        ("POST", f"{API}/mesas/{{slug}}/meetings/{{public_id}}/minutes/corrections"): (
            f"{mt}/{cycle.sealed_minutes.public_id}/minutes/corrections",
            {
                "item": str(cycle.sealed_minutes.agenda.first().public_id),
                "text": "Asistió también la Fiscalía.",
                "reason": "Omisión en el acta.",
                "approved_at": str(cycle.approver.public_id),
            },
        ),
    }
    for module in capability_modules():
        calls.update(module.calls(p))
    return calls


@pytest.fixture
def tokens(personas: Personas) -> Callable[[str], dict[str, str]]:
    """Authorization headers for a persona by name, each with a fresh token."""
    users = personas.all()

    def headers(name: str) -> dict[str, str]:
        user = users[name]
        assert user is not None
        return bearer(token_for(user))

    return headers
