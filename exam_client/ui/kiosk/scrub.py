"""Blanking a kiosk screen before it is destroyed, and the clipboard: the mechanical half of the
kiosk wipe (:meth:`exam_client.ui.kiosk.shell.KioskShell.wipe` decides when).

``deleteLater`` is deferred, so a widget outlives the wipe for a moment: every text it holds is
cleared first. GUI thread only.
"""

from __future__ import annotations

from PySide6.QtGui import QClipboard
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableWidget,
    QTextEdit,
    QTreeWidget,
    QWidget,
)


def scrub(root: QWidget) -> None:
    """Blank every text-holding widget under ``root`` (before it is destroyed) so no text
    survives in a widget that outlives this call for a moment (deleteLater is deferred)."""
    for edit in root.findChildren(QLineEdit):
        edit.setText("")  # setText also drops the undo history
    for text in root.findChildren(QTextEdit):
        text.clear()
    for plain in root.findChildren(QPlainTextEdit):
        plain.clear()
    for label in root.findChildren(QLabel):
        label.clear()
        label.setAccessibleName("")
    for view in root.findChildren(QAbstractItemView):
        if isinstance(view, QListWidget | QTreeWidget | QTableWidget):
            view.clear()  # their model is private: setModel(None) raises on them
            continue
        model = view.model()
        if model is not None and hasattr(model, "clear"):
            model.clear()
        view.setModel(None)


def clear_clipboard() -> None:
    clipboard = QApplication.clipboard()
    clipboard.clear(QClipboard.Mode.Clipboard)
    if clipboard.supportsSelection():
        clipboard.clear(QClipboard.Mode.Selection)
