"""Small building blocks shared by the editor's sections: a field with its own error line.

Each input that the rules engine can complain about gets a :class:`FieldSlot`: the widget, the
label that names it (for the summary list) and a red line under it. The problem board fills the
red lines; the sections only build them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


@dataclass
class FieldSlot:
    """One place a problem can be shown: ``focus`` receives the keyboard when it is activated."""

    path: str
    focus: QWidget
    error: QLabel
    caption: Callable[[], str]


def error_line() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.hide()
    return label


def stacked(widget: QWidget, error: QLabel) -> QWidget:
    """``widget`` with its error line right under it, as one cell of a form grid."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(widget)
    layout.addWidget(error)
    return box


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Red border through the ``invalid`` property (theme + editor style sheet)."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
