"""Where the school's data and the population register disagree, both side by side, per field.

The register is the reference for identity (DOMAIN.md §3.1: registration units must check it),
but it is never applied silently over what the school typed: the person sees both values and
chooses, one field at a time ("Dùng dữ liệu CSDL dân cư" or keep the school's value).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from exam_client.ui.i18n import Retranslatable


@dataclass(frozen=True, slots=True)
class Difference:
    key: str
    caption: str
    school_value: str
    register_value: str


class _Row:
    def __init__(self, diff: Difference) -> None:
        self.diff = diff
        self.caption = QLabel(diff.caption)
        self.caption.setObjectName("cardKey")
        self.school = QLabel(diff.school_value or "—")
        self.register = QLabel(diff.register_value or "—")
        self.register.setObjectName("registerValue")
        self.use = QPushButton()
        self.use.setAutoDefault(False)
        self.keep = QPushButton()
        self.keep.setAutoDefault(False)

    def widgets(self) -> list[QWidget]:
        return [self.caption, self.school, self.register, self.use, self.keep]


class RegisterComparison(Retranslatable, QFrame):
    use_register = Signal(str)  # field key
    keep_school = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.rows: dict[str, _Row] = {}
        self.title = QLabel()
        self.title.setObjectName("sourceOffline")
        self.title.setWordWrap(True)
        self.headers = [QLabel() for _ in range(3)]
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(4)
        for col, header in enumerate(self.headers):
            header.setObjectName("cardKey")
            self.grid.addWidget(header, 0, col)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(self.title)
        layout.addLayout(self.grid)
        self.hide()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(
            self.tr(
                "Dữ liệu của trường khác với CSDL quốc gia về dân cư. Hãy xem từng dòng và chọn "
                "giá trị đúng."
            )
        )
        heads = [self.tr("Mục"), self.tr("Dữ liệu của trường"), self.tr("CSDL dân cư")]
        for label, text in zip(self.headers, heads, strict=True):
            label.setText(text)
        for row in self.rows.values():
            self._label(row)

    def _label(self, row: _Row) -> None:
        row.use.setText(self.tr("Dùng dữ liệu CSDL dân cư"))
        row.use.setAccessibleName(
            self.tr("Dùng dữ liệu CSDL dân cư cho mục %1").replace("%1", row.diff.caption)
        )
        row.keep.setText(self.tr("Giữ của trường"))
        row.keep.setAccessibleName(
            self.tr("Giữ dữ liệu của trường cho mục %1").replace("%1", row.diff.caption)
        )
        row.school.setAccessibleName(self.tr("%1 của trường").replace("%1", row.diff.caption))
        row.register.setAccessibleName(
            self.tr("%1 theo CSDL dân cư").replace("%1", row.diff.caption)
        )

    def show_differences(self, differences: list[Difference]) -> None:
        self.clear()
        for r, diff in enumerate(differences, start=1):
            row = _Row(diff)
            self._label(row)
            for col, widget in enumerate(row.widgets()):
                self.grid.addWidget(widget, r, col)
            row.use.clicked.connect(lambda _=False, k=diff.key: self._resolve(k, use=True))
            row.keep.clicked.connect(lambda _=False, k=diff.key: self._resolve(k, use=False))
            self.rows[diff.key] = row
        self.setVisible(bool(self.rows))

    def clear(self) -> None:
        for row in self.rows.values():
            for widget in row.widgets():
                self.grid.removeWidget(widget)
                widget.deleteLater()
        self.rows = {}
        self.hide()

    def buttons(self) -> list[QWidget]:
        return [b for row in self.rows.values() for b in (row.use, row.keep)]

    def _resolve(self, key: str, *, use: bool) -> None:
        row = self.rows.pop(key, None)
        if row is None:
            return
        next_focus = next(iter(self.rows.values()), None)
        for widget in row.widgets():
            self.grid.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        (self.use_register if use else self.keep_school).emit(key)
        if next_focus is not None:
            next_focus.use.setFocus()
        else:
            self.hide()
