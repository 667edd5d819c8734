"""The admission pages through HTTP: who sees an application and its files, and each step's form."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from msj.admissions.models import Application
from msj.admissions.rules import REQUIREMENT_KEYS
from msj.admissions.testing import PDF_BYTES, PNG_BYTES, held_citizens_meeting, make_application
from msj.audit.models import AuditEvent
from msj.members.testing import Personas
from msj.minutes.testing import signed_in as signed_in_spanish
from msj.votes.testing import add_citizens

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Any:
    """A signed-in client reading the pages in English, the source language of the messages."""
    client = signed_in_spanish(user)
    client.cookies["django_language"] = "en"
    return client


def url(application: Application, action: str = "") -> str:
    return f"/m/{application.mesa.slug}/admissions/{application.public_id}/{action}"


def upload_data(**replace: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "candidate_name": "Diana Durán",
        "candidate_email": "diana@example.org",
        "cv": SimpleUploadedFile("cv.pdf", PDF_BYTES),
        "photo": SimpleUploadedFile("foto.png", PNG_BYTES),
        "letter": SimpleUploadedFile("carta.pdf", PDF_BYTES),
    }
    data.update(replace)
    return data


def test_beto_proposes_a_candidate_through_the_page(personas: Personas) -> None:
    client = signed_in(personas.beto)
    assert client.get("/m/mesa-a/admissions/apply/").status_code == 200
    response = client.post("/m/mesa-a/admissions/apply/", upload_data())
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(application)
    page = client.get(url(application)).content.decode()
    assert "Diana Durán" in page
    assert 'data-status="submitted"' in page
    assert 'id="timeline"' in page


def test_a_wrong_file_is_refused_naming_the_field(personas: Personas) -> None:
    client = signed_in(personas.beto)
    response = client.post("/m/mesa-a/admissions/apply/", upload_data(photo=SimpleUploadedFile("foto.png", PDF_BYTES)))
    assert response.status_code == 200
    assert "Photo: “foto.png” is not a JPEG or PNG image" in response.content.decode()
    assert not Application.objects.exists()


def test_before_distribution_only_the_proposer_the_committee_and_the_secretary_see_it(personas: Personas) -> None:
    application = make_application(personas, name="Diana Durán", email="diana@example.org")
    [other] = add_citizens(personas.mesa_a, 1)
    expected = {"ana": 200, "eva": 200, "beto": 200, "sara": 200, "olga": 404, "carla": 404, "nora": 404}
    for name, status in expected.items():
        client = signed_in(personas.all()[name])  # type: ignore[arg-type]
        assert client.get(url(application)).status_code == status, name
        assert client.get(url(application, "files/cv/")).status_code == status, name
    assert signed_in(other.user).get(url(application)).status_code == 404
    assert signed_in(other.user).get("/m/mesa-a/admissions/").status_code == 200
    assert "Diana" not in signed_in(other.user).get("/m/mesa-a/admissions/").content.decode()


def test_after_distribution_every_citizen_member_reads_the_files(personas: Personas) -> None:
    [other] = add_citizens(personas.mesa_a, 1)
    application = make_application(personas, name="Diana Durán", email="diana@example.org", until="distributed")
    client = signed_in(other.user)
    assert client.get(url(application)).status_code == 200
    response = client.get(url(application, "files/photo/"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG_BYTES  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, actor=other.user).exists()
    assert client.get(url(application, "files/passport/")).status_code == 404
    assert signed_in(personas.olga).get(url(application, "files/photo/")).status_code == 404


def test_eva_reviews_with_the_form(personas: Personas) -> None:
    application = make_application(personas, name="Diana Durán", email="diana@example.org")
    client = signed_in(personas.eva)
    page = client.get(url(application, "review/")).content.decode()
    assert page.count('type="radio"') == 2 * len(REQUIREMENT_KEYS)
    data = dict.fromkeys(REQUIREMENT_KEYS, "met")
    data["good_reputation"] = "unmet"
    response = client.post(url(application, "review/"), data)
    assert response.status_code == 200  # the unmet requirement needs its note
    assert "Say why this requirement is not met." in response.content.decode()
    data["good_reputation"] = "met"
    assert client.post(url(application, "review/"), data).status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.REVIEWED
    assert signed_in(personas.beto).get(url(application, "review/")).status_code == 403
    assert signed_in(personas.sara).get(url(application, "review/")).status_code == 403


def test_a_step_out_of_order_is_refused_with_a_message(personas: Personas) -> None:
    application = make_application(personas, name="Diana Durán", email="diana@example.org")
    client = signed_in(personas.sara)
    response = client.post(url(application, "distribute/"), follow=True)
    assert "must pass the Executive Committee&#x27;s review before its CV is distributed" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert client.get(url(application, "distribute/")).status_code == 405


def test_sara_presents_and_opens_the_vote_and_the_page_links_to_it(personas: Personas) -> None:
    application = make_application(personas, name="Diana Durán", email="diana@example.org", until="distributed")
    meeting = held_citizens_meeting(personas.mesa_a)
    client = signed_in(personas.sara)
    assert client.post(url(application, "present/"), {"meeting": str(meeting.public_id)}).status_code == 302
    assert signed_in(personas.ana).post(url(application, "open-vote/")).status_code == 403
    assert client.post(url(application, "open-vote/")).status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.VOTING
    assert application.vote is not None
    page = client.get(url(application)).content.decode()
    assert f"/votes/{application.vote.public_id}/" in page


def test_the_new_member_chooses_a_committee_on_their_application(personas: Personas) -> None:
    from msj.committees.testing import committee_fixtures

    application = make_application(personas, name="Diana Durán", email="diana@example.org", until="signed")
    prevention = committee_fixtures(personas).prevention
    assert application.membership is not None
    client = signed_in(application.membership.user)
    assert 'id="committee-link"' in client.get(url(application)).content.decode()
    assert signed_in(personas.beto).get(url(application, "committee/")).status_code == 403
    assert client.post(url(application, "committee/"), {"committee": str(prevention.public_id)}).status_code == 302
    page = client.get(url(application)).content.decode()
    assert "awaiting its coordinator" in page


def test_the_secretary_records_the_bylaws(personas: Personas) -> None:
    client = signed_in(personas.sara)
    response = client.post(
        "/m/mesa-a/admissions/bylaws/", {"text": "Artículo 1.", "adopted_on": personas.mesa_a.today().isoformat()}
    )
    assert response.status_code == 302
    assert "Artículo 1." in signed_in(personas.beto).get("/m/mesa-a/admissions/bylaws/").content.decode()
    assert signed_in(personas.beto).post("/m/mesa-a/admissions/bylaws/", {"text": "x"}).status_code == 403


def test_the_list_costs_the_same_queries_for_one_application_or_five(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(personas.sara)
    make_application(personas, name="Diana Durán", email="diana@example.org")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/m/mesa-a/admissions/").status_code == 200
    for i in range(4):
        make_application(personas, name=f"Candidata {i}", email=f"candidata{i}@example.org", until="distributed")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get("/m/mesa-a/admissions/").status_code == 200
