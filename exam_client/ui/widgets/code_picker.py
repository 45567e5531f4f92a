"""A short code typed by hand or picked by searching its name (province, school, …).

Staff know many codes by heart and type them; for the rest they search by name, without
diacritics ("ha tinh" finds "Hà Tĩnh"). The field holds the code only, so what is saved is what
the form asks for; the resolved name is shown next to it, so a mistyped code is visible at once.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QLineEdit, QWidget

from exam_client.domain.names import fold

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2


class _CodeCompleter(QCompleter):
    """Matches anywhere in "code name folded-name"; inserts only the code."""

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802
        return str(index.data(CODE_ROLE) or "")

    def splitPath(self, path: str) -> list[str]:  # noqa: N802
        return [fold(path)]


class CodePicker(QWidget):
    """A digits-only code field with a searchable list of ``(code, name)`` and the name shown.

    ``code_changed`` is emitted with the code as typed (it may be incomplete or unknown: the
    rules engine, not this widget, says what is wrong with it).
    """

    code_changed = Signal(str)

    def __init__(self, digits: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names: dict[str, str] = {}
        self.edit = QLineEdit()
        # Digits while typing a code; letters are allowed too so a name can be searched.
        self.edit.setValidator(QRegularExpressionValidator(r"[^\t\n]{0,40}"))
        self.edit.setMaxLength(40)
        self.edit.setMinimumWidth(64)
        self.edit.setMaximumWidth(90 + 8 * digits)
        self.digits = digits
        self.name_label = QLabel()
        self.name_label.setObjectName("codeName")
        self.name_label.setMinimumWidth(120)
        self._model = QStandardItemModel(self)
        self._completer = _CodeCompleter(self._model, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setCompletionRole(SEARCH_ROLE)
        self._completer.setMaxVisibleItems(12)
        self.edit.setCompleter(self._completer)
        self.edit.textChanged.connect(self._on_text)
        self.edit.editingFinished.connect(self._settle)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.edit)
        layout.addWidget(self.name_label, 1)
        self.setFocusProxy(self.edit)

    def set_items(
        self, items: Iterable[tuple[str, str]], extra_search: dict[str, str] | None = None
    ) -> None:
        """``(code, name)`` pairs; ``extra_search`` adds words to find a code by (old names)."""
        self._model.clear()
        self._names = {}
        for code, name in items:
            self._names[code] = name
            item = QStandardItem(f"{code} – {name}")
            item.setData(code, CODE_ROLE)
            words = f"{code} {name} {extra_search.get(code, '') if extra_search else ''}"
            item.setData(f"{code} {fold(words)}", SEARCH_ROLE)
            self._model.appendRow(item)
        self._show_name(self.code())

    def code(self) -> str:
        return self.edit.text().strip()

    def set_code(self, code: str) -> None:
        self.edit.setText(code)
        self._show_name(code)

    def name_of(self, code: str) -> str | None:
        return self._names.get(code)

    def _on_text(self, text: str) -> None:
        if text.isdigit() and len(text) > self.digits:
            self.edit.setText(text[: self.digits])  # a code is never longer: re-enters here
            return
        self._show_name(text.strip())
        self.code_changed.emit(text.strip())

    def _settle(self) -> None:
        """A name typed and left without picking: keep it only if it names exactly one code."""
        text = self.code()
        if not text or text.isdigit():
            return
        key = fold(text)
        hits = [c for c, n in self._names.items() if key in fold(n)]
        if len(hits) == 1:
            self.set_code(hits[0])

    def _show_name(self, code: str) -> None:
        name = self._names.get(code)
        self.name_label.setText(name or "")
