"""Exports: XLSX and CSV of exactly the rows the filtered matrix shows, formulas neutralised, audited."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from msj.agreements.models import Agreement
from msj.agreements.testing import Agreements
from msj.audit.models import AuditEvent
from msj.core.export import safe_cell
from msj.members.models import Membership

MATRIX = "/m/mesa-a/agreements/"
FORMULA = '=HYPERLINK("http://example.org/robo","Ver")'


def page_codes(client, query) -> list[str]:
    response = client.get(MATRIX, query)
    return [a.code for a, _overdue in response.context["rows"]]


def read_csv(response) -> list[list[str]]:
    content = response.content
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(response):
    return load_workbook(io.BytesIO(response.content)).active


@pytest.fixture
def formula(data: Agreements) -> Agreement:
    Agreement.objects.filter(pk=data.committee_agreement.pk).update(text=FORMULA, institutions="+52 656 000 0000")
    return Agreement.objects.get(pk=data.committee_agreement.pk)


@pytest.mark.parametrize(
    "query",
    [{}, {"status": "overdue"}, {"committee": "COMMITTEE"}, {"q": "HYPERLINK"}, {"priority": "low"}],
)
def test_csv_has_exactly_the_rows_of_the_filtered_page(personas, data: Agreements, formula, signed_in, query):
    query = {k: (str(data.committee.public_id) if v == "COMMITTEE" else v) for k, v in query.items()}
    sara = signed_in(personas.sara)
    response = sara.get(f"{MATRIX}export.csv", query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="mesa-a-acuerdos-')
    assert "no-store" in response["Cache-Control"]
    header, *rows = read_csv(response)
    assert len(header) == 18
    assert [r[0] for r in rows] == page_codes(sara, query)


def test_csv_neutralises_formulas(personas, data: Agreements, formula, signed_in):
    rows = read_csv(signed_in(personas.sara).get(f"{MATRIX}export.csv"))
    [row] = [r for r in rows if r[0] == formula.code]
    assert row[1] == "'" + FORMULA
    assert row[7] == "'+52 656 000 0000"
    assert row[10] == formula.due_on.isoformat()


def test_xlsx_opens_back_with_the_note_the_exporter_dates_and_the_same_rows(
    personas, data: Agreements, formula, signed_in
):
    sara = signed_in(personas.sara)
    response = sara.get(f"{MATRIX}export.xlsx", {"committee": data.committee.public_id})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "no-store" in response["Cache-Control"]
    sheet = read_xlsx(response)
    assert "Confiden" in sheet["A1"].value  # "Confidential" / "Confidencial"
    assert "Sara Salas" in sheet["A2"].value
    assert "Sara Salas" in sheet.oddFooter.center.text
    assert sheet.freeze_panes == "B5"
    assert sheet.column_dimensions["B"].width == 60
    header = [c.value for c in sheet[4]]
    assert len(header) == 18 and header[0]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=5)]
    assert [r[0] for r in rows] == page_codes(sara, {"committee": data.committee.public_id})
    [row] = [r for r in sheet.iter_rows(min_row=5) if r[0].value == formula.code]
    assert row[1].value == FORMULA and row[1].data_type == "s"  # text, never a formula
    assert row[10].value == dt.datetime.combine(formula.due_on, dt.time())  # a real date cell
    assert row[10].is_date


def test_an_export_is_audited_and_only_for_the_keepers_and_the_executive(personas, data: Agreements, signed_in):
    for who, code in (("ana", 200), ("eva", 200), ("sara", 200), ("beto", 403), ("olga", 403)):
        for kind in ("csv", "xlsx"):
            assert signed_in(getattr(personas, who)).get(f"{MATRIX}export.{kind}").status_code == code, (who, kind)
    exports = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, mesa=personas.mesa_a)
    assert exports.count() == 6
    assert set(exports.values_list("object_type", flat=True)) == {"agreements.matrix.csv", "agreements.matrix.xlsx"}
    assert set(exports.values_list("actor__email", flat=True)) == {
        "ana@example.org",
        "eva@example.org",
        "sara@example.org",
    }


def test_the_views_per_seat_and_person_export_their_own_rows(personas, data: Agreements, signed_in):
    sara = signed_in(personas.sara)
    olga = Membership.objects.get(user=personas.olga, mesa=personas.mesa_a)
    page = sara.get(f"{MATRIX}person/{olga.public_id}/")
    assert f"person={olga.public_id}" in page.context["export_query"]
    rows = read_csv(sara.get(f"{MATRIX}export.csv?{page.context['export_query']}"))[1:]
    assert sorted(r[0] for r in rows) == sorted([data.mesa.code, data.citizens.code])


def test_an_export_with_a_filter_that_does_not_hold_exports_nothing(personas, data: Agreements, signed_in):
    response = signed_in(personas.sara).get(
        f"{MATRIX}export.csv", {"committee": "00000000-0000-0000-0000-000000000000"}
    )
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_an_export_carries_only_what_the_exporter_may_read(personas, data: Agreements, signed_in):
    # Eva reads everything; an executive-only agreement goes into her export, not into a citizen's view.
    rows = read_csv(signed_in(personas.eva).get(f"{MATRIX}export.csv"))[1:]
    assert data.executive.code in [r[0] for r in rows]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+52", "'+52"),
        ("-3", "'-3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Normal", "Normal"),
        ("", ""),
        (12, 12),
        (None, None),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_the_members_directory_export_neutralises_formulas_too(personas, signed_in):
    personas.beto.full_name = "=cmd|' /C calc'!A0"
    personas.beto.save(update_fields=["full_name"])
    response = signed_in(personas.sara).get("/m/mesa-a/members/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows if "calc" in r[0]] == ["'=cmd|' /C calc'!A0"]
