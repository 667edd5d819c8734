"""Helpers shared by the agreements tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils import timezone

from msj.meetings.models import Meeting


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def make_meeting(mesa: Any, kind: str, day: dt.date, *, committee: Any = None, title: str = "") -> Meeting:
    """A held meeting of `kind` on `day` at 18:00 where the Mesa sits (created directly: no invitations)."""
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(18, 0)), mesa.tzinfo)
    return Meeting.objects.create(
        mesa=mesa,
        kind=kind,
        committee=committee,
        title=title or f"{kind} {day.isoformat()}",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        place="Sala de juntas",
        status=Meeting.Status.HELD,
    )
