"""The honour pages through HTTP with the personas: happy paths, refusals, confidentiality."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from msj.committees.testing import actor, membership
from msj.honour import services
from msj.honour.models import Case, Decision, Hearing, PanelMember, Resignation
from msj.honour.testing import SUMMARY, honour_case
from msj.honour.tests.helpers import complaint, hear
from msj.members.models import Membership
from msj.members.testing import Personas
from msj.minutes.testing import signed_in

BASE = "/m/mesa-a/honour/"


def case_url(case: Case, action: str = "") -> str:
    return f"{BASE}cases/{case.public_id}/{action + '/' if action else ''}"


# --- resignations --------------------------------------------------------------------------------


def test_a_member_resigns_through_the_page_and_loses_access(personas: Personas) -> None:
    client = signed_in(personas.beto)
    assert client.get(f"{BASE}resign/").status_code == 200
    response = client.post(f"{BASE}resign/", {"confirm": "on", "reason": "Cambio de residencia."})
    assert response.status_code == 302 and response["Location"] == "/"
    resignation = Resignation.objects.get()
    assert resignation.membership.user == personas.beto and resignation.reason == "Cambio de residencia."
    assert resignation.resigned_on == personas.mesa_a.today()
    assert client.get("/m/mesa-a/").status_code == 404


def test_resigning_without_confirming_changes_nothing(personas: Personas) -> None:
    response = signed_in(personas.beto).post(f"{BASE}resign/", {"reason": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["confirm"]
    assert membership(personas, "beto").status == Membership.Status.ACTIVE and not Resignation.objects.exists()


def test_the_secretary_records_a_resignation_letter(personas: Personas) -> None:
    beto = membership(personas, "beto")
    client = signed_in(personas.sara)
    page = client.get(f"{BASE}resignations/new/")
    assert page.status_code == 200
    # Officials are not offered: they leave with their post.
    assert "Olga Ocampo" not in page.content.decode() and "Beto Barrios" in page.content.decode()
    on = personas.mesa_a.today().isoformat()
    response = client.post(f"{BASE}resignations/new/", {"member": str(beto.public_id), "on": on})
    assert response.status_code == 302
    beto.refresh_from_db()
    assert beto.status == Membership.Status.RESIGNED and Resignation.objects.get().by_letter


def test_only_the_secretary_records_letters(personas: Personas) -> None:
    assert signed_in(personas.ana).get(f"{BASE}resignations/new/").status_code == 403
    assert signed_in(personas.olga).get(f"{BASE}resignations/new/").status_code == 404


# --- complaints and opening ----------------------------------------------------------------------


def test_a_citizen_files_a_complaint_and_cannot_read_the_case(personas: Personas) -> None:
    client = signed_in(personas.beto)
    ana = membership(personas, "ana")
    response = client.post(f"{BASE}complaints/new/", {"respondent": str(ana.public_id), "description": "Hechos."})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.complainant == membership(personas, "beto") and case.respondent == ana
    assert client.get(case_url(case)).status_code == 404  # the complainant is a party, not a judge
    assert signed_in(personas.ana).get(case_url(case)).status_code == 404  # nor is the respondent
    assert signed_in(personas.eva).get(case_url(case)).status_code == 200


def test_a_complaint_without_facts_is_refused_naming_the_field(personas: Personas) -> None:
    ana = membership(personas, "ana")
    response = signed_in(personas.beto).post(
        f"{BASE}complaints/new/", {"respondent": str(ana.public_id), "description": ""}
    )
    assert response.status_code == 200 and response.context["form"].errors["description"]
    assert not Case.objects.exists()


def test_the_executive_committee_opens_a_case_and_lands_on_it(personas: Personas) -> None:
    beto = membership(personas, "beto")
    response = signed_in(personas.eva).post(
        f"{BASE}cases/new/", {"origin": "written_request", "respondent": str(beto.public_id), "summary": "Hechos."}
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == case_url(case)
    assert case.origin == Case.Origin.WRITTEN_REQUEST and case.complainant is None
    assert signed_in(personas.beto).get(f"{BASE}cases/new/").status_code == 403


# --- the case pages ------------------------------------------------------------------------------


def test_only_the_committee_reads_a_case(personas: Personas) -> None:
    case = honour_case(personas)
    page = signed_in(personas.ana).get(case_url(case))
    assert page.status_code == 200
    assert SUMMARY in page.content.decode() and "Eva Escobedo" in page.content.decode()
    for user in (personas.beto, personas.sara, personas.olga, personas.carla, personas.nora):
        assert signed_in(user).get(case_url(case)).status_code == 404, user
        assert signed_in(user).get(case_url(case, "hearings/new")).status_code == 404, user


def test_the_list_is_the_committee_s_with_bounded_queries(personas: Personas) -> None:
    honour_case(personas)
    client = signed_in(personas.eva)
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"{BASE}cases/").status_code == 200
    for i in range(3):
        services.open_case(
            mesa=personas.mesa_a,
            origin="executive_committee",
            respondent=membership(personas, "beto"),
            summary=f"Otro asunto {i}.",
            by=actor(personas, "eva"),
        )
    with CaptureQueriesContext(connection) as four:
        response = client.get(f"{BASE}cases/")
    assert len(response.context["open_cases"]) == 4
    assert len(four) == len(one)
    assert signed_in(personas.beto).get(f"{BASE}cases/").status_code == 403
    assert signed_in(personas.olga).get(f"{BASE}cases/").status_code == 404


def test_hearings_and_the_decision_through_the_pages(personas: Personas) -> None:
    case = honour_case(personas)
    client = signed_in(personas.eva)
    beto = membership(personas, "beto")
    today = personas.mesa_a.today().isoformat()
    decision = {"sanction": "written_warning", "grounds": "Consta en la audiencia.", "decided_on": today}
    # Before the hearing, the decision is refused with its reason, and nothing changes.
    refused = client.post(case_url(case, "decide"), decision)
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    assert not Decision.objects.exists()
    response = client.post(
        case_url(case, "hearings/new"), {"party": str(beto.public_id), "outcome": "refused", "held_on": today}
    )
    assert response.status_code == 302
    assert Hearing.objects.get(case=case).outcome == Hearing.Outcome.REFUSED
    assert client.post(case_url(case, "decide"), decision).status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.DECIDED and case.decision.sanction == Decision.Sanction.WRITTEN_WARNING
    # Final: a second decision is refused.
    again = client.post(case_url(case, "decide"), {**decision, "sanction": "none"})
    assert again.status_code == 302 and Decision.objects.get(case=case).sanction == "written_warning"


def test_a_grave_suspension_without_its_reason_is_refused_on_its_field(personas: Personas) -> None:
    case = honour_case(personas)
    hear(personas, case, "beto")
    today = personas.mesa_a.today().isoformat()
    response = signed_in(personas.ana).post(
        case_url(case, "decide"),
        {"sanction": "suspension_grave", "grave": "on", "grave_reason": "", "grounds": "x", "decided_on": today},
    )
    assert response.status_code == 200 and response.context["form"].errors["grave_reason"]
    assert membership(personas, "beto").status == Membership.Status.ACTIVE


def test_the_executive_committee_adds_a_network_guest_who_then_reads_the_case(personas: Personas) -> None:
    case = honour_case(personas)
    other = complaint(personas, by="beto", against="ana")
    response = signed_in(personas.eva).post(
        case_url(case, "panel"), {"kind": "guest", "email": "nora@example.org", "full_name": ""}
    )
    assert response.status_code == 302
    assert PanelMember.objects.get(case=case, kind="guest").user == personas.nora
    nora = signed_in(personas.nora)
    assert nora.get(case_url(case)).status_code == 200
    assert nora.get(case_url(other)).status_code == 404
    listing = nora.get(f"{BASE}cases/")
    assert listing.status_code == 200 and listing.context["open_cases"] == [case]
    assert nora.get(case_url(case, "panel")).status_code == 404  # the Executive Committee names the committee


def test_a_fourth_guest_is_refused_on_the_page(personas: Personas) -> None:
    case = honour_case(personas)
    for i in range(3):
        services.add_panel_member(
            case=case, kind="guest", email=f"g{i}@red.example.org", full_name=f"G{i}", by=actor(personas, "eva")
        )
    response = signed_in(personas.eva).post(
        case_url(case, "panel"), {"kind": "guest", "email": "g3@red.example.org", "full_name": "G3"}
    )
    assert response.status_code == 200 and response.context["form"].errors["email"]
    assert PanelMember.objects.filter(case=case, kind="guest").count() == 3


def test_closing_a_case_through_its_page(personas: Personas) -> None:
    case = honour_case(personas)
    assert signed_in(personas.ana).post(case_url(case, "close"), {"reason": "Retirada."}).status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert signed_in(personas.ana).get(case_url(case)).status_code == 200


def test_a_decided_case_takes_nothing_more(personas: Personas) -> None:
    case = honour_case(personas)
    hear(personas, case, "beto")
    services.decide_case(
        case=case, sanction="none", grounds="Sin falta.", decided_on=personas.mesa_a.today(), by=actor(personas, "eva")
    )
    client = signed_in(personas.eva)
    for action in ("decide", "hearings/new", "panel", "close"):
        assert client.get(case_url(case, action))["Location"] == case_url(case), action
    response = client.post(case_url(case, "close"), {"reason": "Otra cosa."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.DECIDED and Decision.objects.get(case=case).sanction == "none"
