"""The candidate's files: CV and motivation letter in PDF, photo in JPEG or PNG, each within a limit.

The type is decided by the file's first bytes and its name together, as for agreements'
evidence (msj/agreements/uploads.py, whose `sniff` this reuses); a file whose content and
extension disagree is refused. One refused file refuses the whole application.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from msj.admissions.models import CandidateFile
from msj.agreements.uploads import EXTENSIONS, JPEG, PDF, PNG, Inspected, sniff

MAX_CANDIDATE_FILE_BYTES = 5 * 1024 * 1024

ACCEPTED: dict[str, frozenset[str]] = {
    CandidateFile.Kind.CV: frozenset({PDF}),
    CandidateFile.Kind.PHOTO: frozenset({JPEG, PNG}),
    CandidateFile.Kind.LETTER: frozenset({PDF}),
}


def _read_all(upload: Any) -> bytes:
    upload.seek(0)
    data = b"".join(upload.chunks()) if hasattr(upload, "chunks") else upload.read()
    upload.seek(0)
    return bytes(data)


def _type_refused(kind: str, name: str) -> str:
    label = CandidateFile.Kind(kind).label
    if kind == CandidateFile.Kind.PHOTO:
        return _("%(field)s: “%(name)s” is not a JPEG or PNG image whose name ends with .jpg, .jpeg or .png.") % {
            "field": label,
            "name": name,
        }
    return _("%(field)s: “%(name)s” is not a PDF file whose name ends with .pdf.") % {"field": label, "name": name}


def inspect_candidate_file(kind: str, upload: Any) -> Inspected:
    """Check one of the candidate's files; refuse it with a message naming the field."""
    label = CandidateFile.Kind(kind).label
    if upload is None:
        raise ValidationError({kind: _("%(field)s: attach the file.") % {"field": label}})
    name = os.path.basename(str(upload.name or "").replace("\\", "/")).strip()[:255] or "file"
    if upload.size is None or upload.size > MAX_CANDIDATE_FILE_BYTES:
        raise ValidationError(
            {
                kind: _("%(field)s: “%(name)s” is larger than the limit of %(limit)s.")
                % {"field": label, "name": name, "limit": filesizeformat(MAX_CANDIDATE_FILE_BYTES)}
            }
        )
    extension = os.path.splitext(name)[1].lower()
    data = _read_all(upload)
    content_type = sniff(upload, data, extension)
    if content_type not in ACCEPTED[kind] or EXTENSIONS.get(extension) != content_type:
        raise ValidationError({kind: _type_refused(kind, name)})
    return Inspected(
        upload=upload, name=name, content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest()
    )


def inspect_candidate_files(files: Mapping[str, Any]) -> dict[str, Inspected]:
    """Check the CV, the photo and the letter; refuse them all, one message per refused field, if any fails."""
    accepted: dict[str, Inspected] = {}
    errors: dict[str, list[str]] = {}
    for kind in CandidateFile.Kind.values:
        try:
            accepted[kind] = inspect_candidate_file(kind, files.get(kind))
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return accepted
