"""An election in progress in Mesa A, on top of the personas (msj/members/testing.py).

- Ana's term as coordinator ends 20 days from today: the candidacy window is open;
- Eva is the one alternate coordinator (so a seat is empty, and the warning shows);
- the vote for the incoming coordinator opened 10 days ago among the alternates and closed
  five days later without quorum, so the Executive Committee may open a further round;
- Beto has sent his candidacy for the alternate seat (text and PDF), already forwarded to the
  citizen members.

`election_fixture` is idempotent, so the persona matrix may call it for every URL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone

from msj.elections import services
from msj.elections.models import Candidacy, ElectionCycle, ElectionVote, Seat
from msj.members.models import Membership, Office
from msj.members.testing import SINCE, Personas
from msj.votes import services as vote_services
from msj.votes.models import Vote

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TERM_DAYS_LEFT = 20


@dataclass
class ElectionFixture:
    cycle: ElectionCycle
    coordinator_vote: ElectionVote
    candidacy: Candidacy
    beto: Membership


def membership(personas: Personas, name: str) -> Membership:
    return Membership.objects.select_related("user", "mesa").get(
        mesa=personas.mesa_a, user=personas.all()[name], ended_on__isnull=True
    )


def election_fixture(personas: Personas) -> ElectionFixture:
    mesa = personas.mesa_a
    today = mesa.today()
    Office.objects.filter(mesa=mesa, kind=Office.Kind.COORDINATOR, ended_on__isnull=True).update(
        term_ends_on=today + dt.timedelta(days=TERM_DAYS_LEFT)
    )
    eva = membership(personas, "eva")
    Office.objects.get_or_create(
        mesa=mesa, membership=eva, kind=Office.Kind.ALTERNATE, ended_on=None, defaults={"started_on": SINCE}
    )
    beto = membership(personas, "beto")
    cycle = services.ensure_cycle(mesa)
    assert cycle is not None  # noqa: S101 - a test helper
    coordinator_vote = ElectionVote.objects.filter(cycle=cycle, seat=Seat.COORDINATOR).first()
    if coordinator_vote is None:
        opened = timezone.now() - dt.timedelta(days=10)
        vote = vote_services.open_vote(
            mesa=mesa,
            kind=Vote.Kind.ELECTION,
            question="Coordinación general",
            options=vote_services.candidates([eva]),
            opens_at=opened,
            closes_at=opened + dt.timedelta(days=5),
        )
        coordinator_vote = ElectionVote.objects.create(cycle=cycle, seat=Seat.COORDINATOR, vote=vote)
        vote_services.close_vote(vote)  # nobody voted: no quorum
        coordinator_vote.refresh_from_db()
    candidacy = Candidacy.objects.filter(cycle=cycle, membership=beto).first()
    if candidacy is None:
        candidacy = Candidacy(
            cycle=cycle,
            membership=beto,
            seat=Seat.ALTERNATE,
            letter_text="Me propongo como coordinador suplente.",
            letter_name="carta.pdf",
            submitted_on=today,
            forwarded_at=timezone.now(),
        )
        candidacy.letter_file.save("carta.pdf", ContentFile(PDF_BYTES), save=False)
        candidacy.save()
    return ElectionFixture(cycle=cycle, coordinator_vote=coordinator_vote, candidacy=candidacy, beto=beto)
