"""Development pages: the mail the file backend wrote, and the outbox. DEBUG and staff only."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from functools import wraps
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from msj.notifications.models import OutboundEmail

# What Django's file backend writes between two messages of one file.
_SEPARATOR = b"\n" + b"-" * 79 + b"\n"
# The file backend's names look like 20250101-120000-140234.log; accept nothing else.
_FILE_NAME = re.compile(r"^[0-9A-Za-z_-][0-9A-Za-z_.-]{0,200}\.log$")
_MAX_FILES = 200


@dataclass
class DevMessage:
    file_name: str
    date: dt.datetime | None
    to: str
    subject: str
    message_id: str
    text: str


def dev_staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer 404 unless DEBUG is on and the person is platform staff: the page does not exist."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not (settings.DEBUG and request.user.is_authenticated and request.user.is_staff):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _mail_dir() -> Path | None:
    path = getattr(settings, "EMAIL_FILE_PATH", None)
    return Path(path).resolve() if path else None


def _mail_file(name: str) -> Path:
    """Return the file of that name inside the mail folder, or raise 404; never a path outside it."""
    folder = _mail_dir()
    if folder is None or not _FILE_NAME.fullmatch(name):
        raise Http404
    path = folder / name
    if not _inside(folder, path):
        raise Http404
    return path


def _inside(folder: Path, path: Path) -> bool:
    """Say whether path is a regular file directly in folder once links are followed."""
    resolved = path.resolve()
    return resolved.parent == folder and resolved.is_file()


def _parse(file_name: str, data: bytes) -> list[DevMessage]:
    messages = []
    for chunk in data.split(_SEPARATOR):
        if not chunk.strip():
            continue
        parsed = BytesParser(policy=policy.default).parsebytes(chunk.lstrip(b"\n"))
        assert isinstance(parsed, EmailMessage)  # noqa: S101 - policy.default makes EmailMessage
        messages.append(
            DevMessage(
                file_name=file_name,
                date=_header_date(parsed),
                to=str(parsed.get("To", "")),
                subject=str(parsed.get("Subject", "")),
                message_id=str(parsed.get("Message-ID", "")),
                text=_text_body(parsed),
            )
        )
    return messages


def _header_date(message: EmailMessage) -> dt.datetime | None:
    header = message.get("Date")
    return getattr(header, "datetime", None) if header is not None else None


def _text_body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    assert isinstance(part, EmailMessage)  # noqa: S101
    content = part.get_content()
    return content if isinstance(content, str) else ""


@never_cache
@require_GET
@dev_staff_only
def mail_list(request: HttpRequest) -> HttpResponse:
    """List the messages written by the file mail backend, newest first."""
    folder = _mail_dir()
    mail_messages: list[DevMessage] = []
    if folder is not None and folder.is_dir():
        files = sorted(
            (p for p in folder.iterdir() if _FILE_NAME.fullmatch(p.name) and _inside(folder, p)),
            key=lambda p: (p.stat().st_mtime, p.name),
            reverse=True,
        )[:_MAX_FILES]
        for path in files:
            mail_messages.extend(reversed(_parse(path.name, path.read_bytes())))
    return render(request, "notifications/dev_mail_list.html", {"mail_messages": mail_messages, "folder": folder})


@never_cache
@require_GET
@dev_staff_only
def mail_detail(request: HttpRequest, name: str) -> HttpResponse:
    """Show the messages of one file (usually one) with their decoded text bodies."""
    path = _mail_file(name)
    return render(
        request, "notifications/dev_mail_detail.html", {"name": name, "mail_messages": _parse(name, path.read_bytes())}
    )


@never_cache
@require_GET
@dev_staff_only
def outbox(request: HttpRequest) -> HttpResponse:
    """List the latest outbox rows with their delivery state."""
    emails = OutboundEmail.objects.select_related("mesa").defer("body_text", "body_html", "attachments")[:200]
    return render(request, "notifications/dev_outbox.html", {"emails": emails})
