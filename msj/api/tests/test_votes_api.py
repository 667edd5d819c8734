"""The votes API does what the pages do: one final ballot, receipts, nominal ballots, imports."""

from __future__ import annotations

import datetime as dt
import email.utils
from email.message import EmailMessage

import time_machine

from msj.members.testing import Personas
from msj.votes.models import Ballot
from msj.votes.testing import open_admission

from .conftest import API, Multipart, call, token_for


def test_cast_read_and_verify(client, personas: Personas) -> None:
    vote = open_admission(personas.mesa_a)
    url = f"{API}/mesas/mesa-a/votes/{vote.public_id}"
    beto = {"Authorization": f"Bearer {token_for(personas.beto)}"}
    cast = call(client, "POST", f"{url}/ballot", {"option": "for"}, **beto)
    assert cast.status_code == 201 and len(cast.json()["secret"]) == 32
    again = call(client, "POST", f"{url}/ballot", {"option": "against"}, **beto)
    assert again.status_code == 422 and again["Content-Type"] == "application/problem+json"
    mine = call(client, "GET", url, **beto).json()
    assert mine["my_ballot"]["receipt"] == cast.json()["receipt"] and mine["ballots"] is None
    sara = {"Authorization": f"Bearer {token_for(personas.sara)}"}
    nominal = call(client, "GET", url, **sara).json()["ballots"]
    assert {b["elector"]: b["option"] for b in nominal}["Beto Barrios"] == "for"
    with time_machine.travel(vote.closes_at):
        closed = call(client, "POST", f"{url}/close", **sara).json()
        assert closed["result"]["outcome"] == "invalid" and closed["result"]["receipts"] == [cast.json()["receipt"]]
        assert call(client, "GET", f"{url}/verification", **beto).json()["ok"] is True


@time_machine.travel("2026-11-20 18:00:00+00:00", tick=False)
def test_importing_ballot_emails(client, personas: Personas) -> None:
    vote = open_admission(personas.mesa_a)
    # Messages are dated to the second: a minute after the opening, and imported an hour later.
    sent = vote.opens_at + dt.timedelta(minutes=1)
    messages = []
    for sender, text in (
        ("Eva Escobedo <eva@example.org>", "Yo Eva Escobedo voto en contra del ingreso de Diana Durán."),
        ("Alguien <otro@example.org>", "Yo Alguien voto a favor del ingreso de Diana Durán."),
    ):
        message = EmailMessage()
        message["From"], message["Subject"] = sender, "Voto"
        message["Date"] = email.utils.format_datetime(sent)
        message["Message-ID"] = email.utils.make_msgid()
        message.set_content(text)
        messages.append(("ballot_files", f"{len(messages)}.eml", bytes(message)))
    sara = {"Authorization": f"Bearer {token_for(personas.sara)}"}
    url = f"{API}/mesas/mesa-a/votes/{vote.public_id}/imports"
    with time_machine.travel(vote.opens_at + dt.timedelta(hours=1), tick=False):
        response = call(client, "POST", url, Multipart({}, messages), **sara)
    assert response.status_code == 200
    report = response.json()
    assert report["counts"]["accepted"] == 1 and report["counts"]["refused"] == 1, report["messages"]
    refused = next(m for m in report["messages"] if not m["accepted"])
    assert refused["sender"] == "otro@example.org" and refused["reason"]
    assert Ballot.objects.get(vote=vote).channel == "email"
    empty = call(client, "POST", url, Multipart({}, []), **sara)
    assert empty.status_code in {400, 422}
