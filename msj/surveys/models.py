"""Survey rounds of the national network and each Mesa's answers (DOMAIN.md §4.11, Anexo 1).

The network opens a round a year of each instrument — the Mesas' self-assessment and the
coordinators' questionnaire — and each Mesa answers it once: a draft may be saved and changed,
a submitted response is final. Answers are rows of one small table, one per question and
mention, so the tabulations read plain values.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from msj.core.models import PublicIdModel
from msj.mesas.models import Mesa, Network


class SurveyRound(PublicIdModel):
    class Kind(models.TextChoices):
        SELF_ASSESSMENT = "self", _("Self-assessment")
        COORDINATORS = "coordinators", _("Coordinators' questionnaire")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="survey_rounds")
    kind = models.CharField(_("instrument"), max_length=12, choices=Kind)
    year = models.PositiveSmallIntegerField(_("year"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(_("status"), max_length=6, choices=Status, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["network", "kind", "year"], name="survey_round_once_a_year"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="survey_round_dates"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="survey_round_year"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"

    def accepts_answers(self, on: dt.date) -> bool:
        return self.status == self.Status.OPEN and self.opens_on <= on <= self.closes_on


class Response(PublicIdModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="survey_responses")
    status = models.CharField(_("status"), max_length=9, choices=Status, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["round", "mesa__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "mesa"], name="survey_response_once_per_mesa"),
            models.CheckConstraint(
                condition=Q(status="draft", submitted_at__isnull=True)
                | Q(status="submitted", submitted_at__isnull=False),
                name="survey_response_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.mesa}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Answer(models.Model):
    """One value of a response: a question's coded choice or number, at its mention's position."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(_("question"), max_length=40)
    position = models.PositiveSmallIntegerField(_("mention"), default=1)
    choice = models.CharField(_("choice"), max_length=40, blank=True)
    number = models.IntegerField(_("number"), null=True, blank=True)
    text = models.CharField(_("in their words"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response", "question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question", "position"], name="survey_answer_once"),
            models.CheckConstraint(
                condition=(~Q(choice="") & Q(number__isnull=True)) | (Q(choice="") & Q(number__isnull=False)),
                name="survey_answer_choice_or_number",
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="survey_answer_position_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.question}[{self.position}]={self.choice or self.number}"

    @property
    def value(self) -> str | int:
        return self.choice if self.choice else int(self.number or 0)
