"""One look for the whole app: a calm, high-contrast style sheet and the app font.

Text size (issue #8, accessibility): every font size and every minimum control size in the style
sheet is derived from one ``text_scale`` in per cent (100–200). Body text scales fully; headings
grow only as far as they must to stay larger than the body text, because a low-vision reader
needs the running text enlarged, and doubling a 16 pt title would push the form off the window.
:func:`apply_theme` can be called again at any time: Qt re-polishes every widget live.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

ACCENT = "#0b5cad"
ERROR = "#b3261e"
OK = "#1b7f3b"
WARN = "#9a6700"

TEXT_SCALES = (100, 125, 150, 175, 200)
MIN_TEXT_SCALE = TEXT_SCALES[0]
MAX_TEXT_SCALE = TEXT_SCALES[-1]
DEFAULT_TEXT_SCALE = 100
BASE_PT = 10.5
FONT_FAMILIES = ["Segoe UI", "Noto Sans", "DejaVu Sans", "Arial"]
SCALE_PROPERTY = "examClientTextScale"  # the app's current scale, read by windows built later


def text_scale(value: object) -> int:
    """The validated text size in per cent, from a config value (int, "150", "150%").

    Raises ``ValueError`` naming what is expected; the settings layer turns it into its own
    error with the file and the key.
    """
    raw = value.strip().removesuffix("%").strip() if isinstance(value, str) else value
    try:
        if isinstance(raw, bool) or not isinstance(raw, int | str | float):
            raise TypeError
        scale = int(raw)
        if scale != float(raw):
            raise ValueError
    except (TypeError, ValueError):
        raise ValueError(
            f"text_scale must be a whole number of per cent from {MIN_TEXT_SCALE} to "
            f"{MAX_TEXT_SCALE}, not {value!r}"
        ) from None
    if not MIN_TEXT_SCALE <= scale <= MAX_TEXT_SCALE:
        raise ValueError(
            f"text_scale must be from {MIN_TEXT_SCALE} to {MAX_TEXT_SCALE} (%), not {scale}"
        )
    return scale


def step_scale(scale: int, steps: int) -> int:
    """The next larger (``steps`` > 0) or smaller text size of :data:`TEXT_SCALES`, clamped."""
    below = [s for s in TEXT_SCALES if s <= scale]
    index = TEXT_SCALES.index(below[-1]) if below else 0
    return TEXT_SCALES[max(0, min(len(TEXT_SCALES) - 1, index + steps))]


def pt(size: float, scale: int) -> str:
    """A body font size in points at ``scale`` per cent (a style-sheet value)."""
    return f"{size * scale / 100:.1f}pt"


def heading_pt(size: float, body: float, scale: int) -> str:
    """A heading's size: its own at 100 %; at larger scales it keeps its ratio to the body text
    up to 1.25 × (so headings stay headings without taking the whole window)."""
    return f"{max(size, body * scale / 100 * min(size / body, 1.25)):.1f}pt"


def px(size: int, scale: int) -> int:
    """A length that grows with the text (minimum heights, paddings)."""
    return round(size * scale / 100)


def staff_style(scale: int = DEFAULT_TEXT_SCALE) -> str:
    """The staff windows' style sheet at ``scale`` per cent."""
    s = text_scale(scale)
    return f"""
QWidget {{ font-size: {pt(BASE_PT, s)}; }}
QMainWindow, QDialog {{ background: #f6f7f9; }}
QLabel#title {{ font-size: {heading_pt(16, BASE_PT, s)}; font-weight: 600; color: #1c1f24; }}
QLabel#subtitle {{ color: #4a5160; }}
QLabel#fieldError {{ color: {ERROR}; }}
QLabel#formError {{ color: {ERROR}; background: #fdecea; border: 1px solid #f5c2c0;
  border-radius: 4px; padding: 6px 8px; }}
QLabel#hint {{ color: #33415c; background: #e8f0fb; border: 1px solid #c5d7f2;
  border-radius: 4px; padding: 6px 8px; }}
QLabel#source {{ color: #4a5160; }}
QLabel#sourceOffline {{ color: {WARN}; font-weight: 600; }}
QFrame#card {{ background: white; border: 1px solid #d9dde3; border-radius: 6px; }}
QLabel#cardName {{ font-size: {heading_pt(14, BASE_PT, s)}; font-weight: 600; }}
QLabel#cardKey {{ color: #5b6270; }}
QLabel#lockTitle {{ font-size: {heading_pt(16, BASE_PT, s)}; }}
QLineEdit {{ padding: 5px 6px; border: 1px solid #b9c0ca; border-radius: 4px; background: white; }}
QLineEdit:focus {{ border: 1px solid {ACCENT}; }}
QLineEdit[invalid="true"] {{ border: 1px solid {ERROR}; }}
QPushButton {{ padding: 6px 14px; border-radius: 4px; border: 1px solid #b9c0ca;
  background: white; }}
QPushButton:focus {{ border: 2px solid {ACCENT}; }}
QPushButton:default, QPushButton#primary {{ background: {ACCENT}; color: white;
  border: 1px solid {ACCENT}; }}
QPushButton:default:focus, QPushButton#primary:focus {{ border: 2px solid #06325f; }}
QPushButton:disabled {{ background: #e4e7ec; color: #8a919c; border-color: #d0d5dc; }}
QStatusBar QLabel {{ padding: 0 8px; }}
"""


STYLE = staff_style(DEFAULT_TEXT_SCALE)


def current_text_scale(app: QApplication | None = None) -> int:
    """The scale last applied with :func:`apply_theme` (100 if none)."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    value = app.property(SCALE_PROPERTY) if app is not None else None
    return int(value) if isinstance(value, int) else DEFAULT_TEXT_SCALE


def apply_theme(app: QApplication, scale: int = DEFAULT_TEXT_SCALE) -> None:
    """Font and style sheet for the whole app at ``scale`` per cent; safe to call again live."""
    s = text_scale(scale)
    font = QFont(app.font())
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(BASE_PT * s / 100)
    app.setFont(font)
    app.setProperty(SCALE_PROPERTY, s)
    app.setStyleSheet(staff_style(s))
