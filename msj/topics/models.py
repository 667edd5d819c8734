"""The Mesa's security agenda: its priority topics, each with a versioned diagnosis (DOMAIN.md §4.8, §4.9)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from msj.core.models import PublicIdModel
from msj.mesas.models import Mesa


class Topic(PublicIdModel):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("On the agenda")
        CLOSED = "closed", _("Closed")

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PROPOSED)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    # By name, not import: meetings sit above topics (see README, "Where things are").
    approved_at = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved at the plenary"),
    )
    committees = models.ManyToManyField(
        "committees.Committee", blank=True, related_name="topics", verbose_name=_("committees")
    )

    class Meta:
        verbose_name = _("security agenda topic")
        verbose_name_plural = _("security agenda")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["mesa", "title"], name="topic_title_unique"),
            models.CheckConstraint(
                condition=~models.Q(status="active") | models.Q(approved_on__isnull=False),
                name="topic_active_is_approved",
                violation_error_message=_("A topic on the agenda needs the date the plenary approved it."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Diagnosis(models.Model):
    """One version of a topic's diagnosis; versions are never edited, only superseded."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="diagnoses")
    version = models.PositiveIntegerField(_("version"))
    incidence = models.TextField(_("crime incidence"), blank=True)
    capacity = models.TextField(_("institutional capacity"), blank=True)
    needs = models.TextField(_("institutional needs"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)
    opportunities = models.TextField(_("opportunities"), blank=True)
    threats = models.TextField(_("threats"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("diagnosis")
        verbose_name_plural = _("diagnoses")
        ordering = ["topic", "-version"]
        constraints = [models.UniqueConstraint(fields=["topic", "version"], name="diagnosis_version_unique")]

    def __str__(self) -> str:
        return f"{self.topic} v{self.version}"
