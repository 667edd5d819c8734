import pytest

from msj.audit.models import AuditEvent
from msj.mesas.forms import RULE_FIELDS, MesaRulesForm
from msj.mesas.models import Mesa


def rules_data(mesa, **changes):
    data = {f: getattr(mesa, f) for f in RULE_FIELDS}
    data.update(changes)
    return data


def test_defaults_are_those_of_the_domain(db):
    mesa = Mesa(name="x", slug="x", state="08")
    assert (mesa.admission_vote_days, mesa.admission_quorum_pct, mesa.admission_veto_pct) == (5, 80, 25)
    assert (mesa.election_quorum_pct, mesa.election_majority_numerator, mesa.election_majority_denominator) == (
        85,
        2,
        3,
    )
    assert (mesa.plenary_notice_days, mesa.committee_notice_days, mesa.max_unjustified_absence_pct) == (3, 3, 20)
    assert (mesa.coordinator_term_months, mesa.committee_grace_months, mesa.reapplication_wait_days) == (12, 2, 365)
    assert (mesa.candidacy_opens_days_before_term_end, mesa.candidacy_closes_days_before_term_end) == (30, 15)


@pytest.mark.parametrize(
    ("changes", "valid"),
    [
        ({"admission_quorum_pct": 100}, True),
        ({"admission_quorum_pct": 101}, False),
        ({"election_majority_numerator": 3, "election_majority_denominator": 3}, True),
        ({"election_majority_numerator": 4, "election_majority_denominator": 3}, False),
        ({"admission_veto_pct": 0}, False),
        ({"candidacy_opens_days_before_term_end": 15, "candidacy_closes_days_before_term_end": 15}, True),
        ({"candidacy_opens_days_before_term_end": 14, "candidacy_closes_days_before_term_end": 15}, False),
        ({"admission_vote_days": "cinco"}, False),
    ],
)
def test_rules_form_edges(personas, changes, valid):
    form = MesaRulesForm(rules_data(personas.mesa_a, **changes), instance=personas.mesa_a)
    assert form.is_valid() is valid, form.errors


def test_coordinator_changes_a_rule_and_it_is_audited(client, personas):
    client.force_login(personas.ana)
    response = client.post("/m/mesa-a/rules/", rules_data(personas.mesa_a, plenary_notice_days=5))
    assert response.status_code == 302
    personas.mesa_a.refresh_from_db()
    assert personas.mesa_a.plenary_notice_days == 5
    event = AuditEvent.objects.get(object_type="mesas.mesa")
    assert event.before["plenary_notice_days"] == 3 and event.after["plenary_notice_days"] == 5


def test_bad_rules_change_nothing_and_say_where(client, personas):
    client.force_login(personas.sara)
    response = client.post(
        "/m/mesa-a/rules/", rules_data(personas.mesa_a, plenary_notice_days=5, admission_quorum_pct=150)
    )
    assert response.status_code == 200
    assert 'id="id_admission_quorum_pct_error"' in response.content.decode()
    personas.mesa_a.refresh_from_db()
    assert personas.mesa_a.plenary_notice_days == 3
    assert not AuditEvent.objects.filter(object_type="mesas.mesa").exists()


def test_plain_citizen_reads_but_cannot_change_the_rules(client, personas):
    client.force_login(personas.beto)
    page = client.get("/m/mesa-a/rules/").content.decode()
    assert "<form" not in page.split("<main", 1)[1]
    assert client.post("/m/mesa-a/rules/", rules_data(personas.mesa_a)).status_code == 403


@pytest.mark.parametrize(
    ("changes", "valid"),
    [
        ({"admission_quorum_pct": 0}, False),
        ({"admission_quorum_pct": 1}, True),
        ({"election_quorum_pct": 100}, False),  # "more than 100 %" can never be met
        ({"election_opens_days_before_term_end": 15}, True),  # opens the day candidacies close
        ({"election_opens_days_before_term_end": 16}, False),  # would open before they close
    ],
)
def test_rules_must_stay_coherent(personas, changes, valid):
    form = MesaRulesForm(rules_data(personas.mesa_a, **changes), instance=personas.mesa_a)
    assert form.is_valid() is valid, form.errors


def test_saving_rules_writes_only_what_changed(personas):
    """Someone else's change made meanwhile to another rule is not undone."""
    from msj.mesas.services import save_rules

    form = MesaRulesForm(rules_data(personas.mesa_a, plenary_notice_days=5), instance=personas.mesa_a)
    Mesa.objects.filter(pk=personas.mesa_a.pk).update(admission_quorum_pct=90)  # the other person's change
    assert form.is_valid()
    save_rules(form=form, by=personas.ana)
    row = Mesa.objects.get(pk=personas.mesa_a.pk)
    assert (row.plenary_notice_days, row.admission_quorum_pct) == (5, 90)
