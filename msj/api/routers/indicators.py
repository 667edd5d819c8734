"""Crime indicators: the figures of each indicator, targets, and imports (issue 5 §9).

Every operation goes through the indicators' one policy (msj/indicators/policies.py), as on the
web: every member of the Mesa reads the figures; the technical secretary and the Indicators
Committee set targets and import files; network staff and outsiders get 404. Every rate names
its annualisation, every light its rule, and a missing month is null, never zero.
"""

# No `from __future__ import annotations`: ninja reads these annotations at run time.
import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import File, Form, Router, Schema, Status, UploadedFile
from pydantic import ConfigDict, Field

from msj.api.access import mesa_actor
from msj.api.inputs import form_data, valid
from msj.indicators import services
from msj.indicators.figures import Figures, indicator_figures
from msj.indicators.forms import ImportForm, TargetForm
from msj.indicators.models import CountingUnit, ImportBatch, Indicator, Source
from msj.indicators.policies import indicator_policy
from msj.indicators.rates import Annualisation

router = Router(tags=["indicators"])


class IndicatorOut(Schema):
    public_id: uuid.UUID
    slug: str
    name: str
    unit: CountingUnit


class SourceLineOut(Schema):
    key: str = Field(description="The source's key in each month's `counts`.")
    label: str


class TargetOut(Schema):
    public_id: uuid.UUID
    value: Decimal
    annualisation: Annualisation
    starts_on: dt.date
    note: str


class MonthOut(Schema):
    month: str = Field(description="YYYY-MM.")
    counts: dict[str, int | None] = Field(description="Each source's count; null where it did not report.")
    population: int | None
    rate: Decimal | None = Field(description="Per 100,000 inhabitants, annualised as `annualisation` says.")
    light: str | None
    light_rule: str
    target: Decimal | None
    sources_differ: bool


class IndicatorChangeOut(Schema):
    label: str
    current: int
    earlier: int
    pct: Decimal | None
    significant: bool = Field(description="Poisson: |2(√current − √earlier)| > 3.")


class FiguresOut(Schema):
    indicator: IndicatorOut
    annualisation: Annualisation
    annualisation_label: str
    vintage: str = Field(description="The population projection used for every rate.")
    tolerance_pct: int
    primary: str = Field(description="The source whose rates, lights and changes are shown.")
    sources: list[SourceLineOut]
    targets: list[TargetOut]
    changes: list[IndicatorChangeOut]
    months: list[MonthOut]


class TargetIn(Schema):
    model_config = ConfigDict(extra="forbid")

    value: Decimal
    annualisation: Annualisation
    starts_on: dt.date
    meeting: uuid.UUID | None = None
    agreement: uuid.UUID | None = None
    note: str = ""


class ImportIn(Schema):
    # Optional here so that who may import is decided before what was sent; the form requires them.
    kind: ImportBatch.Kind | None = None
    source: Source | None = Field(None, description="counts: where they come from (not sesnsp).")
    source_name: str = ""


class ImportErrorOut(Schema):
    file: str
    line: int | None
    column: str
    reason: str


class ImportOut(Schema):
    public_id: uuid.UUID
    kind: ImportBatch.Kind
    file_name: str
    status: ImportBatch.Status
    national: bool
    rows_total: int
    rows_done: int
    rows_written: int
    progress_pct: int
    errors: list[ImportErrorOut]
    summary: dict[str, Any]

    @staticmethod
    def resolve_national(obj: ImportBatch) -> bool:
        return obj.mesa_id is None


def _indicator(actor: Any, public_id: uuid.UUID) -> Indicator:
    indicator_policy.require(actor, "view")
    indicator: Indicator = indicator_policy.get(actor, Indicator.objects.select_related("mesa"), public_id)
    return indicator


def _figures_out(figures: Figures) -> dict[str, Any]:
    return {
        "indicator": figures.indicator,
        "annualisation": figures.annualisation,
        "annualisation_label": figures.annualisation_label,
        "vintage": figures.vintage,
        "tolerance_pct": figures.tolerance_pct,
        "primary": figures.primary_key,
        "sources": [{"key": line.key, "label": line.label} for line in figures.lines],
        "targets": figures.targets,
        "changes": [
            {"label": c.label, "current": c.current, "earlier": c.earlier, "pct": c.pct, "significant": c.significant}
            for c in figures.changes
        ],
        "months": [
            {
                "month": f"{row.month[0]}-{row.month[1]:02d}",
                "counts": row.counts,
                "population": row.population,
                "rate": row.rate,
                "light": row.light,
                "light_rule": row.light_rule,
                "target": row.target.value if row.target else None,
                "sources_differ": row.sources_differ,
            }
            for row in figures.rows
        ],
    }


@router.get(
    "/mesas/{slug}/indicators", response=list[IndicatorOut], summary="List the indicators", url_name="indicators"
)
def list_indicators(request: HttpRequest, slug: str) -> list[Indicator]:
    """The Mesa's indicators, in their order on the board (every member of the Mesa)."""
    actor = mesa_actor(request, slug)
    indicator_policy.require(actor, "view")
    return list(indicator_policy.visible(actor, Indicator.objects.all()))


@router.get(
    "/mesas/{slug}/indicators/{uuid:public_id}/figures",
    response=FiguresOut,
    summary="Get an indicator's monthly figures",
    url_name="indicator_figures",
)
def get_figures(
    request: HttpRequest, slug: str, public_id: uuid.UUID, annualisation: Annualisation | None = None
) -> dict[str, Any]:
    """Every month of every source side by side, with the primary series' population, rate (in the
    Mesa's annualisation, or the one asked for), target, light and its rule; CompStat changes."""
    actor = mesa_actor(request, slug)
    indicator = _indicator(actor, public_id)
    return _figures_out(indicator_figures(indicator, annualisation=annualisation))


@router.post(
    "/mesas/{slug}/indicators/{uuid:public_id}/targets",
    response={201: TargetOut},
    summary="Set a target",
    url_name="indicator_target_create",
)
def create_target(request: HttpRequest, slug: str, public_id: uuid.UUID, payload: TargetIn) -> Status[Any]:
    """A new target from a date on; earlier ones stay as the history (the secretary and the
    Indicators Committee; other members 403)."""
    actor = mesa_actor(request, slug)
    indicator = _indicator(actor, public_id)
    indicator_policy.require(actor, "manage", indicator)
    values = payload.model_dump()
    form = TargetForm(form_data(_pks(values)), actor=actor)
    data = valid(form)
    target = services.set_target(indicator=indicator, by=actor, request=request, **data)
    return Status(201, target)


def _pks(values: dict[str, Any]) -> dict[str, Any]:
    """Meetings and agreements arrive by public id; the form chooses by primary key."""
    from msj.agreements.models import Agreement
    from msj.meetings.models import Meeting

    for name, model in (("meeting", Meeting), ("agreement", Agreement)):
        if values.get(name) is not None:
            found = model.objects.filter(public_id=values[name]).values_list("pk", flat=True).first()
            values[name] = found if found is not None else -1
    return values


@router.post(
    "/mesas/{slug}/indicator-imports",
    response={202: ImportOut},
    summary="Import a file",
    url_name="indicator_import_create",
)
def create_import(
    request: HttpRequest, slug: str, payload: Form[ImportIn], file: File[UploadedFile | None] = None
) -> Status[ImportBatch]:
    """Upload a file as `multipart/form-data`: `kind` (counts: the monthly-counts template, with
    `source`; incidents: georeferenced incidents) and `file`. It is checked whole, in the
    background, before anything is written; follow it at its URL. The same file again answers
    with the same import and changes nothing. National files (SESNSP, CONAPO) are shared by every
    Mesa and are loaded on the server with the import_sesnsp and import_population commands."""
    from msj.indicators.imports import start_import

    actor = mesa_actor(request, slug)
    indicator_policy.require(actor, "manage")
    files: MultiValueDict[str, Any] = MultiValueDict({"file": [file]} if file is not None else {})
    form = ImportForm(form_data(payload.model_dump()), files)
    data = valid(form)
    assert file is not None  # noqa: S101 - the form requires it
    batch = start_import(
        kind=data["kind"],
        file_name=file.name or "upload",
        data=file.read(),
        mesa=actor.mesa,
        user=actor.user,
        source=data.get("source") or Source.OTHER,
        source_name=data.get("source_name", ""),
    )
    return Status(202, batch)


@router.get(
    "/mesas/{slug}/indicator-imports/{uuid:public_id}",
    response=ImportOut,
    summary="Follow an import",
    url_name="indicator_import",
)
def get_import(request: HttpRequest, slug: str, public_id: uuid.UUID) -> ImportBatch:
    """Its status and progress; once refused, every error with its file, line, column and reason."""
    actor = mesa_actor(request, slug)
    indicator_policy.require(actor, "manage")
    batch = ImportBatch.objects.seen_from(actor.mesa).filter(public_id=public_id).first()
    if batch is None:
        raise Http404
    return batch
