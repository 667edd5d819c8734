"""Meetings of every body of a Mesa, their agenda, invitations and attendance (DOMAIN.md §4.7)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from msj.committees.models import Committee
from msj.core.models import PublicIdModel
from msj.mesas.models import Mesa


def new_checkin_secret() -> str:
    return secrets.token_urlsafe(24)


class Meeting(PublicIdModel):
    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        CITIZENS = "citizens", _("Citizens' meeting")
        COMMITTEE = "committee", _("Committee meeting")
        EXECUTIVE = "executive", _("Executive Committee meeting")
        HONOUR = "honour", _("Honour and Justice Committee hearing")
        INSTALLATION = "installation", _("Installation act")
        WORKSHOP = "workshop", _("Workshop")
        PRESS = "press", _("Press conference")
        SOCIAL = "social", _("Social integration event")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONVENED = "convened", _("Convened")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("committee"),
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    extraordinary = models.BooleanField(_("extraordinary"), default=False)
    extraordinary_reason = models.TextField(_("reason it is extraordinary"), blank=True)
    convened_at = models.DateTimeField(_("convened at"), null=True, blank=True)
    # iCalendar SEQUENCE: raised on every update sent, so calendars replace the old invitation.
    sequence = models.PositiveIntegerField(default=0)
    checkin_secret = models.CharField(max_length=64, default=new_checkin_secret, editable=False)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["mesa", "kind", "starts_at"], name="meeting_mesa_kind_start")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
            models.CheckConstraint(
                condition=Q(kind="committee", committee__isnull=False)
                | (~Q(kind="committee") & Q(committee__isnull=True)),
                name="meeting_committee_body",
            ),
            models.CheckConstraint(
                condition=Q(extraordinary=False) | ~Q(extraordinary_reason=""),
                name="meeting_extraordinary_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.kind == self.Kind.COMMITTEE and self.committee_id is None:
            errors["committee"] = _("A committee meeting needs its committee.")
        if self.kind != self.Kind.COMMITTEE and self.committee_id is not None:
            errors["committee"] = _("Only a committee meeting belongs to a committee.")
        if self.committee is not None and self.committee.mesa_id != self.mesa_id:
            errors["committee"] = _("The committee belongs to another Mesa.")
        elif self.committee is not None and self.committee.kind in {Committee.Kind.EXECUTIVE, Committee.Kind.HONOUR}:
            errors["committee"] = _("This committee meets in its own kind of meeting, not as a committee meeting.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The meeting must end after it starts.")
        if not self.place.strip() and not self.video_url.strip():
            errors["place"] = _("Give a place or a video link.")
        if self.extraordinary and not self.extraordinary_reason.strip():
            errors["extraordinary_reason"] = _("An extraordinary meeting needs the reason it is extraordinary.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_active(self) -> bool:
        """Convened (or held) and not cancelled: people reply, check in and are counted."""
        return self.status in {self.Status.CONVENED, self.Status.HELD}

    def local_date(self) -> dt.date:
        """The day of the meeting where the Mesa sits."""
        return self.starts_at.astimezone(self.mesa.tzinfo).date()

    def checkin_window(self) -> tuple[dt.datetime, dt.datetime]:
        """Members may check in from an hour before the start until the meeting ends."""
        return self.starts_at - CHECKIN_OPENS_BEFORE, self.ends_at


# How long before its start a meeting's check-in code starts to work.
CHECKIN_OPENS_BEFORE = dt.timedelta(hours=1)


class AgendaItem(PublicIdModel):
    """One item of the order of the day. Minutes record only what happened under an item."""

    class Kind(models.TextChoices):
        INTRODUCTIONS = "introductions", _("Introductions")
        PLENARY_REVIEW = "plenary_review", _("Review of the plenary agenda")
        AGREEMENTS = "agreements", _("Reading and follow-up of agreements")
        AUTHORITIES = "authorities", _("Authorities' reports")
        COMMITTEES = "committees", _("Committee progress")
        INDICATORS = "indicators", _("Indicators")
        GENERAL = "general", _("General matters")
        OTHER = "other", _("Other item")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=14, choices=Kind, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=300)
    presenter = models.ForeignKey(
        "members.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presenter"),
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="agenda_position_unique", deferrable=models.Deferrable.DEFERRED
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.heading}"

    @property
    def heading(self) -> str:
        """What the item is called: its own title, or the name of its kind."""
        return self.title or str(self.get_kind_display())

    @property
    def is_general(self) -> bool:
        return self.kind == self.Kind.GENERAL


class Invitation(PublicIdModel):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member of the body")
        PRESENTER = "presenter", _("Invited to present")
        GUEST = "guest", _("Invited guest")

    class Reply(models.TextChoices):
        PENDING = "pending", _("No reply yet")
        ATTENDING = "attending", _("Attending")
        NOT_ATTENDING = "not_attending", _("Not attending")
        DELEGATE = "delegate", _("Sending a delegate")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    membership = models.ForeignKey("members.Membership", on_delete=models.PROTECT, related_name="invitations")
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.MEMBER)
    reply = models.CharField(_("reply"), max_length=14, choices=Reply, default=Reply.PENDING)
    delegate_name = models.CharField(_("delegate"), max_length=200, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="invitation_once"),
            models.CheckConstraint(
                condition=~Q(reply="delegate") | ~Q(delegate_name=""), name="invitation_delegate_named"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.user} · {self.meeting}"


class Attendance(PublicIdModel):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        JUSTIFIED = "justified", _("Justified absence")
        UNJUSTIFIED = "unjustified", _("Unjustified absence")
        DELEGATE = "delegate", _("Delegate attended")

    class Method(models.TextChoices):
        MANUAL = "manual", _("Taken by the secretary")
        QR = "qr", _("Checked in with the meeting's code")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey("members.Membership", on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=12, choices=Status)
    method = models.CharField(_("recorded by"), max_length=8, choices=Method, default=Method.MANUAL)
    delegate_name = models.CharField(_("delegate"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="attendance_once"),
            models.CheckConstraint(
                condition=(Q(status="delegate") & ~Q(delegate_name="")) | (~Q(status="delegate") & Q(delegate_name="")),
                name="attendance_delegate_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.user} · {self.get_status_display()}"


class CalendarFeed(PublicIdModel):
    """A person's private calendar address; only the hash of its secret is kept, and it can be revoked."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="calendar_feed_one_active"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}"
