"""Crime indicators (DOMAIN.md §4.9, issue 5): places, the crime catalogue, counts from each
source with their revisions, population, a Mesa's indicators and targets, incidents.

National open data (municipalities, populations, the SESNSP counts) belongs to no Mesa and is
read by every Mesa for its own territory. What a Mesa adds — its indicator definitions, counts
from its prosecutor or observatory, targets, incidents, publication approvals — is the Mesa's
and confidential like the rest of it.

The SESNSP's municipal counts are not here: they live in the national store (store.py), one
Parquet file per import, which ImportBatch records.

Missing is not zero anywhere here: a month without a figure has no row (or a NULL month in a
year row), and a zero is a zero someone reported.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from msj.core.models import PublicIdModel
from msj.indicators.rates import Annualisation
from msj.mesas.models import Mesa

MONTHS = range(1, 13)
MONTH_FIELDS = tuple(f"m{month:02d}" for month in MONTHS)


class Municipality(models.Model):
    """A municipality of INEGI's geostatistical framework (shipped in indicators/data)."""

    code = models.CharField(_("INEGI code"), max_length=5, primary_key=True)
    name = models.CharField(_("municipality"), max_length=200)
    state_code = models.CharField(_("state code"), max_length=2)
    state_name = models.CharField(_("state"), max_length=100)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{5}$"), name="municipality_code_5_digits"),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.state_name}"


class Population(models.Model):
    """A mid-year population figure of one projection vintage (e.g. CONAPO 2010-based).

    A series never mixes vintages: the Mesa's settings name the one its rates use.
    """

    # No index of its own: the unique constraint's first column is the municipality (and a
    # vintage's 52,000 figures are written faster without two more indexes).
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="populations", db_index=False)
    vintage = models.CharField(_("projection vintage"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("population"))

    class Meta:
        verbose_name = _("population")
        verbose_name_plural = _("populations")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "vintage", "year"], name="population_once_per_vintage"),
            models.CheckConstraint(condition=Q(population__gt=0), name="population_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year} ({self.vintage}): {self.population}"


class Methodology(models.TextChoices):
    """The SESNSP's two crime taxonomies, never summed together."""

    CIEISP = "cieisp", _("SESNSP former methodology (CIEISP, 2011–2017)")
    NEW = "new", _("SESNSP new methodology (2015 onward)")


LEVEL_NAMES: dict[str, tuple[Any, ...]] = {
    Methodology.CIEISP: (_("modality"), _("crime type"), _("subtype"), ""),
    Methodology.NEW: (_("legal good affected"), _("crime type"), _("subtype"), _("modality")),
}


class CrimeCategory(models.Model):
    """One leaf of a SESNSP taxonomy, by the names the SESNSP files use.

    The new methodology has four levels (bien jurídico, tipo, subtipo, modalidad); the CIEISP
    files have three (modalidad, tipo, subtipo), stored in the first three with level_4 empty.
    """

    methodology = models.CharField(_("methodology"), max_length=8, choices=Methodology)
    level_1 = models.CharField(max_length=200)
    level_2 = models.CharField(max_length=200)
    level_3 = models.CharField(max_length=200)
    level_4 = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("crime category")
        verbose_name_plural = _("crime categories")
        ordering = ["methodology", "level_1", "level_2", "level_3", "level_4"]
        constraints = [
            models.UniqueConstraint(
                fields=["methodology", "level_1", "level_2", "level_3", "level_4"], name="crime_category_once"
            )
        ]

    def __str__(self) -> str:
        return " / ".join(level for level in self.levels if level)

    @property
    def levels(self) -> tuple[str, str, str, str]:
        return (self.level_1, self.level_2, self.level_3, self.level_4)


class Source(models.TextChoices):
    SESNSP = "sesnsp", _("SESNSP (national open data)")
    PROSECUTOR = "prosecutor", _("State prosecutor")
    INEGI = "inegi", _("INEGI (death certificates)")
    OBSERVATORY = "observatory", _("Citizen observatory")
    PRESS = "press", _("Press")
    OTHER = "other", _("Other")


class CountingUnit(models.TextChoices):
    CASES = "cases", _("cases (investigation files)")
    VICTIMS = "victims", _("victims")


class ImportBatchQuerySet(models.QuerySet["ImportBatch"]):
    def seen_from(self, mesa: Mesa) -> ImportBatchQuerySet:
        """The Mesa's own imports and the national ones (public data); never another Mesa's."""
        return self.filter(Q(mesa=mesa) | Q(mesa__isnull=True))


class ImportBatch(PublicIdModel):
    """One file brought in: what it was, who brought it, how far it got, and what was wrong.

    The same file twice (same kind, same Mesa, same SHA-256) is the same batch: a second import
    finds it and changes nothing.
    """

    class Kind(models.TextChoices):
        SESNSP_NEW = "sesnsp_new", _("SESNSP municipal file, new methodology")
        SESNSP_CIEISP = "sesnsp_cieisp", _("SESNSP municipal file, former methodology (CIEISP)")
        COUNTS = "counts", _("Monthly counts (template CSV/XLSX)")
        POPULATION = "population", _("CONAPO population")
        INCIDENTS = "incidents", _("Georeferenced incidents (CSV)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        REFUSED = "refused", _("Refused")

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, null=True, blank=True, related_name="indicator_imports")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)
    source = models.CharField(_("source"), max_length=12, choices=Source, default=Source.SESNSP)
    source_name = models.CharField(_("source name"), max_length=200, blank=True)
    unit = models.CharField(_("counting unit"), max_length=8, choices=CountingUnit, default=CountingUnit.CASES)
    vintage = models.CharField(_("projection vintage"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.PENDING)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    rows_written = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "mesa", "sha256"],
                condition=Q(mesa__isnull=False) & ~Q(status="refused"),
                name="import_same_file_once_per_mesa",
            ),
            models.UniqueConstraint(
                fields=["kind", "sha256"],
                condition=Q(mesa__isnull=True) & ~Q(status="refused"),
                name="import_same_national_file_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name}"

    @property
    def progress_pct(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return (100 * self.rows_done // self.rows_total) if self.rows_total else 0


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def of_mesa(self, mesa: Mesa) -> IndicatorQuerySet:
        return self.filter(mesa=mesa)


class Indicator(PublicIdModel):
    """A Mesa's named definition over the SESNSP catalogue (intentional homicide = homicidio
    doloso + feminicidio), with its counting unit; other sources report it by its slug."""

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="indicators")
    slug = models.SlugField(_("short name"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    unit = models.CharField(_("counting unit"), max_length=8, choices=CountingUnit, default=CountingUnit.CASES)
    categories = models.ManyToManyField(CrimeCategory, blank=True, related_name="indicators")
    position = models.PositiveSmallIntegerField(default=0)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["mesa", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["mesa", "slug"], name="indicator_slug_once_per_mesa")]

    def __str__(self) -> str:
        return self.name


class Observation(models.Model):
    """A month's count of an indicator for the Mesa's whole territory from a non-SESNSP source.

    A later report of the same month from the same source is a new revision; earlier ones stay.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    source = models.CharField(_("source"), max_length=12, choices=Source)
    source_name = models.CharField(_("source name"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    count = models.PositiveIntegerField(_("count"))
    revision = models.PositiveSmallIntegerField(default=1)
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, null=True, blank=True, related_name="observations")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator", "source", "source_name", "year", "month", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "source", "source_name", "year", "month", "revision"],
                name="observation_revision_once",
            ),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="observation_month_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.source} {self.year}-{self.month:02d} r{self.revision}: {self.count}"


class IndicatorSettings(models.Model):
    """A Mesa's choices for its figures: the amber tolerance and the population vintage."""

    mesa = models.OneToOneField(Mesa, on_delete=models.CASCADE, related_name="indicator_settings")
    tolerance_pct = models.PositiveSmallIntegerField(_("amber tolerance above the target (%)"), default=10)
    vintage = models.CharField(_("population projection vintage"), max_length=40, default="CONAPO 2010")
    annualisation = models.CharField(
        _("annualisation of rates"), max_length=16, choices=Annualisation, default=Annualisation.THIRTY_DAY
    )

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(tolerance_pct__lte=100), name="tolerance_at_most_100")]

    def __str__(self) -> str:
        return f"{self.mesa_id}: ±{self.tolerance_pct}%, {self.vintage}"


class Target(PublicIdModel):
    """A rate the Mesa agreed to reach, from a date on; earlier targets stay as its history."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    value = models.DecimalField(_("target rate per 100,000"), max_digits=9, decimal_places=2)
    annualisation = models.CharField(_("annualisation"), max_length=16, choices=Annualisation)
    starts_on = models.DateField(_("in force from"))
    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)
    set_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "starts_on"], name="target_once_per_start"),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_not_negative"),
        ]


class PublicationApprovalQuerySet(models.QuerySet["PublicationApproval"]):
    def in_force(self) -> PublicationApprovalQuerySet:
        """Approvals not withdrawn: only these let figures out of the Mesa."""
        return self.filter(withdrawn_at__isnull=True)


class PublicationApproval(PublicIdModel):
    """The Executive Committee's leave to show an indicator's figures up to a month to the press."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="publications")
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    approved_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("reference (meeting, agreement)"), max_length=300, blank=True)
    # Withdrawing is recorded, never a deletion: who, when and why stay with the approval.
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    withdrawal_reason = models.CharField(_("reason for withdrawing"), max_length=300, blank=True)

    objects = PublicationApprovalQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "-year", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "month"],
                condition=Q(withdrawn_at__isnull=True),
                name="publication_once_per_month",
            ),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="publication_month_valid"),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | (Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False) & ~Q(withdrawal_reason="")),
                name="publication_withdrawal_complete",
            ),
        ]

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class PublishedFigure(models.Model):
    """One month of an indicator as it was approved for publication, frozen at that moment.

    The public page, its feed, the open-data download and the network's comparison read these
    rows only: a later import that revises a month does not change what was published, and
    nothing the Executive Committee did not approve can reach them. The Mesa's rate uses its
    own annualisation; `standard_rate` and the references use the network's (ROLLING_12), so
    Mesas compare on the same definition.
    """

    approval = models.ForeignKey(PublicationApproval, on_delete=models.CASCADE, related_name="figures")
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    count = models.PositiveIntegerField(_("count"), null=True)
    population = models.PositiveIntegerField(_("population"), null=True)
    rate = models.DecimalField(_("rate per 100,000"), max_digits=14, decimal_places=4, null=True)
    annualisation = models.CharField(_("annualisation"), max_length=16, choices=Annualisation)
    standard_rate = models.DecimalField(
        _("rate of the last 12 months per 100,000"), max_digits=14, decimal_places=4, null=True
    )
    target_value = models.DecimalField(_("target rate per 100,000"), max_digits=9, decimal_places=2, null=True)
    target_rate = models.DecimalField(_("rate compared with the target"), max_digits=14, decimal_places=4, null=True)
    light = models.CharField(_("traffic light"), max_length=8, blank=True)
    state_rate = models.DecimalField(_("state rate of the last 12 months"), max_digits=14, decimal_places=4, null=True)
    national_rate = models.DecimalField(
        _("national rate of the last 12 months"), max_digits=14, decimal_places=4, null=True
    )

    class Meta:
        ordering = ["approval", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["approval", "year", "month"], name="published_figure_once"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="published_figure_month_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.approval.indicator} {self.month:02d}/{self.year}"


class Incident(models.Model):
    """A georeferenced incident from a Mesa's source (a citizen map, the press)."""

    mesa = models.ForeignKey(Mesa, on_delete=models.CASCADE, related_name="incidents")
    occurred_on = models.DateField(_("date"))
    category = models.CharField(_("category"), max_length=120)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=5)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, null=True, blank=True, related_name="incidents")

    class Meta:
        ordering = ["-occurred_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["mesa", "occurred_on", "category", "latitude", "longitude", "source_url"],
                name="incident_once",
            ),
            models.CheckConstraint(
                condition=Q(latitude__gte=14, latitude__lte=33, longitude__gte=-119, longitude__lte=-86),
                name="incident_in_mexico",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.category} ({self.latitude}, {self.longitude})"
