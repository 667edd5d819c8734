"""A word-level comparison of two texts, for showing what changed between two diagnosis versions."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# Words and the whitespace after them stay together, so the text reads naturally when rebuilt.
_TOKEN = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Segment:
    op: str  # "same", "removed" or "added"
    text: str


def word_diff(old: str, new: str) -> list[Segment]:
    """Split two texts into unchanged, removed and added runs of words."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(Segment("same", "".join(a[i1:i2])))
            continue
        if tag in {"replace", "delete"}:
            segments.append(Segment("removed", "".join(a[i1:i2])))
        if tag in {"replace", "insert"}:
            segments.append(Segment("added", "".join(b[j1:j2])))
    return segments
