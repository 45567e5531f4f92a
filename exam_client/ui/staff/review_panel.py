"""Duyệt hồ sơ: submitted registrations of the school, confirm or return with a reason.

The list is the local cache's view of the server (refreshed after each decision and on F5);
each decision goes to the ministry at once and is recorded there and in the local audit trail.
Returning needs a reason — the candidate must know what to fix — so the button stays useless
until one is written, and an empty reason is explained next to the field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from exam_client.ui.i18n import Retranslatable
from exam_client.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from exam_client.services.review import ReviewItem, ReviewService


class ReviewPanel(Retranslatable, QWidget):
    decided = Signal(str, str)  # record id, new status

    def __init__(
        self, review: ReviewService | None, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._review = review
        self._runner = runner
        self.items: list[ReviewItem] = []
        self.busy = False

        self.title = QLabel()
        self.title.setObjectName("title")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("subtitle")
        self.subtitle.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((230, 130, 100)):
            self.table.setColumnWidth(column, width)
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.confirm_button = QPushButton()
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.reason_label = QLabel()
        self.reason = QLineEdit()
        self.reason.setMaxLength(500)
        self.reason.returnPressed.connect(self.return_selected)
        self.reason_label.setBuddy(self.reason)
        self.return_button = QPushButton()
        self.return_button.clicked.connect(self.return_selected)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.refresh)
        self.message = QLabel()
        self.message.setWordWrap(True)

        actions = QHBoxLayout()
        actions.addWidget(self.confirm_button)
        actions.addSpacing(16)
        actions.addWidget(self.reason_label)
        actions.addWidget(self.reason, 1)
        actions.addWidget(self.return_button)
        actions.addSpacing(16)
        actions.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        self.setTabOrder(self.table, self.confirm_button)
        self.setTabOrder(self.confirm_button, self.reason)
        self.setTabOrder(self.reason, self.return_button)
        self.setTabOrder(self.return_button, self.refresh_button)
        self.retranslate_ui()
        self._selection_changed()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Duyệt hồ sơ"))
        self.subtitle.setText(
            self.tr("Phiếu đăng ký đã nộp của thí sinh trong trường. Đối chiếu với giấy tờ rồi "
                    "xác nhận, hoặc trả lại kèm lý do để thí sinh sửa.")
        )  # fmt: skip
        self.table.setAccessibleName(self.tr("Phiếu chờ duyệt"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Họ và tên"), self.tr("Số định danh"), self.tr("Ngày sinh"), self.tr("Lớp")]
        )
        self.confirm_button.setText(self.tr("&Xác nhận"))
        self.confirm_button.setAccessibleName(self.tr("Xác nhận phiếu đã chọn"))
        self.reason_label.setText(self.tr("&Lý do trả lại:"))
        self.reason.setAccessibleName(self.tr("Lý do trả lại phiếu"))
        self.reason.setPlaceholderText(self.tr("Ví dụ: Ảnh chân dung không rõ mặt"))
        self.return_button.setText(self.tr("&Trả lại"))
        self.return_button.setAccessibleName(self.tr("Trả lại phiếu đã chọn kèm lý do"))
        self.refresh_button.setText(self.tr("Làm &mới (F5)"))
        self.refresh_button.setAccessibleName(self.tr("Làm mới danh sách chờ duyệt"))

    def set_review(self, review: ReviewService | None) -> None:
        self._review = review

    # -- list --------------------------------------------------------------------------------
    def refresh(self) -> None:
        review = self._review
        if review is None:
            self.message.setText(
                self.tr("Chức năng duyệt hồ sơ chưa sẵn sàng trên máy này. Hãy đăng nhập lại.")
            )
            return
        self._runner.submit(review.pending, on_success=self.show_items, on_failure=self._failed)

    def show_items(self, items: list[ReviewItem]) -> None:
        selected = self.selected_id()
        self.items = list(items)
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            values = (item.full_name, item.masked_cccd, item.date_of_birth, item.class_name)
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
            if selected is not None and item.record_id == selected:
                self.table.selectRow(row)
        if not items:
            self.message.setText(self.tr("Không có phiếu nào chờ duyệt."))
        self._selection_changed()

    def selected_id(self) -> UUID | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.items):
            return None
        return self.items[rows[0].row()].record_id

    def select_cccd(self, cccd: str) -> bool:
        for row, item in enumerate(self.items):
            if item.cccd == cccd:
                self.table.selectRow(row)
                return True
        return False

    def _selection_changed(self) -> None:
        has = self.selected_id() is not None and not self.busy
        self.confirm_button.setEnabled(has)
        self.return_button.setEnabled(has)

    # -- decisions ---------------------------------------------------------------------------
    def confirm_selected(self) -> None:
        record_id = self.selected_id()
        if record_id is None or self._review is None or self.busy:
            return
        review = self._review
        self._decide(lambda: review.confirm(record_id), record_id)

    def return_selected(self) -> None:
        record_id = self.selected_id()
        if record_id is None or self._review is None or self.busy:
            return
        reason = self.reason.text().strip()
        if not reason:
            self.message.setText(
                self.tr("Hãy ghi lý do trả lại vào ô “Lý do trả lại” để thí sinh biết cần sửa gì.")
            )
            self.reason.setFocus()
            return
        review = self._review
        self._decide(lambda: review.return_with_reason(record_id, reason), record_id)

    def _decide(self, job: Any, record_id: UUID) -> None:
        self.busy = True
        self._selection_changed()
        self.message.setText(self.tr("Đang gửi quyết định lên máy chủ…"))

        def done(status: str) -> None:
            self.busy = False
            self.reason.clear()
            label = self.tr("Đã xác nhận") if status == "confirmed" else self.tr("Đã trả lại")
            self.message.setText(label + ". " + self.tr("Quyết định đã được ghi nhận."))
            self.decided.emit(str(record_id), status)
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.busy = False
            self._failed(exc)
            self._selection_changed()
            self.refresh()  # a 409: someone else decided; show the list as it is now

        self._runner.submit(job, on_success=done, on_failure=failed)

    def _failed(self, exc: BaseException) -> None:
        reason = getattr(exc, "message_vi", "") or type(exc).__name__
        self.message.setText(self.tr("Chưa thực hiện được: %1").replace("%1", str(reason)))
