"""Two-step verification: required for coordinators, technical secretaries and network staff."""

from __future__ import annotations

import json
import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.test import Client
from django.utils import timezone

from msj.accounts.mfa import MFAAdapter
from msj.accounts.models import User
from msj.accounts.testing import sign_in, totp_code, totp_code_for_secret, verify_email
from msj.members.models import Membership, Office
from msj.members.services import add_membership, appoint_office
from msj.members.testing import PASSWORD, Personas

MFA_SETUP = "/accounts/2fa/"


def reauthenticate(client: Client) -> None:
    """Confirm the password again, as allauth asks before any change to MFA."""
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302


def sign_in_with_totp(client: Client, user: User) -> None:
    assert sign_in(client, user.email, PASSWORD)["Location"] == "/accounts/2fa/authenticate/"
    assert client.post("/accounts/2fa/authenticate/", {"code": totp_code(user)})["Location"] == "/"


@pytest.fixture
def iris(people: Personas) -> User:
    """A citizen of Mesa B just appointed its coordinator, with no authenticator yet."""
    user = User.objects.create_user(email="iris@example.org", full_name="Iris Ibarra", password=PASSWORD)
    verify_email(user)
    membership = add_membership(
        mesa=people.mesa_b, user=user, kind=Membership.Kind.CITIZEN, started_on=people.mesa_b.today()
    )
    appoint_office(membership=membership, kind=Office.Kind.COORDINATOR, started_on=people.mesa_b.today())
    return user


def test_coordinator_with_an_app_is_asked_for_its_code_after_the_password(client: Client, people: Personas) -> None:
    response = sign_in(client, "ana@example.org", PASSWORD)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    # Half-way through, Ana is not signed in: the password alone opens nothing.
    assert client.get("/")["Location"].startswith("/accounts/login/")
    assert client.get("/m/mesa-a/")["Location"].startswith("/accounts/login/")
    page = client.get("/accounts/2fa/authenticate/")
    assert page.status_code == 200
    assert b'autocomplete="one-time-code"' in page.content

    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(people.ana)})
    assert response["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert home.wsgi_request.user == people.ana
    assert b"Mesa A" in home.content


@pytest.mark.parametrize("name", ["sara", "nora"])
def test_secretary_and_network_staff_are_asked_for_their_code(client: Client, people: Personas, name: str) -> None:
    user = getattr(people, name)
    assert sign_in(client, user.email, PASSWORD)["Location"] == "/accounts/2fa/authenticate/"
    assert client.post("/accounts/2fa/authenticate/", {"code": totp_code(user)})["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_wrong_code_is_refused(client: Client, people: Personas) -> None:
    sign_in(client, "ana@example.org", PASSWORD)
    wrong = totp_code(people.ana, at=time.time() - 3600)
    response = client.post("/accounts/2fa/authenticate/", {"code": wrong})
    assert response.status_code == 200
    assert b"errorlist" in response.content
    assert client.get("/").status_code == 302


def test_a_code_cannot_be_used_twice(people: Personas) -> None:
    first, second = Client(), Client()
    sign_in(first, "ana@example.org", PASSWORD)
    sign_in(second, "ana@example.org", PASSWORD)
    code = totp_code(people.ana)
    assert first.post("/accounts/2fa/authenticate/", {"code": code})["Location"] == "/"
    replay = second.post("/accounts/2fa/authenticate/", {"code": code})
    assert replay.status_code == 200
    assert second.get("/").status_code == 302


def test_guessing_codes_is_cut_off_even_before_the_right_one(client: Client, people: Personas) -> None:
    sign_in(client, "ana@example.org", PASSWORD)
    wrong = totp_code(people.ana, at=time.time() - 3600)
    for _attempt in range(5):
        client.post("/accounts/2fa/authenticate/", {"code": wrong})
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(people.ana)})
    assert response.status_code == 200
    assert b"Demasiados intentos fallidos" in response.content
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("name", ["beto", "olga", "eva", "carla"])
def test_people_without_such_a_role_are_never_asked(client: Client, people: Personas, name: str) -> None:
    user = getattr(people, name)
    assert sign_in(client, user.email, PASSWORD)["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.get("/me/profile/").status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/", "/m/mesa-b/", "/m/mesa-b/members/", "/me/profile/", "/accounts/email/", "/accounts/password/change/"],
)
def test_coordinator_without_an_authenticator_is_sent_to_set_one_up(client: Client, iris: User, path: str) -> None:
    assert sign_in(client, iris.email, PASSWORD)["Location"] == "/"
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == MFA_SETUP


@pytest.mark.parametrize("path", [MFA_SETUP, "/accounts/2fa/totp/activate/", "/accounts/2fa/webauthn/add/"])
def test_coordinator_without_an_authenticator_can_set_one_up(client: Client, iris: User, path: str) -> None:
    sign_in(client, iris.email, PASSWORD)
    response = client.get(path)
    if path != MFA_SETUP:
        # allauth asks for the password again before any change to MFA.
        assert response["Location"] == f"/accounts/reauthenticate/?next={path.replace('/', '%2F')}"
        assert client.get(response["Location"]).status_code == 200
        reauthenticate(client)
        response = client.get(path)
    assert response.status_code == 200


def test_coordinator_without_an_authenticator_can_sign_out(client: Client, iris: User) -> None:
    sign_in(client, iris.email, PASSWORD)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert not client.get("/accounts/login/").wsgi_request.user.is_authenticated


def test_htmx_requests_are_sent_to_set_up_by_a_full_page_redirect(client: Client, iris: User) -> None:
    sign_in(client, iris.email, PASSWORD)
    response = client.get("/m/mesa-b/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == MFA_SETUP


def test_setting_up_an_app_opens_the_platform(client: Client, iris: User) -> None:
    sign_in(client, iris.email, PASSWORD)
    reauthenticate(client)
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    assert b'<img src="data:image/svg+xml;base64,' in page.content
    code = totp_code_for_secret(client.session["mfa.totp.secret"])
    response = client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=iris, type=Authenticator.Type.TOTP).exists()
    assert client.get("/").status_code == 200
    assert client.get("/m/mesa-b/").status_code == 200


def test_coordinator_cannot_remove_the_only_authenticator(client: Client, people: Personas) -> None:
    sign_in_with_totp(client, people.ana)
    reauthenticate(client)
    response = client.post("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 200
    assert Authenticator.objects.filter(user=people.ana, type=Authenticator.Type.TOTP).exists()


def test_citizen_may_remove_an_authenticator(client: Client, people: Personas) -> None:
    TOTP.activate(people.beto, generate_totp_secret())
    sign_in_with_totp(client, people.beto)
    reauthenticate(client)
    response = client.post("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=people.beto, type=Authenticator.Type.TOTP).exists()


def test_a_coordinator_whose_term_ended_is_no_longer_held_to_mfa(client: Client, iris: User) -> None:
    Office.objects.filter(membership__user=iris).update(ended_on=timezone.localdate())
    sign_in(client, iris.email, PASSWORD)
    assert client.get("/").status_code == 200


def test_totp_secrets_are_encrypted_at_rest(people: Personas) -> None:
    authenticator = Authenticator.objects.get(user=people.ana, type=Authenticator.Type.TOTP)
    stored = authenticator.data["secret"]
    assert stored.startswith("fernet:")
    secret = decrypt(stored)
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    assert secret not in json.dumps(authenticator.data)
    with pytest.raises(ValueError, match="unencrypted"):
        MFAAdapter().decrypt(secret)


def test_totp_secrets_survive_a_secret_key_rotation(settings, people: Personas) -> None:  # type: ignore[no-untyped-def]
    stored = Authenticator.objects.get(user=people.ana, type=Authenticator.Type.TOTP).data["secret"]
    secret = decrypt(stored)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-brand-new-secret-key-for-this-test-only-0123456789abcdefghijkl"
    assert decrypt(stored) == secret
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(ValueError, match="cannot be decrypted"):
        decrypt(stored)


def test_sign_in_page_offers_a_passkey(client: Client, db: None) -> None:
    page = client.get("/accounts/login/").content.decode()
    assert 'id="passkey_login"' in page
    assert '<form id="mfa_login" action="/accounts/2fa/webauthn/login/" method="post">' in page
    assert '<script src="/static/mfa/js/webauthn.js"></script>' in page


def test_passkey_sign_in_hands_out_a_challenge(client: Client, db: None) -> None:
    response = client.get("/accounts/2fa/webauthn/login/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    options = response.json()["request_options"]["publicKey"]
    assert options["challenge"]
    assert options["rpId"] == "testserver"


def test_passkey_registration_page_renders(client: Client, people: Personas) -> None:
    sign_in_with_totp(client, people.ana)
    reauthenticate(client)
    page = client.get("/accounts/2fa/webauthn/add/")
    assert page.status_code == 200
    content = page.content.decode()
    assert 'id="mfa_webauthn_add"' in content
    creation = re.search(r'<script id="js_data" type="application/json">(.*?)</script>', content, re.DOTALL)
    assert creation is not None
    assert json.loads(creation.group(1))["creation_options"]["publicKey"]["rp"]["id"] == "testserver"
