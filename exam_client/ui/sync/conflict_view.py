"""The conflict view: this machine's version and the server's, field by field.

Someone else changed a registration on the server while this machine changed it too. Both
versions are kept (``LocalRegistration.doc`` and ``.server_copy``); here a person picks, per
field, which one to keep (rows that differ are marked "≠" and tinted; identical rows cannot be
chosen), or all of one side, and "Gửi lại" queues the chosen mix as a new operation based on the
server's version (:meth:`RegistrationService.resolve`, run off the GUI thread). Choosing the
server's value everywhere needs no operation: the record is simply in sync again.

Keyboard: arrows move between cells, Space ticks the version of the current cell, Alt+M / Alt+C
choose a whole side, Enter sends, Escape cancels (nothing changes until "Gửi lại" succeeds).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from exam_client.domain.cccd import mask_cccd
from exam_client.services.registrations import conflict_fields, merged_doc
from exam_client.ui.formatting import format_moment
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.sync.fields import field_label, field_value, top_level_field
from exam_client.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from exam_client.services.registrations import (
        FieldDifference,
        LocalRegistration,
        RegistrationService,
        SaveResult,
    )

Side = Literal["mine", "theirs"]
MINE_COLUMN, THEIRS_COLUMN = 1, 2
DIFF_TINT = QColor("#fff4d6")
CHOSEN_TINT = QColor("#e7f4ec")
PROBLEM_TINT = QColor("#fdecea")


class ConflictDialog(Retranslatable, QDialog):
    def __init__(
        self,
        record: LocalRegistration,
        registrations: RegistrationService,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if record.server_copy is None:
            raise ValueError("not a conflict: the record has no server copy")
        self.record = record
        self._registrations = registrations
        self._runner = runner
        # rows that differ first (what the person must decide), then the rest in form order
        self.fields: list[FieldDifference] = sorted(
            conflict_fields(record), key=lambda f: not f.differs
        )
        self.choices: dict[str, Side] = {f.name: "mine" for f in self.fields if f.differs}
        self.result_of_resolve: SaveResult | None = None
        self.problem_fields: set[str] = set()
        self._filling = False
        self.setModal(True)
        self.resize(900, 620)

        self.title = QLabel()
        self.title.setObjectName("title")
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setObjectName("hint")
        self.table = QTableWidget(len(self.fields), 3)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MINE_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(THEIRS_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._item_changed)
        self.summary = QLabel()
        self.summary.setObjectName("subtitle")
        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.all_mine = QPushButton()
        self.all_mine.clicked.connect(lambda: self.choose_all("mine"))
        self.all_theirs = QPushButton()
        self.all_theirs.clicked.connect(lambda: self.choose_all("theirs"))
        for button in (self.all_mine, self.all_theirs):
            button.setAutoDefault(False)  # Enter always means "Gửi lại"
        sides = QHBoxLayout()
        sides.addWidget(self.all_mine)
        sides.addWidget(self.all_theirs)
        sides.addStretch(1)

        self.buttons = QDialogButtonBox()
        self.send_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.send_button.setDefault(True)
        self.buttons.accepted.connect(self.send)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.explanation)
        layout.addLayout(sides)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.table, self.all_mine)
        self.setTabOrder(self.all_mine, self.all_theirs)
        self.setTabOrder(self.all_theirs, self.send_button)
        self.setTabOrder(self.send_button, self.cancel_button)
        self.retranslate_ui()
        self.table.setFocus()
        first = next((i for i, f in enumerate(self.fields) if f.differs), 0)
        self.table.setCurrentCell(first, MINE_COLUMN)

    # -- texts ---------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        theirs = self.record.server_copy
        assert theirs is not None
        name = self.record.doc.full_name
        self.setWindowTitle(self.tr("Xử lý xung đột — %1").replace("%1", name))
        self.title.setText(self.tr("Phiếu của %1 đã được sửa ở hai nơi").replace("%1", name))
        self.explanation.setText(
            self.tr(
                "%1 đã sửa phiếu này trên máy chủ lúc %2 (phiên bản %3) trong khi máy này cũng "
                "sửa. Các mục khác nhau được đánh dấu ≠. Với mỗi mục, hãy đánh dấu bản muốn giữ "
                "(phím cách), rồi bấm “Gửi lại”. Chưa có gì thay đổi cho đến khi gửi."
            )
            .replace("%1", theirs.updated_by)
            .replace("%2", format_moment(theirs.updated_at))
            .replace("%3", str(theirs.version))
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("Mục"), self.tr("Bản trên máy này"), self.tr("Bản trên máy chủ")]
        )
        self.table.setAccessibleName(self.tr("So sánh hai bản của phiếu, từng mục"))
        self.all_mine.setText(self.tr("Giữ tất cả bản trên &máy này"))
        self.all_mine.setAccessibleName(self.tr("Giữ tất cả bản trên máy này"))
        self.all_theirs.setText(self.tr("Lấy tất cả bản trên máy &chủ"))
        self.all_theirs.setAccessibleName(self.tr("Lấy tất cả bản trên máy chủ"))
        self.send_button.setText(self.tr("&Gửi lại"))
        self.send_button.setAccessibleName(self.tr("Gửi lại bản đã chọn"))
        self.cancel_button.setText(self.tr("Huỷ"))
        self._fill()

    def _fill(self) -> None:
        self._filling = True
        bold = QFont(self.font())
        bold.setBold(True)
        for row, diff in enumerate(self.fields):
            label = field_label(diff.name)
            head = QTableWidgetItem(f"≠ {label}" if diff.differs else label)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            if diff.differs:
                head.setToolTip(self.tr("Hai bản khác nhau ở mục này"))
                head.setFont(bold)
            self.table.setItem(row, 0, head)
            for column, value in ((MINE_COLUMN, diff.mine), (THEIRS_COLUMN, diff.theirs)):
                shown = field_value(diff.name, value)
                if diff.name == "cccd" and not diff.differs:
                    shown = mask_cccd(str(value))  # the same ID twice need not be shown in full
                item = QTableWidgetItem(shown)
                item.setData(Qt.ItemDataRole.UserRole, diff.name)
                if diff.differs:
                    item.setFlags(
                        Qt.ItemFlag.ItemIsEnabled
                        | Qt.ItemFlag.ItemIsSelectable
                        | Qt.ItemFlag.ItemIsUserCheckable
                    )
                else:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                    item.setForeground(QBrush(QColor("#5b6270")))
                self.table.setItem(row, column, item)
            self._paint_row(row)
        self.table.resizeRowsToContents()
        self._filling = False
        self._update_summary()

    def _paint_row(self, row: int) -> None:
        diff = self.fields[row]
        if not diff.differs:
            return
        chosen = self.choices[diff.name]
        for column, side in ((MINE_COLUMN, "mine"), (THEIRS_COLUMN, "theirs")):
            item = self.table.item(row, column)
            if item is None:
                continue
            picked = chosen == side
            item.setCheckState(Qt.CheckState.Checked if picked else Qt.CheckState.Unchecked)
            if diff.name in self.problem_fields:
                tint = PROBLEM_TINT
            else:
                tint = CHOSEN_TINT if picked else DIFF_TINT
            item.setBackground(QBrush(tint))
        head = self.table.item(row, 0)
        if head is not None:
            head.setBackground(
                QBrush(PROBLEM_TINT if diff.name in self.problem_fields else DIFF_TINT)
            )

    def _update_summary(self) -> None:
        differing = len(self.choices)
        mine = sum(1 for side in self.choices.values() if side == "mine")
        self.summary.setText(
            self.tr("%1 mục khác nhau: giữ %2 bản trên máy này, %3 bản trên máy chủ")
            .replace("%1", str(differing))
            .replace("%2", str(mine))
            .replace("%3", str(differing - mine))
        )

    # -- choices -------------------------------------------------------------------------------
    def choose(self, field: str, side: Side) -> None:
        if field not in self.choices:
            raise KeyError(f"{field} does not differ between the two versions")
        self.choices[field] = side
        row = next(i for i, f in enumerate(self.fields) if f.name == field)
        self._filling = True
        self._paint_row(row)
        self._filling = False
        self._update_summary()

    def choose_all(self, side: Side) -> None:
        for field in self.choices:
            self.choose(field, side)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() not in (MINE_COLUMN, THEIRS_COLUMN):
            return
        field = item.data(Qt.ItemDataRole.UserRole)
        if field not in self.choices:
            return
        side: Side = "mine" if item.column() == MINE_COLUMN else "theirs"
        if item.checkState() == Qt.CheckState.Unchecked:
            side = "theirs" if side == "mine" else "mine"  # a radio pair: one of the two
        self.choose(str(field), side)

    def chosen_mine(self) -> list[str]:
        return [name for name, side in self.choices.items() if side == "mine"]

    # -- send ----------------------------------------------------------------------------------
    def send(self) -> None:
        """Queue the chosen mix (worker thread); the dialog closes when it is saved."""
        try:
            doc = merged_doc(self.record, self.chosen_mine())
        except ValueError:
            self._show_error(
                self.tr(
                    "Không ghép được hai bản theo lựa chọn này. Hãy chọn cùng một bản cho các "
                    "mục liên quan đến nhau, hoặc giữ tất cả một bản."
                )
            )
            return
        self._set_busy(True)
        registrations, record_id = self._registrations, self.record.id
        self._runner.submit(
            lambda: registrations.resolve(record_id, doc),
            on_success=self._sent,
            on_failure=self._failed,
        )

    def _sent(self, result: SaveResult) -> None:
        self._set_busy(False)
        self.result_of_resolve = result
        if result.saved:
            self.accept()
            return
        self.problem_fields = {top_level_field(p.field) for p in result.problems if p.is_error}
        for row in range(len(self.fields)):
            self._paint_row(row)
        details = "\n".join(
            f"• {field_label(top_level_field(p.field))}: {p.message_vi}"
            for p in result.problems
            if p.is_error
        )
        self._show_error(
            self.tr(
                "Chưa gửi: bản ghép theo lựa chọn này vi phạm quy định. Hãy chọn lại ở các mục "
                "được tô đỏ:\n%1"
            ).replace("%1", details)
        )

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        reason = str(getattr(exc, "message_vi", "") or type(exc).__name__)
        self._show_error(
            self.tr("Chưa gửi được: %1. Lựa chọn của bạn vẫn còn; hãy thử lại.").replace(
                "%1", reason
            )
        )

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.send_button, self.all_mine, self.all_theirs, self.table):
            widget.setEnabled(not busy)
