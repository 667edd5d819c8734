"""One full operating cycle in the browser, as the demo's people would walk it (issue: operating cycle).

The secretary convenes a plenary whose agenda already lists the open agreements; members
reply; attendance is taken by QR and by hand; the minutes record two new agreements; a
committee meeting a week later lists them; a follow-up marks one done; after the other's due
date the compliance dashboard shows it overdue.

The days in between pass with time-machine: the live server runs in this process, so it
sees the same clock as the test (Chromium only renders). Sessions last hours, so each day
everybody signs in again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from msj.agreements.models import Agreement
from msj.committees.models import Committee
from msj.demo.loader import cast
from msj.meetings.models import AgendaItem, Attendance, Invitation, Meeting
from msj.members.models import Membership
from msj.mesas.models import Mesa
from msj.notifications.models import OutboundEmail
from tests.browser.conftest import Demo, new_context
from tests.browser.helpers import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_year]


@contextmanager
def local_time(mesa: Mesa, day: dt.date, hour: int, minute: int = 0) -> Iterator[None]:
    """Move everyone's clock to `day` at `hour`:`minute` where the Mesa sits; time keeps running."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)), mesa.tzinfo)
    with time_machine.travel(moment, tick=True):
        yield


def create_meeting(page: Page, demo: Demo, mesa: Mesa, *, kind: str, title: str, day: dt.date, **extra: str) -> Meeting:
    page.goto(f"{demo.url}/m/{mesa.slug}/meetings/new/")
    page.locator("select[name=kind]").select_option(kind)
    if "committee" in extra:
        page.locator("select[name=committee]").select_option(extra["committee"])
    page.locator("input[name=title]").fill(title)
    page.locator("input[name=date]").fill(day.isoformat())
    page.locator("input[name=starts]").fill("18:00")
    page.locator("input[name=ends]").fill("20:00")
    page.locator("input[name=place]").fill("Sala de Cabildo")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(title)
    return Meeting.objects.get(mesa=mesa, title=title)


def record_agreement(page: Page, item: AgendaItem, committee: Committee, text: str, due: dt.date) -> None:
    form = page.locator("form[action*='/minutes/agreements/']")
    form.locator("select[name=item]").select_option(str(item.public_id))
    form.locator("textarea[name=text]").fill(text)
    form.locator("select[name=committee]").select_option(str(committee.public_id))
    form.locator("input[name=due_on]").fill(due.isoformat())
    form.locator("button[type=submit]").click()


def test_one_full_operating_cycle(demo: Demo, browser: Browser) -> None:
    people = cast()
    secretary_membership = Membership.objects.select_related("mesa").get(user__email=demo.secretary)
    mesa = secretary_membership.mesa
    committee = Committee.objects.filter(mesa=mesa, kind=Committee.Kind.THEMATIC, dissolved_on__isnull=True).first()
    assert committee is not None
    member = people.juarez_citizens[8].email  # a citizen member with no office, beside the main demo login
    plenary_day = mesa.today() + dt.timedelta(days=4)  # the Mesa asks for 3 days of notice
    committee_day = plenary_day + dt.timedelta(days=7)
    due_first, due_second = committee_day + dt.timedelta(days=3), committee_day + dt.timedelta(days=7)

    office = new_context(browser, "desktop")
    office.set_default_timeout(15_000)
    secretary = office.new_page()
    phone = new_context(browser, "phone")
    phone.set_default_timeout(15_000)
    citizen = phone.new_page()
    try:
        # Today: the secretary convenes the plenary; its agenda already lists the open agreements.
        sign_in(secretary, demo, demo.secretary, totp=demo.secretary_totp)
        plenary = create_meeting(secretary, demo, mesa, kind="plenary", title="Pleno del ciclo", day=plenary_day)
        open_codes = [a.code for a in Agreement.objects.for_body(plenary)]  # type: ignore[attr-defined]
        assert open_codes, "the demo has open agreements for the plenary to read"
        agenda = secretary.locator("#agenda")
        for code in open_codes[:5]:
            expect(agenda).to_contain_text(code)
        mails_before = OutboundEmail.objects.count()
        secretary.locator("form[action$='/convene/'] button[type=submit]").click()
        expect(secretary.locator("main")).to_contain_text("Convocada")
        plenary.refresh_from_db()
        assert plenary.status == Meeting.Status.CONVENED
        assert OutboundEmail.objects.count() > mails_before  # the invitations, with their iCalendar

        # Members reply from their phones.
        for email, choice in ((demo.citizen, "attending"), (member, "not_attending")):
            phone.clear_cookies()
            sign_in(citizen, demo, email)
            citizen.goto(f"{demo.url}/m/{mesa.slug}/meetings/{plenary.public_id}/")
            citizen.locator(f"#reply input[value={choice}]").check()
            citizen.locator("#reply button[type=submit]").click()
            expect(citizen.locator("#reply")).to_contain_text("Asistirá" if choice == "attending" else "No asistirá")
        replies = dict(Invitation.objects.filter(meeting=plenary).values_list("membership__user__email", "reply"))
        assert replies[demo.citizen] == Invitation.Reply.ATTENDING
        assert replies[member] == Invitation.Reply.NOT_ATTENDING

        # The plenary's evening: a member checks in with the QR code, the secretary records the rest.
        with local_time(mesa, plenary_day, 17, 45):
            office.clear_cookies()
            sign_in(secretary, demo, demo.secretary, totp=demo.secretary_totp)
            secretary.goto(f"{demo.url}/m/{mesa.slug}/meetings/{plenary.public_id}/qr/")
            # The code carries the site's configured address; the live server listens elsewhere.
            checkin_path = urlsplit(secretary.locator("main code").inner_text().strip()).path
            screenshot(secretary, "cycle-qr")
            phone.clear_cookies()
            sign_in(citizen, demo, demo.citizen)
            citizen.goto(f"{demo.url}{checkin_path}")
            citizen.locator("main form button[type=submit]").click()
            expect(citizen.locator("main")).to_contain_text("se registró su asistencia")
            present = Attendance.objects.get(meeting=plenary, membership__user__email=demo.citizen)
            assert (present.status, present.method) == (Attendance.Status.PRESENT, Attendance.Method.QR)

            secretary.goto(f"{demo.url}/m/{mesa.slug}/meetings/{plenary.public_id}/")
            name = Membership.objects.get(mesa=mesa, user__email=member).user.full_name
            secretary.locator("fieldset.attendance-row", has_text=name).locator("select").select_option("justified")
            secretary.locator("form[action$='/attendance/'] button[type=submit]").click()
            expect(secretary.locator("main")).to_contain_text("Falta justificada")
            by_hand = Attendance.objects.get(meeting=plenary, membership__user__email=member)
            assert (by_hand.status, by_hand.method) == (Attendance.Status.JUSTIFIED, Attendance.Method.MANUAL)

        # Later that evening the minutes record two agreements; a due date before the meeting is refused.
        with local_time(mesa, plenary_day, 20, 30):
            office.clear_cookies()
            sign_in(secretary, demo, demo.secretary, totp=demo.secretary_totp)
            secretary.goto(f"{demo.url}/m/{mesa.slug}/meetings/{plenary.public_id}/minutes/")
            item = AgendaItem.objects.filter(meeting=plenary).order_by("position").last()
            assert item is not None
            taken_before = Agreement.objects.filter(origin_meeting=plenary).count()
            record_agreement(secretary, item, committee, "Acuerdo con fecha imposible.", plenary_day - dt.timedelta(1))
            expect(secretary.locator("#new-agreement")).to_contain_text("no puede ser anterior")
            assert Agreement.objects.filter(origin_meeting=plenary).count() == taken_before
            texts = ("Instalar luminarias en la calle Vicente Guerrero.", "Patrullar la salida de la secundaria 12.")
            for text, due in zip(texts, (due_first, due_second), strict=True):
                record_agreement(secretary, item, committee, text, due)
                expect(secretary.locator("main")).to_contain_text(text)
            first, second = (Agreement.objects.get(origin_meeting=plenary, text=text) for text in texts)
            screenshot(secretary, "cycle-minutes")

            # The committee's next meeting, a week later, lists both on its agenda.
            meeting = create_meeting(
                secretary,
                demo,
                mesa,
                kind="committee",
                committee=str(committee.public_id),
                title="Comité: seguimiento del pleno",
                day=committee_day,
            )
            secretary.locator("form[action$='/convene/'] button[type=submit]").click()
            expect(secretary.locator("#agenda")).to_contain_text(first.code)
            expect(secretary.locator("#agenda")).to_contain_text(second.code)
            assert meeting.agreements_taken.count() == 0

        # At the committee meeting the follow-up marks the first agreement done.
        with local_time(mesa, committee_day, 19):
            office.clear_cookies()
            sign_in(secretary, demo, demo.secretary, totp=demo.secretary_totp)
            secretary.goto(f"{demo.url}/m/{mesa.slug}/agreements/{first.public_id}/")
            form = secretary.locator("form[action*='/follow-ups/']")
            form.locator("textarea[name=note]").fill("Se instalaron las 14 luminarias.")
            form.locator("input[name=progress]").fill("100")
            form.locator("select[name=status_after]").select_option("done")
            form.locator("button[type=submit]").click()
            expect(secretary.locator("main")).to_contain_text("Se instalaron las 14 luminarias.")
            first.refresh_from_db()
            assert first.status == Agreement.Status.DONE

        # The day after the second one's due date, the dashboard shows it overdue, and only it.
        with local_time(mesa, due_second + dt.timedelta(days=1), 10):
            office.clear_cookies()
            sign_in(secretary, demo, demo.secretary, totp=demo.secretary_totp)
            secretary.goto(f"{demo.url}/m/{mesa.slug}/compliance/")
            overdue = secretary.locator("article", has=secretary.locator("#overdue-title"))
            expect(overdue).to_contain_text(second.code)
            expect(overdue).not_to_contain_text(first.code)
            screenshot(secretary, "cycle-dashboard")
    finally:
        office.close()
        phone.close()
