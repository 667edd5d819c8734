"""Small helpers for tests of any app."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.translation import gettext, override


def es(message: str) -> str:
    """The Spanish text a person reads for an English source message, as a page escapes it."""
    with override("es-mx"):
        return escape(gettext(message))
