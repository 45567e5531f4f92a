"""The kiosk look: large type (≥ 14 pt), touch targets ≥ 48 px, high contrast.

Applied to the :class:`KioskShell` widget only (not the application), so the staff windows keep
their own style if both ever live in one process.
The base size is a plain type rule (``QLabel {font-size}``): a descendant rule like
``#kioskShell QWidget {font-size}`` would outrank every ``QLabel#kioskTitle`` rule.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

from exam_client.ui.theme import ACCENT, ERROR, OK

MIN_TOUCH_PX = 48
BASE_PT = 15

KIOSK_STYLE = f"""
QLabel, QPushButton, QLineEdit {{ font-size: {BASE_PT}pt; }}
QWidget#kioskShell {{ background: #f3f5f8; }}
QFrame#kioskTopBar {{ background: white; border-bottom: 1px solid #d9dde3; }}
QLabel#kioskBrand {{ font-size: 16pt; font-weight: 600; color: #1c1f24; }}
QLabel#kioskTitle {{ font-size: 26pt; font-weight: 600; color: #1c1f24; }}
QLabel#kioskHero {{ font-size: 34pt; font-weight: 700; color: #1c1f24; }}
QLabel#kioskSubtitle {{ font-size: 16pt; color: #4a5160; }}
QLabel#kioskProgress {{ font-size: 15pt; color: {ACCENT}; font-weight: 600; }}
QLabel#kioskHint {{ color: #4a5160; }}
QLabel#kioskNote {{ color: #33415c; background: #e8f0fb; border: 1px solid #c5d7f2;
  border-radius: 8px; padding: 10px 14px; }}
QLabel#kioskFieldError {{ color: {ERROR}; }}
QLabel#kioskFieldOk {{ color: {OK}; }}
QLabel#kioskError {{ color: {ERROR}; background: #fdecea; border: 1px solid #f5c2c0;
  border-radius: 8px; padding: 10px 14px; }}
QLabel#kioskStepDone {{ color: {OK}; }}
QLabel#kioskStepPending {{ color: #4a5160; }}
QFrame#kioskCard {{ background: white; border: 1px solid #d9dde3; border-radius: 12px; }}
QLineEdit {{ min-height: {MIN_TOUCH_PX}px; padding: 4px 12px; font-size: 22pt;
  border: 2px solid #b9c0ca; border-radius: 8px; background: white; }}
QLineEdit:focus {{ border: 2px solid {ACCENT}; }}
QLineEdit[invalid="true"] {{ border: 2px solid {ERROR}; }}
QPushButton {{ min-height: {MIN_TOUCH_PX}px; min-width: {MIN_TOUCH_PX}px; padding: 4px 20px;
  border-radius: 8px; border: 2px solid #b9c0ca; background: white; color: #1c1f24; }}
QPushButton:focus {{ border: 3px solid {ACCENT}; }}
QPushButton#kioskPrimary {{ background: {ACCENT}; color: white; border: 2px solid {ACCENT};
  font-weight: 600; }}
QPushButton#kioskPrimary:focus {{ border: 3px solid #06325f; }}
QPushButton#kioskStart {{ background: {ACCENT}; color: white; border: none; font-size: 26pt;
  font-weight: 600; min-height: 96px; padding: 8px 48px; border-radius: 16px; }}
QPushButton#kioskEnd {{ color: {ERROR}; border: 2px solid {ERROR}; }}
QPushButton#kioskLang {{ padding: 4px 14px; min-width: 136px; }}
QPushButton#kioskLang:checked {{ background: #dbe7f7; border: 2px solid {ACCENT};
  font-weight: 600; }}
QPushButton#kioskKey {{ font-size: 24pt; min-height: 72px; min-width: 96px; }}
QPushButton#kioskKeyAction {{ font-size: 16pt; min-height: 72px; min-width: 96px;
  background: #eef1f5; }}
QPushButton:disabled {{ background: #e4e7ec; color: #8a919c; border-color: #d0d5dc; }}
QWidget#kioskOverlay {{ background: rgba(20, 26, 36, 150); }}
QFrame#kioskDialog {{ background: white; border-radius: 16px; }}
QLabel#kioskCountdown {{ font-size: 44pt; font-weight: 700; color: {ERROR}; }}
"""


def apply_kiosk_theme(shell: QWidget) -> None:
    font = QFont(shell.font())
    font.setPointSizeF(BASE_PT)
    shell.setFont(font)
    shell.setStyleSheet(KIOSK_STYLE)
