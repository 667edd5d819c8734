"""The steps of an admission through its services: each transition, its refusals and its e-mails."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.translation import gettext

from msj.accounts.models import User
from msj.admissions import services
from msj.admissions.models import Application, CandidateFile, Event, RequirementCheck
from msj.admissions.rules import REQUIREMENT_KEYS
from msj.admissions.testing import (
    PDF_BYTES,
    PNG_BYTES,
    all_met,
    candidate_files,
    held_citizens_meeting,
    make_application,
)
from msj.admissions.uploads import MAX_CANDIDATE_FILE_BYTES
from msj.audit.models import AuditEvent
from msj.committees import services as committee_services
from msj.committees.models import CommitteeMember
from msj.committees.testing import actor, committee_fixtures, membership
from msj.meetings.models import Meeting
from msj.members.models import Membership
from msj.members.testing import Personas
from msj.mesas.models import Mesa
from msj.notifications.models import OutboundEmail
from msj.votes import services as vote_services
from msj.votes.models import Vote
from msj.votes.testing import add_citizens

pytestmark = pytest.mark.django_db


def submit(p: Personas, email: str = "diana@example.org", **files: Any) -> Application:
    return services.submit_application(
        mesa=p.mesa_a,
        by=actor(p, "beto"),
        candidate_name="Diana  Durán",
        candidate_email=email,
        files=candidate_files(**files),
    )


def mails_to(address: str, key_prefix: str = "") -> list[OutboundEmail]:
    return [m for m in OutboundEmail.objects.filter(idempotency_key__startswith=key_prefix) if address in m.to]


def at_noon(mesa: Mesa, day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)), mesa.tzinfo)


def vote_all(application: Application, option: str, *, only: int | None = None) -> None:
    assert application.vote is not None
    electors = list(application.vote.electors.select_related("membership__user"))
    for elector in electors[:only] if only is not None else electors:
        vote_services.cast_in_app(vote=application.vote, user=elector.membership.user, option_key=option)


# --- applying ------------------------------------------------------------------------------------


def test_a_citizen_member_proposes_a_candidate_with_their_files(personas: Personas) -> None:
    application = submit(personas, email="Diana.Duran@Example.org")
    assert application.status == Application.Status.SUBMITTED
    assert application.candidate_name == "Diana Durán"
    assert application.candidate_email == "diana.duran@example.org"
    assert application.submitted_on == personas.mesa_a.today()
    assert application.proposer == membership(personas, "beto")
    files = {f.kind: f for f in application.files.all()}
    assert set(files) == {"cv", "photo", "letter"}
    assert files["photo"].content_type == "image/png"
    assert files["cv"].file.read() == PDF_BYTES
    assert list(application.events.values_list("kind", flat=True)) == [Event.Kind.SUBMITTED]
    assert AuditEvent.objects.filter(object_type__icontains="application", action="create").exists()
    # The Executive Committee and the secretary are told; Beto and Olga are not.
    notified = {
        a for m in OutboundEmail.objects.filter(idempotency_key__startswith="admission-submitted") for a in m.to
    }
    assert notified == {"ana@example.org", "eva@example.org", "sara@example.org"}


@pytest.mark.parametrize(
    ("field", "upload"),
    [
        ("photo", SimpleUploadedFile("foto.pdf", PDF_BYTES)),  # a PDF is no photo
        ("cv", SimpleUploadedFile("cv.png", PNG_BYTES)),  # an image is no CV
        ("letter", SimpleUploadedFile("carta.pdf", PNG_BYTES)),  # content and name disagree
        ("cv", SimpleUploadedFile("cv.pdf", b"%PDF-" + b"x" * MAX_CANDIDATE_FILE_BYTES)),  # too large
        ("photo", None),
    ],
)
def test_one_refused_file_refuses_the_whole_application(
    personas: Personas, settings: Any, field: str, upload: Any
) -> None:
    with pytest.raises(ValidationError) as refused:
        submit(personas, **{field: upload})
    assert set(refused.value.message_dict) == {field}
    label = str(CandidateFile.Kind(field).label)
    assert refused.value.message_dict[field][0].startswith(label)
    assert not Application.objects.exists()
    assert not CandidateFile.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_photo_may_be_a_jpeg(personas: Personas) -> None:
    jpeg = SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    application = submit(personas, photo=jpeg)
    assert application.files.get(kind="photo").content_type == "image/jpeg"


def test_only_a_citizen_member_proposes(personas: Personas) -> None:
    for name in ("sara", "olga"):
        with pytest.raises(ValidationError, match="citizen member"):
            services.submit_application(
                mesa=personas.mesa_a,
                by=actor(personas, name),
                candidate_name="Diana Durán",
                candidate_email="diana@example.org",
                files=candidate_files(),
            )


def test_a_candidate_has_one_application_under_way(personas: Personas) -> None:
    submit(personas)
    with pytest.raises(ValidationError) as refused:
        submit(personas, email="DIANA@example.org")
    assert "under way" in refused.value.message_dict["candidate_email"][0]


def test_a_member_of_the_mesa_is_no_candidate(personas: Personas) -> None:
    with pytest.raises(ValidationError, match="already has a place"):
        submit(personas, email="Olga@Example.org")


def test_a_rejected_candidate_waits_365_days_from_the_last_application(personas: Personas) -> None:
    mesa = personas.mesa_a
    application = submit(personas)
    checks = {**all_met(), "never_government_supplier": (False, "Proveedora del municipio en 2023.")}
    services.review_application(application=application, checks=checks, by=actor(personas, "eva"))
    applied = application.submitted_on
    with time_machine.travel(at_noon(mesa, applied + dt.timedelta(days=364)), tick=False):
        with pytest.raises(ValidationError) as refused:
            submit(personas, email="DIANA@EXAMPLE.ORG")
        message = refused.value.message_dict["candidate_email"][0]
        assert (applied + dt.timedelta(days=365)).strftime("%d/%m/%Y") in message
    with time_machine.travel(at_noon(mesa, applied + dt.timedelta(days=365)), tick=False):
        again = submit(personas, email="DIANA@EXAMPLE.ORG")
    assert again.status == Application.Status.SUBMITTED
    assert again.submitted_on == applied + dt.timedelta(days=365)


def test_the_wait_is_the_mesas_setting(personas: Personas) -> None:
    mesa = personas.mesa_a
    mesa.reapplication_wait_days = 30
    mesa.save(update_fields=["reapplication_wait_days"])
    application = submit(personas)
    services.review_application(
        application=application,
        checks={**all_met(), "lives_in_area": (False, "Vive en El Paso.")},
        by=actor(personas, "eva"),
    )
    assert services.reapplication_refusal(mesa, "diana@example.org", application.submitted_on + dt.timedelta(days=29))
    assert (
        services.reapplication_refusal(mesa, "diana@example.org", application.submitted_on + dt.timedelta(days=30))
        is None
    )


# --- review --------------------------------------------------------------------------------------


def test_the_review_answers_every_requirement_with_a_note_when_unmet(personas: Personas) -> None:
    application = submit(personas)
    eva = actor(personas, "eva")
    partial = dict(all_met())
    del partial["invited_by_member"]
    with pytest.raises(ValidationError) as refused:
        services.review_application(application=application, checks=partial, by=eva)
    assert set(refused.value.message_dict) == {"invited_by_member"}
    with pytest.raises(ValidationError) as refused:
        services.review_application(
            application=application, checks={**all_met(), "good_reputation": (False, " ")}, by=eva
        )
    assert set(refused.value.message_dict) == {"good_reputation_note"}
    assert not RequirementCheck.objects.exists()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_every_requirement_met_passes_the_review(personas: Personas) -> None:
    application = submit(personas)
    services.review_application(application=application, checks=all_met(), by=actor(personas, "eva"))
    application.refresh_from_db()
    assert application.status == Application.Status.REVIEWED
    assert application.reviewed_by == membership(personas, "eva")
    assert application.checks.filter(met=True).count() == len(REQUIREMENT_KEYS)
    assert mails_to("beto@example.org", "admission-reviewed")
    with pytest.raises(ValidationError, match="already been recorded"):
        services.review_application(application=application, checks=all_met(), by=actor(personas, "ana"))


def test_one_unmet_requirement_closes_the_application(personas: Personas) -> None:
    application = submit(personas)
    checks = {**all_met(), "no_political_role": (False, "Candidata a regidora en 2024.")}
    services.review_application(application=application, checks=checks, by=actor(personas, "eva"))
    application.refresh_from_db()
    assert application.status == Application.Status.UNMET
    assert application.checks.get(requirement="no_political_role").note == "Candidata a regidora en 2024."
    with pytest.raises(ValidationError, match="not admitted"):
        services.distribute(application=application, by=actor(personas, "sara"))


# --- the order of the steps ------------------------------------------------------------------------


def test_each_step_refuses_until_the_previous_one_is_done(personas: Personas) -> None:
    application = submit(personas)
    sara = actor(personas, "sara")
    meeting = held_citizens_meeting(personas.mesa_a)
    with pytest.raises(
        ValidationError, match="must pass the Executive Committee's review before its CV is distributed"
    ):
        services.distribute(application=application, by=sara)
    with pytest.raises(ValidationError, match="must be distributed to the citizen members before"):
        services.record_presentation(application=application, meeting=meeting, by=sara)
    with pytest.raises(ValidationError, match="must be presented at a citizens' meeting before the vote"):
        services.open_admission_vote(application=application, by=sara)
    with pytest.raises(ValidationError, match="must be admitted by the vote before signing"):
        services.record_signing(application=application, meeting=meeting, signed_on=personas.mesa_a.today(), by=sara)
    with pytest.raises(ValidationError, match="signs the bylaws at a citizens' session before joining"):
        services.choose_committee(application=application, committee=committee_fixtures(personas).prevention, by=sara)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert list(application.events.values_list("kind", flat=True)) == [Event.Kind.SUBMITTED]


def test_a_step_is_not_taken_twice(personas: Personas) -> None:
    application = make_application(personas, name="Diana Durán", email="diana@example.org", until="distributed")
    with pytest.raises(ValidationError, match="already been recorded"):
        services.distribute(application=application, by=actor(personas, "sara"))
    assert application.events.filter(kind=Event.Kind.DISTRIBUTED).count() == 1


# --- distribution and presentation ----------------------------------------------------------------


def test_the_cv_goes_to_every_active_citizen_member(personas: Personas) -> None:
    extra = add_citizens(personas.mesa_a, 2)
    application = make_application(personas, name="Diana Durán", email="diana@example.org", until="distributed")
    assert application.distributed_at is not None
    rows = OutboundEmail.objects.filter(idempotency_key__startswith="admission-cv")
    recipients = {a for m in rows for a in m.to}
    assert recipients == {"ana@example.org", "eva@example.org", "beto@example.org", *(m.user.email for m in extra)}
    assert all(f"/admissions/{application.public_id}/" in m.body_text for m in rows)


def test_the_presentation_is_at_a_citizens_meeting_that_took_place(personas: Personas) -> None:
    mesa = personas.mesa_a
    application = make_application(personas, name="Diana Durán", email="diana@example.org", until="distributed")
    sara = actor(personas, "sara")
    now = timezone.now()
    plenary = Meeting.objects.create(
        mesa=mesa,
        kind=Meeting.Kind.PLENARY,
        title="Pleno",
        starts_at=now - dt.timedelta(minutes=5),
        ends_at=now + dt.timedelta(hours=1),
        place="Cabildo",
    )
    ahead = Meeting.objects.create(
        mesa=mesa,
        kind=Meeting.Kind.CITIZENS,
        title="Próxima",
        starts_at=now + dt.timedelta(days=2),
        ends_at=now + dt.timedelta(days=2, hours=2),
        place="Sala",
    )
    before = Meeting.objects.create(
        mesa=mesa,
        kind=Meeting.Kind.CITIZENS,
        title="Anterior",
        starts_at=now - dt.timedelta(days=3),
        ends_at=now - dt.timedelta(days=3, hours=-2),
        place="Sala",
    )
    for meeting, message in (
        (plenary, "citizens' meeting of this Mesa"),
        (ahead, "not taken place yet"),
        (before, "before the CV was distributed"),
        (None, "Choose the citizens' meeting"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.record_presentation(application=application, meeting=meeting, by=sara)
    meeting = held_citizens_meeting(mesa)
    services.record_presentation(application=application, meeting=meeting, by=sara)
    application.refresh_from_db()
    assert application.status == Application.Status.PRESENTED
    assert application.presented_at == meeting
    assert application.presented_on == timezone.localdate(meeting.starts_at, timezone=mesa.tzinfo)


# --- the vote --------------------------------------------------------------------------------------


def test_the_job_opens_the_vote_the_day_after_the_presentation_once(personas: Personas) -> None:
    mesa = personas.mesa_a
    application = make_application(personas, name="Diana Durán", email="diana@example.org", until="presented")
    assert application.presented_on is not None
    assert services.open_due_admission_votes() == 0  # the day of the meeting: the secretary's
    assert services.open_due_admission_votes(at_noon(mesa, application.presented_on)) == 0
    next_day = timezone.make_aware(
        dt.datetime.combine(application.presented_on + dt.timedelta(days=1), dt.time(0, 5)), mesa.tzinfo
    )
    with time_machine.travel(next_day, tick=False):
        assert services.open_due_admission_votes(timezone.now()) == 1
        assert services.open_due_admission_votes(timezone.now()) == 0
    application.refresh_from_db()
    assert application.status == Application.Status.VOTING
    vote = application.vote
    assert vote is not None and vote.kind == Vote.Kind.ADMISSION
    assert vote.opened_by is None
    assert vote.closes_at - vote.opens_at == dt.timedelta(days=mesa.admission_vote_days)
    assert vote.electorate_size == 3  # Ana, Eva and Beto
    assert Vote.objects.count() == 1
    assert application.events.get(kind=Event.Kind.VOTE_OPENED).by is None


def test_the_command_opens_due_votes(personas: Personas) -> None:
    mesa = personas.mesa_a
    application = make_application(personas, name="Diana Durán", email="diana@example.org", until="presented")
    assert application.presented_on is not None
    out = StringIO()
    with time_machine.travel(at_noon(mesa, application.presented_on + dt.timedelta(days=2)), tick=False):
        call_command("open_admission_votes", stdout=out)
        call_command("open_admission_votes", stdout=out)
    assert out.getvalue().split() == ["opened=1", "opened=0"]


def test_the_secretary_opens_the_vote_right_away_in_the_mesas_language(personas: Personas) -> None:
    application = make_application(personas, name="Diana Durán", email="diana@example.org", until="presented")
    services.open_admission_vote(application=application, by=actor(personas, "sara"))
    application.refresh_from_db()
    vote = application.vote
    assert vote is not None
    assert vote.opened_by == personas.sara
    assert "Diana Durán" in vote.question
    assert vote.question == services.vote_question(application)
    assert list(vote.options.values_list("key", flat=True)) == ["for", "against"]
    with pytest.raises(ValidationError, match="already open"):
        services.open_admission_vote(application=application, by=actor(personas, "sara"))
    assert services.open_due_admission_votes(timezone.now() + dt.timedelta(days=2)) == 0
    # Every elector got their ballot e-mail from the vote engine.
    assert OutboundEmail.objects.filter(idempotency_key__startswith=f"vote-opened:{vote.public_id}").count() == 3


def test_admitted_the_person_becomes_a_citizen_member_and_gets_the_welcome_letter(personas: Personas) -> None:
    mesa = personas.mesa_a
    services.adopt_bylaws(
        mesa=mesa, text="Artículo 1. La Mesa es apartidista.", adopted_on=mesa.today(), by=actor(personas, "sara")
    )
    application = make_application(personas, name="Diana Durán", email="diana@example.org", until="voting")
    vote_all(application, "for")  # the last ballot closes the vote
    application.refresh_from_db()
    assert application.status == Application.Status.ADMITTED
    user = User.objects.get(email="diana@example.org")
    assert user.full_name == "Diana Durán"
    assert application.membership is not None
    assert application.membership.user == user
    assert application.membership.kind == Membership.Kind.CITIZEN
    assert application.membership.started_on == mesa.today()
    assert application.bylaws_version == 1
    [welcome] = OutboundEmail.objects.filter(idempotency_key=f"admission-welcome:{application.public_id}")
    assert welcome.to == ["diana@example.org"]
    [attachment] = welcome.attachments
    assert attachment["content"] == "Artículo 1. La Mesa es apartidista."
    assert attachment["filename"].endswith("-v1.txt")
    kinds = list(application.events.values_list("kind", flat=True))
    assert kinds[-2:] == [Event.Kind.ADMITTED, Event.Kind.WELCOME_SENT]
    assert mails_to("beto@example.org", "admission-result")
    # The receiver is idempotent: applying the stored result again changes nothing.
    assert application.vote is not None
    assert services.apply_vote_result(vote=application.vote, result=application.vote.result) is None
    assert Membership.objects.filter(mesa=mesa, user=user).count() == 1


def test_an_existing_account_is_reused_and_no_bylaws_is_said(personas: Personas) -> None:
    known = User.objects.create_user(email="diana@example.org", full_name="Diana D.")
    application = make_application(personas, name="Diana Durán", email="Diana@Example.org", until="admitted")
    assert application.membership is not None and application.membership.user == known
    welcome = OutboundEmail.objects.get(idempotency_key=f"admission-welcome:{application.public_id}")
    assert welcome.attachments == []
    # The letter is in the candidate's language: Spanish, the default.
    with translation.override("es-mx"):
        said = gettext(
            "The Mesa has not recorded its bylaws on the platform yet: the technical secretary will send them "
            "to you. You will sign them before everyone at the next citizens' session."
        )
    assert said in welcome.body_text
    assert application.bylaws_version is None


def test_rejected_by_the_vote_the_candidate_is_told_and_must_wait(personas: Personas) -> None:
    application = make_application(personas, name="Diana Durán", email="diana@example.org", until="voting")
    vote_all(application, "against")
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert application.membership is None
    assert not User.objects.filter(email="diana@example.org").exists()
    assert mails_to("diana@example.org", "admission-not-admitted")
    assert not OutboundEmail.objects.filter(idempotency_key__startswith="admission-welcome").exists()
    assert "not admitted" in (
        services.reapplication_refusal(personas.mesa_a, "diana@example.org", personas.mesa_a.today()) or ""
    )


def test_a_vote_without_quorum_decides_nothing_and_may_be_opened_again(personas: Personas) -> None:
    application = make_application(personas, name="Diana Durán", email="diana@example.org", until="voting")
    first = application.vote
    assert first is not None
    vote_all(application, "for", only=2)  # 2 of 3 is below 80 %
    with time_machine.travel(first.closes_at + dt.timedelta(minutes=1)):
        vote_services.close_vote(first)
    application.refresh_from_db()
    assert application.status == Application.Status.NOT_VALID
    assert application.decided_on is None
    assert services.reapplication_refusal(personas.mesa_a, "diana@example.org", personas.mesa_a.today())
    with time_machine.travel(first.closes_at + dt.timedelta(hours=1)):
        services.open_admission_vote(application=application, by=actor(personas, "sara"))
        application.refresh_from_db()
        assert application.status == Application.Status.VOTING
        assert application.vote is not None and application.vote.previous == first
        assert application.vote.round == 2
        vote_all(application, "for")
    application.refresh_from_db()
    assert application.status == Application.Status.ADMITTED
    assert list(
        application.events.filter(kind__in=["vote_opened", "not_valid", "admitted"]).values_list("kind", flat=True)
    ) == [
        "vote_opened",
        "not_valid",
        "vote_opened",
        "admitted",
    ]


def test_other_votes_are_left_alone(personas: Personas) -> None:
    from msj.votes.testing import open_admission

    vote = open_admission(personas.mesa_a)
    for elector in vote.electors.select_related("membership__user"):
        vote_services.cast_in_app(vote=vote, user=elector.membership.user, option_key="for")
    assert not Application.objects.exists()


# --- after the vote --------------------------------------------------------------------------------


def test_the_bylaws_are_signed_at_a_citizens_session_on_its_date(personas: Personas) -> None:
    mesa = personas.mesa_a
    application = make_application(personas, name="Diana Durán", email="diana@example.org", until="admitted")
    meeting = held_citizens_meeting(mesa)
    held_on = timezone.localdate(meeting.starts_at, timezone=mesa.tzinfo)
    sara = actor(personas, "sara")
    with pytest.raises(ValidationError) as refused:
        services.record_signing(
            application=application, meeting=meeting, signed_on=held_on - dt.timedelta(days=1), by=sara
        )
    assert "signed_on" in refused.value.message_dict
    services.record_signing(application=application, meeting=meeting, signed_on=held_on, by=sara)
    application.refresh_from_db()
    assert application.status == Application.Status.SIGNED
    assert (application.signed_at, application.signed_on) == (meeting, held_on)
    assert mails_to("diana@example.org", "admission-signed")


def test_the_new_member_joins_a_committee_with_its_coordinators_endorsement(personas: Personas) -> None:
    application = make_application(personas, name="Diana Durán", email="diana@example.org", until="signed")
    prevention = committee_fixtures(personas).prevention
    executive = committee_fixtures(personas).executive
    assert application.membership is not None
    new_member = actor(personas, "sara")
    with pytest.raises(ValidationError) as refused:
        services.choose_committee(application=application, committee=executive, by=new_member)
    assert "committee" in refused.value.message_dict
    member = services.choose_committee(application=application, committee=prevention, by=new_member)
    assert member.status == CommitteeMember.Status.PENDING
    assert member.membership == application.membership
    # Beto coordinates Prevention: he is asked to endorse.
    assert mails_to("beto@example.org", f"admission-committee:{member.public_id}")
    with pytest.raises(ValidationError, match="already asked"):
        services.choose_committee(application=application, committee=prevention, by=new_member)
    committee_services.decide_request(member=member, approve=True, by=actor(personas, "beto"))
    application.refresh_from_db()
    assert application.committee_request is not None
    assert application.committee_request.status == CommitteeMember.Status.APPROVED


def test_a_declined_request_lets_the_new_member_choose_again(personas: Personas) -> None:
    application = make_application(personas, name="Diana Durán", email="diana@example.org", until="signed")
    fixtures = committee_fixtures(personas)
    member = services.choose_committee(application=application, committee=fixtures.prevention, by=None)
    committee_services.decide_request(member=member, approve=False, by=actor(personas, "beto"))
    again = services.choose_committee(application=application, committee=fixtures.indicators, by=None)
    application.refresh_from_db()
    assert application.committee_request == again


def test_bylaws_are_versioned(personas: Personas) -> None:
    mesa = personas.mesa_a
    sara = actor(personas, "sara")
    with pytest.raises(ValidationError) as refused:
        services.adopt_bylaws(mesa=mesa, text=" ", adopted_on=mesa.today() + dt.timedelta(days=1), by=sara)
    assert set(refused.value.message_dict) == {"text", "adopted_on"}
    services.adopt_bylaws(mesa=mesa, text="Versión uno.", adopted_on=mesa.today(), by=sara)
    second = services.adopt_bylaws(mesa=mesa, text="Versión dos.", adopted_on=mesa.today(), by=sara)
    assert second.version == 2
    assert services.bylaws_in_force(mesa) == second
    assert services.bylaws_in_force(personas.mesa_b) is None


def test_the_whole_process_leaves_its_timeline(personas: Personas) -> None:
    application = make_application(personas, name="Diana Durán", email="diana@example.org", until="signed")
    assert list(application.events.values_list("kind", flat=True)) == [
        "submitted",
        "reviewed",
        "distributed",
        "presented",
        "vote_opened",
        "admitted",
        "welcome_sent",
        "signed",
    ]
    times = list(application.events.values_list("at", flat=True))
    assert times == sorted(times)
