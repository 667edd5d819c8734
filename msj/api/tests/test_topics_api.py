"""The security agenda through the API: topics and the versions of their diagnosis."""

from __future__ import annotations

import pytest

from msj.audit.models import AuditEvent
from msj.members.testing import Personas
from msj.topics.models import Diagnosis, Topic

from .conftest import API, bearer, call, token_for
from .cycle import Cycle, make_cycle

T = f"{API}/mesas/mesa-a/topics"


@pytest.fixture
def cycle(personas: Personas) -> Cycle:
    return make_cycle(personas)


def as_(personas: Personas, name: str) -> dict[str, str]:
    user = personas.all()[name]
    assert user is not None
    return bearer(token_for(user))


def test_list_and_detail(client, personas: Personas, cycle: Cycle) -> None:
    items = client.get(T, headers=as_(personas, "olga")).json()["items"]
    assert [(t["title"], t["status"], t["diagnosis_version"]) for t in items] == [("Secuestro", "active", 1)]
    assert items[0]["committees"] == [{"public_id": str(cycle.committees.prevention.public_id), "name": "Prevención"}]
    detail = client.get(f"{T}/{cycle.topic.public_id}", headers=as_(personas, "beto")).json()
    assert detail["diagnosis"]["incidence"] == "13 secuestros denunciados en 2013."
    assert detail["diagnosis"]["author"] == "Sara Salas"
    assert client.get(f"{T}/{cycle.topic.public_id}", headers=as_(personas, "carla")).status_code == 404
    assert client.get(T, headers=as_(personas, "nora")).status_code == 404


def test_create_and_change(client, personas: Personas, cycle: Cycle) -> None:
    assert call(client, "POST", T, {"title": "Extorsión"}, **as_(personas, "olga")).status_code == 403
    assert call(client, "POST", T, {"title": "secuestro"}, **as_(personas, "eva")).status_code == 422
    assert (
        call(client, "POST", T, {"title": "Extorsión", "status": "active"}, **as_(personas, "eva")).status_code == 422
    )
    assert Topic.objects.count() == 1
    created = call(client, "POST", T, {"title": "Extorsión"}, **as_(personas, "eva"))
    assert created.status_code == 201 and created.json()["status"] == "proposed"

    url = f"{T}/{cycle.topic.public_id}"
    assert call(client, "PATCH", url, {"title": "Otro"}, **as_(personas, "beto")).status_code == 403
    changed = call(client, "PATCH", url, {"description": "Prioridad desde 2010."}, **as_(personas, "sara"))
    assert changed.status_code == 200
    body = changed.json()
    assert body["description"] == "Prioridad desde 2010."
    assert [c["name"] for c in body["committees"]] == ["Prevención"]  # kept, not sent
    assert body["approved_on"] == "2025-03-12"
    event = AuditEvent.objects.filter(object_id=str(cycle.topic.public_id), action="update").get()
    assert event.changes() == [("description", "", "Prioridad desde 2010.")]


def test_diagnosis_versions(client, personas: Personas, cycle: Cycle) -> None:
    url = f"{T}/{cycle.topic.public_id}/diagnoses"
    # Olga reads the diagnosis but does not write it; Beto serves on the committee working on the topic.
    assert client.get(url, headers=as_(personas, "olga")).json()["count"] == 1
    assert call(client, "POST", url, {"incidence": "x"}, **as_(personas, "olga")).status_code == 403
    written = call(client, "POST", url, {"incidence": "Nueve secuestros en 2014."}, **as_(personas, "beto"))
    assert written.status_code == 201 and written.json()["version"] == 2
    same = call(client, "POST", url, {"incidence": "Nueve secuestros en 2014."}, **as_(personas, "beto"))
    assert same.status_code == 422
    empty = call(client, "POST", url, {}, **as_(personas, "beto"))
    assert empty.status_code == 422
    assert Diagnosis.objects.filter(topic=cycle.topic).count() == 2
    versions = client.get(url, headers=as_(personas, "ana")).json()["items"]
    assert [(v["version"], v["author"]) for v in versions] == [(2, "Beto Barrios"), (1, "Sara Salas")]
