"""Everything an acta shows, loaded in a fixed number of queries for the page and the exports."""

from __future__ import annotations

from dataclasses import dataclass, field

from msj.agreements.models import Agreement
from msj.meetings.models import AgendaItem, Attendance, Meeting
from msj.minutes.models import Correction, Minutes, MinutesComment, MinutesEntry


@dataclass
class AgreementRow:
    agreement: Agreement
    # Seats and people responsible, by name (the committee is on the agreement itself).
    responsible: list[str]


@dataclass
class ItemRecord:
    item: AgendaItem
    entry: MinutesEntry | None = None
    agreements: list[AgreementRow] = field(default_factory=list)
    comments: list[MinutesComment] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)


@dataclass
class Act:
    meeting: Meeting
    minutes: Minutes
    items: list[ItemRecord]
    attendance: list[Attendance]
    # Agreements of the meeting recorded elsewhere without an item: shown, never hidden.
    unplaced_agreements: list[AgreementRow]

    @property
    def agreements(self) -> list[AgreementRow]:
        return [a for record in self.items for a in record.agreements] + self.unplaced_agreements

    @property
    def corrections(self) -> list[Correction]:
        return [c for record in self.items for c in record.corrections]


ATTENDANCE_ORDER = {status: n for n, status in enumerate(Attendance.Status.values)}


def load_act(meeting: Meeting, minutes: Minutes, *, with_comments: bool = True) -> Act:
    """Load the acta of `meeting`: its agenda with entries, agreements, comments and corrections."""
    items = list(meeting.agenda.select_related("presenter__user").order_by("position"))
    records = {item.pk: ItemRecord(item=item) for item in items}
    agreements = (
        Agreement.objects.filter(origin_meeting=meeting)
        .select_related("committee")
        .prefetch_related("responsible_seats__post", "responsible_people__user")
        .order_by("year", "number")
    )
    unplaced = []
    for agreement in agreements:
        row = AgreementRow(
            agreement=agreement,
            responsible=[
                *(str(seat) for seat in agreement.responsible_seats.all()),
                *(person.user.full_name for person in agreement.responsible_people.all()),
            ],
        )
        record = records.get(agreement.origin_item_id or 0)
        if record is None:
            unplaced.append(row)
        else:
            record.agreements.append(row)
    if minutes.pk is not None:
        for entry in MinutesEntry.objects.filter(minutes=minutes):
            records[entry.item_id].entry = entry
        corrections = Correction.objects.filter(minutes=minutes).select_related("recorded_by", "approved_at")
        for correction in corrections:
            records[correction.item_id].corrections.append(correction)
        if with_comments:
            for comment in MinutesComment.objects.filter(minutes=minutes).select_related("author"):
                records[comment.item_id].comments.append(comment)
    attendance = sorted(
        Attendance.objects.filter(meeting=meeting).select_related("membership__user", "membership__seat__post"),
        key=lambda a: (ATTENDANCE_ORDER.get(a.status, 99), a.membership.user.full_name),
    )
    return Act(
        meeting=meeting,
        minutes=minutes,
        items=[records[item.pk] for item in items],
        attendance=attendance,
        unplaced_agreements=unplaced,
    )
