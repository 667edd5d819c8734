"""Writes of a Mesa's indicators: the standard set, targets, settings and press approvals.

Each is one transaction with its audit event; bad input raises ValidationError naming the field.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from msj.audit.models import AuditEvent
from msj.audit.services import record
from msj.indicators import published
from msj.indicators.catalogue import STANDARD_INDICATORS, matches
from msj.indicators.models import CrimeCategory, Indicator, IndicatorSettings, PublicationApproval, Target
from msj.mesas.models import Mesa, MesaMunicipality
from msj.mesas.services import publication_changed


@transaction.atomic
def install_standard_indicators(*, mesa: Mesa, by: Any = None, request: HttpRequest | None = None) -> list[Indicator]:
    """Give the Mesa the standard indicators it lacks, each defined over both SESNSP taxonomies."""
    categories = list(CrimeCategory.objects.all())
    existing = set(Indicator.objects.filter(mesa=mesa).values_list("slug", flat=True))
    created = []
    for position, standard in enumerate(STANDARD_INDICATORS):
        if standard.slug in existing:
            continue
        indicator = Indicator.objects.create(mesa=mesa, slug=standard.slug, name=str(standard.name), position=position)
        indicator.categories.set([c for c in categories if matches(c.levels, standard.patterns.get(c.methodology, ()))])
        record(AuditEvent.Action.CREATE, obj=indicator, actor=by, mesa=mesa, request=request)
        created.append(indicator)
    return created


@transaction.atomic
def set_target(
    *,
    indicator: Indicator,
    value: Decimal,
    annualisation: str,
    starts_on: dt.date,
    by: Any,
    agreement: Any = None,
    meeting: Any = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> Target:
    """A new target from a date on; the earlier ones stay as the indicator's history."""
    if Target.objects.filter(indicator=indicator, starts_on=starts_on).exists():
        raise ValidationError({"starts_on": _("This indicator already has a target starting on that date.")})
    for related, name in ((agreement, "agreement"), (meeting, "meeting")):
        if related is not None and related.mesa_id != indicator.mesa_id:
            raise ValidationError({name: _("It belongs to another Mesa.")})
    target = Target(
        indicator=indicator,
        value=value,
        annualisation=annualisation,
        starts_on=starts_on,
        agreement=agreement,
        meeting=meeting,
        note=note,
        set_by=getattr(by, "user", by),
    )
    target.full_clean()
    target.save()
    record(
        AuditEvent.Action.CREATE,
        obj=target,
        actor=by,
        mesa=indicator.mesa,
        after={"value": str(value), "annualisation": annualisation, "starts_on": starts_on.isoformat()},
        request=request,
    )
    return target


@transaction.atomic
def update_settings(
    *,
    mesa: Mesa,
    tolerance_pct: int,
    vintage: str,
    annualisation: str,
    by: Any,
    territory: Any = None,
    request: HttpRequest | None = None,
) -> IndicatorSettings:
    """The Mesa's tolerance, population vintage and annualisation, and its territory when given."""
    if territory is not None:
        set_territory(mesa=mesa, municipalities=list(territory), by=by, request=request)
    settings, _created = IndicatorSettings.objects.select_for_update().get_or_create(mesa=mesa)
    before = {
        "tolerance_pct": settings.tolerance_pct,
        "vintage": settings.vintage,
        "annualisation": settings.annualisation,
    }
    settings.tolerance_pct, settings.vintage, settings.annualisation = tolerance_pct, vintage, annualisation
    settings.full_clean()
    settings.save()
    record(
        AuditEvent.Action.UPDATE,
        obj=settings,
        actor=by,
        mesa=mesa,
        before=before,
        after={"tolerance_pct": tolerance_pct, "vintage": vintage, "annualisation": annualisation},
        request=request,
    )
    return settings


@transaction.atomic
def approve_publication(
    *, indicator: Indicator, year: int, month: int, by: Any, note: str = "", request: HttpRequest | None = None
) -> PublicationApproval:
    """The Executive Committee lets the press see the indicator's figures up to that month."""
    approval = PublicationApproval(indicator=indicator, year=year, month=month, approved_by=by.user, note=note)
    try:
        approval.full_clean()
    except ValidationError as exc:
        if "__all__" in exc.message_dict:
            raise ValidationError({"month": _("That month is already approved for publication.")}) from None
        raise
    approval.save()
    # The approved months are frozen as they stand now: what the press quotes stays what was approved.
    published.freeze(approval)
    record(AuditEvent.Action.CREATE, obj=approval, actor=by, mesa=indicator.mesa, request=request)
    publication_changed(indicator.mesa)
    return approval


@transaction.atomic
def withdraw_publication(
    *, approval: PublicationApproval, by: Any, reason: str, request: HttpRequest | None = None
) -> list[PublicationApproval]:
    """Withdraw an approval and every other one of the indicator still in force; return them all.

    Each approval froze every month up to its own, so withdrawing only the latest would put the
    one before it back on the public page, wrong month included. All the indicator's figures
    leave the public page, the feed, the download and the network at once; the Executive
    Committee approves again the months that stand.
    """
    approval = PublicationApproval.objects.select_for_update().get(pk=approval.pk)
    if approval.is_withdrawn:
        raise ValidationError(_("This publication was already withdrawn."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the figures are withdrawn: the reason is recorded.")})
    now = timezone.now()
    withdrawn = list(
        PublicationApproval.objects.select_for_update().in_force().filter(indicator_id=approval.indicator_id)
    )
    for each in withdrawn:
        each.withdrawn_at, each.withdrawn_by, each.withdrawal_reason = now, by.user, reason.strip()
        each.full_clean(validate_constraints=False)
        each.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason", "updated_at"])
        record(
            AuditEvent.Action.UPDATE,
            obj=each,
            actor=by,
            mesa=approval.indicator.mesa,
            before={"withdrawn_at": None},
            after={"withdrawn_at": now.isoformat(), "reason": each.withdrawal_reason},
            request=request,
        )
    publication_changed(approval.indicator.mesa)
    return withdrawn


def published_through(indicator: Indicator) -> tuple[int, int] | None:
    """The latest month the Executive Committee approved for the press and did not withdraw, if any."""
    latest = indicator.publications.in_force().order_by("-year", "-month").first()
    return (latest.year, latest.month) if latest else None


@transaction.atomic
def save_indicator(
    *,
    mesa: Mesa,
    by: Any,
    name: str,
    slug: str,
    unit: str,
    categories: Any,
    indicator: Indicator | None = None,
    request: HttpRequest | None = None,
) -> Indicator:
    """Create an indicator of the Mesa, or change one: its name, short name, unit and categories."""
    creating = indicator is None
    if indicator is None:
        indicator = Indicator(mesa=mesa, position=Indicator.objects.filter(mesa=mesa).count())
    before = None if creating else {"name": indicator.name, "slug": indicator.slug, "unit": indicator.unit}
    if Indicator.objects.filter(mesa=mesa, slug=slug).exclude(pk=indicator.pk).exists():
        raise ValidationError({"slug": _("Another indicator of the Mesa already has this short name.")})
    indicator.name, indicator.slug, indicator.unit = name, slug, unit
    indicator.full_clean(validate_unique=False)
    indicator.save()
    indicator.categories.set(categories)
    record(
        AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
        obj=indicator,
        actor=by,
        mesa=mesa,
        before=before,
        after={"name": name, "slug": slug, "unit": unit, "categories": sorted(c.pk for c in categories)},
        request=request,
    )
    return indicator


def set_territory(*, mesa: Mesa, municipalities: list[Any], by: Any, request: HttpRequest | None = None) -> None:
    """The municipalities the Mesa covers: at least one, each from INEGI's catalogue."""
    if not municipalities:
        raise ValidationError({"territory": _("A Mesa covers at least one municipality.")})
    before = sorted(mesa.territory.values_list("inegi_code", flat=True))
    wanted = {m.code: m for m in municipalities}
    if sorted(wanted) == before:
        return
    mesa.territory.exclude(inegi_code__in=wanted).delete()
    for code, municipality in wanted.items():
        if code not in before:
            MesaMunicipality.objects.create(mesa=mesa, inegi_code=code, name=municipality.name)
    record(
        AuditEvent.Action.UPDATE,
        obj=mesa,
        actor=by,
        mesa=mesa,
        before={"territory": before},
        after={"territory": sorted(wanted)},
        request=request,
    )
