"""One look for the whole app: a calm, high-contrast style sheet and the app font."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

ACCENT = "#0b5cad"
ERROR = "#b3261e"
OK = "#1b7f3b"
WARN = "#9a6700"

STYLE = f"""
QWidget {{ font-size: 10.5pt; }}
QMainWindow, QDialog {{ background: #f6f7f9; }}
QLabel#title {{ font-size: 16pt; font-weight: 600; color: #1c1f24; }}
QLabel#subtitle {{ color: #4a5160; }}
QLabel#fieldError {{ color: {ERROR}; }}
QLabel#formError {{ color: {ERROR}; background: #fdecea; border: 1px solid #f5c2c0;
  border-radius: 4px; padding: 6px 8px; }}
QLabel#hint {{ color: #33415c; background: #e8f0fb; border: 1px solid #c5d7f2;
  border-radius: 4px; padding: 6px 8px; }}
QLabel#source {{ color: #4a5160; }}
QLabel#sourceOffline {{ color: {WARN}; font-weight: 600; }}
QFrame#card {{ background: white; border: 1px solid #d9dde3; border-radius: 6px; }}
QLabel#cardName {{ font-size: 14pt; font-weight: 600; }}
QLabel#cardKey {{ color: #5b6270; }}
QLineEdit {{ padding: 5px 6px; border: 1px solid #b9c0ca; border-radius: 4px; background: white; }}
QLineEdit:focus {{ border: 1px solid {ACCENT}; }}
QLineEdit[invalid="true"] {{ border: 1px solid {ERROR}; }}
QPushButton {{ padding: 6px 14px; border-radius: 4px; border: 1px solid #b9c0ca;
  background: white; }}
QPushButton:default, QPushButton#primary {{ background: {ACCENT}; color: white;
  border: 1px solid {ACCENT}; }}
QPushButton:disabled {{ background: #e4e7ec; color: #8a919c; border-color: #d0d5dc; }}
QStatusBar QLabel {{ padding: 0 8px; }}
"""


def apply_theme(app: QApplication) -> None:
    font = QFont(app.font())
    font.setFamilies(["Segoe UI", "Noto Sans", "DejaVu Sans", "Arial"])
    app.setFont(font)
    app.setStyleSheet(STYLE)
