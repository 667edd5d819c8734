"""Who reads which agreement: one policy, checked at every edge, through the pages and directly."""

from __future__ import annotations

import datetime as dt

import pytest

from msj.agreements.models import Agreement
from msj.agreements.policies import agreement_policy
from msj.agreements.selectors import overdue_count
from msj.agreements.services import create_agreement
from msj.agreements.testing import Agreements
from msj.committees.models import CommitteeMember
from msj.members.access import actor_for
from msj.members.models import Membership
from msj.members.services import add_membership
from msj.members.testing import SINCE, Personas

MATRIX = "/m/mesa-a/agreements/"


def readable(user, mesa) -> set[str]:
    actor = actor_for(user, mesa)
    return set(agreement_policy.visible(actor, Agreement.objects.all()).values_list("text", flat=True))


def texts(*agreements: Agreement) -> set[str]:
    return {a.text for a in agreements}


def committee_agreement_with_olga(personas: Personas, data: Agreements) -> Agreement:
    agreement = create_agreement(
        mesa=personas.mesa_a,
        text="Patrullaje conjunto en la colonia Centro.",
        by=actor_for(personas.sara, personas.mesa_a),
        committee=data.committee,
        responsible_seats=[personas.olga_seat],
    )
    Agreement.objects.filter(pk=agreement.pk).update(audience=Agreement.Audience.COMMITTEE)
    return agreement


def test_beto_reads_mesa_citizens_and_committee_agreements_not_the_executive_ones(personas, data):
    assert readable(personas.beto, personas.mesa_a) == texts(data.mesa, data.citizens, data.committee_agreement)


def test_eva_ana_and_sara_read_everything(personas, data):
    everything = texts(data.mesa, data.citizens, data.executive, data.committee_agreement)
    for user in (personas.eva, personas.ana, personas.sara):
        assert readable(user, personas.mesa_a) == everything, user


def test_olga_reads_the_plenary_agreement_never_the_citizens_one_even_with_her_seat_responsible(
    personas, data, signed_in
):
    assert personas.olga_seat in data.citizens.responsible_seats.all()
    assert readable(personas.olga, personas.mesa_a) == texts(data.mesa)
    olga = signed_in(personas.olga)
    assert olga.get(f"{MATRIX}{data.mesa.public_id}/").status_code == 200
    for hidden in (data.citizens, data.executive, data.committee_agreement):
        assert olga.get(f"{MATRIX}{hidden.public_id}/").status_code == 404, hidden.audience
    page = olga.get(MATRIX).content.decode()
    assert data.mesa.code in page and data.citizens.text not in page


def test_olga_reads_a_committee_agreement_where_her_seat_is_responsible(personas, data):
    shared = committee_agreement_with_olga(personas, data)
    assert readable(personas.olga, personas.mesa_a) == texts(data.mesa, shared)


def test_a_plenary_agreement_without_her_seat_is_still_read_by_olga(personas, data):
    other = create_agreement(mesa=personas.mesa_a, text="Informe trimestral de incidencia.", by=None)
    assert other.audience == Agreement.Audience.MESA
    assert other.text in readable(personas.olga, personas.mesa_a)


def test_an_official_on_the_committee_reads_its_agreements_and_leaving_it_ends_that(personas, data):
    olga = Membership.objects.get(user=personas.olga, mesa=personas.mesa_a)
    seat = CommitteeMember.objects.create(
        committee=data.committee, membership=olga, status=CommitteeMember.Status.APPROVED, joined_on=SINCE
    )
    assert data.committee_agreement.text in readable(personas.olga, personas.mesa_a)
    assert data.citizens.text not in readable(personas.olga, personas.mesa_a)
    seat.left_on = dt.date(2025, 1, 1)
    seat.save(update_fields=["left_on"])
    assert data.committee_agreement.text not in readable(personas.olga, personas.mesa_a)


def test_a_pending_committee_request_reads_nothing_more(personas, data):
    olga = Membership.objects.get(user=personas.olga, mesa=personas.mesa_a)
    CommitteeMember.objects.create(committee=data.committee, membership=olga)  # pending approval
    assert data.committee_agreement.text not in readable(personas.olga, personas.mesa_a)


def test_a_volunteer_reads_only_the_agreements_of_the_committee_they_serve_on(personas, data):
    volunteer = add_membership(
        mesa=personas.mesa_a, user=personas.carla, kind=Membership.Kind.VOLUNTEER, started_on=SINCE
    )
    assert readable(personas.carla, personas.mesa_a) == set()
    CommitteeMember.objects.create(
        committee=data.committee, membership=volunteer, status=CommitteeMember.Status.APPROVED, joined_on=SINCE
    )
    assert readable(personas.carla, personas.mesa_a) == texts(data.committee_agreement)


@pytest.mark.parametrize("who", ["carla", "nora"])
def test_outsider_and_network_staff_get_404_on_every_agreement_page(personas, data, signed_in, who):
    client = signed_in(getattr(personas, who))
    for path in (
        MATRIX,
        f"{MATRIX}{data.mesa.public_id}/",
        f"{MATRIX}export.csv",
        f"{MATRIX}committee/{data.committee.public_id}/",
    ):
        assert client.get(path).status_code == 404, path


def test_another_mesas_agreement_is_404_even_for_its_keeper(personas, data, signed_in):
    b = create_agreement(mesa=personas.mesa_b, text="Acuerdo de la Mesa B.", by=None)
    sara = signed_in(personas.sara)
    assert sara.get(f"{MATRIX}{b.public_id}/").status_code == 404
    assert b.text not in readable(personas.sara, personas.mesa_a)


def test_who_may_write(personas, data):
    mesa = personas.mesa_a
    can = agreement_policy.can
    ana, eva, beto, olga, sara = (
        actor_for(u, mesa) for u in (personas.ana, personas.eva, personas.beto, personas.olga, personas.sara)
    )
    for keeper in (ana, sara):
        assert can(keeper, "create") and can(keeper, "edit", data.mesa)
        assert can(keeper, "follow_up", data.executive) and can(keeper, "change_status", data.executive)
    # Eva coordinates the committee: she follows up its agreements, not the others.
    assert can(eva, "follow_up", data.committee_agreement) and can(eva, "change_status", data.committee_agreement)
    assert not can(eva, "follow_up", data.citizens) and not can(eva, "edit", data.committee_agreement)
    # Olga reports on her seat's agreements, without moving their status.
    assert can(olga, "follow_up", data.mesa) and not can(olga, "change_status", data.mesa)
    assert not can(olga, "follow_up", data.committee_agreement)
    assert not any(can(beto, action, data.mesa) for action in ("create", "edit", "follow_up", "export"))
    assert can(eva, "export") and not can(olga, "export")


def test_overdue_count_follows_what_each_person_may_read(personas, data):
    mesa = personas.mesa_a
    # Only the citizens-only agreement is overdue: Olga does not even learn it exists.
    assert overdue_count(actor_for(personas.sara, mesa)) == 1
    assert overdue_count(actor_for(personas.beto, mesa)) == 1
    assert overdue_count(actor_for(personas.olga, mesa)) == 0
