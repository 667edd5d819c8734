from __future__ import annotations

from django import forms

from msj.mesas.models import Mesa

RULE_FIELDS = [
    "admission_vote_days",
    "admission_quorum_pct",
    "admission_veto_pct",
    "reapplication_wait_days",
    "coordinator_term_months",
    "candidacy_opens_days_before_term_end",
    "candidacy_closes_days_before_term_end",
    "election_opens_days_before_term_end",
    "election_vote_days",
    "election_quorum_pct",
    "election_majority_numerator",
    "election_majority_denominator",
    "decision_vote_days",
    "decision_quorum_pct",
    "plenary_max_interval_months",
    "plenary_notice_days",
    "committee_notice_days",
    "committee_max_interval_months",
    "max_unjustified_absence_pct",
    "committee_grace_months",
    "secretary_review_months",
]


class MesaRulesForm(forms.ModelForm):
    class Meta:
        model = Mesa
        fields = RULE_FIELDS
