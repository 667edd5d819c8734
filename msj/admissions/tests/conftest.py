from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    """The candidates' files go to a temporary folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
