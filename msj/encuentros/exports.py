"""The Encuentro's agreements matrix as a file: XLSX for people, CSV for other tools; the same rows and columns.

It follows the Mesas' matrix export (msj.agreements.exports): dates as dates, text never
read as a formula, a note of who exported it and when above a frozen header row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from msj.agreements.exports import write_table
from msj.core.export import safe_cell
from msj.encuentros.models import Encuentro, NetworkAgreement, network_time_zone


def columns() -> list[tuple[str, int]]:
    """Each column's heading and its width in characters."""
    return [
        (_("Code"), 12),
        (_("Agreement"), 60),
        (_("Responsible"), 40),
        (_("Due date"), 12),
        (_("Status"), 14),
        (_("Overdue"), 10),
        (_("Closed on"), 12),
        (_("Last follow-up"), 14),
    ]


def responsible(agreement: NetworkAgreement) -> str:
    names = [_("The network")] if agreement.network_responsible else []
    names += [mesa.name for mesa in agreement.responsible_mesas.all()]
    return "; ".join(names)


def row(agreement: Any, today: dt.date) -> list[Any]:
    """One agreement as cells. `agreement` comes from the view's rows (with `last_follow_up_on`)."""
    return [
        agreement.code,
        agreement.text,
        responsible(agreement),
        agreement.due_on,
        agreement.get_status_display(),
        _("Yes") if agreement.is_overdue(today) else _("No"),
        agreement.closed_on,
        getattr(agreement, "last_follow_up_on", None),
    ]


def to_csv(agreements: Iterable[NetworkAgreement], today: dt.date) -> bytes:
    """UTF-8 with a BOM (spreadsheet programs then read the accents right); formulas neutralised."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([heading for heading, _width in columns()])
    for agreement in agreements:
        writer.writerow(
            safe_cell(value.isoformat() if isinstance(value, dt.date) else ("" if value is None else value))
            for value in row(agreement, today)
        )
    return out.getvalue().encode("utf-8")


def to_xlsx(agreements: Iterable[NetworkAgreement], today: dt.date, *, encuentro: Encuentro, exported_by: str) -> bytes:
    """A workbook with the title, the exporter's name and time above a frozen header row."""
    heading = _("Agreements of %(encuentro)s") % {"encuentro": encuentro.title}
    exported = _("Exported by %(name)s on %(when)s.") % {
        "name": exported_by,
        "when": timezone.localtime(timezone=network_time_zone()).strftime("%Y-%m-%d %H:%M"),
    }
    date_format = "dd/mm/yyyy" if (get_language() or "").startswith("es") else "yyyy-mm-dd"
    book = Workbook()
    sheet = book.active
    sheet.title = _("Agreements")[:31]
    book.properties.title = heading
    book.properties.creator = exported_by
    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", heading)])
    sheet.append([exported])
    sheet.append([])
    sheet["A1"].font = Font(bold=True)
    sheet["A1"].data_type = "s"
    write_table(sheet, columns(), (row(a, today) for a in agreements), date_format)
    sheet.oddFooter.center.text = exported.replace("&", "&&")[:250]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
