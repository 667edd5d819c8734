"""Browser tests: the system Chromium driven by Playwright against pytest-django's live server.

Run with `make browser-test`. Never `playwright install`: the browser is Debian's
/usr/bin/chromium (or MSJ_CHROMIUM). Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from msj.accounts.models import User
from msj.demo.loader import cast, load_demo

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("MSJ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: install Debian's `chromium` package (never `playwright install`).")
    # Playwright's sync API keeps an event loop in this thread, and Django refuses database
    # calls from a thread with an event loop unless told it is safe, which it is here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class Demo:
    url: str
    citizen: str
    coordinator: str
    secretary: str
    secretary_totp: str


@pytest.fixture
def demo(live_server: Any, browser: Browser, request: pytest.FixtureRequest, settings: Any, tmp_path: Path) -> Demo:
    """The demo data behind a live server; the secretary has an authenticator app enrolled.

    The demo's past year (meetings, minutes, agreements) takes most of the loading time, so
    only tests marked `demo_year` get it. Evidence files go to a temporary folder.
    """
    cache.clear()  # rate-limit counters and used TOTP codes of earlier tests
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo(year=request.node.get_closest_marker("demo_year") is not None)
    people = cast()
    secret = generate_totp_secret()
    TOTP.activate(User.objects.get(email=people.juarez_secretary.email), secret)
    return Demo(
        url=live_server.url,
        citizen=people.juarez_citizens[0].email,
        coordinator=people.juarez_citizens[1].email,
        secretary=people.juarez_secretary.email,
        secretary_totp=secret,
    )


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def new_context(browser: Browser, viewport: str) -> BrowserContext:
    # bypass_csp: our Content-Security-Policy (script-src 'self') would block the inline
    # script that page.add_script_tag() makes of axe-core. Only the test needs this.
    return browser.new_context(
        viewport=VIEWPORTS[viewport],  # type: ignore[arg-type]
        is_mobile=viewport == "phone",
        has_touch=viewport == "phone",
        locale="es-MX",
        bypass_csp=True,
    )


@pytest.fixture
def page(browser: Browser, viewport: str) -> Iterator[Page]:
    context = new_context(browser, viewport)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()
