"""A round's tabulations and raw answers as CSV and XLSX, the same rows in both formats."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from msj.surveys import catalogue
from msj.surveys.models import Answer, Response, SurveyRound
from msj.surveys.tabulation import Table, rows_for_export


def answer_rows(survey_round: SurveyRound) -> list[list[Any]]:
    """One row per answer value of the round's submitted responses.

    A draft is the Mesa's work in progress, not something it sent the network: it stays out.
    """
    questions = catalogue.questions(survey_round.kind)
    rows: list[list[Any]] = [
        [
            _("Mesa"),
            _("Status"),
            _("Submitted at"),
            _("Question"),
            _("Code"),
            _("Mention"),
            _("Answer"),
            _("Answer code"),
            _("Other, in their words"),
        ]
    ]
    answers = (
        Answer.objects.filter(response__round=survey_round, response__status=Response.Status.SUBMITTED)
        .select_related("response__mesa")
        .order_by("response__mesa__name", "question", "position")
    )
    for a in answers:
        question = questions.get(a.question)
        response = a.response
        rows.append(
            [
                response.mesa.name,
                response.get_status_display(),
                response.submitted_at.isoformat() if response.submitted_at else "",
                f"{question.number}. {question.text}" if question else a.question,
                a.question,
                a.position,
                str(question.choice_label(a.choice)) if question and a.choice else a.number,
                a.choice,
                a.text,
            ]
        )
    return rows


def table_rows(tables: Sequence[Table]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for table in tables:
        rows.extend(rows_for_export(table))
        rows.append([])
    return rows


def _safe(value: Any) -> Any:
    """Free text read as a formula by a spreadsheet program is defused with a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def to_csv(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([[_safe(v) for v in row] for row in rows])
    return ("\ufeff" + out.getvalue()).encode()  # the BOM lets spreadsheet programs read the accents


def to_xlsx(sheets: dict[str, list[list[Any]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title[:31])
        for row in rows:
            sheet.append([_safe(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
