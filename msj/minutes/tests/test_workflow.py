"""The acta's life through HTTP, as the personas live it: draft → circulated → approved → sealed.

Sara (technical secretary) writes the minutes of a plenary item by item and records two
agreements; members comment while they are circulated; the approval is recorded at the next
plenary; once sealed, only a recorded correction amends them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.html import escape

from msj.agreements.models import Agreement
from msj.audit.models import AuditEvent
from msj.core.testing import es
from msj.meetings.models import AgendaItem, Meeting
from msj.members.models import Membership
from msj.members.testing import Personas
from msj.minutes.models import Correction, Minutes, MinutesComment, MinutesEntry
from msj.minutes.testing import make_meeting, make_minutes, minutes_url, signed_in


def items(meeting: Meeting) -> list[AgendaItem]:
    return list(meeting.agenda.order_by("position"))


def write_every_item(client, meeting: Meeting) -> None:
    for item in items(meeting):
        response = client.post(
            minutes_url(meeting, "entries/"),
            {"item": item.public_id, "summary": f"Se habló de {item.title}.", "decisions": ""},
        )
        assert response.status_code == 302


def test_the_whole_cycle(personas: Personas, plenary: Meeting, next_plenary: Meeting) -> None:
    sara, beto, olga = signed_in(personas.sara), signed_in(personas.beto), signed_in(personas.olga)
    authorities = items(plenary)[2]

    page = sara.get(minutes_url(plenary))
    assert page.status_code == 200
    assert "Informe de las autoridades" in page.content.decode()
    assert beto.get(minutes_url(plenary)).status_code == 404  # nothing to read yet

    write_every_item(sara, plenary)
    minutes = Minutes.objects.get(meeting=plenary)
    assert minutes.status == Minutes.Status.DRAFT
    assert minutes.entries.count() == 6
    response = sara.post(
        minutes_url(plenary, "entries/"),
        {"item": authorities.public_id, "summary": "La Fiscalía presentó las cifras.", "decisions": "Revisarlas."},
    )
    assert response.status_code == 302
    entry = MinutesEntry.objects.get(item=authorities)
    assert (entry.summary, entry.decisions) == ("La Fiscalía presentó las cifras.", "Revisarlas.")

    due = plenary.starts_at.date() + dt.timedelta(days=30)
    response = sara.post(
        minutes_url(plenary, "agreements/"),
        {
            "item": authorities.public_id,
            "text": "La Fiscalía entregará las cifras de homicidio por colonia.",
            "due_on": due.isoformat(),
            "priority": "high",
            "responsible_seats": [personas.olga_seat.public_id],
            "responsible_people": [Membership.objects.get(user=personas.ana, mesa=personas.mesa_a).public_id],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    agreement = Agreement.objects.get(origin_meeting=plenary)
    assert agreement.origin_item == authorities
    assert agreement.priority == "high"
    assert list(agreement.responsible_seats.all()) == [personas.olga_seat]

    assert beto.get(minutes_url(plenary)).status_code == 404  # still a draft
    assert sara.post(minutes_url(plenary, "circulate/")).status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CIRCULATED

    page = beto.get(minutes_url(plenary))
    assert page.status_code == 200
    html = page.content.decode()
    assert "La Fiscalía presentó las cifras." in html
    assert "La Fiscalía entregará las cifras de homicidio por colonia." in html
    assert agreement.code in html
    assert "Olga Ocampo" in html  # attendance, read from the meeting's Attendance rows

    for client, text in ((beto, "Falta mencionar la colonia Centro."), (olga, "Las cifras son preliminares.")):
        response = client.post(minutes_url(plenary, "comments/"), {"item": authorities.public_id, "text": text})
        assert response.status_code == 302
    assert MinutesComment.objects.filter(minutes=minutes).count() == 2
    assert "Las cifras son preliminares." in sara.get(minutes_url(plenary)).content.decode()

    # Members read but do not write.
    assert beto.post(minutes_url(plenary, "approve/"), {"meeting": next_plenary.public_id}).status_code == 403
    response = sara.post(minutes_url(plenary, "approve/"), {"meeting": next_plenary.public_id})
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert (minutes.status, minutes.approved_at) == (Minutes.Status.APPROVED, next_plenary)

    assert sara.post(minutes_url(plenary, "seal/")).status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.SEALED
    assert minutes.sealed_at is not None

    actions = list(
        AuditEvent.objects.filter(object_type="minutes.minutes").order_by("id").values_list("action", "after")
    )
    assert [a for a, _ in actions] == ["create", "update", "update", "update"]
    assert [after.get("status") for _, after in actions] == ["draft", "circulated", "approved", "sealed"]
    assert AuditEvent.objects.filter(object_type="minutes.minutesentry").count() == 7
    assert AuditEvent.objects.filter(object_type="minutes.minutescomment").count() == 2
    assert AuditEvent.objects.filter(object_type="agreements.agreement", action="create").count() == 1


@pytest.fixture
def sealed(personas: Personas, plenary: Meeting, next_plenary: Meeting) -> Minutes:
    return make_minutes(plenary, Minutes.Status.SEALED, approved_at=next_plenary)


def test_editing_after_sealing_is_refused(personas: Personas, plenary: Meeting, sealed: Minutes) -> None:
    sara = signed_in(personas.sara)
    item = items(plenary)[0]
    response = sara.post(
        minutes_url(plenary, "entries/"), {"item": item.public_id, "summary": "Otro texto.", "decisions": ""}
    )
    assert response.status_code == 302
    assert MinutesEntry.objects.get(item=item).summary == "Se trató: Presentaciones."
    messages = [str(m) for m in response.wsgi_request._messages]  # type: ignore[attr-defined]
    refusal = "These minutes were approved and can no longer be edited; a sealed act is amended by a correction."
    assert any(es(refusal) in escape(m) for m in messages), messages
    # No agreement can be added to sealed minutes either, nor can they be circulated or sealed again.
    response = sara.post(
        minutes_url(plenary, "agreements/"),
        {"item": item.public_id, "text": "Tarde.", "due_on": timezone.localdate().isoformat(), "priority": "normal"},
    )
    assert not Agreement.objects.exists()
    for action in ("circulate/", "seal/"):
        assert sara.post(minutes_url(plenary, action)).status_code == 302
    sealed.refresh_from_db()
    assert sealed.status == Minutes.Status.SEALED


def test_a_correction_is_recorded_and_shown_without_changing_the_sealed_text(
    personas: Personas, plenary: Meeting, next_plenary: Meeting, sealed: Minutes
) -> None:
    third = make_meeting(personas, title="Sesión plenaria de mayo", days_ago=1)
    item = items(plenary)[2]
    sara = signed_in(personas.sara)
    page = sara.get(minutes_url(plenary)).content.decode()
    assert es("Record a correction") in page

    response = sara.post(
        minutes_url(plenary, "corrections/"),
        {
            "item": item.public_id,
            "text": "Donde dice 12 homicidios debe decir 21.",
            "reason": "Error de captura.",
            "approved_at": third.public_id,
        },
    )
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert (correction.item, correction.approved_at, correction.recorded_by) == (item, third, personas.sara)
    assert MinutesEntry.objects.get(item=item).summary == "Se trató: Informe de las autoridades."
    page = signed_in(personas.beto).get(minutes_url(plenary)).content.decode()
    assert "Donde dice 12 homicidios debe decir 21." in page
    assert "Se trató: Informe de las autoridades." in page
    assert AuditEvent.objects.filter(object_type="minutes.correction", action="create").count() == 1

    # A correction approved before the minutes themselves were approved is refused.
    earlier = make_meeting(personas, title="Plenaria anterior", days_ago=20)
    response = sara.post(
        minutes_url(plenary, "corrections/"),
        {"item": item.public_id, "text": "x", "reason": "y", "approved_at": earlier.public_id},
    )
    assert response.status_code == 200
    assert "later meeting" in response.content.decode() or "posterior" in response.content.decode()
    assert Correction.objects.count() == 1
    # Only the secretary and the coordinator correct.
    response = signed_in(personas.eva).post(
        minutes_url(plenary, "corrections/"),
        {"item": item.public_id, "text": "x", "reason": "y", "approved_at": third.public_id},
    )
    assert response.status_code == 403


def test_corrections_only_for_sealed_minutes(personas: Personas, plenary: Meeting) -> None:
    make_minutes(plenary, Minutes.Status.CIRCULATED)
    later = make_meeting(personas, title="Otra plenaria", days_ago=1)
    response = signed_in(personas.ana).post(
        minutes_url(plenary, "corrections/"),
        {"item": items(plenary)[0].public_id, "text": "x", "reason": "y", "approved_at": later.public_id},
    )
    assert response.status_code == 302
    assert not Correction.objects.exists()


class TestNothingOutsideTheAgenda:
    def test_an_item_of_another_meeting_is_refused(self, personas: Personas, plenary: Meeting) -> None:
        other = make_meeting(personas, title="Otra plenaria", days_ago=40)
        sara = signed_in(personas.sara)
        foreign = items(other)[0]
        response = sara.post(
            minutes_url(plenary, "entries/"), {"item": foreign.public_id, "summary": "Intruso.", "decisions": ""}
        )
        assert response.status_code == 302
        assert not MinutesEntry.objects.exists()
        assert not Minutes.objects.exists()
        response = sara.post(
            minutes_url(plenary, "agreements/"),
            {
                "item": foreign.public_id,
                "text": "Intruso.",
                "due_on": (plenary.starts_at.date() + dt.timedelta(days=3)).isoformat(),
                "priority": "normal",
            },
        )
        assert response.status_code == 200
        assert not Agreement.objects.exists()

    def test_no_item_is_refused(self, personas: Personas, plenary: Meeting) -> None:
        sara = signed_in(personas.sara)
        assert sara.post(minutes_url(plenary, "entries/"), {"summary": "Sin punto."}).status_code == 302
        assert sara.post(minutes_url(plenary, "entries/"), {"item": "", "summary": "Sin punto."}).status_code == 302
        assert not MinutesEntry.objects.exists()

    def test_the_form_offers_only_the_meetings_items(self, personas: Personas, plenary: Meeting) -> None:
        other = make_meeting(personas, title="Otra plenaria", days_ago=40)
        page = signed_in(personas.sara).get(minutes_url(plenary)).content.decode()
        for item in items(plenary):
            assert str(item.public_id) in page
        for item in items(other):
            assert str(item.public_id) not in page

    def test_general_matters_is_an_item(self, personas: Personas, plenary: Meeting) -> None:
        general = plenary.agenda.get(kind=AgendaItem.Kind.GENERAL)
        response = signed_in(personas.sara).post(
            minutes_url(plenary, "entries/"), {"item": general.public_id, "summary": "Sin asuntos.", "decisions": ""}
        )
        assert response.status_code == 302
        assert MinutesEntry.objects.get().item == general


def test_a_due_date_before_the_meeting_is_refused_with_the_services_message(
    personas: Personas, plenary: Meeting
) -> None:
    response = signed_in(personas.sara).post(
        minutes_url(plenary, "agreements/"),
        {
            "item": items(plenary)[1].public_id,
            "text": "Algo que ya venció.",
            "due_on": (plenary.starts_at.date() - dt.timedelta(days=1)).isoformat(),
            "priority": "normal",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert es("The due date cannot be before the day the agreement was taken.") in html
    assert not Agreement.objects.exists()
    assert not Minutes.objects.exists()  # the draft started by the refused write is rolled back too


class TestApproval:
    @pytest.fixture
    def circulated(self, plenary: Meeting) -> Minutes:
        return make_minutes(plenary, Minutes.Status.CIRCULATED)

    def refused(self, personas: Personas, plenary: Meeting, circulated: Minutes, at: Meeting) -> None:
        response = signed_in(personas.sara).post(minutes_url(plenary, "approve/"), {"meeting": at.public_id})
        assert response.status_code == 302
        circulated.refresh_from_db()
        assert circulated.status == Minutes.Status.CIRCULATED
        assert circulated.approved_at is None

    def test_at_an_earlier_meeting(self, personas: Personas, plenary: Meeting, circulated: Minutes) -> None:
        self.refused(personas, plenary, circulated, make_meeting(personas, title="Plenaria de febrero", days_ago=60))

    def test_at_its_own_meeting(self, personas: Personas, plenary: Meeting, circulated: Minutes) -> None:
        self.refused(personas, plenary, circulated, plenary)

    def test_at_another_bodys_meeting(self, personas: Personas, plenary: Meeting, circulated: Minutes) -> None:
        citizens = make_meeting(personas, kind=Meeting.Kind.CITIZENS, title="Reunión ciudadana", days_ago=3)
        self.refused(personas, plenary, circulated, citizens)

    def test_at_a_meeting_that_has_not_taken_place(
        self, personas: Personas, plenary: Meeting, circulated: Minutes
    ) -> None:
        self.refused(personas, plenary, circulated, make_meeting(personas, title="Plenaria futura", days_ago=-10))

    def test_at_another_mesas_meeting(self, personas: Personas, plenary: Meeting, circulated: Minutes) -> None:
        other = make_meeting(personas, title="Plenaria de B", days_ago=2)
        Meeting.objects.filter(pk=other.pk).update(mesa=personas.mesa_b)
        self.refused(personas, plenary, circulated, other)

    def test_a_draft_is_not_approved(self, personas: Personas, plenary: Meeting, next_plenary: Meeting) -> None:
        draft = make_minutes(plenary)
        signed_in(personas.sara).post(minutes_url(plenary, "approve/"), {"meeting": next_plenary.public_id})
        draft.refresh_from_db()
        assert draft.status == Minutes.Status.DRAFT

    def test_the_coordinator_may_record_it(
        self, personas: Personas, plenary: Meeting, circulated: Minutes, next_plenary: Meeting
    ) -> None:
        page = signed_in(personas.ana).get(minutes_url(plenary)).content.decode()
        assert str(next_plenary.public_id) in page  # offered as the approving meeting
        signed_in(personas.ana).post(minutes_url(plenary, "approve/"), {"meeting": next_plenary.public_id})
        circulated.refresh_from_db()
        assert circulated.status == Minutes.Status.APPROVED


class TestComments:
    def comment(self, personas: Personas, plenary: Meeting, user_name: str = "beto") -> int:
        client = signed_in(getattr(personas, user_name))
        item = items(plenary)[0]
        return client.post(minutes_url(plenary, "comments/"), {"item": item.public_id, "text": "Un comentario."})

    def test_not_on_a_draft(self, personas: Personas, plenary: Meeting) -> None:
        make_minutes(plenary)
        assert self.comment(personas, plenary).status_code == 404  # Beto cannot even see a draft
        assert self.comment(personas, plenary, "sara").status_code == 302
        assert not MinutesComment.objects.exists()

    @pytest.mark.parametrize("status", [Minutes.Status.APPROVED, Minutes.Status.SEALED])
    def test_not_after_approval(self, personas: Personas, plenary: Meeting, next_plenary: Meeting, status) -> None:
        make_minutes(plenary, status, approved_at=next_plenary)
        assert self.comment(personas, plenary).status_code == 302
        assert not MinutesComment.objects.exists()

    def test_while_circulated(self, personas: Personas, plenary: Meeting) -> None:
        make_minutes(plenary, Minutes.Status.CIRCULATED)
        assert self.comment(personas, plenary).status_code == 302
        comment = MinutesComment.objects.get()
        assert (comment.author, comment.text) == (personas.beto, "Un comentario.")

    def test_empty_comment_is_refused(self, personas: Personas, plenary: Meeting) -> None:
        make_minutes(plenary, Minutes.Status.CIRCULATED)
        client = signed_in(personas.beto)
        client.post(minutes_url(plenary, "comments/"), {"item": items(plenary)[0].public_id, "text": "  "})
        assert not MinutesComment.objects.exists()


def test_circulating_needs_an_entry(personas: Personas, plenary: Meeting) -> None:
    minutes = Minutes.objects.create(meeting=plenary)
    signed_in(personas.sara).post(minutes_url(plenary, "circulate/"))
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT


def test_a_cancelled_or_future_meeting_has_no_minutes(personas: Personas) -> None:
    future = make_meeting(personas, title="Plenaria futura", days_ago=-5)
    cancelled = make_meeting(personas, title="Plenaria cancelada", days_ago=5)
    Meeting.objects.filter(pk=cancelled.pk).update(status=Meeting.Status.CANCELLED)
    sara = signed_in(personas.sara)
    for meeting in (future, cancelled):
        assert 'name="summary"' not in sara.get(minutes_url(meeting)).content.decode()
        item = items(meeting)[0]
        sara.post(minutes_url(meeting, "entries/"), {"item": item.public_id, "summary": "x", "decisions": ""})
    assert not Minutes.objects.exists()


def test_the_minutes_show_an_extraordinary_meeting_and_its_reason(personas: Personas) -> None:
    meeting = make_meeting(
        personas, title="Plenaria extraordinaria", days_ago=3, extraordinary_reason="Ola de secuestros en mayo."
    )
    make_minutes(meeting, Minutes.Status.CIRCULATED)
    html = signed_in(personas.beto).get(minutes_url(meeting)).content.decode()
    assert "Ola de secuestros en mayo." in html
