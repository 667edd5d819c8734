"""The tenant: the national network and its Mesas, with each Mesa's own rules as data."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from msj.core.models import PublicIdModel

# The 32 federal entities by INEGI code (DOMAIN.md: a Mesa sits in one state).
STATES = [
    ("01", "Aguascalientes"),
    ("02", "Baja California"),
    ("03", "Baja California Sur"),
    ("04", "Campeche"),
    ("05", "Coahuila de Zaragoza"),
    ("06", "Colima"),
    ("07", "Chiapas"),
    ("08", "Chihuahua"),
    ("09", "Ciudad de México"),
    ("10", "Durango"),
    ("11", "Guanajuato"),
    ("12", "Guerrero"),
    ("13", "Hidalgo"),
    ("14", "Jalisco"),
    ("15", "México"),
    ("16", "Michoacán de Ocampo"),
    ("17", "Morelos"),
    ("18", "Nayarit"),
    ("19", "Nuevo León"),
    ("20", "Oaxaca"),
    ("21", "Puebla"),
    ("22", "Querétaro"),
    ("23", "Quintana Roo"),
    ("24", "San Luis Potosí"),
    ("25", "Sinaloa"),
    ("26", "Sonora"),
    ("27", "Tabasco"),
    ("28", "Tamaulipas"),
    ("29", "Tlaxcala"),
    ("30", "Veracruz de Ignacio de la Llave"),
    ("31", "Yucatán"),
    ("32", "Zacatecas"),
]

inegi_municipality_code = RegexValidator(
    r"^(0[1-9]|[12][0-9]|3[0-2])[0-9]{3}$",
    _("Enter a 5-digit INEGI municipality code: two digits of the state and three of the municipality."),
)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class Network(PublicIdModel):
    """The national network that accompanies and links the Mesas (México SOS in the source)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name

    # Bumped by every act of publication in any of its Mesas (see mesas.services.publication_changed).
    published_version = models.PositiveIntegerField(default=0, editable=False)


class Mesa(PublicIdModel):
    class Status(models.TextChoices):
        FORMING = "forming", _("Forming")
        INSTALLED = "installed", _("Installed")
        OPERATING = "operating", _("Operating")
        INACTIVE = "inactive", _("Inactive")

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="mesas")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    state = models.CharField(_("state"), max_length=2, choices=STATES)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="America/Mexico_City", validators=[validate_time_zone]
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.FORMING)
    installed_on = models.DateField(_("installation date"), null=True, blank=True)
    # Bumped by every act of publication or withdrawal: the public pages are cached per version,
    # so what was just published shows at once and nothing withdrawn outlives its withdrawal.
    published_version = models.PositiveIntegerField(default=0, editable=False)

    # Per-Mesa rules of DOMAIN.md §3. Percentages are whole numbers so that every
    # threshold is decided with integer arithmetic.
    admission_vote_days = models.PositiveSmallIntegerField(
        _("admission vote window (days)"), default=5, validators=[MinValueValidator(1)]
    )
    admission_quorum_pct = models.PositiveSmallIntegerField(
        _("admission quorum (% of electors, at least)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    admission_veto_pct = models.PositiveSmallIntegerField(
        _("admission veto (% of ballots cast against, at least)"),
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    reapplication_wait_days = models.PositiveSmallIntegerField(
        _("wait before re-applying after a rejection (days)"), default=365
    )
    coordinator_term_months = models.PositiveSmallIntegerField(
        _("coordinator term (months)"), default=12, validators=[MinValueValidator(1)]
    )
    candidacy_opens_days_before_term_end = models.PositiveSmallIntegerField(
        _("candidacies open (days before the term ends)"), default=30
    )
    candidacy_closes_days_before_term_end = models.PositiveSmallIntegerField(
        _("candidacies close (days before the term ends)"), default=15
    )
    election_opens_days_before_term_end = models.PositiveSmallIntegerField(
        _("election vote opens (days before the term ends)"), default=15
    )
    election_vote_days = models.PositiveSmallIntegerField(
        _("election vote window (days)"), default=5, validators=[MinValueValidator(1)]
    )
    election_quorum_pct = models.PositiveSmallIntegerField(
        _("election quorum (% of electors, more than)"),
        default=85,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )
    election_majority_numerator = models.PositiveSmallIntegerField(
        _("election majority numerator"), default=2, validators=[MinValueValidator(1)]
    )
    election_majority_denominator = models.PositiveSmallIntegerField(
        _("election majority denominator"), default=3, validators=[MinValueValidator(1)]
    )
    decision_vote_days = models.PositiveSmallIntegerField(
        _("Executive Committee vote window (days)"), default=3, validators=[MinValueValidator(1)]
    )
    decision_quorum_pct = models.PositiveSmallIntegerField(
        _("Executive Committee vote quorum (% of its members, more than)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )
    plenary_max_interval_months = models.PositiveSmallIntegerField(
        _("longest interval between plenaries (months)"), default=3, validators=[MinValueValidator(1)]
    )
    plenary_notice_days = models.PositiveSmallIntegerField(_("plenary notice (days)"), default=3)
    committee_notice_days = models.PositiveSmallIntegerField(_("committee notice (days)"), default=3)
    committee_max_interval_months = models.PositiveSmallIntegerField(
        _("longest interval between committee meetings (months)"), default=1, validators=[MinValueValidator(1)]
    )
    max_unjustified_absence_pct = models.PositiveSmallIntegerField(
        _("allowed unjustified absences (%)"), default=20, validators=[MaxValueValidator(100)]
    )
    committee_grace_months = models.PositiveSmallIntegerField(
        _("months a citizen member may go without a committee"), default=2
    )
    secretary_review_months = models.PositiveSmallIntegerField(
        _("technical secretary review (months)"), default=12, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("Mesa")
        verbose_name_plural = _("Mesas")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(admission_quorum_pct__gte=1, admission_quorum_pct__lte=100)
                & Q(admission_veto_pct__gte=1, admission_veto_pct__lte=100)
                & Q(election_quorum_pct__gte=1, election_quorum_pct__lte=99)
                & Q(decision_quorum_pct__gte=1, decision_quorum_pct__lte=99)
                & Q(max_unjustified_absence_pct__lte=100),
                name="mesa_percentages_in_range",
            ),
            models.CheckConstraint(
                condition=Q(election_majority_numerator__gte=1)
                & Q(election_majority_numerator__lte=models.F("election_majority_denominator")),
                name="mesa_election_majority_is_a_fraction",
            ),
            models.CheckConstraint(
                condition=Q(
                    candidacy_opens_days_before_term_end__gte=models.F("candidacy_closes_days_before_term_end")
                ),
                name="mesa_candidacy_window_ordered",
            ),
            # The vote opens once candidacies have closed (Cuadro 5: 30–15 days, then the vote).
            models.CheckConstraint(
                condition=Q(election_opens_days_before_term_end__lte=models.F("candidacy_closes_days_before_term_end")),
                name="mesa_election_after_candidacies",
            ),
            models.CheckConstraint(
                condition=Q(status="forming") | Q(installed_on__isnull=False),
                name="mesa_installed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def today(self) -> dt.date:
        """The current date where the Mesa sits, which is when its deadlines fall."""
        return timezone.localdate(timezone=self.tzinfo)


class MesaMunicipality(models.Model):
    """One municipality of a Mesa's territory (a conurbated area spans several, §3.1.5)."""

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="territory")
    inegi_code = models.CharField(_("INEGI code"), max_length=5, validators=[inegi_municipality_code])
    name = models.CharField(_("municipality"), max_length=200)

    class Meta:
        verbose_name = _("municipality of the territory")
        verbose_name_plural = _("territory")
        ordering = ["inegi_code"]
        constraints = [
            models.UniqueConstraint(fields=["mesa", "inegi_code"], name="mesa_municipality_once"),
            models.CheckConstraint(
                condition=Q(inegi_code__regex=r"^[0-9]{5}$"), name="mesa_municipality_code_5_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inegi_code} {self.name}"
