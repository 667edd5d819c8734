"""A Mesa formed and installed in the browser, then opened by its new coordinator.

Nora (network staff) finds Mesa F on the network's page, records the preparation workshop
(step 7) and the installation's evidence (step 8, the act uploaded) through the forms, and
installs the Mesa; steps 1 to 6 and the founding list are prepared through the services to
keep it short. The coordinator, whose account the installation made without a password,
signs in with a code sent by e-mail and sees the Mesa operating. Pages are found by their
forms' names and ids, not by their words.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Browser, expect

from msj.accounts.models import User
from msj.accounts.testing import login_code_from, mail_to
from msj.members.testing import PASSWORD, Personas
from msj.mesas.models import Mesa
from msj.network.testing import PDF_BYTES, complete_through, formation_fixture
from tests.browser.conftest import new_context
from tests.browser.helpers import axe_violations, screenshot, totp_code

pytestmark = pytest.mark.browser

COORDINATOR = "founder1@mesa-f.example.org"  # msj.network.testing.founders_fixture's coordinator


def test_network_staff_install_a_mesa_and_its_coordinator_finds_it_operating(
    live_server: object, browser: Browser, personas: Personas, settings: object, tmp_path: Path
) -> None:
    cache.clear()  # rate-limit counters and used TOTP codes of earlier tests
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    url = live_server.url  # type: ignore[attr-defined]
    formation = formation_fixture(personas)
    workshop_on = timezone.localdate() - dt.timedelta(days=14)
    complete_through(formation, 6, by=personas.nora, on=workshop_on - dt.timedelta(days=30))
    act = tmp_path / "acta-de-instalacion.pdf"
    act.write_bytes(PDF_BYTES)
    Authenticator.objects.filter(user=personas.nora, type=Authenticator.Type.TOTP).delete()
    nora_secret = generate_totp_secret()
    TOTP.activate(personas.nora, nora_secret)

    context = new_context(browser, "phone")
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems: list[str] = []
    try:
        # Nora signs in (password and authenticator app) and opens the forming Mesa.
        page.goto(f"{url}/accounts/login/")
        page.locator("main form input[name=login]").fill(personas.nora.email)
        page.locator("main form input[name=password]").fill(PASSWORD)
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url("**/accounts/2fa/authenticate/")
        page.locator("input[name=code]").fill(totp_code(nora_secret))
        page.locator("main form button[type=submit]").first.click()
        expect(page).to_have_url(f"{url}/")
        page.goto(f"{url}/network/{personas.network.slug}/")
        expect(page.locator(".forming-mesas progress")).to_have_attribute("value", "6")
        problems += axe_violations(page, "network-home")
        page.locator(".forming-mesas h3 a").click()
        expect(page.locator("#step-6")).to_have_attribute("data-validated", "yes")
        expect(page.locator("#step-7")).to_have_attribute("data-validated", "no")

        # Step 7, the workshop: its date and participants, then validated.
        page.locator("#step-7 a").click()
        form = page.locator("form#add-evidence")
        form.locator("select[name=requirement]").select_option("held_on")
        form.locator("input[name=date]").fill(workshop_on.isoformat())
        form.locator("button[type=submit]").click()
        form.locator("select[name=requirement]").select_option("participants")
        form.locator("textarea[name=text]").fill("Las seis personas fundadoras y dos facilitadores de la red.")
        form.locator("button[type=submit]").click()
        expect(page.locator("#evidence li")).to_have_count(2)
        problems += axe_violations(page, "network-step")
        page.locator("form#validate button").click()
        expect(page.locator("form#validate")).to_have_count(0)

        # Step 8: the installation act, its date and the first plenary's date.
        page.goto(f"{url}/network/{personas.network.slug}/forming/{formation.public_id}/steps/8/")
        for requirement, value in (
            ("installation_act", None),
            ("installed_on", timezone.localdate().isoformat()),
            ("first_plenary_on", (timezone.localdate() + dt.timedelta(days=21)).isoformat()),
        ):
            form.locator("select[name=requirement]").select_option(requirement)
            if value is None:
                form.locator("input[name=document]").set_input_files(str(act))
            else:
                form.locator("input[name=date]").fill(value)
            form.locator("button[type=submit]").click()
        expect(page.locator("#evidence li")).to_have_count(3)
        expect(page.locator("#evidence a")).to_have_text("acta-de-instalacion.pdf")

        # Installing, from the Mesa's page.
        page.goto(f"{url}/network/{personas.network.slug}/forming/{formation.public_id}/")
        install = page.locator("form#install")
        install.locator("input[name=first_plenary_time]").fill("18:00")
        install.locator("input[name=first_plenary_place]").fill("Casa de la Cultura de Puebla")
        problems += axe_violations(page, "network-formation")
        install.locator("button[type=submit]").click()
        expect(page.locator("#mesa-status")).to_have_attribute("data-status", Mesa.Status.OPERATING)
        expect(page.locator("form#install")).to_have_count(0)
        screenshot(page, "phone-forming-installed")

        # The coordinator signs in with a code by e-mail (no password was set) and enrols the
        # second factor their office requires, here an authenticator app the test knows.
        coordinator = User.objects.get(email=COORDINATOR)
        assert not coordinator.has_usable_password()
        secret = generate_totp_secret()
        TOTP.activate(coordinator, secret)
        context.clear_cookies()
        page.goto(f"{url}/accounts/login/code/")
        page.locator("main form input[name=email]").fill(COORDINATOR)
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url("**/accounts/login/code/confirm/")
        page.locator("input[name=code]").fill(login_code_from(mail_to(COORDINATOR)[-1]))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url("**/accounts/2fa/authenticate/")
        page.locator("input[name=code]").fill(totp_code(secret))
        page.locator("main form button[type=submit]").first.click()
        expect(page).to_have_url(f"{url}/")
        page.goto(f"{url}/m/{formation.mesa.slug}/")
        expect(page.locator("main")).to_contain_text("En operación")
        screenshot(page, "phone-forming-coordinator")
    finally:
        context.close()
    assert not problems, "axe-core found serious or critical violations:\n" + "\n".join(problems)
