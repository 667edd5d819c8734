"""The acta as a Word document (python-docx), laid out like the PDF."""

from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from msj.minutes.act import Act

BLUE = RGBColor(0x0B, 0x4F, 0x8A)
RED = RGBColor(0x9B, 0x1C, 0x1C)
GREY = RGBColor(0x44, 0x44, 0x44)


def _page_number(paragraph: Paragraph) -> None:
    """Append a PAGE field, which Word fills in on every page."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _date(value: dt.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def build_docx(act: Act, *, mark: str, exported: str, signatories: dict[str, str]) -> DocumentType:
    meeting, minutes, mesa = act.meeting, act.minutes, act.meeting.mesa
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "DejaVu Serif"  # type: ignore[attr-defined]
    normal.font.size = Pt(10.5)  # type: ignore[attr-defined]

    section = document.sections[0]
    section.page_width, section.page_height = Mm(215.9), Mm(279.4)  # letter, as in the PDF
    section.top_margin, section.bottom_margin = Mm(28), Mm(24)
    section.left_margin, section.right_margin = Mm(22), Mm(20)

    # Header and footer belong to the section: Word repeats them on every page.
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = header.add_run(mark)
    run.bold, run.font.size, run.font.color.rgb = True, Pt(7.5), RED
    footer = section.footer.paragraphs[0]
    run = footer.add_run(exported + "  ·  ")
    run.font.size, run.font.color.rgb = Pt(7.5), GREY
    _page_number(footer)

    kicker = document.add_paragraph()
    run = kicker.add_run(mesa.name.upper())
    run.font.color.rgb, run.font.size = BLUE, Pt(9)
    document.add_heading(_("Minutes of the meeting"), level=0)
    document.add_paragraph(f"{meeting.get_kind_display()} · {meeting.title}")

    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    details = [
        (_("Date"), formats.date_format(start, "DATE_FORMAT")),
        (
            _("Time"),
            _("From %(start)s to %(end)s (%(zone)s time)")
            % {
                "start": formats.time_format(start, "TIME_FORMAT"),
                "end": formats.time_format(end, "TIME_FORMAT"),
                "zone": mesa.time_zone,
            },
        ),
        (_("Place"), meeting.place or meeting.video_url or "—"),
    ]
    if meeting.committee:
        details.append((_("Committee"), meeting.committee.name))
    kind = str(meeting.get_kind_display())
    details.append((_("Kind of meeting"), f"{kind} — {_('Extraordinary')}" if meeting.extraordinary else kind))
    if meeting.extraordinary:
        details.append((_("Reason it is extraordinary"), meeting.extraordinary_reason))
    details.append((_("Status of the minutes"), str(minutes.get_status_display())))
    table = document.add_table(rows=0, cols=2)
    table.style = "Light List Accent 1"
    for label, value in details:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(label), str(value)

    document.add_heading(_("Attendance"), level=1)
    if act.attendance:
        table = document.add_table(rows=1, cols=3)
        table.style = "Light List Accent 1"
        for cell, label in zip(table.rows[0].cells, (_("Name"), _("Place in the Mesa"), _("Attendance")), strict=True):
            cell.text = label
        for a in act.attendance:
            cells = table.add_row().cells
            cells[0].text = a.membership.user.full_name
            cells[1].text = str(a.membership.seat) if a.membership.seat else str(a.membership.get_kind_display())
            status = str(a.get_status_display())
            cells[2].text = f"{status}: {a.delegate_name}" if a.delegate_name else status
    else:
        document.add_paragraph(_("No attendance was recorded for this meeting."))

    document.add_heading(_("Order of the day"), level=1)
    for record in act.items:
        document.add_paragraph(record.item.title, style="List Number")

    document.add_heading(_("Proceedings"), level=1)
    for record in act.items:
        document.add_heading(f"{record.item.position}. {record.item.title}", level=2)
        if record.item.presenter:
            document.add_paragraph(_("Presented by %(name)s.") % {"name": record.item.presenter.user.full_name})
        if record.entry is None:
            document.add_paragraph(_("Nothing was recorded under this item."))
        else:
            for label, text in ((_("Summary"), record.entry.summary), (_("Decisions"), record.entry.decisions)):
                if text:
                    p = document.add_paragraph()
                    p.add_run(str(label)).bold = True
                    for line in text.splitlines():
                        if line.strip():
                            document.add_paragraph(line.strip())
        for row in record.agreements:
            p = document.add_paragraph(style="List Bullet")
            p.add_run(_("Agreement %(code)s") % {"code": row.agreement.code}).bold = True
            p.add_run(f" — {row.agreement.text}")
        for correction in record.corrections:
            p = document.add_paragraph()
            run = p.add_run(_("Correction"))
            run.bold, run.font.color.rgb = True, RED
            document.add_paragraph(correction.text)
            document.add_paragraph(
                _("Reason: %(reason)s Approved at the meeting of %(date)s; recorded by %(name)s.")
                % {
                    "reason": correction.reason,
                    "date": _date(timezone.localtime(correction.approved_at.starts_at)),
                    "name": correction.recorded_by.full_name,
                }
            )

    document.add_heading(_("Agreements taken"), level=1)
    if act.agreements:
        table = document.add_table(rows=1, cols=4)
        table.style = "Light List Accent 1"
        labels = (_("Number"), _("Agreement"), _("Responsible"), _("Due date"))
        for cell, label in zip(table.rows[0].cells, labels, strict=True):
            cell.text = label
        for row in act.agreements:
            cells = table.add_row().cells
            responsible = ([row.agreement.committee.name] if row.agreement.committee else []) + row.responsible
            cells[0].text = row.agreement.code
            cells[1].text = row.agreement.text
            cells[2].text = "; ".join(responsible)
            due_on = row.agreement.due_on
            cells[3].text = formats.date_format(due_on, "SHORT_DATE_FORMAT") if due_on else "—"
    else:
        document.add_paragraph(_("No agreements were taken at this meeting."))

    if minutes.approved_at is not None:
        text = _("These minutes were approved at the meeting of %(date)s (%(title)s).") % {
            "date": _date(timezone.localtime(minutes.approved_at.starts_at)),
            "title": minutes.approved_at.title,
        }
        if minutes.sealed_at is not None:
            sealed = _("They were sealed on %(date)s: only a recorded correction amends them.") % {
                "date": _date(timezone.localtime(minutes.sealed_at))
            }
            text = f"{text} {sealed}"
    else:
        text = _("These minutes have not been approved yet: they are not the final record of the meeting.")
    document.add_paragraph().add_run(text).italic = True

    signatures = document.add_table(rows=1, cols=2)
    for cell, kind, label in zip(
        signatures.rows[0].cells,
        ("coordinator", "secretary"),
        (_("Coordinator"), _("Technical secretary")),
        strict=True,
    ):
        line = cell.paragraphs[0]
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line.paragraph_format.space_before = Pt(36)
        line.add_run("_" * 30)
        name = cell.add_paragraph(signatories.get(kind, ""))
        name.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cell.add_paragraph(str(label)).alignment = WD_ALIGN_PARAGRAPH.CENTER
    return document
