import datetime as dt

from django.utils import timezone

from msj.agreements.models import Agreement
from msj.core.testing import es
from msj.meetings.models import Invitation, Meeting
from msj.members.models import Membership


def test_home_lists_the_mesas_and_what_awaits_there(client, personas, django_assert_max_num_queries):
    beto = Membership.objects.get(user=personas.beto)
    starts = timezone.now() + dt.timedelta(days=5)
    plenary = Meeting.objects.create(
        mesa=personas.mesa_a,
        kind="plenary",
        title="Sesión plenaria de prueba",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        place="Sala",
        status="convened",
    )
    Invitation.objects.create(meeting=plenary, membership=beto)
    overdue = Agreement.objects.create(
        mesa=personas.mesa_a,
        year=2026,
        number=7,
        text="Entregar el informe",
        due_on=personas.mesa_a.today() - dt.timedelta(days=1),
    )
    overdue.responsible_people.add(beto)
    client.force_login(personas.beto)
    with django_assert_max_num_queries(25):
        page = client.get("/").content.decode()
    assert "Mesa A" in page
    assert "Sesión plenaria de prueba" in page
    assert "2026-007" in page
    assert es("Nothing pending.") not in page


def test_an_invitation_to_an_executive_meeting_never_reaches_an_official(client, personas):
    olga = Membership.objects.get(user=personas.olga)
    starts = timezone.now() + dt.timedelta(days=5)
    citizens = Meeting.objects.create(
        mesa=personas.mesa_a,
        kind="executive",
        title="Reunión ciudadana reservada",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        place="Sala",
        status="convened",
    )
    Invitation.objects.create(meeting=citizens, membership=olga)  # a mistake: the policy hides it all the same
    client.force_login(personas.olga)
    page = client.get("/").content.decode()
    assert "Reunión ciudadana reservada" not in page
    assert es("Nothing pending.") in page


def test_an_open_vote_awaits_its_electors_until_they_vote(client, personas):
    from msj.votes import services
    from msj.votes.testing import open_admission

    vote = open_admission(personas.mesa_a)
    client.force_login(personas.beto)
    assert vote.question in client.get("/").content.decode()
    services.cast_in_app(vote=vote, user=personas.beto, option_key="for")
    assert vote.question not in client.get("/").content.decode()
    client.force_login(personas.olga)  # officials never vote on membership
    assert vote.question not in client.get("/").content.decode()
