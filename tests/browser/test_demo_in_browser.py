"""A person with a phone or a desktop browser signs in to the demo and finds their Mesa."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from msj.demo import data
from tests.browser.conftest import Demo
from tests.browser.helpers import axe_violations, screenshot, sign_in

pytestmark = pytest.mark.browser

MESA = data.JUAREZ.name
MESA_URL = f"/m/{data.JUAREZ.slug}/"
# What a citizen member sees of the Mesa: (page name, path under the Mesa).
MEMBER_PAGES = [
    ("members", "members/"),
    ("seats", "seats/"),
    ("offices", "offices/"),
    ("rules", "rules/"),
    ("meetings", "meetings/"),
    ("agreements", "agreements/"),
    ("committees", "committees/"),
    ("security-agenda", "agenda/"),
    ("indicators", "indicators/"),
    ("indicators-map", "indicators/map/"),
]
SECRETARY_PAGES = [
    ("audit-trail", "audit/"),
    ("rules-form", "rules/"),
    ("seats-secretary", "seats/"),
    ("compliance", "compliance/"),
    ("new-meeting", "meetings/new/"),
    ("absences", "meetings/attendance/"),
    ("indicator-imports", "indicators/imports/"),
    ("indicator-settings", "indicators/settings/"),
]


def visit(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} answered {response and response.status}"
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("nav.mesa-nav")).to_be_visible()  # every Mesa page leads to the others


def test_sign_in_page_is_in_spanish(demo: Demo, page: Page, viewport: str) -> None:
    page.goto(f"{demo.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "es-mx"
    expect(page.get_by_role("heading", level=1)).to_have_text("Iniciar sesión")
    expect(page.get_by_label("Contraseña", exact=True)).to_be_visible()
    screenshot(page, f"{viewport}-sign-in")


def test_citizen_signs_in_and_reaches_the_dashboard(demo: Demo, page: Page, viewport: str) -> None:
    sign_in(page, demo, demo.citizen)
    link = page.get_by_role("link", name=MESA)
    expect(link).to_be_visible()
    screenshot(page, f"{viewport}-home")
    link.click()
    expect(page).to_have_url(f"{demo.url}{MESA_URL}")
    expect(page.get_by_role("heading", level=1)).to_have_text(MESA)
    expect(page.locator("nav.mesa-nav")).to_be_visible()
    screenshot(page, f"{viewport}-dashboard")


@pytest.mark.demo_year  # audit the pages full, as a Mesa after a year of work shows them
def test_member_pages_have_no_serious_accessibility_violations(demo: Demo, page: Page, viewport: str) -> None:
    page.goto(f"{demo.url}/accounts/login/")
    problems = axe_violations(page, "sign-in")
    sign_in(page, demo, demo.citizen)
    problems += axe_violations(page, "home")
    page.goto(f"{demo.url}{MESA_URL}")
    expect(page.get_by_role("heading", level=1)).to_have_text(MESA)
    problems += axe_violations(page, "dashboard")
    for name, path in MEMBER_PAGES:
        visit(page, f"{demo.url}{MESA_URL}{path}")
        screenshot(page, f"{viewport}-{name}")
        problems += axe_violations(page, name)
    assert not problems, "axe-core found serious or critical violations:\n" + "\n".join(problems)


@pytest.mark.demo_year
def test_secretary_pages_have_no_serious_accessibility_violations(demo: Demo, page: Page, viewport: str) -> None:
    # The technical secretary must use a second factor: type a code from the enrolled secret.
    sign_in(page, demo, demo.secretary, totp=demo.secretary_totp)
    problems = []
    for name, path in SECRETARY_PAGES:
        visit(page, f"{demo.url}{MESA_URL}{path}")
        screenshot(page, f"{viewport}-{name}")
        problems += axe_violations(page, name)
    assert not problems, "axe-core found serious or critical violations:\n" + "\n".join(problems)


def test_tab_reaches_the_skip_link_first_and_it_moves_focus_to_main(demo: Demo, page: Page, viewport: str) -> None:
    sign_in(page, demo, demo.citizen)
    page.goto(f"{demo.url}{MESA_URL}")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert focused == ["skip-link", "#main"]
    expect(page.locator(".skip-link")).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_coordinator_is_asked_to_set_up_two_step_verification(demo: Demo, page: Page, viewport: str) -> None:
    # As `manage.py demo_logins` says: the coordinator's role requires MFA, so the first
    # sign-in lands on the page that sets it up, and Mesa pages stay closed until then.
    sign_in(page, demo, demo.coordinator, expect_home=False)
    expect(page).to_have_url(f"{demo.url}/accounts/2fa/")
    screenshot(page, f"{viewport}-mfa-setup")
    problems = axe_violations(page, "mfa-setup")
    page.goto(f"{demo.url}{MESA_URL}")
    expect(page).to_have_url(f"{demo.url}/accounts/2fa/")
    assert not problems, "axe-core found serious or critical violations:\n" + "\n".join(problems)
