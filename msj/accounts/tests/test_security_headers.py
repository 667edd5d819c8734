"""Security headers on every response, CSRF on every form, and sign-in pages that obey our CSP."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from msj.accounts.testing import sign_in, totp_code
from msj.members.testing import PASSWORD, Personas

EXPECTED_CSP = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "object-src 'none'",
    "base-uri 'self'",
)


def assert_security_headers(response) -> None:  # type: ignore[no-untyped-def]
    csp = response["Content-Security-Policy"]
    for directive in EXPECTED_CSP:
        assert directive in csp, (directive, csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


ANONYMOUS_PAGES = [
    "/accounts/login/",
    "/accounts/login/code/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/2fa/webauthn/login/",
    "/healthz",
    "/",  # a redirect to sign in
    "/m/mesa-a/",  # a redirect to sign in
    "/no-such-page/",  # 404
]


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_headers_on_anonymous_responses(client: Client, db: None, path: str) -> None:
    assert_security_headers(client.get(path))


@pytest.mark.parametrize(
    "path",
    ["/", "/me/profile/", "/m/mesa-a/", "/m/mesa-b/", "/accounts/2fa/", "/accounts/email/", "/accounts/logout/"],
)
def test_headers_on_signed_in_responses(client: Client, people: Personas, path: str) -> None:
    sign_in(client, "beto@example.org", PASSWORD)
    assert_security_headers(client.get(path))


def test_headers_on_posts_redirects_and_429(client: Client, people: Personas) -> None:
    assert_security_headers(sign_in(client, "beto@example.org", "wrong"))
    assert_security_headers(sign_in(client, "beto@example.org", PASSWORD))
    hammer = Client(REMOTE_ADDR="192.0.2.99")
    responses = [sign_in(hammer, f"g{n}@example.org", "x") for n in range(31)]
    assert responses[-1].status_code == 429
    assert_security_headers(responses[-1])


# Every form that changes something, with the data it would send.
CSRF_POSTS_ANONYMOUS = [
    ("/accounts/login/", {"login": "beto@example.org", "password": PASSWORD}),
    ("/accounts/login/code/", {"email": "beto@example.org"}),
    ("/accounts/password/reset/", {"email": "beto@example.org"}),
    ("/accounts/signup/", {"email": "x@example.org", "password1": PASSWORD, "password2": PASSWORD}),
    ("/i18n/setlang/", {"language": "en"}),
]


@pytest.mark.parametrize(("path", "data"), CSRF_POSTS_ANONYMOUS)
def test_anonymous_forms_refuse_a_post_without_the_csrf_token(people: Personas, path: str, data: dict) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(path, data)
    assert response.status_code == 403
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/accounts/logout/", {}),
        ("/me/profile/", {"full_name": "Pirata", "preferred_language": "en"}),
        (
            "/accounts/password/change/",
            {"oldpassword": PASSWORD, "password1": "x-Pass-2027!", "password2": "x-Pass-2027!"},
        ),
        ("/accounts/reauthenticate/", {"password": PASSWORD}),
        ("/accounts/2fa/totp/activate/", {"code": "123456"}),
    ],
)
def test_signed_in_forms_refuse_a_post_without_the_csrf_token(people: Personas, path: str, data: dict) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.beto)
    response = client.post(path, data)
    assert response.status_code == 403
    people.beto.refresh_from_db()
    assert people.beto.full_name == "Beto Barrios"
    assert client.get("/").status_code == 200  # still signed in: the logout was refused too


def test_mfa_code_form_refuses_a_post_without_the_csrf_token(people: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/")
    token = page.cookies["csrftoken"].value
    response = client.post(
        "/accounts/login/", {"login": "ana@example.org", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    refused = client.post("/accounts/2fa/authenticate/", {"code": totp_code(people.ana)})
    assert refused.status_code == 403
    assert client.get("/").status_code == 302


def test_a_post_with_the_token_from_the_page_works(people: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    token = client.get("/accounts/login/").cookies["csrftoken"].value
    response = client.post(
        "/accounts/login/", {"login": "beto@example.org", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response["Location"] == "/"


class InlineCode(HTMLParser):
    """Collect what a `script-src 'self'; style-src 'self'` policy would block in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name == "style":
                self.problems.append(f"<{tag} style={value!r}>")
            if name in {"href", "src", "action", "formaction"} and (value or "").lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "style":
            self.problems.append("<style>")
        if tag == "script":
            src = values.get("src")
            if src is not None:
                if not src.startswith("/static/"):
                    self.problems.append(f"<script src={src!r}>")
            elif values.get("type") != "application/json":
                self._in_script = True

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append(f"inline <script>: {data.strip()[:60]!r}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False


def inline_code(response) -> list[str]:  # type: ignore[no-untyped-def]
    parser = InlineCode()
    parser.feed(response.content.decode())
    return parser.problems


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/login/code/", "/accounts/password/reset/", "/accounts/signup/"]
)
def test_anonymous_sign_in_pages_need_no_inline_code(client: Client, db: None, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert inline_code(response) == []


def test_code_and_mfa_pages_need_no_inline_code(people: Personas) -> None:
    client = Client()
    client.post("/accounts/login/code/", {"email": "beto@example.org"})
    confirm = client.get("/accounts/login/code/confirm/")
    assert confirm.status_code == 200
    assert inline_code(confirm) == []

    client = Client()
    sign_in(client, "ana@example.org", PASSWORD)
    authenticate = client.get("/accounts/2fa/authenticate/")
    assert authenticate.status_code == 200
    assert b'src="/static/mfa/js/webauthn.js"' in authenticate.content
    assert inline_code(authenticate) == []

    client.post("/accounts/2fa/authenticate/", {"code": totp_code(people.ana)})
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    for path in [
        "/accounts/2fa/",
        "/accounts/2fa/webauthn/add/",
        "/accounts/2fa/recovery-codes/generate/",
        "/accounts/2fa/totp/deactivate/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/logout/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert inline_code(response) == [], path


def test_totp_setup_page_needs_no_inline_code(people: Personas) -> None:
    client = Client()
    sign_in(client, "beto@example.org", PASSWORD)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    # The QR code is a data: image, which img-src allows.
    assert b'src="data:image/svg+xml;base64,' in response.content
    assert "img-src 'self' data:" in response["Content-Security-Policy"]
    assert inline_code(response) == []
