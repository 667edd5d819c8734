"""An admission in the browser, from the application to the welcome letter, with the personas.

Beto proposes a candidate and uploads her CV, photo and letter (small valid files made here);
Eva reviews every requirement; Sara sends the CV to the citizen members, records the
presentation at the citizens' meeting and opens the vote; Ana, Eva and Beto vote in the
application, and the last ballot closes the vote; the welcome letter, with the bylaws, is in
the outbox. Pages are found by their forms' names and ids, not by their words, which the
Spanish catalogue translates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from msj.accounts.models import User
from msj.admissions import services
from msj.admissions.models import Application
from msj.admissions.rules import REQUIREMENT_KEYS
from msj.admissions.testing import PDF_BYTES, PNG_BYTES
from msj.committees.testing import actor
from msj.meetings.models import Meeting
from msj.members.models import Membership
from msj.members.testing import PASSWORD, Personas
from msj.notifications.models import OutboundEmail
from msj.votes.models import Vote
from tests.browser.conftest import new_context
from tests.browser.helpers import axe_violations, screenshot, totp_code

pytestmark = pytest.mark.browser


def known_totp(user: User) -> str:
    """Enrol `user` anew in an authenticator app whose secret the test knows."""
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def sign_in(page: Page, url: str, user: User, totp: str | None = None) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")
    page.locator("main form input[name=login]").fill(user.email)
    page.locator("main form input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    if totp is not None:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        page.locator("input[name=code]").fill(totp_code(totp))
        page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(f"{url}/")


def test_an_admission_from_application_to_welcome_letter(
    live_server: object, browser: Browser, personas: Personas, settings: object, tmp_path: Path
) -> None:
    cache.clear()  # rate-limit counters and used TOTP codes of earlier tests
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    url = live_server.url  # type: ignore[attr-defined]
    mesa = personas.mesa_a
    secrets = {"ana": known_totp(personas.ana), "sara": known_totp(personas.sara)}
    services.adopt_bylaws(
        mesa=mesa,
        text="Reglamento de la Mesa A.\nArtículo 1. La Mesa es apartidista.",
        adopted_on=mesa.today(),
        by=actor(personas, "sara"),
    )
    now = timezone.now()
    meeting = Meeting.objects.create(
        mesa=mesa,
        kind=Meeting.Kind.CITIZENS,
        title="Reunión ciudadana de noviembre",
        starts_at=now - dt.timedelta(minutes=1),
        ends_at=now + dt.timedelta(hours=2),
        place="Sala de juntas",
        status=Meeting.Status.CONVENED,
    )
    files = tmp_path / "upload"
    files.mkdir()
    (files / "cv.pdf").write_bytes(PDF_BYTES)
    (files / "carta.pdf").write_bytes(PDF_BYTES)
    (files / "foto.png").write_bytes(PNG_BYTES)
    admissions = f"{url}/m/{mesa.slug}/admissions"

    context = new_context(browser, "desktop")
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems: list[str] = []
    try:
        # Beto proposes Diana, with her CV, photo and motivation letter.
        sign_in(page, url, personas.beto)
        page.goto(f"{admissions}/apply/")
        form = page.locator("form#apply")
        form.locator("input[name=candidate_name]").fill("Diana Durán")
        form.locator("input[name=candidate_email]").fill("Diana.Duran@example.org")
        form.locator("input[name=cv]").set_input_files(str(files / "cv.pdf"))
        form.locator("input[name=photo]").set_input_files(str(files / "foto.png"))
        form.locator("input[name=letter]").set_input_files(str(files / "carta.pdf"))
        problems += axe_violations(page, "admission-apply")
        form.locator("button[type=submit]").click()
        expect(page.locator("#status")).to_have_attribute("data-status", "submitted")
        application = Application.objects.get(mesa=mesa)
        assert application.files.count() == 3
        detail = f"{admissions}/{application.public_id}/"

        # Eva checks every requirement of the profile.
        sign_in(page, url, personas.eva)
        page.goto(detail)
        page.locator("#review-link").click()
        for key in REQUIREMENT_KEYS:
            page.locator(f"#requirement-{key} input[value=met]").check()
        page.locator(f"#requirement-{REQUIREMENT_KEYS[0]} textarea").fill("Vive en la colonia Centro desde 2001.")
        problems += axe_violations(page, "admission-review")
        page.locator("form#review button[type=submit]").click()
        expect(page.locator("#status")).to_have_attribute("data-status", "reviewed")
        expect(page.locator("#requirements tbody tr")).to_have_count(len(REQUIREMENT_KEYS))

        # Sara sends the CV, records the presentation and opens the vote at once.
        sign_in(page, url, personas.sara, secrets["sara"])
        page.goto(detail)
        page.locator("form#distribute button[type=submit]").click()
        expect(page.locator("#status")).to_have_attribute("data-status", "distributed")
        cv_mails = OutboundEmail.objects.filter(idempotency_key__startswith="admission-cv")
        assert {a for m in cv_mails for a in m.to} == {"ana@example.org", "eva@example.org", "beto@example.org"}
        page.locator("#present-link").click()
        page.locator("form#present select[name=meeting]").select_option(str(meeting.public_id))
        page.locator("form#present button[type=submit]").click()
        expect(page.locator("#status")).to_have_attribute("data-status", "presented")
        page.locator("form#open-vote button[type=submit]").click()
        expect(page.locator("#status")).to_have_attribute("data-status", "voting")
        screenshot(page, "desktop-admission-voting")
        problems += axe_violations(page, "admission-detail")
        application.refresh_from_db()
        vote = application.vote
        assert vote is not None and vote.electorate_size == 3

        # The three citizen members vote in the application; the last ballot closes the vote.
        for name in ("ana", "eva", "beto"):
            sign_in(page, url, personas.all()[name], secrets.get(name))  # type: ignore[arg-type]
            page.goto(detail)
            page.locator("#vote-link").click()
            cast = page.locator("form[action$='/cast/']")
            cast.locator("input[name=option][value=for]").check()
            cast.locator("button[type=submit]").click()
            expect(page.locator("code.receipt").first).to_be_visible()
        vote.refresh_from_db()
        assert vote.status == Vote.Status.CLOSED

        # Admitted: a citizen place for Diana, and the welcome letter with the bylaws in the outbox.
        page.goto(detail)
        expect(page.locator("#status")).to_have_attribute("data-status", "admitted")
        expect(page.locator("#timeline li")).to_have_count(7)
        screenshot(page, "desktop-admission-admitted")
        diana = User.objects.get(email="diana.duran@example.org")
        assert Membership.objects.get(mesa=mesa, user=diana, ended_on__isnull=True).kind == Membership.Kind.CITIZEN
        welcome = OutboundEmail.objects.get(idempotency_key=f"admission-welcome:{application.public_id}")
        assert welcome.to == ["diana.duran@example.org"]
        assert welcome.attachments[0]["content"].startswith("Reglamento de la Mesa A.")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
