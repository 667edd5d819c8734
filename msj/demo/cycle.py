"""A past year of the operating cycle for the Juárez demo Mesa, written through the apps' services.

The services check dates against the real clock (nothing recorded in the future, minutes
approved only at a meeting that took place), so the year ends on the real day of loading,
in the Mesa's time zone, whatever day `load_demo(today=…)` gives the offices.

Where a service stamps the real clock on something the demo dates in the past (when minutes
were circulated or sealed), the loader moves that one timestamp back afterwards; where a
service can only start something today (joining a committee, signing its manual), the loader
writes the row itself, validated with `full_clean()` and audited, as it does for committees.
Past convocations are recorded without e-mail (`convene_meeting(notify=False)`): only the
plenary ahead is convened by e-mail.

Idempotent: each part is skipped when its rows exist (the committees' people, the topics,
and the year of meetings as a whole once the Mesa has any meeting).
"""

from __future__ import annotations

import datetime as dt
import random
import struct
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone

from msj.agreements import services as agreements
from msj.agreements.models import Agreement
from msj.committees import services as committees
from msj.committees.models import Committee, CommitteeMember, ManualSignature
from msj.committees.obligations import add_months
from msj.demo import data
from msj.meetings import services as meetings
from msj.meetings.models import AgendaItem, Attendance, Invitation, Meeting
from msj.members.access import Actor, actor_for
from msj.members.models import Membership, Office
from msj.mesas.models import Mesa
from msj.minutes import services as minutes
from msj.minutes.models import Minutes
from msj.topics import services as topics
from msj.topics.models import Topic

if TYPE_CHECKING:
    from msj.demo.loader import DemoLoader

Kind = Meeting.Kind
Status = Attendance.Status
# Hours of each kind of meeting, local time: (start hour, minutes long).
HOURS: dict[str, tuple[int, int]] = {
    Kind.PLENARY: (10, 150),
    Kind.CITIZENS: (19, 120),
    Kind.EXECUTIVE: (19, 90),
    Kind.COMMITTEE: (18, 90),
}
NEXT_PLENARY_IN_DAYS = 10
CITIZENS_DAYS_BEFORE_PLENARY = 3
EXECUTIVE_DAYS_AGO = 5
CONVENED_DAYS_BEFORE = 5
# Unjustified absences of citizens' meetings and plenaries allowed to anyone but the absentee,
# well under the 20 % limit over twelve months (24 meetings for a citizen, 12 for an official).
MAX_UNJUSTIFIED: dict[str, int] = {Membership.Kind.CITIZEN: 2, Membership.Kind.OFFICIAL: 1}
# Replies to convocations are recorded for the last two months of plenaries and citizens'
# meetings: older ones would add thousands of rows nobody reads and slow the load down.
REPLIES_KEPT_FOR = dt.timedelta(days=70)

# A one-page PDF and a 1×1 PNG: small, real files that the evidence checks accept.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _png_bytes() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixel = zlib.compress(b"\x00\x1f\x6f\xb4")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixel) + chunk(b"IEND", b"")


def _month(day: dt.date) -> str:
    return f"{data.MONTHS[day.month - 1]} de {day.year}"


@dataclass
class Plan:
    """One agreement to take at a meeting, and how it fares."""

    spec: data.AgreementSpec
    meeting: Meeting
    item_kind: str


@dataclass
class Year:
    loader: DemoLoader
    mesa: Mesa
    citizens: list[Membership]
    officials: dict[str, Membership]  # post code -> current holder
    secretary: Actor
    rng: random.Random = field(default_factory=lambda: random.Random(data.SEED + 1))  # noqa: S311 - demo data
    now: dt.datetime = field(default_factory=timezone.now)

    @property
    def today(self) -> dt.date:
        return timezone.localdate(self.now, self.mesa.tzinfo)

    def at(self, day: dt.date, kind: str) -> tuple[dt.datetime, dt.datetime]:
        hour, minutes_long = HOURS[kind]
        starts = dt.datetime.combine(day, dt.time(hour), tzinfo=self.mesa.tzinfo)
        return starts, starts + dt.timedelta(minutes=minutes_long)

    def local_day(self, moment: dt.datetime) -> dt.date:
        return timezone.localdate(moment, self.mesa.tzinfo)

    def count(self, name: str, n: int = 1) -> None:
        self.loader.created[name] += n

    # --- committees ---------------------------------------------------------------------

    def dissolve_old_committees(self) -> None:
        for name, decided_on in data.JUAREZ_DISSOLVED:
            committee = Committee.objects.get(mesa=self.mesa, name=name)
            if committee.dissolved_on is None:
                reference = f"Minuta de la sesión del Comité Ejecutivo del {decided_on:%d/%m/%Y}"
                committees.dissolve_committee(
                    committee=committee, decided_on=decided_on, minutes_reference=reference, by=self.secretary
                )
                self.count("committeedecision")

    def staff_committees(self) -> None:
        """Coordinators, alternates and members of every working committee, who signed its manual."""
        working = list(
            Committee.objects.filter(mesa=self.mesa, dissolved_on__isnull=True)
            .exclude(kind=Committee.Kind.EXECUTIVE)
            .order_by("axis__number", "name")
        )
        if CommitteeMember.objects.filter(committee__mesa=self.mesa).exists():
            return
        absentee, uncommitted = data.JUAREZ_ABSENTEE, data.JUAREZ_UNCOMMITTED
        # Officers among the citizens outside the Mesa's offices (who sit on the Executive Committee).
        pool = [i for i in range(8, len(self.citizens)) if i not in {absentee, uncommitted}]
        seated: Counter[int] = Counter()
        roster: dict[int, list[tuple[int, str]]] = {}
        for n, committee in enumerate(working):
            coordinator, alternate = pool[n % len(pool)], pool[(n + 7) % len(pool)]
            roster[committee.pk] = [
                (coordinator, CommitteeMember.Role.COORDINATOR),
                (alternate, CommitteeMember.Role.ALTERNATE),
            ]
            seated.update([coordinator, alternate])
        by_name = {c.name: c for c in working}
        for name in data.MAIN_MEMBER_COMMITTEES:
            roster[by_name[name].pk].append((0, CommitteeMember.Role.MEMBER))
        roster[by_name[data.JUAREZ_LATE_COMMITTEE].pk].append((absentee, CommitteeMember.Role.MEMBER))
        # Everyone else, the former coordinator [7] among them, on the committees with fewest members.
        for i in [7, *pool]:
            while seated[i] < 1 or (i % 3 == 0 and seated[i] < 2):
                committee = min(
                    (c for c in working if all(p != i for p, _ in roster[c.pk])),
                    key=lambda c: (len(roster[c.pk]), c.pk),
                )
                roster[committee.pk].append((i, CommitteeMember.Role.MEMBER))
                seated[i] += 1
        for committee in working:
            self._seat_committee(committee, roster[committee.pk])
        self._former_member(by_name[data.JUAREZ_UNCOMMITTED_FROM])

    def _seat_committee(self, committee: Committee, roster: list[tuple[int, str]]) -> None:
        adopted_on = max(committee.created_on, data.MANUALS_ADOPTED_ON)
        manual = committees.adopt_manual(
            committee=committee,
            text=data.MANUAL_TEXT.format(committee=committee.name),
            adopted_on=adopted_on,
            by=self.secretary,
        )
        self.count("processmanual")
        if committee.kind == Committee.Kind.INDICATORS:
            manual = committees.adopt_manual(
                committee=committee,
                text=data.INDICATORS_MANUAL_V2.format(committee=committee.name),
                adopted_on=add_months(self.today, -8),
                by=self.secretary,
            )
            self.count("processmanual")
        coordinator: Membership | None = None
        people = [(self.citizens[i], role) for i, role in roster]
        people += [(self.officials[code], CommitteeMember.Role.MEMBER) for code in self._officials_of(committee)]
        for membership, role in people:
            joined_on = max(committee.created_on, membership.started_on, adopted_on)
            member = CommitteeMember(
                committee=committee,
                membership=membership,
                role=role,
                status=CommitteeMember.Status.APPROVED,
                joined_on=joined_on,
                # Officers are named by the plenary; members are admitted by the coordinator.
                approved_by=coordinator
                if coordinator and role == CommitteeMember.Role.MEMBER
                else self.secretary.membership,
            )
            self.loader._new(member, mesa=self.mesa)
            if role == CommitteeMember.Role.COORDINATOR:
                coordinator = membership
            signed_on = max(joined_on, manual.adopted_on) + dt.timedelta(days=7)
            signed_at = dt.datetime.combine(signed_on, dt.time(18, 30), tzinfo=self.mesa.tzinfo)
            self.loader._new(ManualSignature(manual=manual, member=member, signed_at=signed_at), mesa=self.mesa)

    def _officials_of(self, committee: Committee) -> tuple[str, ...]:
        return tuple(code for code in data.JUAREZ_COMMITTEE_OFFICIALS.get(committee.name, ()) if code in self.officials)

    def _former_member(self, committee: Committee) -> None:
        """The citizen who left a committee over two months ago and joined no other."""
        membership = self.citizens[data.JUAREZ_UNCOMMITTED]
        joined_on = max(committee.created_on, membership.started_on)
        left_on = self.today - dt.timedelta(days=data.JUAREZ_UNCOMMITTED_DAYS_AGO)
        member = CommitteeMember(
            committee=committee,
            membership=membership,
            status=CommitteeMember.Status.APPROVED,
            joined_on=joined_on,
            left_on=max(left_on, joined_on),
            approved_by=self.secretary.membership,
        )
        self.loader._new(member, mesa=self.mesa)

    # --- the security agenda ------------------------------------------------------------

    def security_agenda(self, plenaries: list[Meeting]) -> dict[str, Topic]:
        """The Mesa's topics with their diagnoses; one approved at a plenary of this year."""
        by_name = {c.name: c for c in Committee.objects.filter(mesa=self.mesa)}
        result = {}
        for spec in data.JUAREZ_TOPICS:
            topic = Topic.objects.filter(mesa=self.mesa, title=spec.title).first()
            if topic is None:
                approved_at = None
                if spec.approved_months_ago is not None and len(plenaries) >= spec.approved_months_ago:
                    approved_at = plenaries[-spec.approved_months_ago]
                active = spec.approved_on is not None or approved_at is not None
                topic = topics.create_topic(
                    mesa=self.mesa,
                    title=spec.title,
                    description=spec.description,
                    status=Topic.Status.ACTIVE if active else Topic.Status.PROPOSED,
                    approved_on=spec.approved_on,
                    approved_at=approved_at,
                    committees=[by_name[name] for name in spec.committees],
                    by=self.secretary,
                )
                self.count("topic")
                for sections in spec.diagnoses:
                    topics.write_diagnosis(topic=topic, by=self.secretary, **sections)
                    self.count("diagnosis")
            result[spec.title] = topic
        return result

    # --- meetings -----------------------------------------------------------------------

    def schedule(self) -> list[tuple[str, Committee | None, dt.date]]:
        """The year's meetings, (kind, committee, day), all over before now."""
        plan: list[tuple[str, Committee | None, dt.date]] = []
        next_plenary = self.today + dt.timedelta(days=NEXT_PLENARY_IN_DAYS)
        for k in range(12, 0, -1):
            plenary_on = add_months(next_plenary, -k)
            plan.append((Kind.PLENARY, None, plenary_on))
            plan.append((Kind.CITIZENS, None, plenary_on - dt.timedelta(days=CITIZENS_DAYS_BEFORE_PLENARY)))
        for k in range(11, -1, -1):
            plan.append((Kind.EXECUTIVE, None, add_months(self.today - dt.timedelta(days=EXECUTIVE_DAYS_AGO), -k)))
        working = (
            Committee.objects.filter(mesa=self.mesa, dissolved_on__isnull=True)
            .exclude(kind__in=[Committee.Kind.EXECUTIVE, Committee.Kind.HONOUR])
            .order_by("name")
        )
        for n, committee in enumerate(working):
            last = self.today - dt.timedelta(days=2 + (n * 3) % 24)
            # The late committee has not met for the last two months.
            skip = 2 if committee.name == data.JUAREZ_LATE_COMMITTEE else 0
            plan.extend((Kind.COMMITTEE, committee, add_months(last, -k)) for k in range(11, skip - 1, -1))
        plan = [p for p in plan if self.at(p[2], p[0])[1] < self.now]
        plan.sort(key=lambda p: self.at(p[2], p[0])[0])
        return plan

    def title(self, kind: str, committee: Committee | None, day: dt.date) -> str:
        month = _month(day)
        if kind == Kind.PLENARY:
            return f"Sesión plenaria de {month}"
        if kind == Kind.CITIZENS:
            return f"Reunión ciudadana previa a la plenaria de {month}"
        if kind == Kind.EXECUTIVE:
            return f"Sesión del Comité Ejecutivo de {month}"
        return f"Comité «{committee.name if committee else ''}»: sesión de {month}"

    def new_meeting(self, kind: str, committee: Committee | None, day: dt.date) -> Meeting:
        starts, ends = self.at(day, kind)
        place, video = data.PLENARY_PLACE if kind == Kind.PLENARY else data.CITIZENS_PLACE, ""
        if committee is not None:
            place = data.COMMITTEE_PLACE
            if committee.name in data.VIDEO_COMMITTEES:
                place, video = "", data.VIDEO_URL.format(slug=f"{self.mesa.slug}-{committee.pk}")
        meeting = meetings.create_meeting(
            mesa=self.mesa,
            kind=kind,
            committee=committee,
            title=self.title(kind, committee, day),
            starts_at=starts,
            ends_at=ends,
            place=place,
            video_url=video,
            by=self.secretary,
        )
        self.count("meeting")
        return meeting

    def hold(self, meeting: Meeting, unjustified: Counter[int], presentation: str = "") -> None:
        """Convene a past meeting (no e-mail), record the replies and the attendance taken."""
        if presentation:
            meetings.add_agenda_item(meeting=meeting, title=presentation, by=self.secretary)
        convened_at = meeting.starts_at - dt.timedelta(days=CONVENED_DAYS_BEFORE)
        meetings.convene_meeting(meeting=meeting, by=self.secretary, now=convened_at, notify=False)
        invitations = list(Invitation.objects.filter(meeting=meeting).select_related("membership__user").order_by("pk"))
        counted = meeting.kind in meetings.COUNTED_KINDS
        entries = []
        for invitation in invitations:
            membership = invitation.membership
            status, delegate = self.attendance_of(meeting, membership, counted, unjustified)
            entries.append((membership, status, delegate))
            replies: dict[str, str] = {
                Status.PRESENT: Invitation.Reply.ATTENDING,
                Status.JUSTIFIED: Invitation.Reply.NOT_ATTENDING,
                Status.DELEGATE: Invitation.Reply.DELEGATE,
            }
            reply = replies.get(status)
            if reply is not None and counted and meeting.starts_at > self.now - REPLIES_KEPT_FOR:
                meetings.reply_to_invitation(
                    invitation=invitation,
                    reply=reply,
                    delegate_name=delegate,
                    by=membership.user,
                    now=convened_at + dt.timedelta(hours=20 + self.rng.randrange(48)),
                )
        meetings.record_attendance(meeting=meeting, entries=entries, by=self.secretary, now=meeting.starts_at)
        self.count("attendance", len(entries))

    def attendance_of(
        self, meeting: Meeting, membership: Membership, counted: bool, unjustified: Counter[int]
    ) -> tuple[str, str]:
        if membership.kind == Membership.Kind.STAFF:
            return Status.PRESENT, ""
        if membership.pk == self.citizens[data.JUAREZ_ABSENTEE].pk:
            # Misses one meeting in three without a word: over the limit of 20 %.
            status = Status.UNJUSTIFIED if meeting.pk % 3 == 0 else Status.PRESENT
            return status, ""
        roll = self.rng.random()
        if membership.kind == Membership.Kind.OFFICIAL and roll < 0.2:
            return Status.DELEGATE, self.delegate_name()
        if roll > 0.95 and (not counted or unjustified[membership.pk] < MAX_UNJUSTIFIED.get(membership.kind, 0)):
            unjustified[membership.pk] += counted
            return Status.UNJUSTIFIED, ""
        if roll > 0.85:
            return Status.JUSTIFIED, ""
        return Status.PRESENT, ""

    def delegate_name(self) -> str:
        first = self.rng.choice(data.FIRST_NAMES)
        paternal, maternal = self.rng.sample(data.SURNAMES, 2)
        return f"{self.rng.choice(data.DELEGATE_TITLES)} {first} {paternal} {maternal}"

    # --- minutes and agreements ---------------------------------------------------------

    def write_minutes(self, meeting: Meeting, plans: list[Plan]) -> list[tuple[Plan, Agreement]]:
        """Write an entry under each agenda item and record the agreements taken."""
        items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
        month = _month(self.local_day(meeting.starts_at))
        taken = []
        for item in items:
            agreed = [p for p in plans if p.item_kind == item.kind]
            if meeting.kind == Kind.COMMITTEE and item.kind != AgendaItem.Kind.AGREEMENTS and not agreed:
                continue  # a committee's short minutes: the agreements read, and any agreement taken
            codes = []
            for plan in agreed:
                agreement = self.record_agreement(plan, item)
                taken.append((plan, agreement))
                codes.append(agreement.code)
            decisions = ("Se tomaron los acuerdos " + ", ".join(codes) + ".") if codes else ""
            summary = data.ENTRY_SUMMARIES[item.kind].format(month=month)
            minutes.save_entry(meeting=meeting, item=item, summary=summary, decisions=decisions, by=self.secretary)
            self.count("minutesentry")
        return taken

    def record_agreement(self, plan: Plan, item: AgendaItem) -> Agreement:
        spec, meeting = plan.spec, plan.meeting
        taken_on = self.local_day(meeting.starts_at)
        if spec.fate in {"overdue", "late"}:
            due_on = min(taken_on + dt.timedelta(days=30), self.today - dt.timedelta(days=7))
        elif spec.fate in {"open", "in_progress"}:
            due_on = self.today + dt.timedelta(days=20 + self.rng.randrange(60))
        else:
            due_on = taken_on + dt.timedelta(days=30 + self.rng.randrange(30))
        committee = Committee.objects.filter(mesa=self.mesa, name=spec.committee).first() if spec.committee else None
        committee = committee or meeting.committee
        people = [self.citizens[spec.person]] if spec.person is not None else []
        if committee is not None and not people and committee.kind != Committee.Kind.EXECUTIVE:
            coordinator = CommitteeMember.objects.serving().filter(
                committee=committee, role=CommitteeMember.Role.COORDINATOR
            )
            people = [m.membership for m in coordinator.select_related("membership")]
        agreement = minutes.record_agreement(
            meeting=meeting,
            item=item,
            text=spec.text,
            committee=committee,
            due_on=max(due_on, taken_on),
            priority=Agreement.Priority.HIGH if spec.seats and spec.topics else Agreement.Priority.NORMAL,
            responsible_seats=[self.officials[code].seat for code in spec.seats if code in self.officials],
            responsible_people=people,
            by=self.secretary,
        )
        self.count("agreement")
        if spec.topics or spec.institutions:
            agreements.update_agreement(
                agreement=agreement,
                topics=Topic.objects.filter(mesa=self.mesa, title__in=spec.topics),
                institutions=spec.institutions,
                by=self.secretary,
            )
        return agreement

    def follow_up(self, plan: Plan, agreement: Agreement, later: list[Meeting]) -> None:
        """The agreement's timeline: reported at the body's next meetings, closed or still going."""
        spec = plan.spec
        taken_on = self.local_day(plan.meeting.starts_at)
        dates: list[tuple[dt.date, Meeting | None]] = [(self.local_day(m.starts_at), m) for m in later]
        if not dates:
            midway = taken_on + (self.today - taken_on) / 2
            dates = [(midway, None), (self.today, None)]
        steps: list[tuple[int, str, str, str]] = []  # (progress, status after, note, evidence)
        if spec.fate == "done":
            if len(dates) > 1:
                steps.append((50, Agreement.Status.IN_PROGRESS, "El responsable informó un avance del 50 %.", ""))
            note = spec.note or "Se informó que el acuerdo quedó cumplido."
            if spec.evidence:
                note += " Se anexa la evidencia."
            steps.append((100, Agreement.Status.DONE, note, spec.evidence))
        elif spec.fate in {"in_progress", "late"}:
            steps.append((30, Agreement.Status.IN_PROGRESS, "El responsable informó un avance del 30 %.", ""))
            if spec.fate == "in_progress" and len(dates) > 2:
                steps.append((60, "", "Avance del 60 %; el responsable pidió mantener la fecha comprometida.", ""))
        elif spec.fate == "cancelled":
            note = spec.note or "El pleno acordó cancelarlo."
            steps.append((0, Agreement.Status.CANCELLED, note, ""))
        for (progress, status, note, evidence), (on, meeting) in zip(steps, dates, strict=False):
            files = []
            if evidence == "pdf":
                files = [SimpleUploadedFile(f"informe-{agreement.code}.pdf", PDF_BYTES, "application/pdf")]
            elif evidence == "png":
                files = [SimpleUploadedFile(f"foto-{agreement.code}.png", _png_bytes(), "image/png")]
            agreements.add_follow_up(
                agreement=agreement,
                by=self.secretary,
                on=on,
                note=note,
                progress=progress if status != Agreement.Status.CANCELLED else None,
                status_after=status,
                meeting=meeting,
                files=files,
            )
            self.count("followup")
            self.count("evidence", len(files))

    def close_minutes(self, body: list[Meeting], *, leave_draft: bool = False, comment_by: Actor | None = None) -> None:
        """Sealed for the older meetings, approved for the one before the last, circulated for the last."""
        for n, meeting in enumerate(body):
            record = Minutes.objects.get(meeting=meeting)
            last = n == len(body) - 1
            if last and leave_draft:
                continue
            minutes.circulate(minutes=record, by=self.secretary)
            circulated_at = meeting.ends_at + dt.timedelta(days=2)
            if last:
                Minutes.objects.filter(pk=record.pk).update(circulated_at=circulated_at)
                if comment_by is not None:
                    item = AgendaItem.objects.filter(meeting=meeting, kind=AgendaItem.Kind.AUTHORITIES).first()
                    item = item or AgendaItem.objects.filter(meeting=meeting).first()
                    minutes.add_comment(minutes=record, item=item, text=data.MINUTES_COMMENT, by=comment_by)
                    self.count("minutescomment")
                continue
            approved_at = body[n + 1]
            minutes.approve(minutes=record, at=approved_at, by=self.secretary)
            sealed_at = None
            if n < len(body) - 2:
                minutes.seal(minutes=record, by=self.secretary)
                sealed_at = approved_at.ends_at + dt.timedelta(days=1)
            # The services stamp the real clock; this year happened earlier.
            Minutes.objects.filter(pk=record.pk).update(
                circulated_at=circulated_at, **({"sealed_at": sealed_at} if sealed_at else {})
            )

    # --- the year -----------------------------------------------------------------------

    def load(self) -> None:
        self.dissolve_old_committees()
        self.staff_committees()
        if Meeting.objects.filter(mesa=self.mesa).exists():
            self.security_agenda([])
            return
        unjustified: Counter[int] = Counter()
        held: dict[tuple[str, int | None], list[Meeting]] = defaultdict(list)
        presentations = iter(data.PLENARY_PRESENTATIONS * 3)
        for kind, committee, day in self.schedule():
            meeting = self.new_meeting(kind, committee, day)
            presentation = next(presentations) if kind == Kind.PLENARY and day.month % 3 == 0 else ""
            self.hold(meeting, unjustified, presentation)
            held[(kind, committee.pk if committee else None)].append(meeting)
        plenaries = held[(Kind.PLENARY, None)]
        self.security_agenda(plenaries)

        # Minutes and agreements in the order the meetings took place, so numbers follow dates.
        plans = self.agreement_plans(held)
        taken: list[tuple[Plan, Agreement]] = []
        for meeting in sorted((m for body in held.values() for m in body), key=lambda m: m.starts_at):
            taken += self.write_minutes(meeting, plans.get(meeting.pk, []))
        for plan, agreement in taken:
            body = held[(plan.meeting.kind, plan.meeting.committee_id)]
            later = [m for m in body if m.starts_at > plan.meeting.starts_at]
            self.follow_up(plan, agreement, later)

        coordinator = actor_for(self.citizens[1].user, self.mesa)
        for (kind, _committee), body in held.items():
            self.close_minutes(
                body,
                leave_draft=kind == Kind.EXECUTIVE,
                comment_by=coordinator if kind == Kind.PLENARY else None,
            )
        self.correct_sealed_act(plenaries)
        self.next_plenary()

    def agreement_plans(self, held: dict[tuple[str, int | None], list[Meeting]]) -> dict[int, list[Plan]]:
        plans: dict[int, list[Plan]] = defaultdict(list)
        plenaries = held[(Kind.PLENARY, None)]
        specs = data.JUAREZ_PLENARY_AGREEMENTS[-len(plenaries) :] if plenaries else ()
        for meeting, pair in zip(plenaries, specs, strict=True):
            plans[meeting.pk] += [
                Plan(spec, meeting, AgendaItem.Kind.AUTHORITIES if spec.seats else AgendaItem.Kind.COMMITTEES)
                for spec in pair
            ]
        # Committees agree something every third meeting; citizens' and Executive meetings now and then.
        for (kind, committee_id), body in held.items():
            if kind == Kind.PLENARY:
                continue
            for n, meeting in enumerate(body):
                if kind == Kind.COMMITTEE and n % 3 == 1:
                    name = meeting.committee.name if meeting.committee else ""
                    template = data.COMMITTEE_AGREEMENTS[(n + (committee_id or 0)) % len(data.COMMITTEE_AGREEMENTS)]
                    spec = data.AgreementSpec(template.format(committee=name), self.fate(meeting))
                    plans[meeting.pk].append(Plan(spec, meeting, AgendaItem.Kind.COMMITTEES))
                elif kind == Kind.EXECUTIVE and n % 3 == 2:
                    text = data.EXECUTIVE_AGREEMENTS[(n // 3) % len(data.EXECUTIVE_AGREEMENTS)]
                    plans[meeting.pk].append(
                        Plan(data.AgreementSpec(text, self.fate(meeting)), meeting, AgendaItem.Kind.GENERAL)
                    )
                elif kind == Kind.CITIZENS and n % 4 == 3:
                    text = data.CITIZENS_AGREEMENTS[(n // 4) % len(data.CITIZENS_AGREEMENTS)]
                    plans[meeting.pk].append(
                        Plan(data.AgreementSpec(text, self.fate(meeting)), meeting, AgendaItem.Kind.GENERAL)
                    )
        return plans

    def fate(self, meeting: Meeting) -> str:
        """How an agreement of a committee or a meeting of citizens fares, by its age."""
        days = (self.today - self.local_day(meeting.starts_at)).days
        roll = self.rng.random()
        if days < 75:
            return "open" if roll < 0.5 else "in_progress"
        if days < 180:
            return "done" if roll < 0.6 else ("late" if roll < 0.85 else "in_progress")
        return "done" if roll < 0.8 else ("cancelled" if roll < 0.9 else "overdue")

    def correct_sealed_act(self, plenaries: list[Meeting]) -> None:
        """A sealed act amended by a correction approved at a later plenary."""
        sealed = [m for m in plenaries if Minutes.objects.filter(meeting=m, status=Minutes.Status.SEALED).exists()]
        if len(sealed) < 3:
            return
        act = sealed[2]
        record = Minutes.objects.get(meeting=act)
        item = AgendaItem.objects.get(meeting=act, kind=AgendaItem.Kind.INDICATORS)
        text, reason = data.CORRECTION
        approved_at = plenaries[plenaries.index(act) + 2]
        minutes.record_correction(
            minutes=record, item=item, text=text, reason=reason, approved_at=approved_at, by=self.secretary
        )
        self.count("correction")

    def next_plenary(self) -> None:
        """The plenary ahead, convened by e-mail, its citizens' meeting still a draft."""
        day = self.today + dt.timedelta(days=NEXT_PLENARY_IN_DAYS)
        plenary = self.new_meeting(Kind.PLENARY, None, day)
        meetings.add_agenda_item(
            meeting=plenary, title="Presentación del diagnóstico de violencia familiar", by=self.secretary
        )
        sent = meetings.convene_meeting(meeting=plenary, by=self.secretary, now=self.now)
        self.count("outboundemail", sent)
        replies = [
            (self.citizens[1], Invitation.Reply.ATTENDING, ""),
            (self.citizens[2], Invitation.Reply.ATTENDING, ""),
            (self.citizens[5], Invitation.Reply.NOT_ATTENDING, ""),
            (self.officials["state-attorney-general"], Invitation.Reply.DELEGATE, self.delegate_name()),
        ]
        for membership, reply, delegate in replies:
            invitation = Invitation.objects.get(meeting=plenary, membership=membership)
            meetings.reply_to_invitation(
                invitation=invitation, reply=reply, delegate_name=delegate, by=membership.user, now=self.now
            )
        self.new_meeting(Kind.CITIZENS, None, day - dt.timedelta(days=CITIZENS_DAYS_BEFORE_PLENARY))


def load_year(loader: DemoLoader, mesa: Mesa, citizens: list[Membership]) -> None:
    """Give the Juárez demo Mesa its past year; see the module's docstring."""
    today = mesa.today()
    holders = (
        Membership.objects.filter(mesa=mesa, kind=Membership.Kind.OFFICIAL, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        .select_related("seat__post", "user", "mesa")
    )
    officials = {m.seat.post.code: m for m in holders if m.seat is not None}
    office = Office.objects.current(today).get(mesa=mesa, kind=Office.Kind.SECRETARY)
    secretary = actor_for(office.membership.user, mesa)
    if secretary is None:
        raise RuntimeError("The demo's technical secretary has no current place in the Mesa.")
    Year(loader=loader, mesa=mesa, citizens=citizens, officials=officials, secretary=secretary).load()
