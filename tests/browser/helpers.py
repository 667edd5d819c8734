"""What the browser tests do on a page: sign in, take a screenshot, ask axe-core."""

from __future__ import annotations

import json
import time
from pathlib import Path

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Page, expect

from msj.demo import data
from tests.browser.conftest import ARTIFACTS, AXE, BLOCKING_IMPACTS, Demo


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def totp_code(secret: str) -> str:
    """The authenticator app's current code, fresh enough to be checked in the same 30 s step."""
    if time.time() % 30 > 25:  # allauth accepts the current step only (no tolerance)
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(page: Page, demo: Demo, email: str, *, totp: str | None = None, expect_home: bool = True) -> None:
    page.goto(f"{demo.url}/accounts/login/")
    page.get_by_label("Correo electrónico", exact=False).fill(email)
    page.get_by_label("Contraseña", exact=True).fill(data.PASSWORD)
    page.locator("main form").get_by_role("button", name="Iniciar sesión").click()
    if totp is not None:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        page.locator("input[name=code]").fill(totp_code(totp))
        page.locator("main form button[type=submit]").first.click()
    if expect_home:
        expect(page).to_have_url(f"{demo.url}/")


def axe_violations(page: Page, name: str) -> list[str]:
    """Run axe-core on the page; return its serious and critical violations, readably."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    problems: list[str] = []
    for violation in results["violations"]:
        if violation["impact"] in BLOCKING_IMPACTS:
            targets = [json.dumps(node["target"]) for node in violation["nodes"]]
            problems.append(
                f"{name}: [{violation['impact']}] {violation['id']}: {violation['help']} → {', '.join(targets)}"
            )
    for problem in problems:
        print(problem)  # pytest shows it with the failing test
    return problems
