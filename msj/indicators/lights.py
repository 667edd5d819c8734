"""Traffic lights of an indicator (issue 5 §6), each with its rule stated where it is shown.

Against a target: green at or below it, amber within the Mesa's tolerance above it, red
beyond. Without a target, the Semáforo Delictivo method: the month's count against the
place's own mean monthly count μ over the previous 36 months — green at or below 0.75 μ,
red at or above μ, amber between. Missing months are not zeros: without all 36, no light.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

SEMAFORO_MONTHS = 36


class Light(models.TextChoices):
    GREEN = "green", _("Green")
    AMBER = "amber", _("Amber")
    RED = "red", _("Red")


def light_against_target(rate: Decimal, target: Decimal, tolerance_pct: int) -> str:
    """Green at or below the target, amber up to `tolerance_pct` % above it (inclusive), red beyond."""
    if rate <= target:
        return Light.GREEN
    if 100 * rate <= (100 + tolerance_pct) * target:
        return Light.AMBER
    return Light.RED


def semaforo_delictivo(count: int, previous: Sequence[int | None]) -> str | None:
    """The Semáforo Delictivo light of a month's count, from the 36 months before it (oldest first).

    With S their sum, μ = S/36: green iff count ≤ 0.75 μ ⇔ 48·count ≤ S; red iff count ≥ μ ⇔
    36·count ≥ S. None when any of the 36 months is missing.
    """
    window = list(previous)[-SEMAFORO_MONTHS:]
    if len(window) < SEMAFORO_MONTHS or any(month is None for month in window):
        return None
    total = sum(month for month in window if month is not None)
    if 48 * count <= total:
        return Light.GREEN
    if 36 * count >= total:
        return Light.RED
    return Light.AMBER
