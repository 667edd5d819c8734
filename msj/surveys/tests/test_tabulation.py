"""The Cuadros of Anexo 1, computed from the 2015 answers rebuilt in fixtures/anexo1_2015.json."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from msj.surveys import catalogue
from msj.surveys.models import SurveyRound
from msj.surveys.tabulation import Table, compare, coordinators_tables, percent, self_assessment_tables

ANSWERS = json.loads((Path(__file__).parent / "fixtures" / "anexo1_2015.json").read_text())["responses"]
TABLES = {t.key: t for t in coordinators_tables(ANSWERS)}


def printed(table: Table) -> list[tuple[str, list[tuple[int | None, str | None]]]]:
    """The table as the document prints it: each row's label key, then (N, %) per cell."""
    rows = [*table.rows, *([table.total] if table.total else [])]
    return [(r.key, [(c.n, None if c.pct is None else str(c.pct)) for c in r.cells]) for r in rows]


def test_percent_rounds_half_up_to_one_decimal() -> None:
    assert percent(3, 16) == Decimal("18.8")  # 18.75
    assert percent(1, 16) == Decimal("6.3")  # 6.25
    assert percent(7, 16) == Decimal("43.8")  # 43.75
    assert percent(13, 16) == Decimal("81.3")  # 81.25
    assert percent(1, 32) == Decimal("3.1")  # 3.125: below the half of the second decimal
    assert percent(2, 30) == Decimal("6.7")
    assert percent(16, 16) == Decimal("100.0")
    assert percent(0, 16) == Decimal("0.0")
    assert percent(1, 0) is None


def test_the_fixture_is_a_valid_set_of_submitted_answers() -> None:
    assert len(ANSWERS) == 16
    for answer in ANSWERS:
        assert catalogue.clean_answers(SurveyRound.Kind.COORDINATORS, answer, complete=True) == answer


def test_cuadro_16_formalisation_as_printed() -> None:
    assert printed(TABLES["cuadro16"]) == [
        ("f_bylaws", [(8, "50.0")]),
        ("f_ethics", [(3, "18.8")]),
        ("f_committee_rules", [(6, "37.5")]),
        ("f_standard_methodology", [(9, "56.3")]),
        ("f_budget", [(6, "37.5")]),
        ("f_office", [(1, "6.3")]),
        ("f_staff", [(7, "43.8")]),
    ]


def test_cuadro_21_risks_as_printed() -> None:
    # Its printed rows add to 30 of 32 mentions: the other two are first mentions outside them.
    assert printed(TABLES["cuadro21"]) == [
        ("politicisation", [(3, None), (2, None), (5, "15.6")]),
        ("disclosure", [(2, None), (0, None), (2, "6.3")]),
        ("distrust", [(3, None), (8, None), (11, "34.4")]),
        ("coordination", [(2, None), (4, None), (6, "18.8")]),
        ("conflict", [(1, None), (0, None), (1, "3.1")]),
        ("funding", [(3, None), (2, None), (5, "15.6")]),
        ("other", [(2, None), (0, None), (2, "6.3")]),
        ("total", [(16, None), (16, None), (32, "100.0")]),
    ]


def test_cuadros_15_17_18_20_as_printed() -> None:
    c15 = dict(printed(TABLES["cuadro15"]))
    assert c15["extortion"] == [(6, "14.0"), (6, "16.7")]
    assert c15["robbery"] == [(13, "30.2"), (11, "30.6")]
    assert c15["drug_dealing"] == [(3, "7.0"), (1, "2.8")]
    assert c15["total"] == [(43, "100.0"), (36, "100.0")]
    c17 = dict(printed(TABLES["cuadro17"]))
    assert c17["most_well"] == [(7, "43.8"), (1, "6.3"), (0, "0.0")]
    assert c17["some"] == [(1, "6.3"), (7, "43.8"), (9, "64.3")]
    assert c17["none"] == [(0, "0.0"), (1, "6.3"), (4, "28.6")]
    assert c17["total"] == [(16, "100.0"), (16, "100.0"), (14, "100.0")]
    c18 = dict(printed(TABLES["cuadro18"]))
    assert c18["commitment"] == [(7, None), (4, None), (4, None), (15, "31.3")]
    assert c18["resources"] == [(0, None), (0, None), (1, None), (1, "2.1")]
    assert c18["influence"] == [(1, None), (7, None), (3, None), (11, "22.9")]
    assert c18["total"] == [(16, None), (16, None), (16, None), (48, "100.0")]
    c20 = dict(printed(TABLES["cuadro20"]))
    assert c20["severity"] == [(9, None), (3, None), (12, "37.5")]
    assert c20["inaction"] == [(3, None), (3, None), (6, "18.8")]
    assert c20["total"] == [(16, None), (16, None), (32, "100.0")]


def test_cuadro_19_and_14_where_the_document_disagrees_with_itself() -> None:
    # Cuadro 19 prints 3 of 16 as 18.7 beside 13 of 16 as 81.3; half up, 18.75 is 18.8.
    assert dict(printed(TABLES["cuadro19"]))["yes"] == [(3, "18.8"), (12, "75.0")]
    # Cuadro 14's rows add to 34 mentions while its total says 30: the counts are reproduced.
    c14 = dict(printed(TABLES["cuadro14"]))
    assert [
        c14[k][0][0] for k in ("social", "corruption", "impunity", "coordination", "participation", "situational")
    ] == [
        7,
        7,
        5,
        10,
        2,
        3,
    ]


def test_size_and_profile_as_the_text_reports_them() -> None:
    # 508 citizens (the text's mean, 31.7, is 31.75 cut short), 242 in the committees of the 11
    # Mesas with committees (22 each), mean age 49.7, 81.3% men, all living in their locality.
    assert printed(TABLES["size"]) == [
        ("citizens", [(508, None), (16, "31.8")]),
        ("committee_citizens", [(242, None), (11, "22.0")]),
        ("age", [(None, None), (16, "49.7")]),
    ]
    assert printed(TABLES["committees"]) == [
        ("none", [(5, "31.3")]),
        ("one_to_five", [(6, "37.5")]),
        ("six_or_more", [(5, "31.3")]),
        ("total", [(16, "100.0")]),
    ]
    assert dict(printed(TABLES["profile"])) == {
        "sex_woman": [(3, "18.8")],
        "sex_man": [(13, "81.3")],
        "resident_yes": [(16, "100.0")],
    }


def test_comparison_with_the_previous_round_in_points() -> None:
    earlier = [{**a, "f_ethics": ["no"]} for a in ANSWERS]
    now, before = TABLES["cuadro16"], {t.key: t for t in coordinators_tables(earlier)}["cuadro16"]
    rows = {str(r.label): r for r in compare(now, before)}
    ethics = rows[str(dict(catalogue.FORMALISATION)["f_ethics"])]
    assert ethics.cells[0][2] == Decimal("18.8")
    assert rows[str(dict(catalogue.FORMALISATION)["f_bylaws"])].cells[0][2] == Decimal("0.0")


def test_self_assessment_tabulates_formalisation_and_factors() -> None:
    answers = [
        {"f_bylaws": ["yes"], "r_clear_rules": ["high"]},
        {"f_bylaws": ["no"], "r_clear_rules": ["low"]},
        {"f_bylaws": ["yes"]},
    ]
    formalisation, factors = self_assessment_tables(answers)
    assert formalisation.row("f_bylaws").cells[0].n == 2
    assert formalisation.row("f_bylaws").cells[0].pct == Decimal("66.7")
    assert [(c.n, c.pct) for c in factors.row("r_clear_rules").cells] == [(1, Decimal("50.0")), (1, Decimal("50.0"))]


@pytest.mark.parametrize("bad", [{"risks": ["distrust", "distrust"]}, {"risks": ["a", "b", "c"]}, {"age": ["x"]}])
def test_answers_outside_the_catalogue_are_refused(bad: dict[str, list[object]]) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        catalogue.clean_answers(SurveyRound.Kind.COORDINATORS, bad, complete=False)
