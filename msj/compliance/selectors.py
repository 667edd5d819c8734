"""What the compliance dashboard reads, each panel in a fixed number of queries.

Every read goes through the policy of the capability it reads (meetings, committees,
agreements), so the dashboard never shows a row its reader could not open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext as _

from msj.agreements.models import Agreement
from msj.agreements.policies import agreement_policy
from msj.committees.models import Committee
from msj.committees.obligations import WithoutCommittee, members_without_committee
from msj.committees.policies import committee_policy
from msj.compliance import rules
from msj.meetings import services as meeting_services
from msj.meetings.models import Meeting
from msj.meetings.policies import meeting_policy
from msj.meetings.rules import notice_days
from msj.members.access import Actor
from msj.members.models import Seat

Kind = Meeting.Kind
ACTIVE = (Meeting.Status.CONVENED, Meeting.Status.HELD)
# The installation act is the Mesa's first plenary session.
PLENARY_KINDS = (Kind.PLENARY, Kind.INSTALLATION)
QUARTERS_SHOWN = 6


# --- next meetings -------------------------------------------------------------------------


@dataclass(frozen=True)
class Upcoming:
    meeting: Meeting
    convene_by: dt.date  # the last day a convocation is on time under the notice rule
    late_to_convene: bool  # still a draft and that day has passed


def next_meetings(actor: Actor, now: dt.datetime, limit: int = 8) -> list[Upcoming]:
    """The next meetings the reader may see, drafts included, with the day they must be convened by."""
    mesa = actor.mesa
    today = mesa.today()
    rows = (
        meeting_policy.visible(
            actor,
            Meeting.objects.filter(
                mesa=mesa, status__in=[Meeting.Status.DRAFT, Meeting.Status.CONVENED], ends_at__gte=now
            ),
        )
        .select_related("mesa", "committee")
        .order_by("starts_at", "pk")[:limit]
    )
    result = []
    for meeting in rows:
        convene_by = meeting.local_date() - dt.timedelta(days=notice_days(meeting))
        late = meeting.status == Meeting.Status.DRAFT and today > convene_by
        result.append(Upcoming(meeting=meeting, convene_by=convene_by, late_to_convene=late))
    return result


# --- overdue agreements --------------------------------------------------------------------


def overdue_agreements(actor: Actor, limit: int = 10) -> tuple[int, list[Agreement]]:
    """How many agreements the reader may see are overdue, and the longest overdue of them."""
    overdue = agreement_policy.visible(actor, Agreement.objects.overdue(actor.mesa.today()))  # type: ignore[attr-defined]
    rows = list(overdue.select_related("committee").order_by("due_on", "year", "number")[:limit])
    count = len(rows) if len(rows) < limit else overdue.count()
    return count, rows


# --- the rhythm of plenaries and committees -----------------------------------------------


@dataclass
class Rhythm:
    """When a body last met, by when it must meet again, and whether it is late."""

    name: str
    last_met_on: dt.date | None
    due_by: dt.date | None
    overdue: bool
    next_on: dt.date | None
    committee: Committee | None = None


def _local(value: dt.datetime | None, tz: dt.tzinfo) -> dt.date | None:
    return value.astimezone(tz).date() if value is not None else None


def _rhythm(
    name: str, last: dt.date | None, since: dt.date | None, months: int, today: dt.date, nxt: dt.date | None
) -> Rhythm:
    start = last or since
    if start is None:  # a Mesa still forming has no plenary to keep up with yet
        return Rhythm(name=name, last_met_on=None, due_by=None, overdue=False, next_on=nxt)
    return Rhythm(
        name=name,
        last_met_on=last,
        due_by=rules.meeting_due_by(start, months),
        overdue=rules.meeting_is_overdue(start, months, today),
        next_on=nxt,
    )


def plenary_rhythm(actor: Actor, now: dt.datetime) -> Rhythm:
    """The plenary against the Mesa's frequency, counted from the last plenary held or convened."""
    mesa = actor.mesa
    dates = meeting_policy.visible(
        actor, Meeting.objects.filter(mesa=mesa, kind__in=PLENARY_KINDS, status__in=ACTIVE)
    ).aggregate(last=Max("starts_at", filter=Q(starts_at__lte=now)), next=Min("starts_at", filter=Q(starts_at__gt=now)))
    tz = mesa.tzinfo
    return _rhythm(
        _("Plenary"),
        _local(dates["last"], tz),
        mesa.installed_on,
        mesa.plenary_max_interval_months,
        mesa.today(),
        _local(dates["next"], tz),
    )


def committee_rhythms(actor: Actor, now: dt.datetime) -> list[Rhythm]:
    """Every standing committee against the Mesa's committee frequency, the late ones first.

    The Executive Committee meets in its own kind of meeting; the Honour and Justice
    Committee meets when a case calls for it, so it has no rhythm to keep.
    """
    mesa = actor.mesa
    committees = list(
        committee_policy.visible(actor, Committee.objects.filter(mesa=mesa, dissolved_on__isnull=True))
        .exclude(kind=Committee.Kind.HONOUR)
        .order_by("name")
    )
    meetings = meeting_policy.visible(
        actor, Meeting.objects.filter(mesa=mesa, kind__in=[Kind.COMMITTEE, Kind.EXECUTIVE], status__in=ACTIVE)
    )
    last, nxt = Max("starts_at", filter=Q(starts_at__lte=now)), Min("starts_at", filter=Q(starts_at__gt=now))
    per_body = {
        (row["kind"], row["committee_id"]): row
        for row in meetings.order_by().values("kind", "committee_id").annotate(last=last, next=nxt)
    }
    tz, today, months = mesa.tzinfo, mesa.today(), mesa.committee_max_interval_months
    result = []
    for committee in committees:
        key = (Kind.EXECUTIVE, None) if committee.kind == Committee.Kind.EXECUTIVE else (Kind.COMMITTEE, committee.pk)
        row: dict[str, Any] = per_body.get(key, {})
        rhythm = _rhythm(
            committee.name,
            _local(row.get("last"), tz),
            committee.created_on,
            months,
            today,
            _local(row.get("next"), tz),
        )
        rhythm.committee = committee
        result.append(rhythm)
    result.sort(key=lambda r: (not r.overdue, r.name))
    return result


# --- people --------------------------------------------------------------------------------


def members_over_absence_limit(actor: Actor, now: dt.datetime) -> list[dict[str, Any]]:
    """Members whose unjustified absences over 12 months exceed the Mesa's limit (Cuadro 10)."""
    rows = [row for row in meeting_services.absence_rates(actor.mesa, now=now) if row["exceeds"]]
    rows.sort(key=lambda row: (-row["pct"], row["membership"].user.full_name))
    return rows


def citizens_without_committee(actor: Actor) -> list[WithoutCommittee]:
    """Citizen members on no committee for longer than the Mesa allows (Cuadro 7)."""
    return members_without_committee(actor.mesa, actor.mesa.today())


# --- agreement fulfilment over time ----------------------------------------------------------


@dataclass(frozen=True)
class Quarter:
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return _("Q%(quarter)s %(year)s") % {"quarter": (self.start.month - 1) // 3 + 1, "year": self.start.year}


def quarters_until(today: dt.date, count: int = QUARTERS_SHOWN) -> list[Quarter]:
    """The `count` calendar quarters ending with the one `today` falls in, oldest first."""
    index = today.year * 4 + (today.month - 1) // 3
    result = []
    for i in range(index - count + 1, index + 1):
        year, q = divmod(i, 4)
        start = dt.date(year, q * 3 + 1, 1)
        next_start = dt.date(year + (q == 3), (q * 3 + 3) % 12 + 1, 1)
        result.append(Quarter(start=start, end=next_start - dt.timedelta(days=1)))
    return result


@dataclass(frozen=True)
class Cell:
    counted: int
    done: int

    @property
    def pct(self) -> int | None:
        return rules.fulfilment_pct(self.done, self.counted)


@dataclass
class Series:
    name: str
    cells: list[Cell] = field(default_factory=list)

    @property
    def total(self) -> Cell:
        return Cell(counted=sum(c.counted for c in self.cells), done=sum(c.done for c in self.cells))


@dataclass
class Fulfilment:
    quarters: list[Quarter]
    mesa: Series
    committees: list[Series]
    institutions: list[Series]


def counted_agreements(actor: Actor, today: dt.date, quarters: list[Quarter]) -> QuerySet[Agreement]:
    """The agreements that count for fulfilment, by the quarter of their due date.

    An agreement counts once its due date has passed or it is done (one done early counts
    in its own quarter); cancelled agreements never count, nor agreements without a due date.
    """
    return (
        agreement_policy.visible(actor, Agreement.objects.all())
        .exclude(status=Agreement.Status.CANCELLED)
        .filter(due_on__gte=quarters[0].start, due_on__lte=quarters[-1].end)
        .filter(Q(due_on__lt=today) | Q(status=Agreement.Status.DONE))
        .order_by()
    )


def _grouped(queryset: QuerySet[Agreement], key: str | None) -> dict[Any, dict[dt.date, Cell]]:
    fields = ["quarter"] if key is None else [key, "quarter"]
    rows = (
        queryset.annotate(quarter=TruncQuarter("due_on"))
        .values(*fields)
        .annotate(
            counted=Count("pk", distinct=True),
            done=Count("pk", filter=Q(status=Agreement.Status.DONE), distinct=True),
        )
    )
    result: dict[Any, dict[dt.date, Cell]] = {}
    for row in rows:
        quarter = row["quarter"]
        if isinstance(quarter, dt.datetime):
            quarter = quarter.date()
        result.setdefault(row.get(key) if key else None, {})[quarter] = Cell(row["counted"], row["done"])
    return result


def _series(name: str, by_quarter: dict[dt.date, Cell], quarters: list[Quarter]) -> Series:
    return Series(name=name, cells=[by_quarter.get(q.start, Cell(0, 0)) for q in quarters])


def fulfilment(actor: Actor, today: dt.date | None = None) -> Fulfilment:
    """Agreements done of those due, per quarter: the whole Mesa, each committee, each official seat."""
    today = today or actor.mesa.today()
    quarters = quarters_until(today)
    counted = counted_agreements(actor, today, quarters)
    overall = _grouped(counted, None).get(None, {})
    by_committee = _grouped(counted.filter(committee__isnull=False), "committee_id")
    by_seat = _grouped(counted.filter(responsible_seats__isnull=False), "responsible_seats")
    committees = committee_policy.visible(actor, Committee.objects.filter(pk__in=by_committee)).order_by("name")
    seats = Seat.objects.filter(pk__in=by_seat).select_related("post").order_by("post__position", "label")
    return Fulfilment(
        quarters=quarters,
        mesa=_series(actor.mesa.name, overall, quarters),
        committees=[_series(c.name, by_committee[c.pk], quarters) for c in committees],
        institutions=[_series(str(s), by_seat[s.pk], quarters) for s in seats],
    )


def dashboard(actor: Actor, now: dt.datetime | None = None) -> dict[str, Any]:
    """Everything the compliance dashboard shows, for one reader at one moment."""
    now = now or timezone.now()
    overdue_count, overdue_rows = overdue_agreements(actor)
    return {
        "upcoming": next_meetings(actor, now),
        "overdue_count": overdue_count,
        "overdue": overdue_rows,
        "plenary": plenary_rhythm(actor, now),
        "committees": committee_rhythms(actor, now),
        "absences": members_over_absence_limit(actor, now),
        "without_committee": citizens_without_committee(actor),
        "fulfilment": fulfilment(actor),
    }
