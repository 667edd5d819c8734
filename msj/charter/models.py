"""The network's model documents and each Mesa's adopted, signed versions (DOMAIN.md §4.1 step 6).

The national network keeps model documents — the code of ethics (Cuadro 6), the bylaws
(§3.3.6.3), a committee's process manual, the convocation, the minutes, the welcome letter —
as numbered versions (`ModelDocument`). A Mesa adopts one, adapting its text or writing its own
(`AdoptedDocument`); every adoption is a new version of that Mesa's document of that kind, and
exactly one version per Mesa and kind is in force: the latest. Every citizen and official
member signs the code of ethics and the bylaws in force (`Signature`); a new version in force
is signed anew.

A committee's process manual is adopted by each committee (msj/committees), not by the Mesa:
the network's model is where a committee starts from.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from msj.core.models import PublicIdModel


class Kind(models.TextChoices):
    CODE_OF_ETHICS = "code_of_ethics", _("Code of ethics")
    BYLAWS = "bylaws", _("Bylaws")
    COMMITTEE_MANUAL = "committee_manual", _("Committee process manual")
    CONVOCATION = "convocation", _("Convocation")
    MINUTES = "minutes", _("Minutes")
    WELCOME_LETTER = "welcome_letter", _("Welcome letter")


# What a Mesa adopts as a whole (a committee adopts its own process manual).
ADOPTABLE = (Kind.CODE_OF_ETHICS, Kind.BYLAWS, Kind.CONVOCATION, Kind.MINUTES, Kind.WELCOME_LETTER)
# What every citizen and official member signs (Cuadro 10: "acepta el código de ética y el reglamento").
SIGNED = (Kind.CODE_OF_ETHICS, Kind.BYLAWS)


class ModelDocument(PublicIdModel):
    """One version of one of the network's model documents. Never edited: a change is a new version."""

    network = models.ForeignKey("mesas.Network", on_delete=models.CASCADE, related_name="model_documents")
    kind = models.CharField(_("document"), max_length=20, choices=Kind)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    published_on = models.DateField(_("published on"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("model document")
        verbose_name_plural = _("model documents")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["network", "kind", "version"], name="charter_model_version_once"),
            models.CheckConstraint(condition=Q(version__gte=1), name="charter_model_version_positive"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="charter_model_kind_known"),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class AdoptedDocumentQuerySet(models.QuerySet["AdoptedDocument"]):
    def in_force(self) -> AdoptedDocumentQuerySet:
        return self.filter(in_force=True)


class AdoptedDocument(PublicIdModel):
    """One version of a Mesa's own document of one kind, as its coordinator or secretary recorded it."""

    mesa = models.ForeignKey("mesas.Mesa", on_delete=models.CASCADE, related_name="charter_documents")
    kind = models.CharField(_("document"), max_length=20, choices=Kind)
    version = models.PositiveIntegerField(_("version"))
    based_on = models.ForeignKey(
        ModelDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adoptions",
        verbose_name=_("based on the network's model"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    adopted_on = models.DateField(_("adopted on"))
    approved_by = models.CharField(
        _("approved by"),
        max_length=300,
        help_text=_("The plenary, citizens' meeting or agreement that approved this text, e.g. “Plenary of 12 March”."),
    )
    adopted_by = models.ForeignKey(
        "members.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The latest version is in force; earlier ones are kept as they were, for history and signatures.
    in_force = models.BooleanField(_("in force"), default=True)
    # The bylaws are also the admissions' welcome-letter attachment: the same text, recorded there.
    admissions_bylaws = models.OneToOneField(
        "admissions.Bylaws", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = AdoptedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("adopted document")
        verbose_name_plural = _("adopted documents")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["mesa", "kind", "version"], name="charter_adopted_version_once"),
            models.UniqueConstraint(
                fields=["mesa", "kind"], condition=Q(in_force=True), name="charter_one_in_force_per_kind"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="charter_adopted_version_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in ADOPTABLE]), name="charter_adopted_kind_adoptable"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def needs_signatures(self) -> bool:
        return self.kind in SIGNED


class Signature(models.Model):
    """A member's signature of one version of the Mesa's code of ethics or bylaws."""

    document = models.ForeignKey(AdoptedDocument, on_delete=models.PROTECT, related_name="signatures")
    membership = models.ForeignKey("members.Membership", on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at"]
        constraints = [models.UniqueConstraint(fields=["document", "membership"], name="charter_signed_once")]

    def __str__(self) -> str:
        return f"{self.membership} · {self.document}"
