"""Press releases and press conferences of a Mesa (DOMAIN.md §4.10, source §3.4.5 and Cuadro 13).

Everything in a Mesa is confidential; a release reaches the public or the network only by the
explicit, audited act of publication (`services.publish_release`), after the Executive Committee
approved it, and leaves it by an equally explicit withdrawal. `Release.objects.published()` is the
one door the public pages, the feed and the open data go through.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from msj.core.models import PublicIdModel
from msj.members.models import Membership, Seat
from msj.mesas.models import Mesa


class Protocol(models.TextChoices):
    """The two ways a Mesa speaks to the media (§3.4.5)."""

    CITIZENS = "citizens", _("Citizens only")
    AUTHORITIES = "authorities", _("With the authorities")


class ReleaseQuerySet(models.QuerySet["Release"]):
    def published(self) -> ReleaseQuerySet:
        """What may reach the public or the network: published and not withdrawn, newest first."""
        return self.filter(status=Release.Status.PUBLISHED).order_by("-published_at", "-id")


class Release(PublicIdModel):
    """A press release (boletín): drafted, approved by the Executive Committee, then published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="releases")
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("summary"), max_length=400, help_text=_("One or two plain sentences, shown in lists and feeds.")
    )
    body = models.TextField(_("text"), help_text=_("Plain text; separate paragraphs with a blank line."))
    impact_objective = models.TextField(
        _("impact objective"), help_text=_("What the Mesa wants to achieve by saying this (Cuadro 13).")
    )
    protocol = models.CharField(_("protocol"), max_length=12, choices=Protocol, default=Protocol.CITIZENS)
    controversial = models.BooleanField(
        _("controversial or sensitive"),
        default=False,
        help_text=_("Controversial, sensitive or delicate topics must be agreed by consensus before approval."),
    )
    consensus_note = models.TextField(
        _("consensus reached"),
        blank=True,
        help_text=_("How and when the consensus was reached (required for a controversial release)."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    drafted_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+", verbose_name=_("drafted by"))
    approved_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("published by")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # The coordinator speaks for the Mesa (Cuadro 13); the name is kept as it was on the day,
    # so a later change of coordinator does not rewrite who said it.
    spokesperson = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("spokesperson")
    )
    spokesperson_name = models.CharField(_("spokesperson"), max_length=200, blank=True)
    withdrawn_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("withdrawn by")
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for the withdrawal"), blank=True)

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="release_approved_has_approver",
            ),
            models.CheckConstraint(
                condition=~Q(status="published")
                | Q(published_at__isnull=False, published_by__isnull=False, approved_at__isnull=False),
                name="release_published_was_approved",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | (Q(withdrawn_at__isnull=False) & ~Q(withdrawal_reason="")),
                name="release_withdrawn_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(controversial=False) | Q(status="draft") | ~Q(consensus_note=""),
                name="release_controversial_has_consensus",
            ),
            models.UniqueConstraint(fields=["mesa", "title"], name="release_title_unique_per_mesa"),
        ]
        indexes = [models.Index(fields=["mesa", "status", "-published_at"], name="release_mesa_published")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def paragraphs(self) -> list[str]:
        """The text's paragraphs, split on blank lines (the body is plain text)."""
        blocks = self.body.replace("\r\n", "\n").split("\n\n")
        return [" ".join(line.strip() for line in b.splitlines()).strip() for b in blocks if b.strip()]


class PressConference(PublicIdModel):
    """A press conference (rueda de prensa); the Communication Committee holds them monthly."""

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="press_conferences")
    starts_at = models.DateTimeField(_("date and time"))
    protocol = models.CharField(_("protocol"), max_length=12, choices=Protocol, default=Protocol.CITIZENS)
    place = models.CharField(_("place"), max_length=300)
    topics = models.TextField(_("topics"), help_text=_("What will be announced; each topic with its impact objective."))
    spokesperson = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("spokesperson")
    )
    spokesperson_name = models.CharField(_("spokesperson"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        Membership,
        blank=True,
        related_name="press_conferences",
        verbose_name=_("members taking part"),
        help_text=_("With the authorities: one or two members of the Executive Committee."),
    )
    seats = models.ManyToManyField(
        Seat,
        blank=True,
        related_name="press_conferences",
        verbose_name=_("authorities taking part"),
        help_text=_("Only under the protocol with the authorities."),
    )
    releases = models.ManyToManyField(
        Release, blank=True, related_name="conferences", verbose_name=_("press releases presented")
    )
    created_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    # The record, written after the conference.
    notes = models.TextField(_("what was said"), blank=True)
    media_present = models.TextField(_("media present"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    recorded_by = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("press conference")
        verbose_name_plural = _("press conferences")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recorded_at__isnull=True) | (Q(recorded_by__isnull=False) & ~Q(notes="")),
                name="press_conference_record_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_protocol_display()} · {self.starts_at:%Y-%m-%d}"
