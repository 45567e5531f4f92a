"""The bottom of the preference step: what went wrong or right, "Lưu" / "Tải lại" / "Các phiên
bản đã lưu", and the saved versions once asked for.

The widget shows; the page decides (it connects the buttons and hands over the texts). Texts
stay in the page's translation context (``PreferencesPage``): they were the page's before this
part became its own widget. GUI thread only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from exam_client.services.catalog import CatalogSnapshot
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.kiosk import preference_text as text
from exam_client.ui.kiosk.preference_list import RowList


class PreferenceActions(Retranslatable, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.saving = False
        self.problems = QLabel()
        self.problems.setObjectName("kioskError")
        self.problems.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("kioskNote")
        self.status.setWordWrap(True)
        self.save_button = QPushButton()
        self.save_button.setObjectName("kioskPrimary")
        self.reload_button = QPushButton()
        self.history_button = QPushButton()
        self.history = RowList()
        buttons = QHBoxLayout()
        for button in (self.save_button, self.reload_button, self.history_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.problems)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addWidget(self.history)
        self.history.hide()  # in the layout already: hiding never makes it a window
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.save_button.setText(
            QCoreApplication.translate("PreferencesPage", "Đang lưu…")
            if self.saving
            else QCoreApplication.translate("PreferencesPage", "Lưu nguyện vọng")
        )
        self.save_button.setAccessibleName(
            QCoreApplication.translate("PreferencesPage", "Lưu danh sách nguyện vọng")
        )
        self.reload_button.setText(QCoreApplication.translate("PreferencesPage", "Tải lại"))
        self.reload_button.setAccessibleName(
            QCoreApplication.translate("PreferencesPage", "Tải lại danh sách từ hệ thống")
        )
        self.history_button.setText(
            QCoreApplication.translate("PreferencesPage", "Các phiên bản đã lưu")
        )
        self.history_button.setAccessibleName(
            QCoreApplication.translate("PreferencesPage", "Xem các phiên bản đã lưu trước đây")
        )
        self.history.setAccessibleName(
            QCoreApplication.translate("PreferencesPage", "Các phiên bản đã lưu")
        )

    def show_messages(self, problems: list[str], ok: str) -> None:
        """Problems (red, above) and a success line (below); each hidden when empty."""
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        self.status.setText(ok)
        self.status.setVisible(bool(ok))

    def show_versions(self, history: Any, catalog: CatalogSnapshot | None) -> None:
        """Every saved version (``PreferenceService.history()``'s answer, in the server's
        order), programmes by name."""
        self.history.clear_rows()
        for version in history.versions:
            names = []
            for choice in version.items:
                inst, code = choice.institution_code, choice.programme_code
                entry = catalog.find(inst, code) if catalog else None
                names.append(f"{inst} {entry.programme.name if entry else code}")
            line = text.history_line(version.version, version.created_at, version.count, names)
            self.history.add_row(line)
        if not history.versions:
            self.history.add_row(
                QCoreApplication.translate("PreferencesPage", "Chưa có phiên bản nào được lưu.")
            )
        self.history.show()
        self.history.setFocus()
