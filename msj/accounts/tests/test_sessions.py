"""Sessions end on their own after SESSION_COOKIE_AGE, and at once on sign-out."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from msj.accounts.testing import sign_in
from msj.members.testing import PASSWORD, Personas


def signed_in_client(email: str = "beto@example.org") -> Client:
    client = Client()
    assert sign_in(client, email, PASSWORD)["Location"] == "/"
    return client


def session_row(client: Client) -> Session:
    return Session.objects.get(session_key=client.cookies[django_settings.SESSION_COOKIE_NAME].value)


def test_a_session_lasts_eight_hours_by_default(people: Personas) -> None:
    assert django_settings.SESSION_COOKIE_AGE == 8 * 3600
    client = signed_in_client()
    expires = session_row(client).expire_date
    assert abs(expires - (timezone.now() + dt.timedelta(hours=8))) < dt.timedelta(minutes=1)
    # The cookie itself dies with the browser; the server-side row is what enforces the age.
    assert client.cookies[django_settings.SESSION_COOKIE_NAME]["expires"] == ""


def test_an_expired_session_is_refused(people: Personas) -> None:
    client = signed_in_client()
    assert client.get("/").status_code == 200
    Session.objects.filter(pk=session_row(client).pk).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get("/m/mesa-a/")["Location"].startswith("/accounts/login/")


def test_a_session_older_than_the_configured_age_is_refused(settings, people: Personas) -> None:  # type: ignore[no-untyped-def]
    settings.SESSION_COOKIE_AGE = 600
    with time_machine.travel(dt.datetime(2030, 5, 6, 12, 0, tzinfo=dt.UTC), tick=False) as traveller:
        client = signed_in_client()
        traveller.shift(dt.timedelta(seconds=599))
        assert client.get("/").status_code == 200
        traveller.shift(dt.timedelta(seconds=2))
        assert client.get("/")["Location"].startswith("/accounts/login/")


def test_using_the_session_does_not_extend_it(settings, people: Personas) -> None:  # type: ignore[no-untyped-def]
    settings.SESSION_COOKIE_AGE = 600
    with time_machine.travel(dt.datetime(2030, 5, 6, 12, 0, tzinfo=dt.UTC), tick=False) as traveller:
        client = signed_in_client()
        for _step in range(5):
            traveller.shift(dt.timedelta(seconds=110))
            assert client.get("/").status_code == 200
        traveller.shift(dt.timedelta(seconds=60))
        assert client.get("/").status_code == 302


def test_signing_out_ends_the_session_on_the_server(people: Personas) -> None:
    client = signed_in_client()
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert client.post("/accounts/logout/").status_code == 302
    assert not Session.objects.filter(session_key=cookie).exists()
    # A copy of the old cookie (another tab, a stolen value) opens nothing.
    thief = Client()
    thief.cookies[django_settings.SESSION_COOKIE_NAME] = cookie
    assert thief.get("/")["Location"].startswith("/accounts/login/")


def test_signing_out_needs_a_post(people: Personas) -> None:
    client = signed_in_client()
    page = client.get("/accounts/logout/")
    assert page.status_code == 200  # a confirmation page, not a sign-out
    assert client.get("/").status_code == 200


def test_changing_the_password_signs_out_the_other_devices(people: Personas) -> None:
    phone, laptop = signed_in_client(), signed_in_client()
    new_password = "another-Password-2027"
    response = laptop.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    assert phone.get("/")["Location"].startswith("/accounts/login/")
