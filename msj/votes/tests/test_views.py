"""The vote's pages: casting in the app, the personal link, nominal ballots, close, review, verify."""

from __future__ import annotations

import time

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.test import Client

from msj.audit.models import AuditEvent
from msj.core.testing import es
from msj.members.testing import Personas
from msj.minutes.testing import signed_in
from msj.notifications.models import OutboundEmail
from msj.votes import services
from msj.votes.models import Ballot, LedgerEntry, Review, Vote
from msj.votes.testing import MATRIX_TOKEN, open_admission, vote_fixtures

pytestmark = pytest.mark.django_db


def url(vote: Vote, action: str = "") -> str:
    return f"/m/{vote.mesa.slug}/votes/{vote.public_id}/{action}"


def test_casting_in_the_app_shows_the_receipt_once_and_refuses_a_second_ballot(personas: Personas) -> None:
    vote = open_admission(personas.mesa_a)
    beto = signed_in(personas.beto)
    page = beto.get(url(vote)).content.decode()
    assert "Emitir mi voto" in page or "Cast my ballot" in page
    response = beto.post(url(vote, "cast/"), {"option": "for"})
    assert response.status_code == 200
    ballot = Ballot.objects.get(vote=vote)
    assert ballot.receipt in response.content.decode() and ballot.channel == "app"
    again = beto.post(url(vote, "cast/"), {"option": "against"}, follow=True)
    assert "definitiv" in again.content.decode() or "final" in again.content.decode()
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert OutboundEmail.objects.filter(idempotency_key=f"vote-receipt:{ballot.public_id}").exists()


def test_nominal_ballots_for_the_secretary_and_the_executive_only(personas: Personas) -> None:
    vote = open_admission(personas.mesa_a)
    services.cast_in_app(vote=vote, user=personas.beto, option_key="against")
    for user in (personas.sara, personas.eva, personas.ana):
        page = signed_in(user).get(url(vote)).content.decode()
        assert "Beto Barrios" in page, user
    page = signed_in(personas.beto).get(url(vote)).content.decode()
    assert "Eva Escobedo" not in page  # Beto sees counts and his own ballot, not the others'
    assert signed_in(personas.olga).get(url(vote)).status_code == 404
    assert signed_in(personas.beto).get(url(vote, "ballots.csv")).status_code == 403
    csv = signed_in(personas.sara).get(url(vote, "ballots.csv"))
    assert csv.status_code == 200 and "Beto Barrios" in csv.content.decode()
    assert AuditEvent.objects.filter(action="export", object_type="votes.ballots.csv").count() == 1


def test_opening_the_personal_link_changes_nothing_and_casting_needs_a_post(personas: Personas) -> None:
    vote = vote_fixtures(personas).admission
    anonymous = Client()
    before = LedgerEntry.objects.count()
    for _ in range(3):  # a mail scanner fetching the link, several times
        assert anonymous.get(f"/ballot/{MATRIX_TOKEN}/").status_code == 200
    assert LedgerEntry.objects.count() == before and not Ballot.objects.exists()
    response = anonymous.post(f"/ballot/{MATRIX_TOKEN}/", {"option": "for"})
    assert response.status_code == 200
    ballot = Ballot.objects.get()
    assert (ballot.elector.membership.user, ballot.channel, ballot.vote) == (personas.beto, "link", vote)
    # Single use: the link now says the ballot is recorded and refuses another.
    assert anonymous.post(f"/ballot/{MATRIX_TOKEN}/", {"option": "against"}).status_code == 400
    assert Ballot.objects.count() == 1
    assert anonymous.get("/ballot/not-a-token/").status_code == 404


def test_the_link_expires_at_the_close(personas: Personas) -> None:
    vote = vote_fixtures(personas).admission
    with time_machine.travel(vote.closes_at):
        response = Client().post(f"/ballot/{MATRIX_TOKEN}/", {"option": "for"})
    assert response.status_code == 400 and not Ballot.objects.exists()


def test_a_passkey_holder_must_sign_in_with_it_to_use_the_link(personas: Personas) -> None:
    vote_fixtures(personas)
    Authenticator.objects.create(user=personas.beto, type=Authenticator.Type.WEBAUTHN, data={})
    assert Client().post(f"/ballot/{MATRIX_TOKEN}/", {"option": "for"}).status_code == 400
    password_only = signed_in(personas.beto)
    assert password_only.post(f"/ballot/{MATRIX_TOKEN}/", {"option": "for"}).status_code == 400
    assert not Ballot.objects.exists()
    with_passkey = signed_in(personas.beto)
    session = with_passkey.session
    session["account_authentication_methods_user"] = str(personas.beto.pk)
    session["account_authentication_methods"] = [{"method": "mfa", "type": "webauthn", "at": time.time()}]
    session.save()
    assert with_passkey.post(f"/ballot/{MATRIX_TOKEN}/", {"option": "for"}).status_code == 200
    assert Ballot.objects.count() == 1


def test_closing_from_the_page_after_the_deadline_and_the_review(personas: Personas) -> None:
    vote = open_admission(personas.mesa_a)
    services.cast_in_app(vote=vote, user=personas.beto, option_key="for")
    with time_machine.travel(vote.closes_at):
        page = signed_in(personas.beto).get(url(vote)).content.decode()
        assert "cerrada" in page or "closed" in page
        assert Vote.objects.get(pk=vote.pk).status == "open"  # the GET recorded nothing
        assert signed_in(personas.beto).post(url(vote, "close/")).status_code == 403
        assert signed_in(personas.sara).post(url(vote, "close/")).status_code == 302
    vote.refresh_from_db()
    assert vote.status == "closed" and vote.result.outcome == "invalid"  # 1 of 3 is no quorum
    page = signed_in(personas.beto).get(url(vote)).content.decode()
    assert Ballot.objects.get().receipt in page
    response = signed_in(personas.beto).post(url(vote, "review/"), {"reason": "Quiero confirmar el conteo."})
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.matches and review.chain_intact and review.counts == {"for": 1, "against": 0}
    assert LedgerEntry.objects.filter(vote=vote, event="review").count() == 1
    verify = signed_in(personas.beto).get(url(vote, "verify/"))
    assert verify.status_code == 200 and verify.context["report"].ok
    assert "<li>A favor: 1</li>" in verify.content.decode()  # the recount by the ballot's own words
    assert es("Opened") in signed_in(personas.beto).get(url(vote)).content.decode()  # the ledger's events, named
