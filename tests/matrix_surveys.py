"""The persona matrix of the network's surveys (msj/surveys).

Mesa side: Ana coordinates, so she answers both the self-assessment and the coordinators'
questionnaire; Eva (Executive Committee) and Sara (technical secretary) fill in the
self-assessment only and get 403 on the questionnaire; Beto and Olga get 403 everywhere; Carla
and Nora get 404. Network side: Nora only. Every POST below is invalid on purpose (an age that is
no number, a year out of range, closing a round that is closed) and changes nothing. Who
answers the coordinators' questionnaire is tested in msj/surveys/tests/test_views.py.
"""

from __future__ import annotations

from typing import Any

from msj.members.testing import Personas
from msj.surveys.models import SurveyRound
from msj.surveys.testing import survey_fixture
from tests.matrix_base import Entry, mesa_a, only
from tests.matrix_network import NETWORK_STAFF_ONLY, network

ANSWER_SELF = only({"ana": 200, "eva": 200, "sara": 200})
ANSWER_SELF_INVALID = only({"ana": 400, "eva": 400, "sara": 400})
NETWORK_INVALID = {**NETWORK_STAFF_ONLY, "nora": 400}
NETWORK_REDIRECT = {**NETWORK_STAFF_ONLY, "nora": 302}


def self_round(p: Personas) -> dict[str, Any]:
    return {**mesa_a(p), "public_id": survey_fixture(p).self_assessment.public_id}


def network_round(p: Personas, **extra: Any) -> dict[str, Any]:
    return {**network(p), "public_id": survey_fixture(p).questionnaire.public_id, **extra}


def closed_round(p: Personas) -> dict[str, Any]:
    survey_round = survey_fixture(p).self_assessment
    SurveyRound.objects.filter(pk=survey_round.pk).update(status=SurveyRound.Status.CLOSED)
    return {**network(p), "public_id": survey_round.public_id}


ENTRIES: dict[str, Entry] = {
    "surveys:index": Entry(mesa_a, {"GET": ANSWER_SELF}),
    "surveys:response": Entry(
        self_round, {"GET": ANSWER_SELF, "POST": ANSWER_SELF_INVALID}, data=lambda p: {"f_bylaws": "maybe"}
    ),
    "surveys_network:rounds": Entry(
        network, {"GET": NETWORK_STAFF_ONLY, "POST": NETWORK_INVALID}, data=lambda p: {"year": "1900"}
    ),
    "surveys_network:round": Entry(network_round, {"GET": NETWORK_STAFF_ONLY}),
    # Closing a round closed already is refused with a message (and a redirect), changing nothing.
    "surveys_network:close": Entry(closed_round, {"POST": NETWORK_REDIRECT}, data=lambda p: {}),
    "surveys_network:export": Entry(lambda p: network_round(p, what="tables", fmt="csv"), {"GET": NETWORK_STAFF_ONLY}),
}
