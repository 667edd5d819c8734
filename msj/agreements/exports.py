"""The agreements matrix as a file: XLSX for people, CSV for other tools; the same rows and columns."""

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
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from msj.agreements.models import Agreement
from msj.core.export import safe_cell


def columns() -> list[tuple[str, int]]:
    """Each column's heading and its width in characters."""
    return [
        (_("Code"), 10),
        (_("Agreement"), 60),
        (_("Origin meeting"), 30),
        (_("Meeting date"), 12),
        (_("Responsible committee"), 28),
        (_("Committee coordinator"), 24),
        (_("Responsible officials"), 40),
        (_("Responsible institutions"), 28),
        (_("Responsible people"), 28),
        (_("Topics"), 24),
        (_("Due date"), 12),
        (_("Priority"), 10),
        (_("Status"), 14),
        (_("Overdue"), 10),
        (_("Closed on"), 12),
        (_("Last follow-up"), 14),
        (_("Progress (%)"), 12),
        (_("Who may read it"), 28),
    ]


def seat_label(seat: Any) -> str:
    holders = getattr(seat, "current_holders", [])
    if holders:
        return _("%(seat)s (%(holder)s)") % {"seat": seat, "holder": holders[0].user.full_name}
    return str(seat)


def row(agreement: Any, today: dt.date, tz: dt.tzinfo) -> list[Any]:
    """One agreement as cells: text, dates as dates, numbers as numbers. `agreement` comes from matrix_rows."""
    meeting = agreement.origin_meeting
    committee = agreement.committee
    coordinators = getattr(committee, "current_coordinators", []) if committee else []
    return [
        agreement.code,
        agreement.text,
        str(meeting) if meeting else "",
        timezone.localdate(meeting.starts_at, tz) if meeting else None,
        str(committee) if committee else "",
        coordinators[0].membership.user.full_name if coordinators else "",
        "; ".join(seat_label(seat) for seat in agreement.responsible_seats.all()),
        agreement.institutions,
        "; ".join(m.user.full_name for m in agreement.responsible_people.all()),
        "; ".join(str(t) for t in agreement.topics.all()),
        agreement.due_on,
        agreement.get_priority_display(),
        agreement.get_status_display(),
        _("Yes") if agreement.is_overdue(today) else _("No"),
        agreement.closed_on,
        getattr(agreement, "last_follow_up_on", None),
        getattr(agreement, "last_progress", None),
        agreement.get_audience_display(),
    ]


def to_csv(agreements: Iterable[Agreement], today: dt.date, tz: dt.tzinfo) -> bytes:
    """UTF-8 with a BOM (spreadsheet programs then read the accents right); formulas neutralised."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([heading for heading, _width in columns()])
    for agreement in agreements:
        writer.writerow(
            safe_cell(value.isoformat() if isinstance(value, dt.date) else ("" if value is None else value))
            for value in row(agreement, today, tz)
        )
    return out.getvalue().encode("utf-8")


def to_xlsx(agreements: Iterable[Agreement], today: dt.date, *, mesa: Any, exported_by: str) -> bytes:
    """A workbook with the confidentiality note and the exporter's name above a frozen header row."""
    confidential = _(
        "Confidential: for the members of %(mesa)s only. It may not be shared without their agreement."
    ) % {"mesa": mesa.name}
    exported = _("Exported by %(name)s on %(when)s.") % {
        "name": exported_by,
        "when": timezone.localtime(timezone=mesa.tzinfo).strftime("%Y-%m-%d %H:%M"),
    }
    date_format = "dd/mm/yyyy" if (get_language() or "").startswith("es") else "yyyy-mm-dd"
    book = Workbook()
    sheet = book.active
    sheet.title = _("Agreements")[:31]
    book.properties.title = _("Agreements matrix of %(mesa)s") % {"mesa": mesa.name}
    book.properties.creator = exported_by
    sheet.append([confidential])
    sheet.append([exported])
    sheet.append([])
    sheet["A1"].font = Font(bold=True, color="A61B1B")
    write_table(sheet, columns(), (row(a, today, mesa.tzinfo) for a in agreements), date_format)
    # In print headers "&" starts a code (page number, date…): a literal one is written "&&".
    sheet.oddHeader.center.text = confidential.replace("&", "&&")[:250]
    sheet.oddFooter.center.text = exported.replace("&", "&&")[:250]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_table(
    sheet: Any, columns: list[tuple[str, int]], rows: Iterable[list[Any]], date_format: str, header_row: int = 4
) -> None:
    """A matrix below the sheet's notes: bold header, text never read as a formula, dates as dates.

    The Mesas' agreements matrix and the network's (msj.encuentros) are written by this one function.
    """
    sheet.append([heading for heading, _width in columns])
    for index, (_heading, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=header_row, column=index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F3F5F8")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, values in enumerate(rows, start=header_row + 1):
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=index)
            if isinstance(value, str):
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell.data_type = "s"  # text, never a formula, whatever its first character
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                cell.value = value
                cell.alignment = Alignment(vertical="top")
                if isinstance(value, dt.date):
                    cell.number_format = date_format
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)  # the header row and the code column
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{max(sheet.max_row, header_row)}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
