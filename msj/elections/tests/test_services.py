"""Elections end to end: the calendar opens the votes, candidacies, results, second rounds, new terms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from msj.elections import services
from msj.elections.models import Candidacy, ElectionCycle, ElectionVote, Seat
from msj.elections.testing import PDF_BYTES, membership
from msj.members.access import Actor, actor_for
from msj.members.models import Membership, Office
from msj.members.testing import SINCE, Personas
from msj.mesas.models import Mesa
from msj.notifications.models import OutboundEmail
from msj.votes import services as vote_services
from msj.votes.models import Vote
from msj.votes.testing import add_citizens

pytestmark = pytest.mark.django_db

T = dt.date(2026, 6, 1)  # Ana's term ends (and the next one starts) on this day


def at(mesa: Mesa, day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=mesa.tzinfo)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@dataclass
class Setup:
    mesa: Mesa
    ana: Membership
    eva: Membership
    beto: Membership
    alma: Membership  # the second alternate
    other: Membership
    sara: Actor


@pytest.fixture
def setup(personas: Personas) -> Iterator[Setup]:
    """Mesa A with five citizen members: Ana coordinates until T, Eva and Alma are the alternates."""
    mesa = personas.mesa_a
    Office.objects.filter(mesa=mesa, kind=Office.Kind.COORDINATOR).update(term_ends_on=T)
    alma, other = add_citizens(mesa, 2)
    Membership.objects.filter(pk=alma.pk).update()
    alma.user.full_name = "Alma Aldama"
    alma.user.save(update_fields=["full_name"])
    eva = membership(personas, "eva")
    Office.objects.create(mesa=mesa, membership=eva, kind=Office.Kind.ALTERNATE, started_on=SINCE)
    Office.objects.create(mesa=mesa, membership=alma, kind=Office.Kind.ALTERNATE, started_on=SINCE)
    with time_machine.travel(at(mesa, T - dt.timedelta(days=40)), tick=False):
        sara = actor_for(personas.sara, mesa)
        assert sara is not None
        yield Setup(
            mesa=mesa,
            ana=membership(personas, "ana"),
            eva=eva,
            beto=membership(personas, "beto"),
            alma=Membership.objects.get(pk=alma.pk),
            other=other,
            sara=sara,
        )


def cast(vote: Vote, choices: dict[Membership, str]) -> None:
    """Each member votes for the option whose label is given ("blank" for the blank ballot)."""
    labels = {o.label: o.key for o in vote.options.all()}
    for member, label in choices.items():
        key = "blank" if label == "blank" else labels[label]
        vote_services.cast_in_app(vote=vote, user=member.user, option_key=key)


def ballot(vote: Vote) -> list[str]:
    """The ballot in order: each candidate's name, then the blank ballot's key."""
    return [
        o.candidate.user.full_name if o.candidate else o.key for o in vote.options.select_related("candidate__user")
    ]


def everyone(s: Setup, label: str, **others: str) -> dict[Membership, str]:
    people = {"ana": s.ana, "eva": s.eva, "beto": s.beto, "alma": s.alma, "other": s.other}
    return {m: others.get(name, label) for name, m in people.items()}


def test_the_cycle_follows_the_coordinators_term(setup: Setup) -> None:
    assert services.current_term_end(setup.mesa) == T
    assert services.current_cycle(setup.mesa) is None  # reading creates nothing
    cycle = services.ensure_cycle(setup.mesa)
    assert cycle is not None and cycle.term_ends_on == T
    assert services.ensure_cycle(setup.mesa) == cycle
    assert ElectionCycle.objects.count() == 1


def test_a_term_without_a_recorded_end_lasts_the_mesas_term(setup: Setup) -> None:
    Office.objects.filter(kind=Office.Kind.COORDINATOR).update(term_ends_on=None)
    assert services.current_term_end(setup.mesa) == dt.date(2025, 1, 15)  # SINCE + 12 months


def test_a_full_election_from_the_calendar_to_the_new_offices(setup: Setup) -> None:
    mesa = setup.mesa
    with time_machine.travel(at(mesa, T - dt.timedelta(days=31)), tick=False):
        assert services.run_due() == {"opened": 0, "applied": 0}  # nothing is due yet
    cycle = ElectionCycle.objects.get()

    # 30 days before the end: the incoming coordinator is chosen among the two alternates.
    with time_machine.travel(at(mesa, T - dt.timedelta(days=30), 0, 5), tick=False):
        assert services.run_due()["opened"] == 1
        assert services.run_due()["opened"] == 0  # idempotent
        election = ElectionVote.objects.get(cycle=cycle, seat=Seat.COORDINATOR)
        vote = election.vote
        assert vote.kind == Vote.Kind.ELECTION
        assert ballot(vote) == ["Alma Aldama", "Eva Escobedo", "blank"]
        assert vote.electorate_size == 5  # the active citizen members
        assert vote.closes_at == at(mesa, T - dt.timedelta(days=25), 0)
        cast(vote, everyone(setup, "Eva Escobedo", alma="blank"))  # 4 of 4 valid ballots
    election.refresh_from_db()
    assert election.outcome == "elected" and election.elected == setup.eva
    assert services.coordinator_elect(cycle) == setup.eva

    # Beto sends his letter inside the window.
    with time_machine.travel(at(mesa, T - dt.timedelta(days=20)), tick=False):
        beto = actor_for(setup.beto.user, mesa)
        services.submit_candidacy(cycle=cycle, membership=setup.beto, letter_text="Quiero servir.", by=beto)

    # 15 days before: Eva's alternate seat falls vacant and is voted on; the letters go out first.
    with time_machine.travel(at(mesa, T - dt.timedelta(days=15)), tick=False):
        assert services.run_due()["opened"] == 1
        assert services.run_due()["opened"] == 0
        alternate = ElectionVote.objects.get(cycle=cycle, seat=Seat.ALTERNATE)
        assert ballot(alternate.vote) == ["Beto Barrios", "blank"]
        assert Candidacy.objects.get(membership=setup.beto).forwarded_at is not None
        assert OutboundEmail.objects.filter(idempotency_key__startswith="election-candidacy-forwarded:").count() == 5
        cast(alternate.vote, everyone(setup, "Beto Barrios"))
    alternate.refresh_from_db()
    assert alternate.elected == setup.beto

    # Before the term starts, nothing changes; on its first day, the offices do.
    with time_machine.travel(at(mesa, T - dt.timedelta(days=1), 23, 59), tick=False):
        assert services.apply_due_terms() == 0
    with time_machine.travel(at(mesa, T, 0, 1), tick=False):
        assert services.apply_due_terms() == 2
        assert services.apply_due_terms() == 0  # idempotent
        today = mesa.today()
        coordinator = Office.objects.current(today).get(mesa=mesa, kind=Office.Kind.COORDINATOR)
        assert coordinator.membership == setup.eva
        assert (coordinator.started_on, coordinator.term_ends_on) == (T, dt.date(2027, 6, 1))
        alternates = set(
            Office.objects.current(today)
            .filter(mesa=mesa, kind=Office.Kind.ALTERNATE)
            .values_list("membership", flat=True)
        )
        assert alternates == {setup.alma.pk, setup.beto.pk}
        # History is kept: Ana's term and Eva's alternate seat ended the day the new term started.
        assert Office.objects.get(membership=setup.ana, kind=Office.Kind.COORDINATOR).ended_on == T
        assert Office.objects.get(membership=setup.eva, kind=Office.Kind.ALTERNATE).ended_on == T
        cycle.refresh_from_db()
        assert cycle.status == ElectionCycle.Status.COMPLETED
        assert services.alternates_warning(mesa) == 0
        assert OutboundEmail.objects.filter(idempotency_key__startswith="election-office:").count() == 2
        # The next cycle follows the new term.
        assert services.current_term_end(mesa) == dt.date(2027, 6, 1)


def test_the_daily_command_does_what_is_due(setup: Setup, capsys: Any) -> None:
    with time_machine.travel(at(setup.mesa, T - dt.timedelta(days=30)), tick=False):
        call_command("run_election_jobs")
        assert "opened=1" in capsys.readouterr().out
        call_command("run_election_jobs")
        assert "opened=0" in capsys.readouterr().out
    assert ElectionVote.objects.count() == 1


def test_the_coordinator_stands_again_with_the_alternates_until_the_vote_opens(setup: Setup) -> None:
    mesa = setup.mesa
    ana = actor_for(setup.ana.user, mesa)
    with pytest.raises(ValidationError, match="Only the coordinator"):
        services.stand_for_reelection(mesa=mesa, membership=setup.beto, by=ana)
    services.stand_for_reelection(mesa=mesa, membership=setup.ana, by=ana)
    with pytest.raises(ValidationError, match="already stand"):
        services.stand_for_reelection(mesa=mesa, membership=setup.ana, by=ana)
    with time_machine.travel(at(mesa, T - dt.timedelta(days=30)), tick=False):
        services.run_due()
        vote = ElectionVote.objects.get(seat=Seat.COORDINATOR).vote
        assert ballot(vote) == ["Alma Aldama", "Ana Arriaga", "Eva Escobedo", "blank"]
        Candidacy.objects.filter(seat=Seat.COORDINATOR).delete()
        with pytest.raises(ValidationError, match="too late"):
            services.stand_for_reelection(mesa=mesa, membership=setup.ana, by=ana)


@pytest.mark.parametrize(
    ("day", "hour", "accepted"),
    [
        (T - dt.timedelta(days=31), 23, False),  # the evening before the first day
        (T - dt.timedelta(days=30), 0, True),  # the first minute of the first day
        (T - dt.timedelta(days=15), 23, True),  # the last evening of the last day
        (T - dt.timedelta(days=14), 0, False),  # the day after
    ],
)
def test_candidacies_are_taken_inside_the_window_only_in_the_mesas_time_zone(
    setup: Setup, day: dt.date, hour: int, accepted: bool
) -> None:
    mesa = setup.mesa
    cycle = services.ensure_cycle(mesa)
    assert cycle is not None
    # At 23:30 in Ciudad Juárez it is already the next day in UTC (and in Mexico City).
    with time_machine.travel(at(mesa, day, hour, 30 if hour == 23 else 0), tick=False):
        beto = actor_for(setup.beto.user, mesa)
        if accepted:
            services.submit_candidacy(cycle=cycle, membership=setup.beto, letter_text="Carta.", by=beto)
            assert Candidacy.objects.filter(membership=setup.beto).exists()
        else:
            with pytest.raises(ValidationError, match="Today is outside that window"):
                services.submit_candidacy(cycle=cycle, membership=setup.beto, letter_text="Carta.", by=beto)
            assert not Candidacy.objects.exists()


def test_a_candidacy_needs_a_letter_from_an_active_citizen_who_is_no_alternate(
    setup: Setup, personas: Personas
) -> None:
    mesa = setup.mesa
    cycle = services.ensure_cycle(mesa)
    assert cycle is not None
    with time_machine.travel(at(mesa, T - dt.timedelta(days=20)), tick=False):
        beto = actor_for(setup.beto.user, mesa)
        with pytest.raises(ValidationError) as refused:
            services.submit_candidacy(cycle=cycle, membership=setup.beto, letter_text="  ", by=beto)
        assert "letter_text" in refused.value.message_dict
        with pytest.raises(ValidationError) as refused:
            services.submit_candidacy(cycle=cycle, membership=setup.eva, letter_text="Carta.", by=beto)
        assert "already holds an alternate" in str(refused.value.message_dict["member"])
        with pytest.raises(ValidationError) as refused:
            services.submit_candidacy(cycle=cycle, membership=membership(personas, "olga"), letter_text="x", by=beto)
        assert "active citizen member" in str(refused.value.message_dict["member"])
        not_pdf = SimpleUploadedFile("carta.pdf", b"\x89PNG\r\n\x1a\nnot a pdf")
        with pytest.raises(ValidationError) as refused:
            services.submit_candidacy(cycle=cycle, membership=setup.beto, letter_file=not_pdf, by=beto)
        assert "letter_file" in refused.value.message_dict
        # The secretary records a letter received by e-mail, as a PDF only.
        pdf = SimpleUploadedFile("Carta de Beto.pdf", PDF_BYTES)
        candidacy = services.submit_candidacy(cycle=cycle, membership=setup.beto, letter_file=pdf, by=setup.sara)
        assert candidacy.recorded_by == membership(personas, "sara")
        assert candidacy.letter_name == "Carta de Beto.pdf"
        assert candidacy.letter_file.read() == PDF_BYTES
        with pytest.raises(ValidationError, match="already submitted"):
            services.submit_candidacy(cycle=cycle, membership=setup.beto, letter_text="Otra.", by=beto)
    # The secretary is told, once.
    assert (
        OutboundEmail.objects.filter(idempotency_key__startswith="election-candidacy:", to=["sara@example.org"]).count()
        == 1
    )


def test_forwarding_sends_each_candidacy_to_every_citizen_member_once(setup: Setup) -> None:
    mesa = setup.mesa
    cycle = services.ensure_cycle(mesa)
    assert cycle is not None
    with time_machine.travel(at(mesa, T - dt.timedelta(days=20)), tick=False):
        services.submit_candidacy(cycle=cycle, membership=setup.beto, letter_text="Carta.", by=setup.sara)
        assert services.forward_candidacies(cycle=cycle, by=setup.sara) == 1
        assert services.forward_candidacies(cycle=cycle, by=setup.sara) == 0
    sent = OutboundEmail.objects.filter(idempotency_key__startswith="election-candidacy-forwarded:")
    assert sorted(e.to[0] for e in sent) == sorted(
        m.user.email for m in (setup.ana, setup.eva, setup.beto, setup.alma, setup.other)
    )
    assert "Carta." in sent.first().body_text


def test_no_election_leads_to_a_second_round_between_the_two_most_voted(setup: Setup) -> None:
    mesa = setup.mesa
    services.stand_for_reelection(mesa=mesa, membership=setup.ana, by=actor_for(setup.ana.user, mesa))
    with time_machine.travel(at(mesa, T - dt.timedelta(days=30)), tick=False):
        services.run_due()
        first = ElectionVote.objects.get(seat=Seat.COORDINATOR)
        # Alma 2, Eva 2, Ana 1: nobody has 2/3 of the valid ballots.
        cast(first.vote, everyone(setup, "Eva Escobedo", ana="Ana Arriaga", alma="Alma Aldama", beto="Alma Aldama"))
    first.refresh_from_db()
    assert first.outcome == "no_election"
    eva = actor_for(setup.eva.user, mesa)
    beto = actor_for(setup.beto.user, mesa)
    assert eva is not None and beto is not None
    with time_machine.travel(at(mesa, T - dt.timedelta(days=22)), tick=False):
        assert services.run_due()["opened"] == 0  # the job never opens a second round
        with pytest.raises(ValidationError, match="close after today"):
            services.open_next_round(election=first, closes_on=mesa.today(), by=eva)

    # The term ends with nobody elected: the outgoing coordinator stays in office.
    with time_machine.travel(at(mesa, T + dt.timedelta(days=1)), tick=False):
        assert services.apply_due_terms() == 0
        assert services.coordinator_office(mesa).membership == setup.ana
        second = services.open_next_round(election=first, by=eva)
        assert second.round == 2 and second.vote.previous == first.vote
        assert ballot(second.vote) == ["Alma Aldama", "Eva Escobedo", "blank"]
        with pytest.raises(ValidationError, match="already been opened"):
            services.open_next_round(election=first, by=eva)
        cast(second.vote, everyone(setup, "Alma Aldama", eva="Eva Escobedo"))
        # The term had started: the office changes right after the close is committed.
        assert services.apply_due_terms() == 1
        office = services.coordinator_office(mesa)
        assert office.membership == setup.alma
        assert office.started_on == T + dt.timedelta(days=1)  # the day the second round closed
        assert office.term_ends_on == dt.date(2027, 6, 1)  # the calendar keeps its rhythm


def test_a_vote_without_quorum_is_repeated_with_the_same_candidates(setup: Setup) -> None:
    mesa = setup.mesa
    with time_machine.travel(at(mesa, T - dt.timedelta(days=30)), tick=False):
        services.run_due()
        first = ElectionVote.objects.get(seat=Seat.COORDINATOR)
        cast(first.vote, {setup.eva: "Eva Escobedo", setup.alma: "Eva Escobedo"})
    with time_machine.travel(first.vote.closes_at, tick=False):
        vote_services.close_due_votes()
        first.refresh_from_db()
        assert first.outcome == "invalid"
        again = services.open_next_round(election=first, by=actor_for(setup.eva.user, mesa))
        assert ballot(again.vote) == ["Alma Aldama", "Eva Escobedo", "blank"]


def test_recording_an_outcome_twice_changes_nothing(setup: Setup) -> None:
    with time_machine.travel(at(setup.mesa, T - dt.timedelta(days=30)), tick=False):
        services.run_due()
        election = ElectionVote.objects.get()
        cast(election.vote, everyone(setup, "Eva Escobedo"))
    result = election.vote.result
    again = services.record_outcome(vote=election.vote, result=result)
    assert again is not None and again.elected == setup.eva
    # The secretary, who does not vote, gets the summary with the counts, once.
    summary = OutboundEmail.objects.get(idempotency_key__startswith="election-summary:")
    assert summary.to == ["sara@example.org"]
    assert "Eva Escobedo: 5" in summary.body_text


def test_an_alternate_vote_fills_each_vacant_seat_in_turn(setup: Setup) -> None:
    """With both alternate seats vacant, one vote elects one alternate, then the next vote opens."""
    mesa = setup.mesa
    Office.objects.filter(kind=Office.Kind.ALTERNATE).delete()
    assert services.alternates_warning(mesa) == 2
    cycle = services.ensure_cycle(mesa)
    assert cycle is not None
    with time_machine.travel(at(mesa, T - dt.timedelta(days=20)), tick=False):
        for m in (setup.beto, setup.other):
            services.submit_candidacy(cycle=cycle, membership=m, letter_text="Carta.", by=setup.sara)
    with time_machine.travel(at(mesa, T - dt.timedelta(days=15)), tick=False):
        assert services.run_due()["opened"] == 1  # no coordinator candidate: only the alternate vote
        first = ElectionVote.objects.get(seat=Seat.ALTERNATE)
        cast(first.vote, everyone(setup, "Beto Barrios"))
        assert services.run_due()["opened"] == 1
        second = ElectionVote.objects.exclude(pk=first.pk).get()
        assert ballot(second.vote) == ["Elector 001", "blank"]


def test_the_warning_counts_the_alternates_in_office(setup: Setup) -> None:
    assert services.alternates_warning(setup.mesa) == 0
    Office.objects.filter(membership=setup.alma, kind=Office.Kind.ALTERNATE).update(ended_on=SINCE)
    assert services.alternates_warning(setup.mesa) == 1
