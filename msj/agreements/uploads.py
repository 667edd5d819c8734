"""Evidence files: which types are accepted, decided by their content and not only their name.

A file is accepted when its first bytes (or, for XLSX and DOCX, the parts inside the ZIP
container) say it is one of the allowed types *and* its extension agrees; CSV and TXT have
no signature, so they must be text (UTF-8 or Windows-1252, no control characters).
"""

from __future__ import annotations

import hashlib
import os
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv"
TXT = "text/plain"

EXTENSIONS = {
    ".pdf": PDF,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".png": PNG,
    ".xlsx": XLSX,
    ".docx": DOCX,
    ".csv": CSV,
    ".txt": TXT,
}
# Control characters that never appear in a text file (tab, line breaks and form feed do).
_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Inspected:
    upload: Any
    name: str
    content_type: str
    size: int
    sha256: str


def max_upload_bytes() -> int:
    return int(settings.MSJ_MAX_UPLOAD_BYTES)


def _read_all(upload: Any) -> bytes:
    upload.seek(0)
    data = b"".join(upload.chunks()) if hasattr(upload, "chunks") else upload.read()
    upload.seek(0)
    return bytes(data)


def _zip_kind(upload: Any) -> str | None:
    """XLSX or DOCX by the parts of the Office Open XML package, without decompressing anything."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "xl/workbook.xml" in names:
        return XLSX
    if "word/document.xml" in names:
        return DOCX
    return None


def _is_text(data: bytes) -> bool:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _BINARY.search(text) is None
    return False


def sniff(upload: Any, data: bytes, extension: str) -> str | None:
    """The content type of `data` when it is one of the allowed types, else None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    if extension in {".csv", ".txt"} and _is_text(data):
        return EXTENSIONS[extension]
    return None


def inspect_upload(upload: Any) -> Inspected:
    """Check one uploaded file's size and type; refuse it with a message naming the file."""
    name = os.path.basename(str(upload.name or "").replace("\\", "/")).strip()[:255] or "file"
    limit = max_upload_bytes()
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is larger than the limit of %(limit)s per file.")
            % {"name": name, "limit": filesizeformat(limit)},
            code="too_large",
        )
    extension = os.path.splitext(name)[1].lower()
    data = _read_all(upload)
    content_type = sniff(upload, data, extension)
    if content_type is None or EXTENSIONS.get(extension) != content_type:
        raise ValidationError(
            _(
                "“%(name)s” is not an accepted file: send a PDF, JPEG, PNG, XLSX, DOCX, CSV or TXT file "
                "whose name ends with its type."
            )
            % {"name": name},
            code="bad_type",
        )
    return Inspected(
        upload=upload, name=name, content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest()
    )


def inspect_uploads(uploads: list[Any]) -> list[Inspected]:
    """Check every file; refuse them all, with one message per refused file, if any is refused."""
    accepted, errors = [], []
    for upload in uploads:
        try:
            accepted.append(inspect_upload(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"evidence": errors})
    return accepted
