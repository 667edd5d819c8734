"""Signing in with e-mail and password, in Spanish first; nobody signs up alone."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.test import Client

from msj.accounts.models import User
from msj.accounts.testing import mail_to, sign_in, verify_email
from msj.members.testing import PASSWORD, Personas


def title(response) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.DOTALL)
    assert match is not None
    return " ".join(match.group(1).split())


def test_citizen_signs_in_with_password_and_lands_on_home(client: Client, people: Personas) -> None:
    response = sign_in(client, "beto@example.org", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert home.wsgi_request.user == people.beto
    assert b"Mesa A" in home.content
    assert b"Mesa B" not in home.content


def test_the_address_is_case_insensitive(client: Client, people: Personas) -> None:
    response = sign_in(client, "  Beto@Example.ORG ", PASSWORD)
    assert response["Location"] == "/"


def test_wrong_password_is_refused_with_an_error_and_no_session(client: Client, people: Personas) -> None:
    response = sign_in(client, "beto@example.org", "not-the-password")
    assert response.status_code == 200
    assert b'class="errors" role="alert"' in response.content
    assert not response.wsgi_request.user.is_authenticated
    assert client.get("/").status_code == 302


def test_an_unknown_address_gets_the_same_answer_as_a_wrong_password(client: Client, people: Personas) -> None:
    wrong = sign_in(client, "beto@example.org", "not-the-password")
    unknown = sign_in(client, "nobody@example.org", "not-the-password")
    assert wrong.status_code == unknown.status_code == 200
    errors = [re.search(rb'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', r.content, re.DOTALL) for r in (wrong, unknown)]
    assert errors[0] is not None and errors[1] is not None
    assert errors[0].group(1) == errors[1].group(1)


def test_signing_in_rotates_the_session_key(client: Client, people: Personas) -> None:
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    sign_in(client, "beto@example.org", PASSWORD)
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_unverified_address_gets_a_verification_mail_instead_of_a_session(client: Client, personas: Personas) -> None:
    # Accounts are created by a Mesa with the address someone else typed: the person proves
    # it is theirs once (a link, or a sign-in code) before a password alone lets them in.
    EmailAddress.objects.filter(user=personas.beto).update(verified=False)
    response = sign_in(client, "beto@example.org", PASSWORD)
    assert response["Location"] == "/accounts/confirm-email/"
    assert client.get("/").status_code == 302
    [message] = mail_to("beto@example.org")
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", message.body)
    assert link is not None
    client.post(link.group(1))
    assert sign_in(Client(), "beto@example.org", PASSWORD)["Location"] == "/"


def test_disabled_account_cannot_sign_in(client: Client, people: Personas) -> None:
    User.objects.filter(pk=people.beto.pk).update(is_active=False)
    response = sign_in(client, "beto@example.org", PASSWORD)
    assert response["Location"] == "/accounts/inactive/"
    assert client.get("/").status_code == 302


def test_sign_in_page_is_spanish_by_default(client: Client, db: None) -> None:
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert title(response).startswith("Iniciar sesión ·")
    assert b'<html lang="es-mx">' in response.content
    assert "Contraseña".encode() in response.content


def test_sign_in_page_is_english_for_a_browser_asking_for_english(client: Client, db: None) -> None:
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert title(response).startswith("Sign In ·")
    assert b'<html lang="en">' in response.content


def test_language_switch_turns_the_sign_in_page_english_and_back(client: Client, db: None) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response["Location"] == "/accounts/login/"
    assert title(client.get("/accounts/login/")).startswith("Sign In ·")
    client.post("/i18n/setlang/", {"language": "es-mx", "next": "/accounts/login/"})
    assert title(client.get("/accounts/login/")).startswith("Iniciar sesión ·")


def test_sign_in_page_does_not_invite_people_to_sign_up(client: Client, db: None) -> None:
    response = client.get("/accounts/login/")
    assert b"/accounts/signup/" not in response.content


@pytest.mark.parametrize("method", ["get", "post"])
def test_signup_is_closed(client: Client, db: None, method: str) -> None:
    data = {"email": "intruder@example.org", "password1": "a-Long-Password-2026", "password2": "a-Long-Password-2026"}
    response = getattr(client, method)("/accounts/signup/", data)
    assert response.status_code == 200
    assert b"Registro cerrado" in response.content
    assert not User.objects.filter(email="intruder@example.org").exists()
    assert not response.wsgi_request.user.is_authenticated


def test_passwords_are_hashed_with_argon2(settings, db: None) -> None:  # type: ignore[no-untyped-def]
    from config import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = User.objects.create_user(email="hash@example.org", full_name="Hash", password=PASSWORD)
    assert user.password.startswith("argon2$argon2id$")
    verify_email(user)
    assert sign_in(Client(), "hash@example.org", PASSWORD)["Location"] == "/"
