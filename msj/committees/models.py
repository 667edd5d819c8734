"""Axes and committees of a Mesa (DOMAIN.md §4.6). The operating cycle builds on these."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from msj.core.models import PublicIdModel
from msj.mesas.models import Mesa


class Axis(PublicIdModel):
    """A grouping of committees (eje), e.g. Ciudad Juárez's four axes."""

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="axes")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("axis")
        verbose_name_plural = _("axes")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["mesa", "number"], name="axis_number_unique")]

    def __str__(self) -> str:
        return self.name


class Committee(PublicIdModel):
    class Kind(models.TextChoices):
        EXECUTIVE = "executive", _("Executive Committee")
        INDICATORS = "indicators", _("Indicators Committee")
        HONOUR = "honour", _("Honour and Justice Committee")
        THEMATIC = "thematic", _("Thematic committee")

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="committees")
    axis = models.ForeignKey(
        Axis, on_delete=models.PROTECT, null=True, blank=True, related_name="committees", verbose_name=_("axis")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.THEMATIC)
    name = models.CharField(_("name"), max_length=200)
    created_on = models.DateField(_("created on"))
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["axis__number", "name"]
        constraints = [
            models.UniqueConstraint(fields=["mesa", "name"], name="committee_name_unique"),
            # The Executive and Indicators committees exist from the Mesa's creation, once each.
            models.UniqueConstraint(
                fields=["mesa", "kind"], condition=Q(kind__in=["executive", "indicators"]), name="committee_core_once"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["executive", "indicators"]) | Q(dissolved_on__isnull=True),
                name="committee_core_never_dissolved",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CommitteeMember(PublicIdModel):
    """A person on a committee. Anyone with a place in the Mesa may join (volunteers and
    guests too, Cuadro 7) once the committee's coordinator approves."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Committee coordinator")
        ALTERNATE = "alternate", _("Alternate committee coordinator")
        MEMBER = "member", _("Committee member")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the coordinator's approval")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    membership = models.ForeignKey("members.Membership", on_delete=models.PROTECT, related_name="committee_seats")
    role = models.CharField(_("role"), max_length=12, choices=Role, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        "members.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "membership"], condition=Q(left_on__isnull=True), name="committee_member_once"
            ),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(role="coordinator", left_on__isnull=True),
                name="committee_one_coordinator",
            ),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(role="alternate", left_on__isnull=True),
                name="committee_one_alternate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.user} · {self.committee}"
