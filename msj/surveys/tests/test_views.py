"""The surveys through HTTP: who answers, what the platform suggests, drafts and final answers,
closed rounds, the network's tabulations compared with last year, and the CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from msj.admissions.models import Bylaws
from msj.audit.models import AuditEvent
from msj.charter.models import AdoptedDocument, Kind
from msj.committees.models import Committee, ProcessManual
from msj.members.testing import Personas
from msj.surveys import catalogue, services
from msj.surveys.models import Response, SurveyRound
from msj.surveys.testing import SurveyFixture, survey_fixture

ANSWERS = json.loads((Path(__file__).parent / "fixtures" / "anexo1_2015.json").read_text())["responses"]


@pytest.fixture
def rounds(personas: Personas) -> SurveyFixture:
    return survey_fixture(personas)


def url(p: Personas, survey_round: SurveyRound) -> str:
    return reverse("surveys:response", kwargs={"mesa_slug": p.mesa_a.slug, "public_id": survey_round.public_id})


def form_data(answers: dict[str, list[Any]], action: str) -> dict[str, Any]:
    """The questionnaire's POST for a set of answers (mentions as <code>_<n>)."""
    data: dict[str, Any] = {"action": action}
    for code, values in answers.items():
        if code in {"causes", "crimes_local", "crimes_agenda", "factors", "motivations", "risks"}:
            for i, value in enumerate(values, start=1):
                data[f"{code}_{i}"] = value
            if "other" in values:
                data[f"{code}_other"] = "Falta de continuidad"
        else:
            data[code] = values[0]
    return data


def test_who_answers_what(client: Any, personas: Personas, rounds: SurveyFixture) -> None:
    expected = {
        personas.ana: (200, 200),
        personas.eva: (200, 403),
        personas.sara: (200, 403),
        personas.beto: (403, 403),
        personas.olga: (403, 403),
        personas.carla: (404, 404),
        personas.nora: (404, 404),
    }
    for user, (self_status, questionnaire_status) in expected.items():
        client.force_login(user)
        assert client.get(url(personas, rounds.self_assessment)).status_code == self_status, user
        assert client.get(url(personas, rounds.questionnaire)).status_code == questionnaire_status, user
        assert client.post(url(personas, rounds.questionnaire), {"action": "save"}).status_code == (
            questionnaire_status if questionnaire_status != 200 else 302
        ), user


def test_the_platform_suggests_what_it_knows_with_its_source(
    client: Any, personas: Personas, rounds: SurveyFixture
) -> None:
    today = personas.mesa_a.today()
    Bylaws.objects.create(mesa=personas.mesa_a, version=2, text="…", adopted_on=today - dt.timedelta(days=5))
    committee = Committee.objects.create(mesa=personas.mesa_a, name="Prevención", created_on=today)
    ProcessManual.objects.create(committee=committee, version=1, text="…", adopted_on=today)
    client.force_login(personas.sara)
    page = client.get(url(personas, rounds.self_assessment))
    form = page.context["form"]
    assert form.initial["f_bylaws"] == "yes"
    assert form.initial["f_committee_rules"] == "yes"
    assert form.initial["f_staff"] == "yes"  # Sara is the technical secretary
    assert form.initial["f_standard_methodology"] == "no"
    assert form.initial["f_ethics"] == "no"  # no code of ethics adopted in msj.charter yet
    assert form.initial["f_budget"] == ""
    assert "Bylaws version 2" in page.content.decode()
    assert "Prevención" in page.content.decode()
    # A suggestion is no answer until the Mesa saves it.
    assert not Response.objects.exists()
    # Once the Mesa adopts its code of ethics (msj.charter), the platform knows it.
    AdoptedDocument.objects.create(
        mesa=personas.mesa_a,
        kind=Kind.CODE_OF_ETHICS,
        version=1,
        title="Código de ética",
        body="…",
        adopted_on=today,
        approved_by="Pleno",
        in_force=True,
    )
    page = client.get(url(personas, rounds.self_assessment))
    assert page.context["form"].initial["f_ethics"] == "yes"
    assert "Code of ethics version 1" in page.content.decode()


def test_a_draft_then_a_final_submission(client: Any, personas: Personas, rounds: SurveyFixture) -> None:
    client.force_login(personas.ana)
    target = url(personas, rounds.questionnaire)
    assert client.post(target, {"action": "save", "age": "47"}).status_code == 302
    response = Response.objects.get(round=rounds.questionnaire)
    assert response.status == Response.Status.DRAFT
    # Submitting with questions unanswered is refused whole, naming them.
    page = client.post(target, {"action": "submit", "age": "47"})
    assert page.status_code == 400
    assert "Question 1: Answer this question before submitting." in page.content.decode()
    # An "other" with no words is refused too.
    answers = {**ANSWERS[0], "risks": ["other", "distrust"]}
    data = form_data(answers, "submit")
    del data["risks_other"]
    assert "Question 13: Say in a few words" in client.post(target, data).content.decode()
    assert client.post(target, form_data(answers, "submit")).status_code == 302
    response.refresh_from_db()
    assert response.is_submitted and response.submitted_by == personas.ana
    assert response.answers.get(question="risks", position=1).text == "Falta de continuidad"
    # Final: a second submission changes nothing.
    assert client.post(target, form_data(ANSWERS[1], "submit")).status_code == 400
    assert response.answers.get(question="age").number == ANSWERS[0]["age"][0]


def test_a_closed_round_refuses_answers(client: Any, personas: Personas, rounds: SurveyFixture) -> None:
    client.force_login(personas.nora)
    close = reverse(
        "surveys_network:close",
        kwargs={"network_slug": personas.network.slug, "public_id": rounds.self_assessment.public_id},
    )
    assert client.post(close).status_code == 302
    client.force_login(personas.eva)
    page = client.post(url(personas, rounds.self_assessment), {"action": "save", "f_bylaws": "yes"})
    assert page.status_code == 400
    assert "This round is closed: answers are no longer accepted." in page.content.decode()
    assert not Response.objects.exists()


def test_the_network_opens_a_round_and_compares_it_with_last_year(
    client: Any, personas: Personas, rounds: SurveyFixture, django_assert_max_num_queries: Any
) -> None:
    client.force_login(personas.nora)
    year = timezone.localdate().year
    home = reverse("surveys_network:rounds", kwargs={"network_slug": personas.network.slug})
    # One round a year of each instrument.
    again = {"kind": "coordinators", "year": year, "opens_on": "2026-01-01", "closes_on": "2026-02-01"}
    assert client.post(home, again).status_code == 400
    earlier = {
        "kind": "coordinators",
        "year": year - 1,
        "opens_on": f"{year - 1}-08-01",
        "closes_on": f"{year - 1}-09-30",
    }
    assert client.post(home, earlier).status_code == 302
    last_year = SurveyRound.objects.get(year=year - 1)
    # Last year: Mesa A had no code of ethics; this year it has one; Mesa B both years without.
    for survey_round, ethics in ((last_year, "no"), (rounds.questionnaire, "yes")):
        SurveyRound.objects.filter(pk=survey_round.pk).update(
            opens_on=dt.date(2000, 1, 1), closes_on=dt.date(2100, 1, 1)
        )
        survey_round.refresh_from_db()
        for mesa, value in ((personas.mesa_a, ethics), (personas.mesa_b, "no")):
            services.save_response(
                survey_round=survey_round, mesa=mesa, answers={**ANSWERS[0], "f_ethics": [value]}, submit=True
            )
    # The page's queries do not grow with the Mesas or their answers.
    with django_assert_max_num_queries(15):
        page = client.get(
            reverse(
                "surveys_network:round",
                kwargs={"network_slug": personas.network.slug, "public_id": rounds.questionnaire.public_id},
            )
        )
    assert page.status_code == 200
    blocks = {table.key: (table, compared) for table, _chart, compared in page.context["blocks"]}
    table, compared = blocks["cuadro16"]
    assert table.row("f_ethics").cells[0].n == 1
    ethics = next(c for c in compared if str(c.label) == "The Mesa has a code of ethics")
    assert [str(x) for x in ethics.cells[0][2:]] == ["50.0"]
    assert "data:image/svg+xml;base64," in page.content.decode()
    # Cuadro 16 over time, and Mesa by Mesa.
    over_time = page.context["formalisation"].row("f_ethics")
    assert [(c.n, str(c.pct)) for c in over_time.cells] == [(0, "0.0"), (1, "50.0")]
    grid = dict(page.context["grid"])
    assert grid[dict(catalogue.FORMALISATION)["f_ethics"]] == ["yes", "no"]  # Mesa A, Mesa B


def test_csv_export_of_the_tabulations_and_the_answers(client: Any, personas: Personas, rounds: SurveyFixture) -> None:
    services.save_response(survey_round=rounds.questionnaire, mesa=personas.mesa_a, answers=ANSWERS[0], submit=True)
    # Mesa B's draft is its work in progress: it never reaches the network.
    services.save_response(survey_round=rounds.questionnaire, mesa=personas.mesa_b, answers={"age": [38]}, submit=False)
    client.force_login(personas.nora)

    def export(what: str, fmt: str) -> Any:
        kwargs = {"network_slug": personas.network.slug, "public_id": rounds.questionnaire.public_id}
        return client.get(reverse("surveys_network:export", kwargs={**kwargs, "what": what, "fmt": fmt}))

    rows = list(csv.reader(io.StringIO(export("tables", "csv").content.decode("utf-8-sig"))))
    cuadro16 = rows.index(next(r for r in rows if r and r[0].startswith("Formalisation of the Mesas")))
    assert rows[cuadro16] == ["Formalisation of the Mesas (Cuadro 16)", "Yes N", "Yes %"]
    assert rows[cuadro16 + 1] == ["The Mesa has bylaws", "1", "100.0"]
    answers = list(csv.reader(io.StringIO(export("answers", "csv").content.decode("utf-8-sig"))))
    age = next(r for r in answers if r[4] == "age")
    assert age[0] == "Mesa A" and age[6] == str(ANSWERS[0]["age"][0])
    assert not any(r[0] == "Mesa B" for r in answers[1:])
    assert export("answers", "xlsx")["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(export("tables", "xlsx").content))
    assert workbook["cuadro16"]["B2"].value == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, mesa=None, actor=personas.nora).count() == 4
