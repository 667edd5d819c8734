"""Signing in with a code sent by e-mail: three wrong codes end the attempt."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from msj.accounts.testing import login_code_from, mail_to, totp_code
from msj.members.testing import Personas


def request_code(client: Client, email: str) -> str:
    """Ask for a sign-in code; return where the browser is sent next."""
    assert client.get("/accounts/login/code/").status_code == 200
    response = client.post("/accounts/login/code/", {"email": email})
    assert response.status_code == 302
    return str(response["Location"])


def test_citizen_signs_in_with_a_code_from_the_email(client: Client, people: Personas) -> None:
    assert request_code(client, "beto@example.org") == "/accounts/login/code/confirm/"
    [message] = mail_to("beto@example.org")
    code = login_code_from(message)
    page = client.get("/accounts/login/code/confirm/")
    assert page.status_code == 200
    assert not page.wsgi_request.user.is_authenticated

    response = client.post("/accounts/login/code/confirm/", {"code": code})
    assert response["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert home.wsgi_request.user == people.beto
    assert b"Mesa A" in home.content


def test_the_code_also_proves_an_unverified_address(client: Client, personas: Personas) -> None:
    EmailAddress.objects.filter(user=personas.beto).update(verified=False)
    request_code(client, "beto@example.org")
    code = login_code_from(mail_to("beto@example.org")[0])
    assert client.post("/accounts/login/code/confirm/", {"code": code})["Location"] == "/"
    assert personas.beto.emailaddress_set.get().verified


def test_three_wrong_codes_end_the_attempt(client: Client, people: Personas) -> None:
    request_code(client, "beto@example.org")
    code = login_code_from(mail_to("beto@example.org")[0])
    for _attempt in range(2):
        response = client.post("/accounts/login/code/confirm/", {"code": "AAAA-AAAA"})
        assert response.status_code == 200
        assert b"errorlist" in response.content
    third = client.post("/accounts/login/code/confirm/", {"code": "AAAA-AAAA"})
    assert third.status_code == 302
    assert third["Location"] == "/accounts/login/code/"

    # The right code is worthless now: the attempt is over.
    late = client.post("/accounts/login/code/confirm/", {"code": code})
    assert late.status_code == 302
    assert late["Location"] == "/accounts/login/code/"
    assert client.get("/").status_code == 302


def test_unknown_address_gets_the_same_answer_and_no_code(client: Client, people: Personas) -> None:
    assert request_code(client, "nobody@example.org") == "/accounts/login/code/confirm/"
    # allauth tells the address's owner that someone asked (no code in it): nobody learns
    # from the page whether an account exists.
    for message in mail_to("nobody@example.org"):
        with pytest.raises(AssertionError):
            login_code_from(message)


def test_a_code_does_not_replace_the_second_factor(client: Client, people: Personas) -> None:
    request_code(client, "ana@example.org")
    code = login_code_from(mail_to("ana@example.org")[0])
    response = client.post("/accounts/login/code/confirm/", {"code": code})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/").status_code == 302
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(people.ana)})
    assert response["Location"] == "/"
    assert client.get("/").wsgi_request.user == people.ana
