"""Import the ballot e-mails that members sent to the technical secretary (issue 4, point 3).

The bylaws have members vote by e-mail in their own words: "Yo ___ voto a favor / en contra
del ingreso de ___" for an admission (Cuadro 11) and "Yo, ___ voto a favor del candidato a
coordinador general / suplente de la Mesa de ___ ___" for an election (Cuadro 5). The
secretary uploads the messages (.eml files or .mbox mailboxes) and each one is either cast
through the vote engine, as an e-mailed ballot dated when it was sent, or listed with the
reason it was not.

A message counts only when it comes from the registered address of an elector of this vote,
is dated inside the voting window, names the elector who sent it and names this vote's
aspirant or one of its candidates. The engine still has the last word: a second ballot and
any ballot once the vote has closed are refused there, whatever the message's date.

Each message is cast in its own transaction, so one bad message never stops the others and
an interrupted import can be run again: messages already imported (same Message-ID) are
reported as duplicates. Messages are cast in the order they were sent, so when an elector
sent two, the first one is the one that counts.

The sender is what the From header says. The secretary imports messages from the mailbox
where the members' ballots arrived; this module does not check the mail servers' signatures.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import mailbox
import os
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from html.parser import HTMLParser
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from msj.audit.models import AuditEvent
from msj.audit.services import record
from msj.votes import rules, services
from msj.votes.models import Ballot, Elector, Option, Vote

EXTENSIONS = (".eml", ".mbox")
CONTENT_TYPES = ("message/rfc822", "application/mbox")
SOURCE_MAX = 300  # Ballot.source


class Reason(models.TextChoices):
    """Why a message was not cast. Each one is shown to the secretary in the report."""

    UNREADABLE = "unreadable", gettext_lazy("The message could not be read.")
    DUPLICATE = "duplicate", gettext_lazy("This message was already imported.")
    NO_DATE = "no_date", gettext_lazy("The message has no valid date with a time zone, so when it was sent is unknown.")
    NOT_ELECTOR = (
        "not_elector",
        gettext_lazy("The sender's address is not the registered address of an elector of this vote."),
    )
    OUTSIDE_WINDOW = "outside", gettext_lazy("The message was sent outside the voting window.")
    FUTURE = "future", gettext_lazy("The message is dated later than now.")
    NOT_RECOGNISED = "wording", gettext_lazy("The text holds no ballot in the bylaws' wording.")
    SEVERAL = "several", gettext_lazy("The text holds more than one different ballot.")
    OTHER_PERSON = "other_person", gettext_lazy("The ballot names someone other than the elector who sent it.")
    OTHER_ASPIRANT = "other_aspirant", gettext_lazy("The ballot names another aspirant than the one of this vote.")
    UNKNOWN_CANDIDATE = "candidate", gettext_lazy("The ballot names no candidate of this election, or several.")
    OTHER_OFFICE = "other_office", gettext_lazy("The ballot is for another office than the one of this election.")
    ALREADY_VOTED = "already_voted", gettext_lazy("This elector had already voted; the first ballot is final.")
    VOTE_CLOSED = "closed", gettext_lazy("The vote is closed: no more ballots are taken, whatever the message's date.")
    REFUSED = "refused", gettext_lazy("The vote engine refused the ballot.")


# --- the wording -------------------------------------------------------------------------------

CANDIDATE = "candidate"  # ParsedBallot.choice for a named candidate; the option is found by matching
GENERAL = "general"
ALTERNATE = "alternate"


@dataclass(frozen=True)
class ParsedBallot:
    """What a ballot's text says, before it is matched against a vote.

    `choice` is an option key ("for", "against", "blank") or CANDIDATE; `subject` is the
    aspirant of an admission, or what follows the office in an election (the Mesa, then the
    candidate), as written.
    """

    voter: str
    choice: str
    subject: str = ""
    office: str = ""


@dataclass(frozen=True)
class Refusal:
    reason: str
    detail: str = ""

    @property
    def message(self) -> str:
        text = str(Reason(self.reason).label)
        return f"{text} {self.detail}" if self.detail else text


def fold(text: str) -> str:
    """Lower case without accents: "Ángel Núñez" → "angel nunez"."""
    return _fold_with_map(text)[0]


def _fold_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index of the original one."""
    out: list[str] = []
    where: list[int] = []
    for i, char in enumerate(text):
        folded = " " if char.isspace() else unicodedata.normalize("NFKD", char.lower())
        for part in folded:
            if not unicodedata.combining(part):
                out.append(part)
                where.append(i)
    return "".join(out), where


# Abbreviations inside a name, whose period ends no sentence: "C. Diana Durán", "Ana M. Arriaga".
_ABBR = r"\b(?:[a-z]|sr|sra|srta|lic|ing|dr|dra|mtro|mtra|prof|profr|profra|arq|cp)\."
_VOTER = r"\byo\b\s*,?\s*(?P<voter>(?:(?!\byo\b)(?:" + _ABBR + r"|[^,.;:!?()\s]|\s))+?)\s*,?\s*\bvoto\s+"
_ADMISSION = re.compile(
    _VOTER + r"(?P<sense>a\s*favor|en\s*contra)\s+(?:del|de\s+el|de)\s+ingreso\s+(?:del|de)\s+"
    r"(?P<subject>(?:" + _ABBR + r"|[^,.;:!?()])+?)\s*(?=[,.;:!?()]|$)"
)
_ELECTION = re.compile(
    _VOTER + r"(?:(?P<blank>en\s*blanco)\b"
    r"|a\s*favor\s+(?:del|de\s+el|de\s+la|de)\s+candidat[oa]\s+a\s+(?:la\s+)?"
    r"(?P<office>coordinadora?\s+general|coordinadora?\s+suplente|coordinacion\s+general|coordinacion\s+suplente"
    r"|suplencia)\b\s*,?\s*(?P<subject>(?:" + _ABBR + r"|[^.;!?()])+?)\s*(?=[.;!?()]|$))"
)
# Where a signature or a closing starts, the name before it has ended.
_CLOSINGS = frozenset(
    {"atentamente", "saludos", "saludo", "cordialmente", "gracias", "sinceramente", "quedo", "enviado", "regards"}
    | {"thanks", "sent"}
)
# A forwarded or replied-to message below this line is not the sender's own text.
_ORIGINAL = re.compile(
    r"^-{2,}\s*(?:mensaje original|original message|mensaje reenviado|forwarded message)\b|^-- ?$|^_{5,}$"
)


def visible_text(text: str) -> str:
    """The sender's own words: quoted lines (">") and what follows an original-message line dropped."""
    lines = []
    for line in text.replace("\u200b", "").replace("\ufeff", "").splitlines():
        stripped = line.strip()
        if stripped.startswith(">"):
            continue
        if _ORIGINAL.match(fold(stripped)):
            break
        lines.append(line)
    return "\n".join(lines)


def _paragraphs(text: str) -> list[str]:
    """Blank lines end a statement; line breaks and runs of spaces inside one are single spaces."""
    return [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", visible_text(text)) if p.strip()]


def _cut_at_closing(folded: str, start: int, end: int) -> int:
    """Where a name ends when a closing word ("Atentamente", "Saludos"…) follows it unpunctuated."""
    for word in re.finditer(r"[a-z]+", folded[start:end]):
        if word.group() in _CLOSINGS:
            return start + word.start()
    return end


def _original(paragraph: str, where: list[int], start: int, end: int) -> str:
    """The original words behind the folded text from `start` to `end`."""
    if start >= end:
        return ""
    text = paragraph[where[start] : where[end - 1] + 1]
    return text.strip(" ,;:-")


def parse_ballot_text(text: str, vote_kind: str) -> ParsedBallot | Refusal:
    """Read a ballot in the bylaws' wording for a vote of `vote_kind`, or say why it is none.

    Tolerates case, accents, extra spaces and line breaks, and commas around the voter's
    name. Quoted lines are not the sender's words and are ignored. The same ballot written
    twice counts once; two different ballots in one message are refused.
    """
    pattern = {rules.ADMISSION: _ADMISSION, rules.ELECTION: _ELECTION}.get(vote_kind)
    if pattern is None:
        return Refusal(Reason.NOT_RECOGNISED)
    found: dict[tuple[Any, ...], ParsedBallot] = {}
    for paragraph in _paragraphs(text):
        folded, where = _fold_with_map(paragraph)
        for match in pattern.finditer(folded):
            voter = _original(paragraph, where, *match.span("voter"))
            if not re.search(r"[a-z]", fold(voter)) or len(name_tokens(voter)) > 8:
                continue
            groups = match.groupdict()
            if vote_kind == rules.ADMISSION:
                choice = rules.FOR if "favor" in groups["sense"] else rules.AGAINST
                office = ""
            elif groups.get("blank"):
                choice, office = rules.BLANK, ""
            else:
                choice = CANDIDATE
                office = ALTERNATE if "supl" in groups["office"] else GENERAL
            subject = ""
            if choice != rules.BLANK:
                start, end = match.span("subject")
                subject = _original(paragraph, where, start, _cut_at_closing(folded, start, end))
                if not name_tokens(subject):
                    continue
            ballot = ParsedBallot(voter=voter, choice=choice, subject=subject, office=office)
            key = (tuple(name_tokens(voter)), choice, tuple(name_tokens(subject)), office)
            found.setdefault(key, ballot)
    if not found:
        return Refusal(Reason.NOT_RECOGNISED)
    if len(found) > 1:
        return Refusal(Reason.SEVERAL)
    return next(iter(found.values()))


# --- matching names ----------------------------------------------------------------------------

# Words that are no part of who someone is: particles, titles, and how people introduce others.
_PARTICLES = frozenset(
    """a al de del la las los el y e da das do dos van von
    c sr sra srta senor senora senorita don dona lic licenciado licenciada ing ingeniero ingeniera
    dr dra doctor doctora mtro mtra maestro maestra prof profr profra profesor profesora arq cp
    aspirante candidato candidata ciudadano ciudadana companero companera nuestro nuestra
    coordinador coordinadora""".split()  # noqa: SIM905 - a word list reads better as words
)
_MESA_WORDS = frozenset({"mesa", "seguridad", "justicia", "ciudad", "municipio"})


def name_tokens(name: str) -> list[str]:
    """The words of a name that say who someone is, folded: "Lic. Ana María de la Rosa" → ana maria rosa."""
    return [w for w in re.split(r"[^a-z0-9]+", fold(name)) if w and w not in _PARTICLES]


def same_person(named: str, registered: str) -> bool:
    """Whether the name a ballot gives ("Yo ___") is, loosely, the registered name.

    It is when one name's words are all in the other ("Beto" for "Beto Barrios", "Ana
    Arriaga López" for "Ana Arriaga"), or when they share at least two words ("Ana María
    Arriaga" for "Ana Arriaga López"). One shared first name alone is someone else.
    """
    a, b = set(name_tokens(named)), set(name_tokens(registered))
    if not a or not b:
        return False
    return a <= b or b <= a or len(a & b) >= 2


def names_aspirant(named: str, question: str) -> bool:
    """Whether the aspirant a ballot names is the one of the vote, named in its question.

    The name's words are read in order while the question holds them: all of them must be
    there, or at least the first two ("Diana Durán Díaz" for a question on "Diana Durán").
    A first name followed by another surname ("Diana Pérez") is someone else.
    """
    words = name_tokens(named)
    known = set(name_tokens(question))
    held = 0
    for word in words:
        if word not in known:
            break
        held += 1
    return held >= 1 and (held == len(words) or held >= 2)


def office_of(question: str) -> str:
    """Which office an election's question is about, when it says so: GENERAL, ALTERNATE or ""."""
    words = set(re.split(r"[^a-z]+", fold(question)))
    if words & {"suplente", "suplentes", "suplencia", "alternate", "alternates"}:
        return ALTERNATE
    if "general" in words:
        return GENERAL
    return ""


def choose_candidate(subject: str, options: Sequence[tuple[str, Sequence[str]]], mesa_name: str) -> str | None:
    """The key of the one option whose candidate the ballot names, or None (nobody, or several).

    `subject` is what follows the office ("de la Mesa de Ciudad Juárez Ana Arriaga"): the
    Mesa's name comes first and is skipped; what remains must name exactly one candidate,
    loosely (see `same_person`), by the candidate's name or the option's label. A name two
    candidates share ("Ana" for Ana Arriaga and Ana Beltrán) chooses nobody.
    """
    words = name_tokens(subject)
    skip = _MESA_WORDS | set(name_tokens(mesa_name))
    while words and words[0] in skip:
        words.pop(0)
    # What remains may still begin with words of the place that are not in the Mesa's name
    # ("Ciudad Juárez" for "Mesa A"): the longest tail of it that names someone decides.
    for start in range(len(words)):
        rest = " ".join(words[start:])
        chosen = [key for key, names in options if any(same_person(rest, name) for name in names if name)]
        if chosen:
            return chosen[0] if len(chosen) == 1 else None
    return None


def dated_inside_window(at: dt.datetime, *, opens_at: dt.datetime, closes_at: dt.datetime) -> bool:
    """An e-mailed ballot counts when it was sent from the opening until the close (exclusive)."""
    return opens_at <= at < closes_at


def choose_option(ballot: ParsedBallot, vote: Vote, options: Sequence[Option]) -> str | Refusal:
    """The option key a parsed ballot chooses on `vote`, or why it fits no option of it."""
    if vote.kind == Vote.Kind.ADMISSION:
        if not names_aspirant(ballot.subject, vote.question):
            return Refusal(Reason.OTHER_ASPIRANT)
        return ballot.choice
    if ballot.choice == rules.BLANK:
        return rules.BLANK
    wanted = office_of(vote.question)
    if wanted and ballot.office and wanted != ballot.office:
        return Refusal(Reason.OTHER_OFFICE)
    candidates = [
        (o.key, [o.candidate.user.full_name if o.candidate else "", o.label]) for o in options if o.key != rules.BLANK
    ]
    key = choose_candidate(ballot.subject, candidates, vote.mesa.name)
    if key is None:
        return Refusal(Reason.UNKNOWN_CANDIDATE)
    return key


# --- messages and files ------------------------------------------------------------------------


class _TextOfHtml(HTMLParser):
    """The text of an HTML message, one line per block, without quoted replies (<blockquote>)."""

    SKIP = frozenset({"script", "style", "head", "title", "blockquote"})
    BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def message_text(message: EmailMessage) -> str:
    """The message's own text: its plain-text part, else its HTML part without the tags."""
    plain = message.get_body(preferencelist=("plain",))
    if plain is not None:
        text = plain.get_content()
        if text.strip():
            return str(text)
    html = message.get_body(preferencelist=("html",))
    if html is not None:
        return html_to_text(html.get_content())
    return ""


def message_date(message: EmailMessage) -> dt.datetime | None:
    """When the message was sent (its Date header), time-zone aware, or None."""
    header = message["Date"]
    when = getattr(header, "datetime", None)
    if not isinstance(when, dt.datetime):
        return None
    if when.tzinfo is None:
        # "-0000" is UTC from a sender who will not say its own zone (RFC 5322 §3.3); a date
        # with no zone at all could be any time of that day.
        raw = next((v for k, v in message.raw_items() if k.lower() == "date"), "")
        if not re.search(r"-0000\s*(\(.*\))?\s*$", str(raw)):
            return None
        when = when.replace(tzinfo=dt.UTC)
    return when


def message_sender(message: EmailMessage) -> str | None:
    """The one address of the From header, lower-cased; None when there is not exactly one."""
    header = message["From"]
    addresses = [a.addr_spec for a in getattr(header, "addresses", ()) if "@" in a.addr_spec]
    return addresses[0].lower() if len(addresses) == 1 else None


def message_source(message: EmailMessage, raw: bytes) -> str:
    """The Message-ID recorded with the ballot; a hash of the message when it has none."""
    message_id = re.sub(r"\s+", "", str(message["Message-ID"] or ""))
    if message_id and len(message_id) <= SOURCE_MAX:
        return message_id
    return "sha256:" + hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes
    content_type: str = ""


class UnreadableFile(Exception):
    """A whole file refused: none of its messages is read."""


def accepted_type(name: str, content_type: str) -> bool:
    """Whether an uploaded file says it is an e-mail (.eml, message/rfc822) or a mailbox (.mbox)."""
    extension = os.path.splitext(name.lower())[1]
    return extension in EXTENSIONS or content_type.split(";")[0].strip().lower() in CONTENT_TYPES


def max_upload_bytes() -> int:
    return int(settings.MSJ_MAX_UPLOAD_BYTES)


def _parse(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]


def read_file(upload: Upload) -> list[tuple[EmailMessage, bytes]]:
    """The messages of an .eml (one) or .mbox (many) file, each with its raw bytes.

    A file that is not one or the other is refused whole, naming it; one that is gives
    every message it holds, and each is then judged on its own.
    """
    name, data = upload.name, upload.data
    if not data.strip():
        raise UnreadableFile(_("%(name)s is empty.") % {"name": name})
    if b"\x00" in data:
        raise UnreadableFile(_("%(name)s is not an e-mail message or mailbox: it holds binary data.") % {"name": name})
    is_mbox = data.lstrip(b"\r\n").startswith(b"From ")
    says_mbox = name.lower().endswith(".mbox") or upload.content_type.lower().startswith("application/mbox")
    if says_mbox and not is_mbox:
        raise UnreadableFile(
            _("%(name)s is not a mailbox (.mbox): it does not start with a “From ” line.") % {"name": name}
        )
    if is_mbox:
        return _read_mbox(name, data.lstrip(b"\r\n"))
    message = _parse(data)
    if not message.keys():
        raise UnreadableFile(_("%(name)s is not an e-mail message: it has no headers.") % {"name": name})
    return [(message, data)]


def _read_mbox(name: str, data: bytes) -> list[tuple[EmailMessage, bytes]]:
    messages = []
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "upload.mbox")
        with open(path, "wb") as out:
            out.write(data)
        box = mailbox.mbox(path, create=False)
        try:
            for key in box.iterkeys():
                raw = box.get_bytes(key)
                messages.append((_parse(raw), raw))
        except (OSError, ValueError, KeyError, mailbox.Error) as exc:
            raise UnreadableFile(_("%(name)s could not be read as a mailbox.") % {"name": name}) from exc
        finally:
            box.close()
    if not messages:
        raise UnreadableFile(_("%(name)s holds no message.") % {"name": name})
    return messages


# --- the import --------------------------------------------------------------------------------


@dataclass
class MessageOutcome:
    """One message of the upload and what became of it."""

    file: str
    number: int  # its place in its file, from 1
    sender: str = ""
    sent_at: dt.datetime | None = None
    subject: str = ""
    source: str = ""
    elector: str = ""
    option: str = ""
    accepted: bool = False
    reason: str = ""
    detail: str = ""

    @property
    def reason_text(self) -> str:
        return Refusal(self.reason, self.detail).message if self.reason else ""

    @property
    def duplicate(self) -> bool:
        return self.reason == Reason.DUPLICATE


@dataclass
class ImportReport:
    files: list[str] = field(default_factory=list)
    refused_files: list[str] = field(default_factory=list)  # one message each, naming the file
    outcomes: list[MessageOutcome] = field(default_factory=list)

    @property
    def accepted(self) -> list[MessageOutcome]:
        return [o for o in self.outcomes if o.accepted]

    @property
    def duplicates(self) -> list[MessageOutcome]:
        return [o for o in self.outcomes if o.duplicate]

    @property
    def refused(self) -> list[MessageOutcome]:
        return [o for o in self.outcomes if not o.accepted and not o.duplicate]

    def counts(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "files_refused": len(self.refused_files),
            "messages": len(self.outcomes),
            "accepted": len(self.accepted),
            "duplicates": len(self.duplicates),
            "refused": len(self.refused),
        }


@dataclass
class _Pending:
    outcome: MessageOutcome
    message: EmailMessage | None
    order: int


def _envelope(outcome: MessageOutcome, message: EmailMessage, raw: bytes) -> None:
    outcome.source = message_source(message, raw)
    outcome.sender = message_sender(message) or str(message["From"] or "")[:200]
    outcome.sent_at = message_date(message)
    outcome.subject = str(message["Subject"] or "")[:200]


def import_ballots(
    *, vote: Vote, uploads: Sequence[Upload], by: Any = None, request: Any = None, now: dt.datetime | None = None
) -> ImportReport:
    """Cast the ballots e-mailed in `uploads` for `vote`, and report on every message.

    The audit trail gets one event for the import, with its counts; each accepted ballot is
    in the vote's ledger, like any other.
    """
    now = now or timezone.now()
    report = ImportReport()
    pending: list[_Pending] = []
    for upload in uploads:
        report.files.append(upload.name)
        try:
            messages = read_file(upload)
        except UnreadableFile as exc:
            report.refused_files.append(str(exc))
            continue
        for number, (message, raw) in enumerate(messages, start=1):
            outcome = MessageOutcome(file=upload.name, number=number)
            try:
                _envelope(outcome, message, raw)
            except Exception:  # noqa: BLE001 - a malformed header refuses its message, never the import
                outcome.reason = Reason.UNREADABLE
                pending.append(_Pending(outcome, None, len(pending)))
                continue
            pending.append(_Pending(outcome, message, len(pending)))

    # Cast in the order the messages were sent: an elector's first ballot is the one that counts.
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    pending.sort(key=lambda p: (p.outcome.sent_at or far, p.order))
    electors = {e.email.lower(): e for e in Elector.objects.filter(vote=vote).select_related("membership__user")}
    options = list(Option.objects.filter(vote=vote).select_related("candidate__user"))
    labels = {o.key: o.label for o in options}
    seen = set(Ballot.objects.filter(vote=vote).exclude(source="").values_list("source", flat=True))
    vote = Vote.objects.select_related("mesa").get(pk=vote.pk)
    for item in pending:
        outcome = item.outcome
        if item.message is not None and not outcome.reason:
            _judge(outcome, item.message, vote=vote, electors=electors, options=options, seen=seen, now=now)
            if outcome.accepted:
                outcome.option = labels.get(outcome.option, outcome.option)
        report.outcomes.append(outcome)
    with transaction.atomic():
        record(
            AuditEvent.Action.UPDATE,
            obj=vote,
            actor=by,
            after={"imported_ballot_emails": {**report.counts(), "file_names": [f[:100] for f in report.files]}},
            request=request,
        )
    return report


def _judge(
    outcome: MessageOutcome,
    message: EmailMessage,
    *,
    vote: Vote,
    electors: dict[str, Elector],
    options: list[Option],
    seen: set[str],
    now: dt.datetime,
) -> None:
    """Decide on one message, and cast it when it is a ballot of this vote."""

    def refuse(reason: str, detail: str = "") -> None:
        outcome.reason, outcome.detail = reason, detail

    if outcome.source in seen:
        return refuse(Reason.DUPLICATE)
    seen.add(outcome.source)
    at = outcome.sent_at
    if at is None:
        return refuse(Reason.NO_DATE)
    elector = electors.get(outcome.sender.lower())
    if elector is None:
        return refuse(Reason.NOT_ELECTOR)
    outcome.elector = elector.name
    if not dated_inside_window(at, opens_at=vote.opens_at, closes_at=vote.closes_at):
        return refuse(Reason.OUTSIDE_WINDOW)
    if at > now:
        return refuse(Reason.FUTURE)
    try:
        parsed = parse_ballot_text(message_text(message), vote.kind)
    except (LookupError, ValueError, TypeError, AttributeError, UnicodeError):  # an unknown charset, a broken part
        return refuse(Reason.UNREADABLE)
    if isinstance(parsed, Refusal):
        return refuse(parsed.reason, parsed.detail)
    if not same_person(parsed.voter, elector.name):
        return refuse(Reason.OTHER_PERSON, _("It names “%(name)s”.") % {"name": parsed.voter[:100]})
    key = choose_option(parsed, vote, options)
    if isinstance(key, Refusal):
        return refuse(key.reason, key.detail)
    try:
        services.cast_ballot(
            vote=vote, elector=elector, option_key=key, channel=Ballot.Channel.EMAIL, source=outcome.source, at=at
        )
    except ValidationError as exc:
        current = Vote.objects.get(pk=vote.pk)
        if current.status == Vote.Status.CLOSED or not current.is_open(timezone.now()):
            return refuse(Reason.VOTE_CLOSED)
        if Ballot.objects.filter(elector=elector).exists():
            return refuse(Reason.ALREADY_VOTED)
        return refuse(Reason.REFUSED, " ".join(exc.messages))
    outcome.accepted = True
    outcome.option = key
    return None
