"""Writes of the surveys: opening and closing a round, saving and submitting a Mesa's response.

Each is one transaction with its audit event; bad input raises ValidationError naming the
question or field, and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from msj.audit.models import AuditEvent
from msj.audit.services import record, snapshot
from msj.mesas.models import Mesa, Network
from msj.surveys import catalogue
from msj.surveys.catalogue import OTHER, Answers
from msj.surveys.models import Answer, Response, SurveyRound


@transaction.atomic
def open_round(
    *,
    network: Network,
    kind: str,
    year: int,
    opens_on: dt.date,
    closes_on: dt.date,
    by: Any = None,
    request: HttpRequest | None = None,
) -> SurveyRound:
    """Open the network's round of `kind` for `year`; one a year of each instrument."""
    survey_round = SurveyRound(
        network=network,
        kind=kind,
        year=year,
        opens_on=opens_on,
        closes_on=closes_on,
        opened_by=getattr(by, "user", by),
    )
    survey_round.full_clean()
    survey_round.save()
    record(AuditEvent.Action.CREATE, obj=survey_round, actor=by, after=snapshot(survey_round), request=request)
    return survey_round


@transaction.atomic
def close_round(*, survey_round: SurveyRound, by: Any = None, request: HttpRequest | None = None) -> SurveyRound:
    """Close the round: no Mesa may answer it any longer; drafts stay drafts."""
    survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
    if survey_round.status == SurveyRound.Status.CLOSED:
        raise ValidationError(_("This round is closed already."))
    survey_round.status = SurveyRound.Status.CLOSED
    survey_round.save(update_fields=["status", "updated_at"])
    record(AuditEvent.Action.UPDATE, obj=survey_round, actor=by, after={"status": survey_round.status}, request=request)
    return survey_round


@transaction.atomic
def save_response(
    *,
    survey_round: SurveyRound,
    mesa: Mesa,
    answers: Answers,
    others: dict[str, str] | None = None,
    submit: bool,
    by: Any = None,
    request: HttpRequest | None = None,
) -> Response:
    """Save the Mesa's answers as a draft, or submit them (final: every required question answered).

    `others` holds the free text of the questions answered "other", by question code.
    """
    others = {code: text.strip() for code, text in (others or {}).items() if text and text.strip()}
    if not survey_round.accepts_answers(mesa.today()):
        raise ValidationError(_("This round is closed: answers are no longer accepted."))
    if mesa.network_id != survey_round.network_id:
        raise ValidationError(_("This round belongs to another network."))
    response, created = Response.objects.select_for_update().get_or_create(round=survey_round, mesa=mesa)
    if response.is_submitted:
        raise ValidationError(_("This response was submitted already and cannot be changed."))
    cleaned = catalogue.clean_answers(survey_round.kind, answers, complete=submit)
    missing = {
        code: [_("Say in a few words what the other answer is.")]
        for code, values in cleaned.items()
        if OTHER in values and not others.get(code)
    }
    if missing:
        raise ValidationError(missing)
    user = getattr(by, "user", by)
    response.answers.all().delete()
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question=code,
            position=position,
            choice=value if isinstance(value, str) else "",
            number=value if isinstance(value, int) else None,
            text=others.get(code, "")[:300] if value == OTHER else "",
        )
        for code, values in cleaned.items()
        for position, value in enumerate(values, start=1)
    )
    response.updated_by = user
    fields = ["updated_by", "updated_at"]
    if submit:
        response.status = Response.Status.SUBMITTED
        response.submitted_at = timezone.now()
        response.submitted_by = user
        fields += ["status", "submitted_at", "submitted_by"]
    response.full_clean()
    response.save(update_fields=fields)
    record(
        AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        obj=response,
        actor=by,
        mesa=mesa,
        after={"status": response.status, "answers": cleaned},
        request=request,
    )
    return response


def answers_of(response: Response | None) -> tuple[Answers, dict[str, str]]:
    """A response's values by question, and its "other" texts."""
    values: Answers = defaultdict(list)
    others: dict[str, str] = {}
    if response is None:
        return {}, others
    for answer in response.answers.order_by("question", "position"):
        values[answer.question].append(answer.value)
        if answer.text:
            others[answer.question] = answer.text
    return dict(values), others


def submitted_answers(survey_round: SurveyRound) -> list[Answers]:
    """Every submitted response's answers, in two queries' worth of rows (one per answer)."""
    by_response: dict[int, Answers] = defaultdict(lambda: defaultdict(list))
    rows = (
        Answer.objects.filter(response__round=survey_round, response__status=Response.Status.SUBMITTED)
        .order_by("response_id", "question", "position")
        .values_list("response_id", "question", "choice", "number")
    )
    for response_id, question, choice, number in rows:
        by_response[response_id][question].append(choice if choice else number)
    submitted = survey_round.responses.filter(status=Response.Status.SUBMITTED).values_list("pk", flat=True)
    return [dict(by_response.get(pk, {})) for pk in submitted]


def formalisation_by_mesa(survey_round: SurveyRound) -> list[tuple[str, dict[str, str]]]:
    """Each submitted Mesa's formalisation answers (Cuadro 16's items), by Mesa name, in one query."""
    codes = [code for code, _label in catalogue.FORMALISATION]
    by_mesa: dict[str, dict[str, str]] = {}
    rows = (
        Answer.objects.filter(
            response__round=survey_round, response__status=Response.Status.SUBMITTED, question__in=codes
        )
        .order_by("response__mesa__name")
        .values_list("response__mesa__name", "question", "choice")
    )
    for name, question, choice in rows:
        by_mesa.setdefault(name, {})[question] = choice
    return list(by_mesa.items())
