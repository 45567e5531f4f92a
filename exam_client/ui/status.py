"""The status bar: connection state, sync summary, where the data key lives, who is signed in."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar

from exam_client.services.connection import ConnectionState, Link
from exam_client.services.context import AppServices, OnlineServices
from exam_client.ui.formatting import format_moment
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.sync.bridge import ThreadBridge
from exam_client.ui.sync.summary import SyncSummary
from exam_client.ui.tasks import TaskRunner
from exam_client.ui.theme import ERROR, OK, WARN
from exam_client.ui.widgets.elided_label import ElidedLabel


def describe(state: ConnectionState) -> tuple[str, str, str]:
    """(short text, colour, full explanation for the tooltip), in the current language."""
    translate = QCoreApplication.translate
    if state.link is Link.ONLINE:
        return (
            translate("StatusBar", "● Trực tuyến"),
            OK,
            translate("StatusBar", "Đang kết nối với máy chủ của Bộ."),
        )
    if state.link is Link.DEGRADED:
        return (
            translate("StatusBar", "● Máy chủ quá tải"),
            WARN,
            translate(
                "StatusBar",
                "Máy chủ đang quá tải hoặc gặp sự cố. "
                "Ứng dụng sẽ tự thử lại; dữ liệu không bị mất.",
            ),
        )
    if state.link is Link.OFFLINE:
        local = state.since.astimezone()
        return (
            translate("StatusBar", "● Ngoại tuyến từ %1").replace("%1", f"{local:%H:%M}"),
            ERROR,
            translate(
                "StatusBar",
                "Mất kết nối từ %1. Đang làm việc ngoại tuyến với dữ liệu đã lưu trên máy; "
                "ứng dụng tự kết nối lại khi có mạng.",
            ).replace("%1", format_moment(state.since)),
        )
    return translate("StatusBar", "● Đang kiểm tra kết nối…"), "#5b6270", ""


class StatusBar(Retranslatable, QStatusBar):
    def __init__(self, services: AppServices | OnlineServices, runner: TaskRunner) -> None:
        """With :class:`OnlineServices` (the store still opening) the sync summary and where the
        data key lives come with :meth:`attach_local`."""
        super().__init__()
        self._services = services
        self._runner = runner
        self.connection_label = QLabel()
        # long messages must not widen the window; the full text stays in the tooltip
        self.connection_label.setSizePolicy(
            QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
        )
        self.key_label = ElidedLabel(self.tr("Khoá dữ liệu: đang mở dữ liệu trên máy…"))
        self.user_label = ElidedLabel()
        # what waits, failed or conflicts; ``sync_summary.clicked`` opens the sync panel
        self.sync_summary: SyncSummary | None = None
        self.addWidget(self.connection_label, 1)
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
        self.retranslate_ui()
        if isinstance(services, AppServices):
            self.attach_local(services)

    def local_failed(self) -> None:
        """The local store could not be opened: no longer "opening"."""
        self.key_label.setText(self.tr("Khoá dữ liệu: không mở được dữ liệu trên máy"))
        self.key_label.setStyleSheet(f"color: {ERROR};")

    def attach_local(self, services: AppServices) -> None:
        """The local store is open: where its key lives, and the sync summary."""
        self.key_label.setText(services.key_storage.description_vi)
        if not services.key_storage.secure:
            self.key_label.setStyleSheet(f"color: {WARN};")
        if services.sync is not None and self.sync_summary is None:
            self.sync_summary = SyncSummary(services.sync)
            self.insertPermanentWidget(1, self.sync_summary)  # after the connection (index 0)

    def retranslate_ui(self) -> None:
        self.connection_label.setAccessibleName(self.tr("Trạng thái kết nối"))
        self.key_label.setAccessibleName(self.tr("Nơi lưu khoá dữ liệu"))
        self.show_state(self._services.connection.state)

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
