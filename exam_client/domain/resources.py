"""Where the shipped data files (rule sets, tables, fonts) live.

Source runs read ``<repo>/resources``; a PyInstaller bundle unpacks them under ``sys._MEIPASS``;
``EXAM_CLIENT_RESOURCES`` overrides both (used by tests and by packagers).
"""

from __future__ import annotations

import json
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any


def resources_dir() -> Path:
    override = os.environ.get("EXAM_CLIENT_RESOURCES")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return _SOURCE_RESOURCES


# resolved once: ``Path.resolve`` walks every component with a system call each
_SOURCE_RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


@cache
def load_json(*parts: str) -> Any:
    """Load a shipped JSON table once; the tables are read-only for the process lifetime."""
    with resource_path(*parts).open(encoding="utf-8") as fh:
        return json.load(fh)
