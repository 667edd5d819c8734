"""The acta as PDF (WeasyPrint) and DOCX (python-docx), in the Mesa's format.

Both carry on every page the confidentiality mark, the name of the person who exported the
document and when (DOMAIN.md §4.10): in the PDF through the page's running header and footer,
in the DOCX through the section's header and footer, which every page repeats.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from msj.members.models import Office
from msj.minutes.act import Act


@dataclass(frozen=True)
class ExportStamp:
    """Who exported the acta and when (an aware datetime, shown in the Mesa's time zone)."""

    by: str
    at: dt.datetime


def confidentiality_mark() -> str:
    return _("CONFIDENTIAL — For the members of the Mesa only: do not disclose without their agreement.")


def exported_line(stamp: ExportStamp) -> str:
    at = timezone.localtime(stamp.at)
    return _("Exported by %(name)s on %(date)s at %(time)s.") % {
        "name": stamp.by,
        "date": formats.date_format(at, "DATE_FORMAT"),
        "time": formats.time_format(at, "TIME_FORMAT"),
    }


def filename(act: Act, kind: str) -> str:
    """`acta-<mesa-slug>-<meeting date>.<kind>`, the date in the Mesa's calendar."""
    day = timezone.localtime(act.meeting.starts_at, act.meeting.mesa.tzinfo).date()
    return f"acta-{act.meeting.mesa.slug}-{day.isoformat()}.{kind}"


def signatories(act: Act) -> dict[str, str]:
    """The coordinator and the technical secretary in office on the day of the meeting, by name."""
    day = timezone.localtime(act.meeting.starts_at, act.meeting.mesa.tzinfo).date()
    offices = (
        Office.objects.current(day)
        .filter(mesa_id=act.meeting.mesa_id, kind__in=[Office.Kind.COORDINATOR, Office.Kind.SECRETARY])
        .select_related("membership__user")
    )
    return {office.kind: office.membership.user.full_name for office in offices}


def _context(act: Act, stamp: ExportStamp) -> dict[str, object]:
    return {
        "signatories": signatories(act),
        "act": act,
        "meeting": act.meeting,
        "minutes": act.minutes,
        "mesa": act.meeting.mesa,
        "mark": confidentiality_mark(),
        "exported": exported_line(stamp),
    }


def render_pdf(act: Act, stamp: ExportStamp) -> bytes:
    """Render the acta as PDF. Nothing is fetched: no URL, no web font (DejaVu comes from the system)."""
    from weasyprint import HTML  # imported here: it loads Pango, which only exports need
    from weasyprint.urls import URLFetcher

    html = render_to_string("minutes/acta_pdf.html", _context(act, stamp))
    pdf = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
    assert pdf is not None  # noqa: S101 - write_pdf without a target returns the bytes
    return pdf


def render_docx(act: Act, stamp: ExportStamp) -> bytes:
    """Render the acta as DOCX; the header and footer repeat on every page."""
    from msj.minutes.word import build_docx

    buffer = io.BytesIO()
    document = build_docx(act, mark=confidentiality_mark(), exported=exported_line(stamp), signatories=signatories(act))
    document.save(buffer)
    return buffer.getvalue()
