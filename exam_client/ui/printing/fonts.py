"""The typeface every printed page uses: DejaVu Sans, shipped in ``resources/fonts``.

A school prints forms on whatever Windows machine it has; a system font there may lack the
Vietnamese stacked diacritics (ể, ặ, ỗ) or differ between machines, which changes line breaks and
can push a name out of its box. So printing uses only the shipped files, loaded into Qt's
application font database once, and refuses to print if they are missing instead of silently
falling back to a system font.
"""

from __future__ import annotations

import threading

from PySide6.QtGui import QFont, QFontDatabase

from exam_client.domain.resources import resource_path

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf")
"""Regular, bold and oblique faces of one family; the licence is ``LICENSE-DejaVu.txt``."""

_lock = threading.Lock()
_family: str | None = None


class PrintFontError(RuntimeError):
    """The shipped print font is missing or unusable: an installation fault, not a user one."""


def print_family() -> str:
    """Load the shipped fonts (first call only) and return their family name.

    Needs a ``QGuiApplication``. Safe to call from a worker thread: the first load is guarded by a
    lock, and Qt's font database is thread-safe for reads.
    """
    global _family  # noqa: PLW0603 - a process-wide, load-once registry
    with _lock:
        if _family is None:
            _family = _load()
        return _family


def _load() -> str:
    families: set[str] = set()
    for name in FONT_FILES:
        path = resource_path("fonts", name)
        if not path.is_file():
            raise PrintFontError(
                f"Thiếu tệp phông chữ in {path}. Hãy cài lại phần mềm. "
                f"(Print font file {path} is missing; reinstall the application.)"
            )
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            raise PrintFontError(
                f"Không nạp được phông chữ in {path}. Hãy cài lại phần mềm. "
                f"(Qt could not load the print font {path}; the file may be damaged.)"
            )
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    if len(families) != 1:
        raise PrintFontError(f"The print font files hold several families: {sorted(families)}")
    family = families.pop()
    if QFontDatabase.WritingSystem.Vietnamese not in QFontDatabase.writingSystems(family):
        raise PrintFontError(f"The print font {family!r} does not cover Vietnamese")
    return family


def print_font(point_size: float, *, bold: bool = False, italic: bool = False) -> QFont:
    """A font of the shipped family; glyph fallback to system fonts is switched off.

    Without ``NoFontMerging`` a missing glyph would be borrowed from some system font and the page
    would look different on each machine; with it, a gap shows up in the tests instead.
    """
    font = QFont(print_family())
    font.setPointSizeF(point_size)
    font.setBold(bold)
    font.setItalic(italic)
    font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    font.setKerning(True)
    return font
