"""The status bar: connection state, sync summary, where the data key lives, who is signed in."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar

from exam_client.services.connection import ConnectionState, Link
from exam_client.services.context import AppServices
from exam_client.ui.formatting import format_moment
from exam_client.ui.sync.bridge import ThreadBridge
from exam_client.ui.sync.summary import SyncSummary
from exam_client.ui.tasks import TaskRunner
from exam_client.ui.theme import ERROR, OK, WARN


def describe(state: ConnectionState) -> tuple[str, str, str]:
    """(short text, colour, full explanation for the tooltip)."""
    if state.link is Link.ONLINE:
        return "● Trực tuyến", OK, "Đang kết nối với máy chủ của Bộ."
    if state.link is Link.DEGRADED:
        return (
            "● Máy chủ quá tải",
            WARN,
            "Máy chủ đang quá tải hoặc gặp sự cố. Ứng dụng sẽ tự thử lại; dữ liệu không bị mất.",
        )
    if state.link is Link.OFFLINE:
        local = state.since.astimezone()
        return (
            f"● Ngoại tuyến từ {local:%H:%M}",
            ERROR,
            f"Mất kết nối từ {format_moment(state.since)}. Đang làm việc ngoại tuyến với dữ liệu "
            "đã lưu trên máy; ứng dụng tự kết nối lại khi có mạng.",
        )
    return "● Đang kiểm tra kết nối…", "#5b6270", ""


class StatusBar(QStatusBar):
    def __init__(self, services: AppServices, runner: TaskRunner) -> None:
        super().__init__()
        self._services = services
        self._runner = runner
        self.connection_label = QLabel()
        self.connection_label.setAccessibleName("Trạng thái kết nối")
        # long messages must not widen the window; the full text stays in the tooltip
        self.connection_label.setSizePolicy(
            QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
        )
        self.key_label = QLabel(services.key_storage.description_vi)
        self.key_label.setAccessibleName("Nơi lưu khoá dữ liệu")
        if not services.key_storage.secure:
            self.key_label.setStyleSheet(f"color: {WARN};")
        self.user_label = QLabel()
        # what waits, failed or conflicts; ``sync_summary.clicked`` opens the sync panel
        self.sync_summary = SyncSummary(services.sync) if services.sync is not None else None
        self.addWidget(self.connection_label, 1)
        if self.sync_summary is not None:
            self.addPermanentWidget(self.sync_summary)
        self.addPermanentWidget(self.key_label)
        self.addPermanentWidget(self.user_label)
        # connection changes arrive on whatever thread saw them; the bridge brings them here
        self._bridge = ThreadBridge(self)
        self._bridge.received.connect(self.show_state)
        services.connection.subscribe(self._bridge.listener())
        self.show_state(services.connection.state)
        self._timer = QTimer(self)
        self._timer.setInterval(int(services.settings.health_interval_s * 1000))
        self._timer.timeout.connect(self.check_now)
        self._timer.start()
        self._checking = False

    def show_state(self, state: ConnectionState) -> None:
        text, color, explanation = describe(state)
        self.connection_label.setText(text)
        self.connection_label.setToolTip(explanation)
        self.connection_label.setStyleSheet(f"color: {color};")

    def set_user(self, text: str) -> None:
        self.user_label.setText(text)

    def check_now(self) -> None:
        if self._checking:
            return
        self._checking = True

        def done(_: object) -> None:
            self._checking = False

        self._runner.submit(self._services.connection.check, on_success=done, on_failure=done)
