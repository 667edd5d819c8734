"""Rounds of both instruments for the test personas' network, open now, shared by tests and the matrix."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from msj.members.testing import Personas
from msj.surveys.models import SurveyRound


@dataclass
class SurveyFixture:
    self_assessment: SurveyRound
    questionnaire: SurveyRound


def survey_fixture(p: Personas) -> SurveyFixture:
    """This year's open rounds (created once per database)."""
    today = timezone.localdate()

    def open_round(kind: str) -> SurveyRound:
        survey_round, _created = SurveyRound.objects.get_or_create(
            network=p.network,
            kind=kind,
            year=today.year,
            defaults={"opens_on": today - dt.timedelta(days=10), "closes_on": today + dt.timedelta(days=30)},
        )
        return survey_round

    return SurveyFixture(open_round(SurveyRound.Kind.SELF_ASSESSMENT), open_round(SurveyRound.Kind.COORDINATORS))
