"""The left column of the preference step: search the catalog and pick a programme to add.

Search ignores diacritics (``đ`` = ``d``) and case, by code, programme or institution
(:class:`exam_client.services.catalog.CatalogSnapshot`); Enter in the box goes to the hits,
Enter on a hit asks to add it (:attr:`CatalogSearch.add_requested`): the page decides.

Texts stay in the page's translation context (``PreferencesPage``): they were the page's before
this column became its own widget. GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from exam_client.services.catalog import CatalogEntry, CatalogSnapshot
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.kiosk import preference_text as text
from exam_client.ui.kiosk.preference_list import RowList

SEARCH_LIMIT = 50
HIT_ROW_PX = 56  # one or two lines; above the 48 px touch minimum


class CatalogSearch(Retranslatable, QWidget):
    add_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog: CatalogSnapshot | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)  # up to 200 % text: wrap, never widen the page
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.search.textChanged.connect(lambda _text: self.refresh())
        self.search.returnPressed.connect(self._focus_hits)
        self.label.setBuddy(self.search)
        self.hits = RowList(HIT_ROW_PX)
        self.hits.activated.connect(lambda _index: self.add_requested.emit())
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.search)
        layout.addWidget(self.hits, 1)
        layout.addWidget(self.add_button)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.label.setText(
            QCoreApplication.translate(
                "PreferencesPage", "Tìm ngành hoặc trường (mã, tên; gõ có dấu hay không dấu)"
            )
        )
        self.search.setAccessibleName(
            QCoreApplication.translate("PreferencesPage", "Tìm ngành hoặc trường")
        )
        self.search.setPlaceholderText(
            QCoreApplication.translate("PreferencesPage", "Ví dụ: su pham toan, QSB, 7480201")
        )
        self.hits.setAccessibleName(
            QCoreApplication.translate("PreferencesPage", "Kết quả tìm kiếm")
        )
        self.add_button.setText(
            QCoreApplication.translate("PreferencesPage", "+ Thêm vào danh sách")
        )
        self.add_button.setAccessibleName(
            QCoreApplication.translate(
                "PreferencesPage", "Thêm ngành đã chọn vào danh sách nguyện vọng"
            )
        )
        self.refresh(keep_current=True)  # the names changed language, not the hits

    def show_catalog(self, catalog: CatalogSnapshot | None) -> None:
        self.catalog = catalog
        self.refresh()

    def refresh(self, keep_current: bool = False) -> None:
        """The hits for the box's text, the first one current (or the same one as before)."""
        current = self.hits.data(self.hits.currentRow()) if keep_current else None
        self.hits.clear_rows()
        if self.catalog is None:
            return
        for entry in self.catalog.search(self.search.text(), SEARCH_LIMIT):
            self.hits.add_row(text.entry_text(entry), data=entry.key)
        keys = [self.hits.data(i) for i in range(self.hits.count())]
        self.hits.setCurrentRow(keys.index(current) if current in keys else 0)

    def _focus_hits(self) -> None:
        if self.hits.count():
            self.hits.setFocus()

    def selected(self) -> CatalogEntry | None:
        key = self.hits.data(self.hits.currentRow())
        if key is None or self.catalog is None:
            return None
        return self.catalog.find(*key)

    def set_editable(self, editable: bool) -> None:
        for widget in (self.search, self.hits, self.add_button):
            widget.setEnabled(editable)
