"""The demo's network surveys: this year's self-assessment and coordinators' questionnaire.

`load_surveys(network, mesas, today)` opens both rounds of `today`'s year (from a month ago to
two months ahead) and submits a response for each operating Mesa through the same service as the
pages, answered by its coordinator: the self-assessment takes what the platform knows of the
Mesa (`msj.surveys.prefill.facts`) and fills the rest; the questionnaire's answers vary from
Mesa to Mesa. Returns how many responses it submitted. Idempotent: existing rounds are reused
and a Mesa that has answered is left alone, so a second load submits nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from msj.members.access import actor_for
from msj.members.models import Office
from msj.mesas.models import Mesa, Network
from msj.surveys import catalogue, services
from msj.surveys.catalogue import HIGH, LOW, NO, YES, Answers
from msj.surveys.models import Response, SurveyRound
from msj.surveys.prefill import facts

CAUSES = [["coordination", "impunity", "social"], ["corruption", "coordination"], ["social", "situational", "impunity"]]
CRIMES_LOCAL = [
    ["robbery", "extortion", "homicide"],
    ["vehicle_theft", "robbery", "kidnapping"],
    ["extortion", "robbery"],
]
CRIMES_AGENDA = [["robbery", "extortion"], ["kidnapping", "vehicle_theft", "robbery"], ["extortion", "homicide"]]
FACTORS = [
    ["commitment", "severity", "influence"],
    ["severity", "influence", "commitment"],
    ["commitment", "trust", "information"],
]
MOTIVATIONS = [["severity", "inaction"], ["affected", "apathy"], ["severity", "support"]]
RISKS = [["distrust", "politicisation"], ["coordination", "distrust"], ["funding", "disclosure"]]


def _round(network: Network, kind: str, today: dt.date) -> SurveyRound:
    existing = SurveyRound.objects.filter(network=network, kind=kind, year=today.year).first()
    if existing is not None:
        return existing
    # Answers are accepted on the real date: a demo loaded "as of" another day still opens a round
    # that spans both.
    now = timezone.localdate()
    return services.open_round(
        network=network,
        kind=kind,
        year=today.year,
        opens_on=min(today, now) - dt.timedelta(days=30),
        closes_on=max(today, now) + dt.timedelta(days=60),
    )


def _self_assessment(mesa: Mesa, i: int, today: dt.date) -> Answers:
    answers: Answers = {code: [fact.value] for code, fact in facts(mesa, today).items()}
    answers.setdefault("f_ethics", [YES if i % 2 == 0 else NO])
    answers["f_budget"] = [YES if i % 3 == 0 else NO]
    answers["f_office"] = [NO]
    for j, (code, _kind, incidence, _label) in enumerate(catalogue.REPLICABILITY_FACTORS):
        answers[code] = [incidence if (i + j) % 4 else (LOW if incidence == HIGH else HIGH)]
    return answers


def _questionnaire(mesa: Mesa, i: int, today: dt.date) -> Answers:
    def pick(options: list[list[str]]) -> list[str]:
        return options[i % len(options)]

    answers: Answers = {
        "causes": pick(CAUSES),
        "crimes_local": pick(CRIMES_LOCAL),
        "crimes_agenda": pick(CRIMES_AGENDA),
        "citizens": [24 + 7 * i],
        "committees": [5 - i % 3],
        "committee_citizens": [12 + 3 * i],
        "know_citizens": [["most_well", "some_well"][i % 2]],
        "know_local": [["some_well", "some"][i % 2]],
        "know_federal": [["some", "none"][i % 2]],
        "factors": pick(FACTORS),
        "exp_security": [NO if i % 3 else YES],
        "exp_organisations": [YES],
        "motivations": pick(MOTIVATIONS),
        "risks": pick(RISKS),
        "sex": [["man", "woman"][i % 2]],
        "age": [46 + 3 * i],
        "resident": [YES],
    }
    answers.update({code: [fact.value] for code, fact in facts(mesa, today).items()})
    for code, _label in catalogue.FORMALISATION:
        answers.setdefault(code, [NO])
    return answers


def _coordinator(mesa: Mesa, today: dt.date) -> Any:
    office = Office.objects.current(today).filter(mesa=mesa, kind=Office.Kind.COORDINATOR).first()
    return actor_for(office.membership.user, mesa) if office is not None else None


def load_surveys(network: Network, mesas: Iterable[Mesa], today: dt.date) -> int:
    """Open this year's two rounds and submit each operating Mesa's responses; return how many were submitted."""
    rounds = {
        SurveyRound.Kind.SELF_ASSESSMENT: (_round(network, SurveyRound.Kind.SELF_ASSESSMENT, today), _self_assessment),
        SurveyRound.Kind.COORDINATORS: (_round(network, SurveyRound.Kind.COORDINATORS, today), _questionnaire),
    }
    submitted = 0
    operating = [m for m in mesas if m.network_id == network.pk and m.status == Mesa.Status.OPERATING]
    for i, mesa in enumerate(sorted(operating, key=lambda m: m.slug)):
        by = _coordinator(mesa, today)
        for survey_round, answers in rounds.values():
            if Response.objects.filter(round=survey_round, mesa=mesa, status=Response.Status.SUBMITTED).exists():
                continue
            services.save_response(
                survey_round=survey_round, mesa=mesa, answers=answers(mesa, i, today), submit=True, by=by
            )
            submitted += 1
    return submitted
