"""The kiosk look: large type (≥ 14 pt), touch targets ≥ 48 px, high contrast; every size
derived from the text scale (100–200 %, the header's A+/A− control).

Applied to the :class:`KioskShell` widget only (not the application), so the staff windows keep
their own style if both ever live in one process.
A state (``:checked``, ``:focus``) never changes the font: Qt sizes a button for its plain
font, so a bold checked text would be cut off.
The base size is a plain type rule (``QLabel {font-size}``): a descendant rule like
``#kioskShell QWidget {font-size}`` would outrank every ``QLabel#kioskTitle`` rule.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

from exam_client.ui.theme import (
    ACCENT,
    DEFAULT_TEXT_SCALE,
    ERROR,
    OK,
    SCALE_PROPERTY,
    current_text_scale,
    heading_pt,
    pt,
    px,
    text_scale,
)

MIN_TOUCH_PX = 48
# The top bar holds five short controls in one row: its text stops growing at 150 % so the row
# still fits a 1280 px wide kiosk (its buttons keep the full touch size).
TOP_BAR_MAX_SCALE = 150
BASE_PT = 15


def grow(size: float, scale: int) -> str:
    """A large kiosk size (titles, the ID field, keypad digits): kept at 100 %, and at larger
    scales it keeps its ratio to the scaled body text up to 1.25 × (see ``ui/theme.py``)."""
    return heading_pt(size, BASE_PT, scale)


def touch_px(scale: int = DEFAULT_TEXT_SCALE) -> int:
    """The minimum touch target at ``scale``: 48 px, growing with the text."""
    return px(MIN_TOUCH_PX, text_scale(scale))


def kiosk_style(scale: int = DEFAULT_TEXT_SCALE) -> str:
    """The kiosk style sheet at ``scale`` per cent (fonts and touch targets derived from it)."""
    s = text_scale(scale)
    touch = touch_px(s)
    start, key_h, key_w = max(96, touch * 3 // 2), max(72, touch), max(96, touch)
    bar = min(s, TOP_BAR_MAX_SCALE)
    return f"""
QLabel, QPushButton, QLineEdit {{ font-size: {pt(BASE_PT, s)}; }}
QWidget#kioskShell {{ background: #f3f5f8; }}
QFrame#kioskTopBar {{ background: white; border-bottom: 1px solid #d9dde3; }}
QLabel#kioskBrand {{ font-size: {grow(16, s)}; font-weight: 600; color: #1c1f24; }}
QLabel#kioskTitle {{ font-size: {grow(26, s)}; font-weight: 600; color: #1c1f24; }}
QLabel#kioskHero {{ font-size: {grow(34, s)}; font-weight: 700; color: #1c1f24; }}
QLabel#kioskSubtitle {{ font-size: {grow(16, s)}; color: #4a5160; }}
QLabel#kioskProgress {{ font-size: {pt(BASE_PT, s)}; color: {ACCENT}; font-weight: 600; }}
QLabel#kioskHint {{ color: #4a5160; }}
QLabel#kioskNote {{ color: #33415c; background: #e8f0fb; border: 1px solid #c5d7f2;
  border-radius: 8px; padding: 10px 14px; }}
QLabel#kioskFieldError {{ color: {ERROR}; }}
QLabel#kioskFieldOk {{ color: {OK}; }}
QLabel#kioskError {{ color: {ERROR}; background: #fdecea; border: 1px solid #f5c2c0;
  border-radius: 8px; padding: 10px 14px; }}
QLabel#kioskStepDone {{ color: {OK}; }}
QLabel#kioskStepPending {{ color: #4a5160; }}
QListView {{ font-size: {pt(14, s)}; }}
QFrame#kioskCard {{ background: white; border: 1px solid #d9dde3; border-radius: 12px; }}
QLineEdit {{ min-height: {touch}px; padding: 4px 12px; font-size: {grow(22, s)};
  border: 2px solid #b9c0ca; border-radius: 8px; background: white; }}
QLineEdit:focus {{ border: 2px solid {ACCENT}; }}
QLineEdit[invalid="true"] {{ border: 2px solid {ERROR}; }}
QPushButton {{ min-height: {touch}px; min-width: {touch}px; padding: 4px 20px;
  border-radius: 8px; border: 2px solid #b9c0ca; background: white; color: #1c1f24; }}
QPushButton:focus {{ border: 3px solid {ACCENT}; }}
QPushButton#kioskPrimary {{ background: {ACCENT}; color: white; border: 2px solid {ACCENT};
  font-weight: 600; }}
QPushButton#kioskPrimary:focus {{ border: 3px solid #06325f; }}
QPushButton#kioskStart {{ background: {ACCENT}; color: white; border: none;
  font-size: {grow(26, s)}; font-weight: 600; min-height: {start}px; padding: 8px 48px;
  border-radius: 16px; }}
QPushButton#kioskEnd {{ color: {ERROR}; border: 2px solid {ERROR}; }}
QPushButton#kioskLang {{ padding: 4px 14px; min-width: 136px; }}
QPushButton#kioskTextSize {{ padding: 4px 10px; min-width: {touch}px; font-weight: 700; }}
QPushButton#kioskLang:checked {{ background: #dbe7f7; border: 3px solid {ACCENT}; }}
QPushButton#kioskKey {{ font-size: {grow(24, s)}; min-height: {key_h}px; min-width: {key_w}px; }}
QPushButton#kioskKeyAction {{ font-size: {grow(16, s)}; min-height: {key_h}px;
  min-width: {key_w}px; background: #eef1f5; }}
QPushButton:disabled {{ background: #e4e7ec; color: #8a919c; border-color: #d0d5dc; }}
QFrame#kioskTopBar QPushButton, QFrame#kioskTopBar QLabel {{ font-size: {pt(BASE_PT, bar)}; }}
QFrame#kioskTopBar QLabel#kioskBrand {{ font-size: {grow(16, bar)}; }}
QWidget#kioskOverlay {{ background: rgba(20, 26, 36, 150); }}
QFrame#kioskDialog {{ background: white; border-radius: 16px; }}
QLabel#kioskCountdown {{ font-size: {grow(44, s)}; font-weight: 700; color: {ERROR}; }}
"""


KIOSK_STYLE = kiosk_style(DEFAULT_TEXT_SCALE)


def apply_kiosk_theme(shell: QWidget, scale: int | None = None) -> int:
    """Style ``shell`` at ``scale`` per cent (default: the app's text size); returns the scale.

    Safe to call again live (the A+/A− control): Qt re-polishes every child.
    """
    s = current_text_scale() if scale is None else text_scale(scale)
    font = QFont(shell.font())
    font.setPointSizeF(BASE_PT * s / 100)
    shell.setFont(font)
    shell.setStyleSheet(kiosk_style(s))
    shell.setProperty(SCALE_PROPERTY, s)
    return s
