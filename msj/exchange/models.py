"""Learning across Mesas (DOMAIN.md §4.11): the directory, committee twinning, induction visits
and the library of practices.

Everything of a Mesa is confidential by default (§4.10): what another Mesa or the network
sees here is only what the Mesa chose to show — its directory card, a practice it published,
the documents a committee shared with its twin, a visit both Mesas agreed to.
"""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from msj.committees.models import Committee
from msj.core.models import PublicIdModel
from msj.mesas.models import Mesa, Network


class DirectoryCardQuerySet(models.QuerySet["DirectoryCard"]):
    def public(self) -> DirectoryCardQuerySet:
        """Cards the Mesa chose to show on the public pages."""
        return self.filter(listed_publicly=True).select_related("mesa")

    def of_network(self, network: Network) -> DirectoryCardQuerySet:
        """Cards every Mesa of the network and its staff may read."""
        return self.filter(mesa__network=network).select_related("mesa")


class DirectoryCard(PublicIdModel):
    """A Mesa's card in the network's directory: what the Mesa says of itself to the others."""

    class Contact(models.TextChoices):
        NONE = "none", _("Do not show the coordinator")
        NAME = "name", _("The coordinator's name")
        EMAIL = "email", _("The coordinator's name and e-mail")
        PHONE = "phone", _("The coordinator's name, e-mail and phone")

    mesa = models.OneToOneField(Mesa, on_delete=models.CASCADE, related_name="directory_card")
    city = models.CharField(_("city"), max_length=200)
    presentation = models.TextField(_("presentation"), max_length=1500, blank=True)
    contact = models.CharField(_("coordinator's contact shown"), max_length=8, choices=Contact, default=Contact.NONE)
    contact_phone = models.CharField(
        _("coordinator's phone"),
        max_length=30,
        blank=True,
        help_text=_("Shown only when the Mesa chooses to show the coordinator's phone."),
    )
    listed_publicly = models.BooleanField(
        _("listed on the public pages"),
        default=False,
        help_text=_("The card is always shown to the Mesas of the network; this also shows it to the public."),
    )

    objects = DirectoryCardQuerySet.as_manager()

    class Meta:
        verbose_name = _("directory card")
        verbose_name_plural = _("directory cards")
        ordering = ["mesa__name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(contact="phone") | ~Q(contact_phone=""), name="directory_card_phone_when_shown"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mesa} · {self.city}"

    def clean(self) -> None:
        if self.contact == self.Contact.PHONE and not self.contact_phone.strip():
            raise ValidationError({"contact_phone": _("Write the phone to show, or choose to show less.")})


class Twinning(PublicIdModel):
    """A committee linked to a committee of another Mesa (a new one with a working one, §4.11)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACTIVE = "active", _("Active")
        DECLINED = "declined", _("Declined by the other committee")
        ENDED = "ended", _("Ended")

    OPEN = (Status.REQUESTED, Status.ACTIVE)

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="twinnings_requested", verbose_name=_("our committee")
    )
    partner = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="twinnings_received", verbose_name=_("partner committee")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.REQUESTED)
    message = models.TextField(_("why you want to twin"), max_length=2000)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decline_reason = models.TextField(_("reason"), max_length=1000, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("twinning")
        verbose_name_plural = _("twinnings")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(committee=models.F("partner")), name="twinning_two_committees"),
            models.UniqueConstraint(
                fields=["committee", "partner"],
                condition=Q(status__in=["requested", "active"]),
                name="twinning_one_open_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(status="requested") | Q(decided_on__isnull=False), name="twinning_decided_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | Q(ended_on__isnull=False), name="twinning_ended_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} ({self.committee.mesa}) · {self.partner} ({self.partner.mesa})"

    def clean(self) -> None:
        if self.committee_id and self.partner_id and self.committee.mesa_id == self.partner.mesa_id:
            raise ValidationError({"partner": _("Choose a committee of another Mesa.")})
        if self.committee_id and self.partner_id and self.committee.mesa.network_id != self.partner.mesa.network_id:
            raise ValidationError({"partner": _("Choose a committee of a Mesa of your network.")})

    def side(self, mesa: Mesa) -> Committee:
        """The committee of `mesa` in this twinning."""
        return self.committee if self.committee.mesa_id == mesa.pk else self.partner

    def other_side(self, mesa: Mesa) -> Committee:
        return self.partner if self.committee.mesa_id == mesa.pk else self.committee


def exchange_path(instance: models.Model, filename: str) -> str:
    """Store under a random name; the files are read only through views that apply the policy."""
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"exchange/{instance._meta.model_name}/{uuid.uuid4().hex}{extension}"


class StoredFile(PublicIdModel):
    file = models.FileField(_("file"), upload_to=exchange_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name


class SharedDocument(StoredFile):
    """A document one side of a twinning chose to put in the shared space."""

    twinning = models.ForeignKey(Twinning, on_delete=models.CASCADE, related_name="documents")
    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="+", verbose_name=_("shared by the Mesa"))
    title = models.CharField(_("title"), max_length=200)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("shared document")
        verbose_name_plural = _("shared documents")
        ordering = ["-created_at", "pk"]


class Visit(PublicIdModel):
    """An induction visit of one Mesa to another's plenary (§4.11)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Awaiting the host's answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    visitor = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="visits_made", verbose_name=_("visitor"))
    host = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="visits_hosted", verbose_name=_("host"))
    wished_on = models.DateField(_("date wished"))
    visitors = models.TextField(_("who will go"), max_length=1000)
    purpose = models.TextField(_("purpose"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.REQUESTED)
    plenary_on = models.DateField(_("plenary date"), null=True, blank=True)
    decline_reason = models.TextField(_("reason"), max_length=1000, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("induction visit")
        verbose_name_plural = _("induction visits")
        ordering = ["-wished_on", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(visitor=models.F("host")), name="visit_two_mesas"),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(plenary_on__isnull=False), name="visit_accepted_has_plenary"
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""), name="visit_declined_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.visitor} → {self.host} ({self.wished_on.isoformat()})"

    def clean(self) -> None:
        if self.visitor_id and self.host_id and self.visitor.network_id != self.host.network_id:
            raise ValidationError({"host": _("Choose a Mesa of your network.")})


class VisitRecord(PublicIdModel):
    """One side's own record of a visit that took place: read only in that Mesa."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="records")
    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="+")
    attendees = models.TextField(_("attendees"), max_length=2000)
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("visit record")
        verbose_name_plural = _("visit records")
        constraints = [models.UniqueConstraint(fields=["visit", "mesa"], name="visit_record_once_per_side")]

    def __str__(self) -> str:
        return f"{self.visit} · {self.mesa}"


class PracticeQuerySet(models.QuerySet["Practice"]):
    def published_in(self, network: Network) -> PracticeQuerySet:
        return self.filter(status=Practice.Status.PUBLISHED, mesa__network=network)

    def search(self, text: str) -> PracticeQuerySet:
        """Every word must appear in the title, the summary, the topic or the tags.

        Plain `icontains` runs the same on SQLite and PostgreSQL; the library holds few
        hundred practices, far below where a full-text index would pay for itself.
        """
        queryset = self
        for word in text.split()[:8]:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(topic__icontains=word)
                | Q(tags__icontains=word)
            )
        return queryset


class Practice(PublicIdModel):
    """A practice a Mesa may publish to the network's library (a committee's diagnosis and actions)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published to the network")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="practices")
    committee = models.ForeignKey(
        Committee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("committee"),
    )
    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=200, help_text=_("For example: car theft."))
    summary = models.TextField(_("summary"), max_length=600)
    problem = models.TextField(_("problem"), max_length=5000)
    diagnosis = models.TextField(_("diagnosis"), max_length=5000, blank=True)
    actions = models.TextField(_("actions"), max_length=5000)
    results = models.TextField(_("results"), max_length=5000, blank=True)
    tags = models.CharField(_("tags"), max_length=300, blank=True, help_text=_("Separated by commas."))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawing"), max_length=1000, blank=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False), name="practice_published_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_at__isnull=False), name="practice_withdrawn_has_date"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.committee is not None and self.committee.mesa_id != self.mesa_id:
            raise ValidationError({"committee": _("The committee belongs to another Mesa.")})

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class PracticeAttachment(StoredFile):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]
