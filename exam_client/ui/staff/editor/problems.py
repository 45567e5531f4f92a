"""Where the rules engine's problems are shown: next to each field, and as a list at the top.

A problem names a field path (``schools.11.school_code``, ``fl_exemption.components.L``); the
board shows it at the most specific slot it knows, walking up the path, so a new rule with a
deeper path still lands near the right input. Activating a line of the summary moves the focus
to that input (Enter or double click), so the whole form can be fixed from the keyboard.

A new, empty form is not painted red: a section's problems appear once something in it was
edited (or filled from the register), and all of them on a save or submit, or when a saved
record is opened.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from exam_client.domain.problems import Problem
from exam_client.ui.i18n import Retranslatable, current_language
from exam_client.ui.staff.editor.fields import FieldSlot, set_invalid

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def message(problem: Problem) -> str:
    """The engine's message in the language of the screen."""
    return problem.message_en if current_language() == "en" else problem.message_vi


class ProblemBoard(Retranslatable, QWidget):
    """The summary list; it also owns the slots the sections registered."""

    focus_requested = Signal(object)  # the QWidget to focus (the editor scrolls to it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._slots: dict[str, FieldSlot] = {}
        self._shown: dict[str, list[Problem]] = {}
        self.problems: list[Problem] = []
        self.hidden = 0  # problems of sections not edited yet
        self._revealed: set[str] | None = set()  # slot paths shown; None: all
        self.heading = QLabel()
        self.heading.setObjectName("formError")
        self.heading.setWordWrap(True)
        self.summary = QListWidget()
        self.summary.setObjectName("problemSummary")
        self.summary.itemActivated.connect(self._activated)
        self.summary.itemDoubleClicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        self.hide()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.summary.setAccessibleName(self.tr("Danh sách lỗi của phiếu"))
        self.summary.setAccessibleDescription(self.tr("Nhấn Enter trên một lỗi để đến ô cần sửa."))
        self.show_problems(self.problems)

    # -- slots --------------------------------------------------------------------------------
    def register(self, slot: FieldSlot) -> None:
        self._slots[slot.path] = slot

    def slot_for(self, path: str) -> FieldSlot | None:
        """The slot of ``path`` or of its nearest parent (``a.b.c`` → ``a.b`` → ``a``)."""
        parts = path.split(".")
        while parts:
            found = self._slots.get(".".join(parts))
            if found is not None:
                return found
            parts.pop()
        return None

    def reveal(self, paths: Sequence[str]) -> None:
        if self._revealed is not None and not self._revealed.issuperset(paths):
            self._revealed.update(paths)
            self.show_problems(self.problems)

    def reveal_all(self) -> None:
        if self._revealed is not None:
            self._revealed = None
            self.show_problems(self.problems)

    def _shown_now(self, problem: Problem) -> bool:
        slot = self.slot_for(problem.field)
        return self._revealed is None or slot is None or slot.path in self._revealed

    def messages_at(self, path: str) -> list[str]:
        return [message(p) for p in self._shown.get(path, [])]

    # -- showing ------------------------------------------------------------------------------
    def show_problems(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        visible = [p for p in self.problems if self._shown_now(p)]
        self.hidden = len(self.problems) - len(visible)
        grouped: dict[str, list[Problem]] = {}
        for problem in visible:
            slot = self.slot_for(problem.field)
            grouped.setdefault(slot.path if slot else "", []).append(problem)
        for path, slot in self._slots.items():
            here = grouped.get(path, [])
            errors = [p for p in here if p.is_error]
            text = "\n".join(message(p) for p in here)
            slot.error.setText(text)
            slot.error.setVisible(bool(here))
            slot.error.setObjectName("fieldError" if errors or not here else "fieldWarning")
            slot.error.style().unpolish(slot.error)
            slot.error.style().polish(slot.error)
            set_invalid(slot.focus, bool(errors))
            slot.focus.setAccessibleDescription(text)
        self._shown = grouped
        self._fill_summary(visible)

    def _fill_summary(self, visible: list[Problem]) -> None:
        self.summary.clear()
        errors = sum(1 for p in visible if p.is_error)
        warnings = len(visible) - errors
        if not visible:
            self.hide()
            return
        for problem in visible:
            slot = self.slot_for(problem.field)
            caption = slot.caption() if slot else problem.field
            mark = "✖" if problem.is_error else "⚠"
            item = QListWidgetItem(f"{mark} {caption}: {message(problem)}")
            item.setData(PATH_ROLE, problem.field)
            item.setToolTip(problem.article or "")
            self.summary.addItem(item)
        rows = min(self.summary.count(), 5)
        height = self.summary.sizeHintForRow(0) * rows + 2 * self.summary.frameWidth() + 4
        self.summary.setFixedHeight(height)
        if errors:
            text = self.tr("Phiếu còn %1 lỗi và %2 lưu ý. Chọn một dòng để đến ô cần sửa.")
        else:
            text = self.tr("Phiếu không còn lỗi; có %2 lưu ý nên xem lại.")
        text = text.replace("%1", str(errors)).replace("%2", str(warnings))
        if self.hidden:
            more = self.tr("Các mục chưa nhập còn %1 lỗi, sẽ hiện khi lưu hoặc nộp.")
            text += " " + more.replace("%1", str(self.hidden))
        self.heading.setText(text)
        self.show()

    def _activated(self, item: QListWidgetItem) -> None:
        slot = self.slot_for(str(item.data(PATH_ROLE)))
        if slot is not None:
            self.focus_requested.emit(slot.focus)

    def focus_first(self) -> None:
        """Put the keyboard on the summary's first line (after a refused submit)."""
        if self.summary.count():
            self.summary.setCurrentRow(0)
            self.summary.setFocus()
