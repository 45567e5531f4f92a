"""The sync panel ("Đồng bộ" tab): progress, counts per state, the last successful sync, the
connection, and every record a person must act on (rejected with the server's reasons,
conflicts opened in :class:`~exam_client.ui.sync.conflict_view.ConflictDialog`).

Threads: ``SyncEngine`` calls listeners on its worker thread; a :class:`ThreadBridge` re-emits
them on the GUI thread. Reading the rejected/conflicting records and "retry now" touch the local
database, so they run as :class:`~exam_client.ui.tasks.TaskRunner` tasks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from exam_client.ui.i18n import Retranslatable
from exam_client.ui.sync.attention import RECORD_ROLE, AttentionList
from exam_client.ui.sync.badge import badge_icon
from exam_client.ui.sync.bridge import ThreadBridge
from exam_client.ui.sync.labels import (
    SYNC_STATES,
    SyncStateName,
    badge_tooltip,
    state_text,
)
from exam_client.ui.sync.reasons import last_sync_text, record_reason
from exam_client.ui.tasks import TaskRunner
from exam_client.ui.theme import ERROR, OK, WARN

if TYPE_CHECKING:
    from exam_client.services.connection import ConnectionMonitor, ConnectionState
    from exam_client.services.registrations import LocalRegistration, RegistrationService
    from exam_client.services.sync import SyncEngine, SyncStatus

ATTENTION: tuple[SyncStateName, ...] = ("rejected", "conflict")
LIST_LIMIT = 1000


class SyncPanel(Retranslatable, QWidget):
    open_record_requested = Signal(str)  # a rejected record: open its form to fix it
    reasons_changed = Signal(dict)  # record id → reason, for the candidate table's tooltips
    resolved = Signal(str)  # a conflict was resolved (record id)

    def __init__(
        self,
        engine: SyncEngine,
        registrations: RegistrationService,
        runner: TaskRunner,
        connection: ConnectionMonitor | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._registrations = registrations
        self._runner = runner
        self._records: dict[str, LocalRegistration] = {}
        self._loading = False
        self._stale = False
        self._retrying = False
        self._listed_counts: tuple[int, ...] | None = None
        self.status: SyncStatus = engine.status
        self.connection_state: ConnectionState | None = connection.state if connection else None
        self._build()
        self._status_bridge = ThreadBridge(self)
        self._status_bridge.received.connect(self.show_status)
        engine.subscribe(self._status_bridge.listener())
        if connection is not None:
            self._link_bridge = ThreadBridge(self)
            self._link_bridge.received.connect(self.show_connection)
            connection.subscribe(self._link_bridge.listener())
        self.retranslate_ui()  # shows the status, which loads the list

    # -- construction ------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("title")
        self.link_label = QLabel()
        self.link_label.setAccessibleName("")
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.link_label)

        self.phase_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setMaximumHeight(18)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.phase_label)
        progress_row.addWidget(self.progress, 1)

        self.last_sync_label = QLabel()
        self.last_sync_label.setObjectName("subtitle")
        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        counts = QGridLayout()
        counts.setHorizontalSpacing(18)
        self.count_labels: dict[SyncStateName, QLabel] = {}
        for column, state in enumerate(SYNC_STATES):
            icon = QLabel()
            icon.setPixmap(badge_icon(state).pixmap(14, 14))
            label = QLabel()
            self.count_labels[state] = label
            cell = QHBoxLayout()
            cell.setSpacing(4)
            cell.addWidget(icon)
            cell.addWidget(label)
            counts.addLayout(cell, 0, column)
        counts.setColumnStretch(len(SYNC_STATES), 1)

        self.list_title = QLabel()
        self.list_title.setObjectName("subtitle")
        self.problems = AttentionList()
        self.problems.itemActivated.connect(lambda item, _col: self._act_on(item))
        self.problems.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.empty_label = QLabel()
        self.empty_label.setObjectName("hint")

        self.retry_button = QPushButton()
        self.retry_button.clicked.connect(self.retry_now)
        self.resolve_button = QPushButton()
        self.resolve_button.clicked.connect(self._act_on_current)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._act_on_current)
        retry = QAction(self)
        retry.setShortcut(QKeySequence(Qt.Key.Key_F5))
        retry.triggered.connect(self.retry_now)
        self.addAction(retry)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.resolve_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.addLayout(header)
        layout.addLayout(progress_row)
        layout.addWidget(self.last_sync_label)
        layout.addWidget(self.error_label)
        layout.addLayout(counts)
        layout.addSpacing(6)
        layout.addWidget(self.list_title)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        self.setTabOrder(self.retry_button, self.problems)
        self.setTabOrder(self.problems, self.open_button)
        self.setTabOrder(self.open_button, self.resolve_button)

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Đồng bộ với máy chủ của Bộ"))
        self.progress.setAccessibleName(self.tr("Tiến độ gửi"))
        self.retry_button.setText(self.tr("Thử lại ngay (F5)"))
        self.retry_button.setAccessibleName(self.tr("Thử lại ngay"))
        self.retry_button.setToolTip(
            self.tr("Gửi ngay các phiếu đang chờ, không đợi hết thời gian chờ giữa hai lần thử.")
        )
        self.resolve_button.setText(self.tr("&Xử lý xung đột…"))
        self.resolve_button.setAccessibleName(self.tr("Xử lý xung đột của phiếu đang chọn"))
        self.open_button.setText(self.tr("&Mở phiếu để sửa"))
        self.open_button.setAccessibleName(self.tr("Mở phiếu bị từ chối để sửa"))
        self.empty_label.setText(
            self.tr("Không có phiếu nào bị từ chối hay xung đột. Không cần làm gì thêm.")
        )
        self.show_status(self.status)
        if self.connection_state is not None:
            self.show_connection(self.connection_state)
        self._fill_list()

    # -- status (GUI thread) -----------------------------------------------------------------
    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        counts = status.counts
        for state, label in self.count_labels.items():
            label.setText(f"{state_text(state)}: {counts.get(state, 0)}")
            label.setToolTip(badge_tooltip(state))
        self._show_phase(status)
        self.last_sync_label.setText(last_sync_text(status.last_success_at))
        if status.last_error_vi and status.phase not in ("idle", "pushing", "pulling"):
            text = status.last_error_vi
            if status.next_attempt_at is not None and status.phase != "sign_in_required":
                text += " " + self.tr("Ứng dụng sẽ tự thử lại lúc %1.").replace(
                    "%1", f"{status.next_attempt_at.astimezone():%H:%M:%S}"
                )
            self.error_label.setText(text)
            self.error_label.show()
        else:
            self.error_label.hide()
        listed = tuple(counts.get(s, 0) for s in ATTENTION)
        answered_now = status.phase == "idle" and status.answered > 0  # reasons may have changed
        if status.phase not in ("pushing", "pulling") and (
            listed != self._listed_counts or answered_now
        ):
            self.reload()

    def _show_phase(self, status: SyncStatus) -> None:
        counts = status.counts
        if status.phase == "pushing":
            left = counts.get("queued", 0) + counts.get("sending", 0)
            total = status.answered + left
            self.phase_label.setText(self.tr("Đang gửi…"))
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(status.answered)
            self.progress.setFormat(
                self.tr("%1 / %2 phiếu")
                .replace("%1", str(status.answered))
                .replace("%2", str(total))
            )
            self.progress.show()
        elif status.phase == "pulling":
            self.phase_label.setText(self.tr("Đang nhận thay đổi từ máy chủ…"))
            self.progress.setRange(0, 0)  # busy: the server does not say how much is coming
            self.progress.show()
        else:
            texts = {
                "idle": self.tr("Đã gửi xong."),
                "waiting": self.tr("Máy chủ đang bận; đang chờ để thử lại."),
                "offline": self.tr("Không kết nối được máy chủ; phiếu được giữ an toàn trên máy."),
                "sign_in_required": self.tr("Cần đăng nhập lại để tiếp tục đồng bộ."),
                "stopped": self.tr("Đồng bộ đã dừng."),
            }
            waiting = counts.get("queued", 0) + counts.get("sending", 0)
            text = texts.get(status.phase, "")
            if status.phase == "idle" and waiting:
                text = self.tr("Còn %1 phiếu chờ gửi.").replace("%1", str(waiting))
            self.phase_label.setText(text)
            self.progress.hide()

    def show_connection(self, state: ConnectionState) -> None:
        self.connection_state = state
        if state.online:
            text, colour = self.tr("● Trực tuyến"), OK
        elif state.link.value == "offline":
            text = self.tr("● Ngoại tuyến từ %1").replace("%1", f"{state.since.astimezone():%H:%M}")
            colour = ERROR
        else:
            text, colour = self.tr("● Đang kiểm tra kết nối…"), WARN
        self.link_label.setText(text)
        self.link_label.setStyleSheet(f"color: {colour};")
        self.link_label.setAccessibleName(self.tr("Trạng thái kết nối"))

    # -- the list of records to act on ---------------------------------------------------------
    def reload(self) -> None:
        """Re-read the rejected and conflicting records (worker thread)."""
        if self._loading:
            self._stale = True
            return
        self._loading = True
        self._listed_counts = tuple(self.status.counts.get(s, 0) for s in ATTENTION)
        registrations = self._registrations
        self._runner.submit(
            lambda: registrations.records(ATTENTION, limit=LIST_LIMIT),
            on_success=self._loaded,
            on_failure=self._load_failed,
        )

    def _loaded(self, records: list[LocalRegistration]) -> None:
        self._loading = False
        self._records = {str(r.id): r for r in records}
        self._fill_list()
        self.reasons_changed.emit({rid: record_reason(r) for rid, r in self._records.items()})
        if self._stale:
            self._stale = False
            self.reload()

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        reason = str(getattr(exc, "message_vi", "") or type(exc).__name__)
        self.error_label.setText(
            self.tr("Không đọc được danh sách phiếu cần xử lý: %1. Bấm F5 để thử lại.").replace(
                "%1", reason
            )
        )
        self.error_label.show()

    def _fill_list(self) -> None:
        self.problems.show_records(self._records)
        shown = len(self._records)
        if shown >= LIST_LIMIT:
            title = self.tr("Cần xử lý: %1 phiếu đầu tiên (còn nữa)").replace("%1", str(shown))
        else:
            title = self.tr("Cần xử lý: %1 phiếu").replace("%1", str(shown))
        self.list_title.setText(title)
        self.empty_label.setVisible(shown == 0)
        self.problems.setVisible(shown > 0)
        self._update_buttons()

    def current_record_id(self) -> str | None:
        return self.problems.current_record_id()

    def reason_of(self, record_id: str) -> str | None:
        record = self._records.get(record_id)
        return record_reason(record) if record else None

    def _update_buttons(self) -> None:
        record = self._records.get(self.current_record_id() or "")
        self.resolve_button.setEnabled(record is not None and record.sync_state == "conflict")
        self.open_button.setEnabled(record is not None and record.sync_state == "rejected")
        self.retry_button.setEnabled(not self._retrying)

    def _act_on_current(self) -> None:
        item = self.problems.currentItem()
        if item is not None:
            self._act_on(item)

    def _act_on(self, item: QTreeWidgetItem) -> None:
        """Enter or double click: a conflict opens the conflict view, a rejection the form."""
        record = self._records.get(str(item.data(0, RECORD_ROLE)))
        if record is None:
            return
        if record.sync_state == "conflict":
            self.open_conflict(str(record.id))
        else:
            self.open_record_requested.emit(str(record.id))

    def open_conflict(self, record_id: str) -> None:
        from exam_client.ui.sync.conflict_view import ConflictDialog

        record = self._records.get(record_id)
        if record is None or record.server_copy is None:
            return
        dialog = ConflictDialog(record, self._registrations, self._runner, self)
        self.conflict_dialog = dialog
        dialog.accepted.connect(lambda: self._conflict_resolved(record_id))
        dialog.open()

    def _conflict_resolved(self, record_id: str) -> None:
        self.resolved.emit(record_id)
        self.reload()

    # -- retry now ------------------------------------------------------------------------------
    def retry_now(self) -> None:
        """Skip the backoff wait of every queued entry and wake the sync worker."""
        if self._retrying:
            return
        self._retrying = True
        self._update_buttons()
        self.phase_label.setText(self.tr("Đang thử gửi lại…"))
        engine = self._engine

        def done(_: object) -> None:
            self._retrying = False
            self._update_buttons()
            engine.sync_now()

        def failed(exc: BaseException) -> None:
            done(None)
            reason = str(getattr(exc, "message_vi", "") or type(exc).__name__)
            self.error_label.setText(
                self.tr("Không thử lại được: %1. Hãy thử lại sau ít phút.").replace("%1", reason)
            )
            self.error_label.show()

        self._runner.submit(self._registrations.retry_now, on_success=done, on_failure=failed)
