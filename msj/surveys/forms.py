"""The forms of the surveys: a Mesa's response built from the catalogue, and opening a round."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from msj.surveys import catalogue
from msj.surveys.catalogue import OTHER, Answers, Question, QuestionKind
from msj.surveys.models import SurveyRound
from msj.surveys.prefill import Fact
from msj.surveys.tabulation import RANKS


@dataclass(frozen=True)
class Block:
    question: Question
    fields: list[forms.BoundField]
    other: forms.BoundField | None
    suggestion: Fact | None


class ResponseForm(forms.Form):
    """One field per question (one per mention for the questions with several), all optional here:
    a draft may be partial; what submitting requires is checked by the service."""

    def __init__(
        self,
        *args: Any,
        kind: str,
        answers: Answers,
        others: dict[str, str],
        suggestions: dict[str, Fact],
        disabled: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.suggestions = suggestions
        for question in catalogue.questions(kind).values():
            saved = answers.get(question.code, [])
            if not saved and question.code in suggestions:
                saved = [suggestions[question.code].value]
            if question.kind == QuestionKind.NUMBER:
                self.fields[question.code] = forms.IntegerField(
                    label=str(question.text), required=False, min_value=0, max_value=question.max_value
                )
                self.initial[question.code] = saved[0] if saved else None
                continue
            choices = [("", "—"), *question.choices, *([(OTHER, _("Other"))] if question.other else [])]
            for position in range(1, question.mentions + 1):
                name = self.field_name(question, position)
                label = str(question.text if question.mentions == 1 else RANKS[position - 1])
                self.fields[name] = forms.ChoiceField(label=label, choices=choices, required=False)
                self.initial[name] = saved[position - 1] if len(saved) >= position else ""
            if question.other:
                self.fields[f"{question.code}_other"] = forms.CharField(
                    label=_("Other, in your words"), required=False, max_length=300
                )
                self.initial[f"{question.code}_other"] = others.get(question.code, "")
        if disabled:
            for field in self.fields.values():
                field.disabled = True

    @staticmethod
    def field_name(question: Question, position: int) -> str:
        return question.code if question.mentions == 1 else f"{question.code}_{position}"

    def answers(self) -> Answers:
        result: Answers = {}
        for question in catalogue.questions(self.kind).values():
            if question.kind == QuestionKind.NUMBER:
                value = self.cleaned_data.get(question.code)
                values: list[Any] = [] if value is None else [value]
            else:
                values = [self.cleaned_data.get(self.field_name(question, p)) for p in range(1, question.mentions + 1)]
                values = [v for v in values if v]
            if values:
                result[question.code] = values
        return result

    def others(self) -> dict[str, str]:
        return {
            q.code: self.cleaned_data.get(f"{q.code}_other", "")
            for q in catalogue.questions(self.kind).values()
            if q.other
        }

    def sections(self) -> list[tuple[Promise, list[Block]]]:
        """The questions grouped as on the paper questionnaire, each with its fields and suggestion."""
        result = []
        for section in catalogue.sections(self.kind):
            blocks = []
            for question in section.questions:
                if question.kind == QuestionKind.NUMBER:
                    names = [question.code]
                else:
                    names = [self.field_name(question, p) for p in range(1, question.mentions + 1)]
                blocks.append(
                    Block(
                        question,
                        [self[name] for name in names],
                        self[f"{question.code}_other"] if question.other else None,
                        self.suggestions.get(question.code),
                    )
                )
            result.append((section.title, blocks))
        return result


class DateInput(forms.DateInput):
    input_type = "date"


class OpenRoundForm(forms.Form):
    kind = forms.ChoiceField(label=_("Instrument"), choices=SurveyRound.Kind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput)
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if isinstance(opens_on, dt.date) and isinstance(closes_on, dt.date) and closes_on < opens_on:
            self.add_error("closes_on", _("The round cannot close before it opens."))
        return data
