"""Importing the ballot e-mails members sent to the technical secretary (.eml and .mbox files)."""

from __future__ import annotations

import datetime as dt
import email.utils
import mailbox
import uuid
from email.message import EmailMessage
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from msj.audit.models import AuditEvent
from msj.core.testing import es
from msj.members.models import Membership
from msj.members.testing import Personas
from msj.minutes.testing import signed_in
from msj.votes import imports, rules, services
from msj.votes.imports import (
    ALTERNATE,
    CANDIDATE,
    GENERAL,
    ParsedBallot,
    Reason,
    Refusal,
    Upload,
    choose_candidate,
    dated_inside_window,
    html_to_text,
    names_aspirant,
    office_of,
    parse_ballot_text,
    same_person,
)
from msj.votes.models import Ballot, LedgerEntry, Vote
from msj.votes.testing import add_citizens
from msj.votes.verify import verify_vote

ADMISSION = rules.ADMISSION
ELECTION = rules.ELECTION

# --- the wording, without a database -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "voter", "choice", "subject"),
    [
        ("Yo Beto Barrios voto a favor del ingreso de Diana Durán", "Beto Barrios", "for", "Diana Durán"),
        ("Yo Beto Barrios voto en contra del ingreso de Diana Durán", "Beto Barrios", "against", "Diana Durán"),
        ("YO BETO BARRIOS VOTO EN CONTRA DEL INGRESO DE DIANA DURAN", "BETO BARRIOS", "against", "DIANA DURAN"),
        ("yo beto barrios voto a favor del ingreso de diana duran", "beto barrios", "for", "diana duran"),
        ("Yo, Beto Barrios, voto a favor del ingreso de Diana Durán.", "Beto Barrios", "for", "Diana Durán"),
        ("Yo ,Beto Barrios , voto a favor del ingreso de Diana Durán", "Beto Barrios", "for", "Diana Durán"),
        ("Yo   Beto\nBarrios   voto a\nfavor del   ingreso\nde Diana\nDurán", "Beto\nBarrios", "for", "Diana\nDurán"),
        ("Yo Beto Barrios voto afavor del ingreso de Diana Durán", "Beto Barrios", "for", "Diana Durán"),
        ("Yo Beto Barrios voto a favor de el ingreso de Diana Durán", "Beto Barrios", "for", "Diana Durán"),
        ("Yo Beto Barrios voto a favor del ingreso de la C. Diana Durán.", "Beto Barrios", "for", "la C. Diana Durán"),
        ("Yo, Lic. Beto Barrios, voto a favor del ingreso de Diana Durán", "Lic. Beto Barrios", "for", "Diana Durán"),
        ("Yo Ana M. Arriaga voto a favor del ingreso de Diana Durán", "Ana M. Arriaga", "for", "Diana Durán"),
        ("Yo Beto voto a favor del ingreso de Diana Durán, a quien conozco.", "Beto", "for", "Diana Durán"),
        ("Yo Beto voto a favor del ingreso de Diana Durán a la Mesa", "Beto", "for", "Diana Durán a la Mesa"),
        ("Yo Beto voto en contra del ingreso de Diana Durán!", "Beto", "against", "Diana Durán"),
        ("YO BETO VOTO EN CONTRA DEL INGRESO DE DIANA DURÁN", "BETO", "against", "DIANA DURÁN"),
        ("Yo Beto voto\u00a0a\u00a0favor del ingreso de Diana Durán", "Beto", "for", "Diana Durán"),
        ("Yo José Ñúñez voto a favor del ingreso de Ángela Íñiguez", "José Ñúñez", "for", "Ángela Íñiguez"),
        (
            "Buenas tardes, Sara:\n\nYo Beto Barrios voto a favor del ingreso de Diana Durán\n"
            "Atentamente\nBeto Barrios\nCel. 656 000 0000",
            "Beto Barrios",
            "for",
            "Diana Durán",
        ),
        (
            "Hola.\nYo Beto Barrios voto en contra del ingreso de Diana Durán\n\nSaludos,\nBeto",
            "Beto Barrios",
            "against",
            "Diana Durán",
        ),
        (
            "Yo Beto voto a favor del ingreso de Diana Durán\n\n> El lun, Sara escribió:\n"
            "> Yo ___ voto ___ (a favor / en contra) del ingreso de ___",
            "Beto",
            "for",
            "Diana Durán",
        ),
        (
            # The same ballot twice (in the subject line copied into the body, say) is one ballot.
            "Yo Beto voto a favor del ingreso de Diana Durán.\nYo Beto voto a favor del ingreso de Diana Durán.",
            "Beto",
            "for",
            "Diana Durán",
        ),
        (
            "Yo creo que es buena idea. Yo Beto Barrios voto a favor del ingreso de Diana Durán",
            "Beto Barrios",
            "for",
            "Diana Durán",
        ),
    ],
)
def test_admission_wordings_are_read(text: str, voter: str, choice: str, subject: str) -> None:
    parsed = parse_ballot_text(text, ADMISSION)
    assert isinstance(parsed, ParsedBallot), parsed
    assert (parsed.choice, parsed.office) == (choice, "")
    assert " ".join(parsed.voter.split()) == " ".join(voter.split())
    assert " ".join(parsed.subject.split()) == " ".join(subject.split())


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", Reason.NOT_RECOGNISED),
        ("Voto a favor de Diana", Reason.NOT_RECOGNISED),
        ("A favor.", Reason.NOT_RECOGNISED),
        ("Yo Beto Barrios estoy a favor del ingreso de Diana Durán", Reason.NOT_RECOGNISED),
        ("Yo Beto Barrios voto por el ingreso de Diana Durán", Reason.NOT_RECOGNISED),
        ("Yo Beto Barrios voto a favor de Diana Durán", Reason.NOT_RECOGNISED),
        ("Yo Beto Barrios me abstengo en el ingreso de Diana Durán", Reason.NOT_RECOGNISED),
        ("Yo voto a favor del ingreso de Diana Durán", Reason.NOT_RECOGNISED),  # nobody named
        ("Yo ___ voto ___ (a favor / en contra) del ingreso de ___", Reason.NOT_RECOGNISED),  # the blank form
        ("Yo Beto voto a favor del ingreso de ___", Reason.NOT_RECOGNISED),
        ("Yo 12345 voto a favor del ingreso de Diana Durán", Reason.NOT_RECOGNISED),
        ("> Yo Beto voto a favor del ingreso de Diana Durán", Reason.NOT_RECOGNISED),  # only quoted
        ("Ok\n\n-----Mensaje original-----\nYo Beto voto a favor del ingreso de Diana Durán", Reason.NOT_RECOGNISED),
        ("Va.\n________________________________\nYo Beto voto a favor del ingreso de Diana", Reason.NOT_RECOGNISED),
        ("Yo, Beto voto a favor del candidato a coordinador general de la mesa de A Ana", Reason.NOT_RECOGNISED),
        (
            "Yo Beto voto a favor del ingreso de Diana Durán.\nYo Beto voto en contra del ingreso de Diana Durán.",
            Reason.SEVERAL,
        ),
        (
            "Yo Beto voto a favor del ingreso de Diana Durán.\n\nYo Beto voto a favor del ingreso de Pedro Pérez.",
            Reason.SEVERAL,
        ),
    ],
)
def test_wrong_admission_wordings_are_refused(text: str, reason: str) -> None:
    assert parse_ballot_text(text, ADMISSION) == Refusal(reason)


@pytest.mark.parametrize(
    ("text", "voter", "choice", "office", "subject"),
    [
        (
            "Yo, Beto Barrios voto a favor del candidato a coordinador suplente de la Mesa de Ciudad Juárez "
            "Ana Arriaga",
            "Beto Barrios",
            CANDIDATE,
            ALTERNATE,
            "de la Mesa de Ciudad Juárez Ana Arriaga",
        ),
        (
            "yo, beto barrios voto a favor del candidato a coordinador general de la mesa de mesa a ana arriaga",
            "beto barrios",
            CANDIDATE,
            GENERAL,
            "de la mesa de mesa a ana arriaga",
        ),
        (
            "Yo, Beto Barrios, voto a favor de la candidata a coordinadora general de la Mesa de Juárez, Eva Escobedo.",
            "Beto Barrios",
            CANDIDATE,
            GENERAL,
            "de la Mesa de Juárez, Eva Escobedo",
        ),
        (
            "YO, BETO VOTO A FAVOR DEL CANDIDATO A COORDINADOR\nSUPLENTE DE LA MESA DE MESA A\nEVA ESCOBEDO\nSaludos",
            "BETO",
            CANDIDATE,
            ALTERNATE,
            "DE LA MESA DE MESA A\nEVA ESCOBEDO",
        ),
        ("Yo, Beto Barrios voto en blanco.", "Beto Barrios", rules.BLANK, "", ""),
        ("yo beto voto en   blanco para coordinador suplente", "beto", rules.BLANK, "", ""),
        ("Yo, Beto voto enblanco", "Beto", rules.BLANK, "", ""),
    ],
)
def test_election_wordings_are_read(text: str, voter: str, choice: str, office: str, subject: str) -> None:
    parsed = parse_ballot_text(text, ELECTION)
    assert isinstance(parsed, ParsedBallot), parsed
    assert (parsed.choice, parsed.office) == (choice, office)
    assert " ".join(parsed.voter.split()) == voter
    assert " ".join(parsed.subject.split()) == " ".join(subject.split())


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Yo, Beto voto a favor de Ana Arriaga", Reason.NOT_RECOGNISED),
        ("Yo, Beto voto a favor del candidato Ana Arriaga", Reason.NOT_RECOGNISED),
        ("Yo, Beto voto en contra del candidato a coordinador suplente de la Mesa de A Ana", Reason.NOT_RECOGNISED),
        ("Yo, Beto voto a favor del candidato a presidente de la Mesa de A Ana", Reason.NOT_RECOGNISED),
        ("Yo Beto voto a favor del ingreso de Diana Durán", Reason.NOT_RECOGNISED),  # an admission's wording
        ("Yo, Beto voto a favor del candidato a coordinador suplente.", Reason.NOT_RECOGNISED),  # nobody named
        (
            "Yo, Beto voto a favor del candidato a coordinador suplente de la Mesa de A Ana Arriaga.\n"
            "Yo, Beto voto en blanco.",
            Reason.SEVERAL,
        ),
    ],
)
def test_wrong_election_wordings_are_refused(text: str, reason: str) -> None:
    assert parse_ballot_text(text, ELECTION) == Refusal(reason)


def test_executive_committee_decisions_have_no_wording_to_import() -> None:
    assert parse_ballot_text("Yo Beto voto a favor del ingreso de Diana", rules.DECISION) == Refusal(
        Reason.NOT_RECOGNISED
    )


@pytest.mark.parametrize(
    ("named", "registered", "same"),
    [
        ("Beto Barrios", "Beto Barrios", True),
        ("beto barrios", "Beto Barrios", True),
        ("BETO BARRÍOS", "Beto Barrios", True),
        ("Beto", "Beto Barrios", True),
        ("Barrios", "Beto Barrios", True),
        ("Lic. Beto Barrios", "Beto Barrios", True),
        ("Ana Arriaga López", "Ana Arriaga", True),
        ("Ana María Arriaga", "Ana Arriaga López", True),
        ("Ana María de la Rosa", "Ana María Rosa", True),
        ("Eva Escobedo", "Beto Barrios", False),
        ("Ana Escobedo", "Ana Arriaga", False),
        ("Alberto Barrios Soto", "Beto Barrios", False),
        ("Lic.", "Beto Barrios", False),
        ("", "Beto Barrios", False),
    ],
)
def test_the_named_voter_is_matched_loosely(named: str, registered: str, same: bool) -> None:
    assert same_person(named, registered) is same


@pytest.mark.parametrize(
    ("named", "question", "matches"),
    [
        ("Diana Durán", "¿Admitir a Diana Durán?", True),
        ("diana duran", "¿Admitir a Diana Durán?", True),
        ("la C. Diana Durán", "¿Admitir a Diana Durán?", True),
        ("Diana", "¿Admitir a Diana Durán?", True),
        ("Diana Durán Díaz", "¿Admitir a Diana Durán?", True),
        ("Diana Durán a la Mesa", "¿Admitir a Diana Durán?", True),
        ("Diana Pérez", "¿Admitir a Diana Durán?", False),
        ("Pedro Pérez", "¿Admitir a Diana Durán?", False),
        ("Durán Diana Pedro", "Ingreso de Diana Durán", True),
        ("", "¿Admitir a Diana Durán?", False),
    ],
)
def test_the_aspirant_is_the_one_named_in_the_question(named: str, question: str, matches: bool) -> None:
    assert names_aspirant(named, question) is matches


CANDIDATES = [("c1", ["Ana Arriaga", "Ana Arriaga"]), ("c2", ["Eva Escobedo", "Eva Escobedo"])]


@pytest.mark.parametrize(
    ("subject", "mesa", "key"),
    [
        ("de la Mesa de Ciudad Juárez Ana Arriaga", "Mesa de Seguridad y Justicia de Ciudad Juárez", "c1"),
        ("de la mesa de seguridad y justicia de ciudad juarez eva escobedo", "Mesa de Ciudad Juárez", "c2"),
        ("de la Mesa de Juárez, Eva Escobedo", "Mesa de Juárez", "c2"),
        ("de la Mesa A Ana", "Mesa A", "c1"),
        ("Ana Arriaga", "Mesa A", "c1"),
        ("ARRIAGA", "Mesa A", "c1"),
        ("de la Mesa A Ana Arriaga López", "Mesa A", "c1"),
        ("de la Mesa A Pedro Pérez", "Mesa A", None),
        ("de la Mesa A", "Mesa A", None),
        ("", "Mesa A", None),
    ],
)
def test_the_candidate_is_found_after_the_mesa(subject: str, mesa: str, key: str | None) -> None:
    assert choose_candidate(subject, CANDIDATES, mesa) == key


def test_a_name_two_candidates_share_chooses_nobody() -> None:
    options = [("c1", ["Ana Arriaga"]), ("c2", ["Ana Beltrán"])]
    assert choose_candidate("de la Mesa A Ana", options, "Mesa A") is None
    assert choose_candidate("de la Mesa A Ana Beltrán", options, "Mesa A") == "c2"


def test_the_office_of_an_election() -> None:
    assert office_of("Coordinación suplente") == ALTERNATE
    assert office_of("Elección de coordinador general 2026") == GENERAL
    assert office_of("Elección") == ""


def test_the_voting_window_includes_the_opening_and_excludes_the_close() -> None:
    opens = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    closes = opens + dt.timedelta(days=5)
    assert dated_inside_window(opens, opens_at=opens, closes_at=closes)
    assert not dated_inside_window(opens - dt.timedelta(microseconds=1), opens_at=opens, closes_at=closes)
    assert dated_inside_window(closes - dt.timedelta(microseconds=1), opens_at=opens, closes_at=closes)
    assert not dated_inside_window(closes, opens_at=opens, closes_at=closes)


def test_html_is_read_without_tags_or_quoted_replies() -> None:
    html = (
        "<html><head><style>p{color:red}</style></head><body><div>Yo Beto Barrios<br>voto a favor del "
        "ingreso de <b>Diana&nbsp;Dur&aacute;n</b></div><blockquote>Yo Beto voto en contra del ingreso de "
        "Diana</blockquote></body></html>"
    )
    text = html_to_text(html)
    assert "style" not in text and "color" not in text and "contra" not in text
    parsed = parse_ballot_text(text, ADMISSION)
    assert isinstance(parsed, ParsedBallot)
    assert (parsed.choice, parsed.subject) == ("for", "Diana Durán")


def test_message_dates_need_a_time_zone() -> None:
    def date_of(value: str) -> dt.datetime | None:
        return imports.message_date(imports._parse(f"From: a@b.org\nDate: {value}\n\nx".encode()))

    assert date_of("Mon, 2 Mar 2026 10:00:00 -0600") == dt.datetime(2026, 3, 2, 16, 0, tzinfo=dt.UTC)
    assert date_of("Mon, 2 Mar 2026 10:00:00 GMT") == dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    assert date_of("Mon, 2 Mar 2026 10:00:00 -0000") == dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    assert date_of("Mon, 2 Mar 2026 10:00:00") is None
    assert date_of("el lunes por la tarde") is None
    assert imports.message_date(imports._parse(b"From: a@b.org\n\nx")) is None


def test_the_sender_is_the_address_not_the_display_name() -> None:
    def sender(value: str) -> str | None:
        return imports.message_sender(imports._parse(f"From: {value}\n\nx".encode()))

    assert sender('"Beto Barrios" <Beto@Example.ORG>') == "beto@example.org"
    assert sender("beto@example.org (Beto Barrios)") == "beto@example.org"
    assert sender('"beto@example.org" <impostor@example.net>') == "impostor@example.net"
    assert sender("beto@example.org, eva@example.org") is None
    assert sender("Beto Barrios") is None


def test_file_types() -> None:
    assert imports.accepted_type("votos.mbox", "application/octet-stream")
    assert imports.accepted_type("VOTO.EML", "")
    assert imports.accepted_type("voto", "message/rfc822")
    assert imports.accepted_type("buzon", "application/mbox")
    assert not imports.accepted_type("voto.pdf", "application/pdf")
    assert not imports.accepted_type("voto.txt", "text/plain")


# --- messages and files -------------------------------------------------------------------------


def eml(
    sender: str,
    body: str | None,
    at: dt.datetime | None,
    *,
    message_id: str | None = None,
    html: str | None = None,
    subject: str = "Mi voto",
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "Sara Salas <sara@example.org>"
    message["Subject"] = subject
    if at is not None:
        message["Date"] = email.utils.format_datetime(at.astimezone(dt.timezone(dt.timedelta(hours=-6))))
    message["Message-ID"] = message_id or email.utils.make_msgid(domain="mail.example.org")
    if body is not None:
        message.set_content(body)
        if html is not None:
            message.add_alternative(html, subtype="html")
    elif html is not None:
        message.set_content(html, subtype="html")
    return bytes(message)


def mbox(tmp_path: Path, messages: list[bytes]) -> bytes:
    path = tmp_path / f"{uuid.uuid4().hex}.mbox"
    box = mailbox.mbox(path)
    for message in messages:
        box.add(message)
    box.flush()
    box.close()
    return path.read_bytes()


def for_diana(name: str, sense: str = "a favor") -> str:
    return f"Buenas tardes, Sara:\n\nYo {name} voto {sense} del ingreso de Diana Durán.\n\nSaludos,\n{name}"


def open_admission_at(personas: Personas, opens_at: dt.datetime, closes_at: dt.datetime) -> Vote:
    return services.open_vote(
        mesa=personas.mesa_a,
        kind=Vote.Kind.ADMISSION,
        question="¿Admitir a Diana Durán?",
        options=services.for_against(),
        opens_at=opens_at,
        closes_at=closes_at,
    )


@pytest.fixture
def window() -> tuple[dt.datetime, dt.datetime]:
    """A vote that opened two days ago and closes in three, on whole seconds like e-mail dates."""
    now = timezone.now().replace(microsecond=0)
    return now - dt.timedelta(days=2), now + dt.timedelta(days=3)


def run(vote: Vote, *files: tuple[str, bytes], by: object = None) -> imports.ImportReport:
    return imports.import_ballots(vote=vote, uploads=[Upload(name, data) for name, data in files], by=by)


def reasons(report: imports.ImportReport) -> dict[str, str]:
    return {o.sender: o.reason for o in report.outcomes}


@pytest.mark.django_db
def test_a_mixed_mailbox(personas: Personas, tmp_path: Path, window: tuple[dt.datetime, dt.datetime]) -> None:
    others = add_citizens(personas.mesa_a, 6)  # 9 electors: the vote does not close with these ballots
    opens, closes = window
    vote = open_admission_at(personas, opens, closes)
    day = opens + dt.timedelta(days=1)
    e = [m.user.email for m in others]
    messages = [
        # Eva's second thoughts come first in the file, but were sent after her first ballot.
        eml("Eva Escobedo <eva@example.org>", for_diana("Eva Escobedo"), day + dt.timedelta(hours=3)),
        eml("Beto Barrios <beto@example.org>", for_diana("Beto Barrios"), day, message_id="<beto-1@mail.example.org>"),
        eml('"Eva" <EVA@Example.ORG>', for_diana("Eva Escobedo", "en contra"), day + dt.timedelta(hours=1)),
        eml("Ana Arriaga <impostor@example.net>", for_diana("Ana Arriaga"), day),
        eml("Olga Ocampo <olga@example.org>", for_diana("Olga Ocampo"), day),
        eml(e[0], for_diana("Elector 000"), opens - dt.timedelta(seconds=1)),
        eml(e[1], for_diana("Elector 001"), None),
        eml(e[2], "Sara, cuenta con mi voto para Diana. Un abrazo.", day),
        eml(e[3], for_diana("Beto Barrios"), day),
        eml(e[4], "Yo Elector 004 voto a favor del ingreso de Pedro Pérez", day),
        eml(
            e[5],
            None,
            day,
            html="<p>Hola Sara,</p><p>Yo, Elector 005, voto <b>en contra</b> del ingreso de Diana Durán</p>",
        ),
        eml("ana@example.org", "Gracias Sara.\n\n> Yo Ana Arriaga voto a favor del ingreso de Diana Durán", day),
    ]
    report = run(vote, ("votos.mbox", mbox(tmp_path, messages)), by=personas.sara)

    assert reasons(report) == {
        "eva@example.org": Reason.ALREADY_VOTED,  # her later message (the last one read); see below
        "beto@example.org": "",
        "impostor@example.net": Reason.NOT_ELECTOR,
        "olga@example.org": Reason.NOT_ELECTOR,
        e[0]: Reason.OUTSIDE_WINDOW,
        e[1]: Reason.NO_DATE,
        e[2]: Reason.NOT_RECOGNISED,
        e[3]: Reason.OTHER_PERSON,
        e[4]: Reason.OTHER_ASPIRANT,
        e[5]: "",
        "ana@example.org": Reason.NOT_RECOGNISED,
    }
    eva = [o for o in report.outcomes if o.sender == "eva@example.org"]
    assert [(o.accepted, o.reason) for o in eva] == [(True, ""), (False, Reason.ALREADY_VOTED)]
    ballots = {b.elector.name: b for b in Ballot.objects.filter(vote=vote).select_related("elector", "option")}
    assert {name: b.option.key for name, b in ballots.items()} == {
        "Beto Barrios": "for",
        "Eva Escobedo": "against",
        "Elector 005": "against",
    }
    beto = ballots["Beto Barrios"]
    assert (beto.channel, beto.source, beto.cast_at) == (Ballot.Channel.EMAIL, "<beto-1@mail.example.org>", day)
    assert {(o.elector, o.option) for o in report.accepted} == {
        # Option labels are stored in the Mesas' language.
        ("Beto Barrios", "A favor"),
        ("Eva Escobedo", "En contra"),
        ("Elector 005", "En contra"),
    }
    assert len(report.refused) == 9 and not report.duplicates
    other = next(o for o in report.outcomes if o.sender == e[3])
    assert "Beto Barrios" in other.reason_text
    vote.refresh_from_db()
    assert vote.ballots_cast == 3
    assert LedgerEntry.objects.filter(vote=vote, event="ballot").count() == 3
    event = AuditEvent.objects.get(object_id=str(vote.public_id), action=AuditEvent.Action.UPDATE)
    assert event.actor == personas.sara
    assert event.after["imported_ballot_emails"]["accepted"] == 3
    assert event.after["imported_ballot_emails"]["refused"] == 9
    with time_machine.travel(closes):
        services.close_vote(vote)
    assert verify_vote(vote).ok


@pytest.mark.django_db
def test_window_edges(personas: Personas, window: tuple[dt.datetime, dt.datetime]) -> None:
    add_citizens(personas.mesa_a, 2)
    opens, closes = window
    vote = open_admission_at(personas, opens, closes)
    with time_machine.travel(closes - dt.timedelta(milliseconds=500), tick=False):
        report = run(
            vote,
            ("ana.eml", eml("ana@example.org", for_diana("Ana Arriaga"), closes)),
            ("eva.eml", eml("eva@example.org", for_diana("Eva Escobedo"), closes - dt.timedelta(seconds=1))),
            ("beto.eml", eml("beto@example.org", for_diana("Beto Barrios"), opens)),
            ("e0.eml", eml("elector0@mesa-a.example.org", for_diana("Elector 000"), opens - dt.timedelta(seconds=1))),
        )
    assert reasons(report) == {
        "ana@example.org": Reason.OUTSIDE_WINDOW,
        "eva@example.org": "",
        "beto@example.org": "",
        "elector0@mesa-a.example.org": Reason.OUTSIDE_WINDOW,
    }
    assert set(Ballot.objects.filter(vote=vote).values_list("cast_at", flat=True)) == {
        opens,
        closes - dt.timedelta(seconds=1),
    }


@pytest.mark.django_db
def test_a_message_dated_later_than_now_is_refused(personas: Personas, window: tuple[dt.datetime, dt.datetime]) -> None:
    vote = open_admission_at(personas, *window)
    report = run(vote, ("beto.eml", eml("beto@example.org", for_diana("Beto"), timezone.now() + dt.timedelta(hours=1))))
    assert reasons(report) == {"beto@example.org": Reason.FUTURE}
    assert not Ballot.objects.filter(vote=vote).exists()


@pytest.mark.django_db
def test_a_closed_vote_refuses_every_ballot_even_one_sent_in_time(
    personas: Personas, window: tuple[dt.datetime, dt.datetime]
) -> None:
    opens, closes = window
    vote = open_admission_at(personas, opens, closes)
    sent = eml("beto@example.org", for_diana("Beto Barrios"), opens + dt.timedelta(hours=1))
    with time_machine.travel(closes):  # past the deadline, the close not yet recorded
        report = run(vote, ("beto.eml", sent))
        assert reasons(report) == {"beto@example.org": Reason.VOTE_CLOSED}
        services.close_vote(vote)
        assert reasons(run(vote, ("beto.eml", sent))) == {"beto@example.org": Reason.VOTE_CLOSED}
    assert not Ballot.objects.filter(vote=vote).exists()


@pytest.mark.django_db
def test_the_vote_closing_with_the_last_ballot_refuses_the_next_messages(
    personas: Personas, window: tuple[dt.datetime, dt.datetime]
) -> None:
    opens, _closes = window
    vote = open_admission_at(personas, *window)  # Ana, Eva and Beto
    at = opens + dt.timedelta(hours=1)
    report = run(
        vote,
        ("ana.eml", eml("ana@example.org", for_diana("Ana Arriaga"), at)),
        ("eva.eml", eml("eva@example.org", for_diana("Eva Escobedo"), at + dt.timedelta(minutes=1))),
        ("beto.eml", eml("beto@example.org", for_diana("Beto Barrios"), at + dt.timedelta(minutes=2))),
        ("beto-again.eml", eml("beto@example.org", for_diana("Beto Barrios", "en contra"), at + dt.timedelta(days=1))),
    )
    assert [o.reason for o in report.outcomes] == ["", "", "", Reason.VOTE_CLOSED]
    vote.refresh_from_db()
    assert vote.status == Vote.Status.CLOSED and vote.result.outcome == rules.ADMITTED


@pytest.mark.django_db
def test_a_ballot_already_cast_in_the_application_is_final(
    personas: Personas, window: tuple[dt.datetime, dt.datetime]
) -> None:
    add_citizens(personas.mesa_a, 1)
    vote = open_admission_at(personas, *window)
    services.cast_in_app(vote=vote, user=personas.beto, option_key="for")
    report = run(vote, ("b.eml", eml("beto@example.org", for_diana("Beto", "en contra"), window[0])))
    assert reasons(report) == {"beto@example.org": Reason.ALREADY_VOTED}
    assert Ballot.objects.get(vote=vote).channel == Ballot.Channel.APP


@pytest.mark.django_db
def test_importing_twice_reports_duplicates(
    personas: Personas, tmp_path: Path, window: tuple[dt.datetime, dt.datetime]
) -> None:
    add_citizens(personas.mesa_a, 1)
    vote = open_admission_at(personas, *window)
    at = window[0] + dt.timedelta(hours=2)
    beto = eml("beto@example.org", for_diana("Beto Barrios"), at, message_id="<b@mail.example.org>")
    eva = eml("eva@example.org", for_diana("Eva Escobedo"), at, message_id="<e@mail.example.org>")
    first = run(vote, ("beto.eml", beto), ("copia.eml", beto))  # the same message twice in one upload
    assert [(o.accepted, o.reason) for o in first.outcomes] == [(True, ""), (False, Reason.DUPLICATE)]
    second = run(vote, ("todo.mbox", mbox(tmp_path, [beto, eva])))
    assert [(o.sender, o.reason) for o in second.outcomes] == [
        ("beto@example.org", Reason.DUPLICATE),
        ("eva@example.org", ""),
    ]
    assert len(second.duplicates) == 1 and not second.refused
    assert Ballot.objects.filter(vote=vote).count() == 2


@pytest.mark.django_db
def test_a_message_without_message_id_is_recognised_by_its_content(
    personas: Personas, window: tuple[dt.datetime, dt.datetime]
) -> None:
    add_citizens(personas.mesa_a, 1)
    vote = open_admission_at(personas, *window)
    message = EmailMessage()
    message["From"] = "beto@example.org"
    message["Date"] = email.utils.format_datetime(window[0] + dt.timedelta(hours=1))
    message.set_content(for_diana("Beto Barrios"))
    data = bytes(message)
    assert run(vote, ("a.eml", data)).accepted
    assert Ballot.objects.get(vote=vote).source.startswith("sha256:")
    assert run(vote, ("a.eml", data)).duplicates


@pytest.mark.django_db
def test_unreadable_files_are_refused_whole_and_the_others_read(
    personas: Personas, window: tuple[dt.datetime, dt.datetime]
) -> None:
    add_citizens(personas.mesa_a, 1)
    vote = open_admission_at(personas, *window)
    good = eml("beto@example.org", for_diana("Beto Barrios"), window[0] + dt.timedelta(hours=1))
    report = run(
        vote,
        ("foto.eml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("vacio.eml", b"  \n"),
        ("buzon.mbox", good),  # one message, not a mailbox
        ("nota.eml", b"Yo Beto voto a favor del ingreso de Diana"),  # no headers
        ("beto.eml", good),
    )
    assert len(report.refused_files) == 4
    for name, problem in zip(["foto.eml", "vacio.eml", "buzon.mbox", "nota.eml"], report.refused_files, strict=True):
        assert name in problem
    assert [o.file for o in report.accepted] == ["beto.eml"]
    event = AuditEvent.objects.get(object_id=str(vote.public_id), action=AuditEvent.Action.UPDATE)
    assert event.after["imported_ballot_emails"]["files_refused"] == 4


@pytest.mark.django_db
def test_an_unknown_charset_refuses_its_message_only(
    personas: Personas, window: tuple[dt.datetime, dt.datetime]
) -> None:
    add_citizens(personas.mesa_a, 1)
    vote = open_admission_at(personas, *window)
    at = email.utils.format_datetime(window[0] + dt.timedelta(hours=1))
    broken = (
        f"From: eva@example.org\nDate: {at}\nMessage-ID: <x@y>\n"
        "Content-Type: text/plain; charset=no-such-charset\n\nYo Eva voto a favor del ingreso de Diana\n"
    ).encode()
    report = run(vote, ("x.eml", broken), ("b.eml", eml("beto@example.org", for_diana("Beto"), window[0])))
    assert reasons(report) == {"eva@example.org": Reason.UNREADABLE, "beto@example.org": ""}


@pytest.fixture
def election(personas: Personas, window: tuple[dt.datetime, dt.datetime]) -> Vote:
    ana = Membership.objects.get(mesa=personas.mesa_a, user=personas.ana)
    eva = Membership.objects.get(mesa=personas.mesa_a, user=personas.eva)
    add_citizens(personas.mesa_a, 6)
    return services.open_vote(
        mesa=personas.mesa_a,
        kind=Vote.Kind.ELECTION,
        question="Coordinación suplente",
        options=services.candidates([ana, eva]),
        opens_at=window[0],
        closes_at=window[1],
    )


@pytest.mark.django_db
def test_election_ballots(personas: Personas, election: Vote, window: tuple[dt.datetime, dt.datetime]) -> None:
    at = window[0] + dt.timedelta(hours=5)

    def ballot(who: int, text: str) -> tuple[str, bytes]:
        return (f"{who}.eml", eml(f"elector{who}@mesa-a.example.org", text, at + dt.timedelta(minutes=who)))

    mesa = "de la Mesa de Seguridad y Justicia de Ciudad Juárez"
    report = run(
        election,
        ballot(0, f"Yo, Elector 000 voto a favor del candidato a coordinador suplente {mesa} Ana Arriaga."),
        ballot(1, f"YO, ELECTOR 001 VOTO A FAVOR DE LA CANDIDATA A COORDINADORA SUPLENTE {mesa.upper()} EVA"),
        ballot(2, "Yo, Elector 002 voto en blanco."),
        ballot(3, f"Yo, Elector 003 voto a favor del candidato a coordinador suplente {mesa} Pedro Pérez"),
        ballot(4, f"Yo, Elector 004 voto a favor del candidato a coordinador general {mesa} Ana Arriaga"),
        ballot(5, "Yo Elector 005 voto a favor del ingreso de Ana Arriaga"),
        ("beto.eml", eml("beto@example.org", f"Yo, Eva Escobedo voto en blanco {mesa}", at - dt.timedelta(hours=1))),
    )
    assert [(o.file, o.reason) for o in report.outcomes] == [
        ("beto.eml", Reason.OTHER_PERSON),
        ("0.eml", ""),
        ("1.eml", ""),
        ("2.eml", ""),
        ("3.eml", Reason.UNKNOWN_CANDIDATE),
        ("4.eml", Reason.OTHER_OFFICE),
        ("5.eml", Reason.NOT_RECOGNISED),
    ]
    chosen = dict(Ballot.objects.filter(vote=election).values_list("elector__name", "option__key"))
    assert chosen == {"Elector 000": "c1", "Elector 001": "c2", "Elector 002": rules.BLANK}
    assert [o.option for o in report.accepted] == ["Ana Arriaga", "Eva Escobedo", "Voto en blanco"]


# --- the page ----------------------------------------------------------------------------------


def url(vote: Vote) -> str:
    return f"/m/{vote.mesa.slug}/votes/{vote.public_id}/import/"


@pytest.mark.django_db
def test_the_secretary_imports_and_reads_the_report(
    personas: Personas, tmp_path: Path, window: tuple[dt.datetime, dt.datetime]
) -> None:
    add_citizens(personas.mesa_a, 1)
    vote = open_admission_at(personas, *window)
    at = window[0] + dt.timedelta(hours=1)
    box = mbox(
        tmp_path,
        [
            eml("beto@example.org", for_diana("Beto Barrios"), at),
            eml("intruso@example.net", for_diana("Beto Barrios"), at),
        ],
    )
    sara = signed_in(personas.sara)
    page = sara.get(url(vote))
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content and b"del ingreso de" in page.content
    files = [
        SimpleUploadedFile("votos.mbox", box, content_type="application/octet-stream"),
        SimpleUploadedFile("eva", eml("eva@example.org", for_diana("Eva Escobedo"), at), "message/rfc822"),
    ]
    response = sara.post(url(vote), {"ballot_files": files})
    assert response.status_code == 200
    assert "votes/import_report.html" in [t.name for t in response.templates]
    text = response.content.decode()
    assert "Beto Barrios" in text and "Eva Escobedo" in text and "intruso@example.net" in text
    assert str(Reason.NOT_ELECTOR.label).replace("'", "&#x27;") in text
    assert Ballot.objects.filter(vote=vote, channel=Ballot.Channel.EMAIL).count() == 2
    assert AuditEvent.objects.filter(object_id=str(vote.public_id), actor=personas.sara).count() == 1


@pytest.mark.django_db
def test_the_upload_is_checked_before_anything_is_read(
    personas: Personas, settings: object, window: tuple[dt.datetime, dt.datetime]
) -> None:
    vote = open_admission_at(personas, *window)
    good = eml("beto@example.org", for_diana("Beto Barrios"), window[0] + dt.timedelta(hours=1))
    sara = signed_in(personas.sara)
    sara.cookies["django_language"] = "en"  # the page in the source language

    response = sara.post(url(vote), {})
    assert response.status_code == 400 and b"Choose at least one" in response.content

    pdf = SimpleUploadedFile("acta.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = sara.post(url(vote), {"ballot_files": [SimpleUploadedFile("b.eml", good), pdf]})
    assert response.status_code == 400 and b"acta.pdf is not an e-mail message" in response.content

    settings.MSJ_MAX_UPLOAD_BYTES = len(good) + 10  # type: ignore[attr-defined]
    response = sara.post(
        url(vote), {"ballot_files": [SimpleUploadedFile("b.eml", good), SimpleUploadedFile("c.eml", good)]}
    )
    assert response.status_code == 400 and b"too large" in response.content

    assert not Ballot.objects.filter(vote=vote).exists()
    assert not AuditEvent.objects.filter(object_id=str(vote.public_id), action=AuditEvent.Action.UPDATE).exists()


@pytest.mark.django_db
def test_executive_committee_decisions_cannot_be_imported(personas: Personas) -> None:
    vote = services.open_vote(
        mesa=personas.mesa_a, kind=Vote.Kind.DECISION, question="¿Crear el Comité?", options=services.for_against()
    )
    sara = signed_in(personas.sara)
    assert (
        es("Only admission and election ballots have a wording in the bylaws to import.")
        in sara.get(url(vote)).content.decode()
    )
    upload = SimpleUploadedFile("a.eml", eml("ana@example.org", "Yo Ana voto a favor", timezone.now()))
    response = sara.post(url(vote), {"ballot_files": [upload]})
    assert response.status_code == 400
    assert not Ballot.objects.filter(vote=vote).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"), [("beto", 403), ("ana", 403), ("eva", 403), ("olga", 404), ("carla", 404), ("nora", 404)]
)
def test_only_the_secretary_imports(
    personas: Personas, window: tuple[dt.datetime, dt.datetime], persona: str, status: int
) -> None:
    vote = open_admission_at(personas, *window)
    client = signed_in(getattr(personas, persona))
    assert client.get(url(vote)).status_code == status
    good = eml("beto@example.org", for_diana("Beto Barrios"), window[0] + dt.timedelta(hours=1))
    assert client.post(url(vote), {"ballot_files": [SimpleUploadedFile("b.eml", good)]}).status_code == status
    assert not Ballot.objects.filter(vote=vote).exists()


@pytest.mark.django_db
def test_anonymous_callers_are_sent_to_sign_in(personas: Personas, window: tuple[dt.datetime, dt.datetime]) -> None:
    vote = open_admission_at(personas, *window)
    assert Client().get(url(vote)).status_code == 302


def test_place_words_outside_the_mesa_name_do_not_hide_the_candidate() -> None:
    assert choose_candidate("de la Mesa de Ciudad Juárez Eva", CANDIDATES, "Mesa A") == "c2"
    options = [("c1", ["Pedro Juárez"]), ("c2", ["Ana Arriaga"])]
    assert choose_candidate("de la Mesa de Ciudad Juárez Ana Arriaga", options, "Mesa A") == "c2"
    assert choose_candidate("de la Mesa de Ciudad Juárez Pedro", options, "Mesa A") == "c1"
    two_arriagas = [("c1", ["Ana Arriaga"]), ("c2", ["Eva Arriaga"])]
    assert choose_candidate("de la Mesa A Ana Arriaga", two_arriagas, "Mesa A") == "c1"
    assert choose_candidate("de la Mesa A Arriaga", two_arriagas, "Mesa A") is None
