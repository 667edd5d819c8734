"""The honour capability through the API: the same policy, forms and services as the pages."""

from __future__ import annotations

from collections.abc import Callable

from msj.honour.models import Case, Decision, Hearing, PanelMember
from msj.honour.testing import honour_case
from msj.members.models import Membership
from msj.members.testing import Personas

from .conftest import API, call, membership_of

H = f"{API}/mesas/mesa-a/honour"
Headers = Callable[[str], dict[str, str]]


def case_url(case: Case) -> str:
    return f"{H}/cases/{case.public_id}"


def hear(client, tokens: Headers, case: Case, party: Membership, as_: str = "eva") -> None:
    body = {"party": str(party.public_id), "outcome": "heard", "held_on": party.mesa.today().isoformat()}
    response = call(client, "POST", f"{case_url(case)}/hearings", body, **tokens(as_))
    assert response.status_code == 201, response.json()


def test_a_grave_suspension_suspends_the_respondent(client, personas: Personas, tokens: Headers) -> None:
    case = honour_case(personas)
    beto = membership_of(personas, "beto")
    hear(client, tokens, case, beto)
    today = personas.mesa_a.today().isoformat()
    decision = {
        "sanction": "suspension_grave",
        "grave": True,
        "grave_reason": "Habló en nombre de la Mesa ante la prensa nacional.",
        "grounds": "Consta en la audiencia.",
        "decided_on": today,
    }
    response = call(client, "POST", f"{case_url(case)}/decision", decision, **tokens("eva"))
    assert response.status_code == 201, response.json()
    assert response.json()["sanction"] == "suspension_grave" and response.json()["suspends"] is True
    beto.refresh_from_db()
    assert beto.status == Membership.Status.SUSPENDED

    body = client.get(case_url(case), headers=tokens("ana")).json()
    assert body["status"] == "decided" and body["decided_on"] == today
    assert body["respondent_status"] == "suspended" and body["waiting"] == []
    assert [h["party"]["name"] for h in body["hearings"]] == ["Beto Barrios"]
    assert body["decision"]["grave_reason"].startswith("Habló")
    # Decisions are final.
    again = call(client, "POST", f"{case_url(case)}/decision", decision | {"sanction": "none"}, **tokens("ana"))
    assert again.status_code == 422 and Decision.objects.filter(case=case).count() == 1


def test_no_decision_before_every_party_is_heard(client, personas: Personas, tokens: Headers) -> None:
    filed = call(
        client,
        "POST",
        f"{H}/complaints",
        {"respondent": str(membership_of(personas, "beto").public_id), "description": "Me insultó en la sesión."},
        **tokens("ana"),
    )
    assert filed.status_code == 201
    case = Case.objects.get(public_id=filed.json()["public_id"])
    hear(client, tokens, case, case.respondent)  # the complainant, Ana, is still to be heard
    decision = {"sanction": "written_warning", "grounds": "Consta.", "decided_on": personas.mesa_a.today().isoformat()}
    english = tokens("eva") | {"Accept-Language": "en"}
    response = call(client, "POST", f"{case_url(case)}/decision", decision, **english)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["message"].startswith("Every party must be heard")
    case.refresh_from_db()
    assert case.is_open and not Decision.objects.filter(case=case).exists()
    assert [p["name"] for p in client.get(case_url(case), headers=tokens("eva")).json()["waiting"]] == ["Ana Arriaga"]


def test_suspension_on_repetition_needs_an_earlier_warning(client, personas: Personas, tokens: Headers) -> None:
    case = honour_case(personas)
    hear(client, tokens, case, case.respondent)
    decision = {
        "sanction": "suspension_repeated",
        "grounds": "Reincidió.",
        "decided_on": personas.mesa_a.today().isoformat(),
    }
    response = call(client, "POST", f"{case_url(case)}/decision", decision, **tokens("eva"))
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["sanction"]
    assert membership_of(personas, "beto").status == Membership.Status.ACTIVE


def test_officials_get_404_for_every_operation(client, personas: Personas, tokens: Headers) -> None:
    case = honour_case(personas)
    beto = str(membership_of(personas, "beto").public_id)
    olga = tokens("olga")
    assert client.get(f"{H}/cases", headers=olga).status_code == 404
    assert client.get(case_url(case), headers=olga).status_code == 404
    assert call(client, "POST", f"{H}/resign", {"confirm": True}, **olga).status_code == 404
    complaint = {"respondent": beto, "description": "Llegó tarde."}
    assert call(client, "POST", f"{H}/complaints", complaint, **olga).status_code == 404
    assert call(client, "POST", f"{case_url(case)}/close", {"reason": "Sin materia."}, **olga).status_code == 404
    assert membership_of(personas, "olga").ended_on is None and Case.objects.get(pk=case.pk).is_open


def test_parties_and_the_secretary_get_404_for_a_case(client, personas: Personas, tokens: Headers) -> None:
    filed = call(
        client,
        "POST",
        f"{H}/complaints",
        {"respondent": str(membership_of(personas, "eva").public_id), "description": "No respetó el turno."},
        **tokens("beto"),
    )
    assert filed.status_code == 201
    url = f"{H}/cases/{filed.json()['public_id']}"
    # Eva is the respondent and Beto the complainant: only Ana sits on this case.
    assert client.get(url, headers=tokens("ana")).status_code == 200
    for name in ["beto", "eva", "sara"]:
        response = client.get(url, headers=tokens(name))
        assert response.status_code == 404, name
        assert response["Content-Type"] == "application/problem+json"
    listed = client.get(f"{H}/cases", headers=tokens("eva")).json()
    assert filed.json()["public_id"] not in {c["public_id"] for c in listed["items"]}


def test_a_network_guest_sits_on_the_case(client, personas: Personas, tokens: Headers) -> None:
    case = honour_case(personas)
    assert client.get(case_url(case), headers=tokens("nora")).status_code == 404
    guest = {"kind": "guest", "email": "nora@example.org"}
    added = call(client, "POST", f"{case_url(case)}/panel", guest, **tokens("eva"))
    assert added.status_code == 201 and added.json()["name"] == "Nora Nava"
    assert PanelMember.objects.filter(case=case, user=personas.nora, kind="guest").exists()
    # Now on the committee, she reads the case and records a hearing; seating others is for the
    # Executive Committee.
    assert client.get(case_url(case), headers=tokens("nora")).json()["may_add_panel_member"] is False
    hear(client, tokens, case, case.respondent, as_="nora")
    assert Hearing.objects.filter(case=case).count() == 1
    again = {"kind": "guest", "email": "otra@example.org", "full_name": "Otra Persona"}
    assert call(client, "POST", f"{case_url(case)}/panel", again, **tokens("nora")).status_code == 404


def test_resigning_ends_the_place(client, personas: Personas, tokens: Headers) -> None:
    beto = tokens("beto")
    unconfirmed = call(client, "POST", f"{H}/resign", {"confirm": False}, **beto)
    assert unconfirmed.status_code == 422 and membership_of(personas, "beto").ended_on is None
    response = call(client, "POST", f"{H}/resign", {"confirm": True, "reason": "Me mudo."}, **beto)
    assert response.status_code == 201
    assert response.json()["member"]["name"] == "Beto Barrios" and response.json()["by_letter"] is False
    place = Membership.objects.get(public_id=response.json()["member"]["public_id"])
    assert place.status == Membership.Status.RESIGNED and place.ended_on == personas.mesa_a.today()
    # No longer in the Mesa: the Mesa answers 404, as to any outsider.
    assert call(client, "POST", f"{H}/resign", {"confirm": True}, **beto).status_code == 404
