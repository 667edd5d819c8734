"""The compliance dashboard through the API: the web page's panels as data, for the same readers."""

from __future__ import annotations

from msj.agreements.testing import make_agreements
from msj.members.testing import Personas

from .conftest import API, bearer, token_for

URL = f"{API}/mesas/mesa-a/compliance"


def as_(personas: Personas, name: str) -> dict[str, str]:
    user = personas.all()[name]
    assert user is not None
    return bearer(token_for(user))


def test_the_dashboard_as_data(client, personas: Personas) -> None:
    agreements = make_agreements(personas)  # the citizens' agreement is overdue
    body = client.get(URL, headers=as_(personas, "sara")).json()
    assert body["overdue_count"] == 1
    assert [a["code"] for a in body["overdue"]] == [agreements.citizens.code]
    # No plenary on record since the installation on 1 June 2010: due by 1 September 2010.
    assert body["plenary"]["overdue"] is True and body["plenary"]["due_by"] == "2010-09-01"
    assert [m["member"]["name"] for m in body["without_committee"]] == [personas.beto.full_name]
    assert len(body["fulfilment_mesa"]["quarters"]) == 6
    current = body["fulfilment_mesa"]["quarters"][-1]
    assert (current["due"], current["done"], current["pct"]) == (1, 0, 0)
    # Each standing committee, with its public id; the Executive Committee never met in the fixtures.
    names = {c["committee"]["name"]: c for c in body["committees"]}
    assert agreements.committee.name in names and names[agreements.committee.name]["last_met_on"] is None


def test_readers(client, personas: Personas) -> None:
    for name, status in (("ana", 200), ("eva", 200), ("sara", 200), ("beto", 403), ("olga", 403), ("carla", 404)):
        assert client.get(URL, headers=as_(personas, name)).status_code == status, name
    assert client.get(URL, headers=as_(personas, "nora")).status_code == 404
