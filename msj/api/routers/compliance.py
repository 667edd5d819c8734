"""The compliance dashboard as data: the same panels, the same readers (msj/compliance)."""

# No `from __future__ import annotations`: ninja reads these annotations at run time.
import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from msj.api.access import mesa_actor
from msj.api.schemas import MemberRef
from msj.compliance import selectors
from msj.compliance.policies import compliance_policy

router = Router(tags=["compliance"])


class UpcomingOut(Schema):
    public_id: uuid.UUID
    title: str
    kind: str
    status: str
    starts_at: dt.datetime
    convene_by: dt.date
    late_to_convene: bool


class OverdueOut(Schema):
    public_id: uuid.UUID
    code: str
    text: str
    due_on: dt.date | None
    committee: str | None


class CommitteeRef(Schema):
    public_id: uuid.UUID
    name: str


class RhythmOut(Schema):
    body: str
    committee: CommitteeRef | None
    last_met_on: dt.date | None
    due_by: dt.date | None
    overdue: bool
    next_on: dt.date | None


class ComplianceAbsenceOut(Schema):
    member: MemberRef
    unjustified: int
    meetings: int
    pct: int


class WithoutCommitteeOut(Schema):
    member: MemberRef
    since: dt.date
    referred_after: dt.date


class CellOut(Schema):
    quarter: str
    starts_on: dt.date
    due: int
    done: int
    pct: int | None


class SeriesOut(Schema):
    name: str
    quarters: list[CellOut]


class ComplianceOut(Schema):
    today: dt.date
    upcoming: list[UpcomingOut]
    overdue_count: int
    overdue: list[OverdueOut]
    plenary: RhythmOut
    committees: list[RhythmOut]
    over_absence_limit: list[ComplianceAbsenceOut]
    without_committee: list[WithoutCommitteeOut]
    fulfilment_mesa: SeriesOut
    fulfilment_committees: list[SeriesOut]
    fulfilment_seats: list[SeriesOut]


def _rhythm(r: selectors.Rhythm) -> dict[str, Any]:
    return {
        "body": r.name,
        "committee": r.committee,
        "last_met_on": r.last_met_on,
        "due_by": r.due_by,
        "overdue": r.overdue,
        "next_on": r.next_on,
    }


def _series(series: selectors.Series, quarters: list[selectors.Quarter]) -> dict[str, Any]:
    return {
        "name": series.name,
        "quarters": [
            {"quarter": q.label, "starts_on": q.start, "due": c.counted, "done": c.done, "pct": c.pct}
            for q, c in zip(quarters, series.cells, strict=True)
        ],
    }


@router.get(
    "/mesas/{slug}/compliance",
    response=ComplianceOut,
    summary="Get the compliance dashboard",
    description="What the web's compliance dashboard shows, for the coordinator, the Executive Committee "
    "and the technical secretary: next meetings, overdue agreements, the plenary and each committee "
    "against the Mesa's frequency, members over the absence limit, citizens on no committee, and "
    "agreement fulfilment per quarter (the Mesa, each committee, each official seat).",
    url_name="compliance",
)
def get_compliance(request: HttpRequest, slug: str) -> dict[str, Any]:
    actor = mesa_actor(request, slug)
    compliance_policy.require(actor, "view", actor.mesa)
    data = selectors.dashboard(actor)
    fulfilment: selectors.Fulfilment = data["fulfilment"]
    quarters = fulfilment.quarters
    return {
        "today": actor.mesa.today(),
        "upcoming": [
            {
                "public_id": u.meeting.public_id,
                "title": u.meeting.title,
                "kind": u.meeting.kind,
                "status": u.meeting.status,
                "starts_at": u.meeting.starts_at,
                "convene_by": u.convene_by,
                "late_to_convene": u.late_to_convene,
            }
            for u in data["upcoming"]
        ],
        "overdue_count": data["overdue_count"],
        "overdue": [
            {
                "public_id": a.public_id,
                "code": a.code,
                "text": a.text,
                "due_on": a.due_on,
                "committee": a.committee.name if a.committee else None,
            }
            for a in data["overdue"]
        ],
        "plenary": _rhythm(data["plenary"]),
        "committees": [_rhythm(r) for r in data["committees"]],
        "over_absence_limit": [
            {
                "member": row["membership"],
                "unjustified": row["unjustified"],
                "meetings": row["total"],
                "pct": row["pct"],
            }
            for row in data["absences"]
        ],
        "without_committee": [
            {"member": row.membership, "since": row.since, "referred_after": row.referred_after}
            for row in data["without_committee"]
        ],
        "fulfilment_mesa": _series(fulfilment.mesa, quarters),
        "fulfilment_committees": [_series(s, quarters) for s in fulfilment.committees],
        "fulfilment_seats": [_series(s, quarters) for s in fulfilment.institutions],
    }
