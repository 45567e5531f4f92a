"""What a person sees when the app breaks: a calm dialog, the way to hand the IT desk a
diagnostics package, and, at the next start, a notice that the last run ended abnormally.

The hooks themselves live in :mod:`exam_client.services.crash` (no Qt); :func:`install_crash_ui`
connects them to these dialogs and adds a Qt message handler, so a fatal Qt message leaves a
crash report too (Qt aborts right after the handler returns: no dialog is possible then).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QMessageLogContext,
    QStandardPaths,
    Qt,
    QThread,
    QtMsgType,
    qInstallMessageHandler,
    qVersion,
)
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from exam_client.services.context import AppServices
from exam_client.services.crash import EXIT_CODE_CRASH, CrashHandler, CrashReport, PreviousRun
from exam_client.services.diagnostics import DiagnosticsService, default_file_name
from exam_client.services.settings import Settings
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.tasks import TaskRunner
from exam_client.ui.theme import ERROR, OK

log = logging.getLogger(__name__)
qt_log = logging.getLogger("qt")

Exporter = Callable[[Path], Path]  # writes the zip to the given path (blocking) and returns it
PathChooser = Callable[[QWidget, str], Path | None]


def qt_versions() -> dict[str, str]:
    """The Qt runtime version for the diagnostics package (services may not import Qt)."""
    import PySide6

    return {"qt": qVersion(), "PySide6 (runtime)": PySide6.__version__}


def choose_zip_path(parent: QWidget, suggested_name: str) -> Path | None:
    """Ask where to save the package; the Desktop is where a person finds it again."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DesktopLocation)
    name, _ = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("DiagnosticsDialog", "Lưu gói chẩn đoán"),
        str(Path(folder or Path.home()) / suggested_name),
        QCoreApplication.translate("DiagnosticsDialog", "Tệp nén ZIP (*.zip)"),
    )
    return Path(name) if name else None


class DiagnosticsDialog(Retranslatable, QDialog):
    """A message, "Xuất gói chẩn đoán" (export, on a worker thread) and "Đóng" (Escape)."""

    def __init__(
        self,
        exporter: Exporter,
        runner: TaskRunner,
        parent: QWidget | None = None,
        choose_path: PathChooser = choose_zip_path,
    ) -> None:
        super().__init__(parent)
        self._exporter = exporter
        self._runner = runner
        self._choose_path = choose_path
        self.exported: Path | None = None
        self.icon = QLabel()
        self.icon.setPixmap(self._icon().pixmap(48, 48))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.heading = QLabel()
        self.heading.setObjectName("title")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setMinimumWidth(440)  # the layout sets the dialog's minimum from its content
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.hide()
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export)
        self.close_button = QPushButton()
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.reject)  # Escape closes too (QDialog)
        self.buttons = QDialogButtonBox()
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        text = QVBoxLayout()
        text.addWidget(self.heading)
        text.addWidget(self.body)
        text.addWidget(self.status)
        row = QHBoxLayout()
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # grows with the status
        layout.addLayout(row)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.close_button, self.export_button)
        self.retranslate_ui()
        self.close_button.setFocus()

    def _icon(self) -> Any:
        return self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)

    def retranslate_ui(self) -> None:
        self.export_button.setText(self.tr("&Xuất gói chẩn đoán"))
        self.export_button.setAccessibleName(self.tr("Xuất gói chẩn đoán cho bộ phận kỹ thuật"))
        self.export_button.setShortcut(QKeySequence("Alt+X"))
        self.close_button.setText(self.tr("Đóng"))
        self.close_button.setAccessibleName(self.tr("Đóng thông báo"))

    # -- export (disk work on a task) ----------------------------------------------------------
    def export(self) -> None:
        target = self._choose_path(self, default_file_name())
        if target is None:
            return
        if target.suffix.lower() != ".zip":
            target = target.with_name(target.name + ".zip")
        self.export_button.setEnabled(False)
        self._show_status(self.tr("Đang xuất gói chẩn đoán…"), None)
        self._runner.submit(
            lambda: self._exporter(target), on_success=self._exported, on_failure=self._failed
        )

    def _exported(self, path: Path) -> None:
        self.exported = path
        self.export_button.setEnabled(True)
        self._show_status(
            self.tr(
                "Đã lưu gói chẩn đoán: %1\nHãy gửi tệp này cho bộ phận hỗ trợ kỹ thuật. "
                "Tệp không chứa dữ liệu thí sinh."
            ).replace("%1", str(path)),
            OK,
        )

    def _failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        log.error("diagnostics export failed: %s", type(exc).__name__)
        self._show_status(
            self.tr(
                "Không xuất được gói chẩn đoán (%1). Hãy chọn một thư mục khác, ví dụ Desktop, "
                "rồi bấm lại “Xuất gói chẩn đoán”."
            ).replace("%1", str(exc)),
            ERROR,
        )
        self.export_button.setFocus()

    def _show_status(self, text: str, colour: str | None) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {colour};" if colour else "")
        self.status.show()
        layout = self.layout()
        if layout is not None:  # grow now, not at the next layout pass: nothing may overlap
            layout.activate()
        self.adjustSize()


class CrashDialog(DiagnosticsDialog):
    """Shown on the GUI thread after an unhandled error; the app closes when it is closed."""

    def __init__(
        self,
        report: CrashReport,
        exporter: Exporter,
        runner: TaskRunner,
        parent: QWidget | None = None,
        choose_path: PathChooser = choose_zip_path,
    ) -> None:
        self.report = report
        super().__init__(exporter, runner, parent, choose_path)

    def _icon(self) -> Any:
        return self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setWindowTitle(self.tr("Ứng dụng gặp lỗi"))
        self.heading.setText(self.tr("Ứng dụng gặp lỗi và cần đóng lại"))
        self.body.setText(
            self.tr(
                "Dữ liệu đã lưu vẫn an toàn; hồ sơ chưa đồng bộ vẫn nằm trong hàng đợi và sẽ "
                "được gửi khi mở lại ứng dụng. Những gì đang nhập dở "
                "trong cửa sổ hiện tại có thể chưa được lưu.\n\n"
                "Báo cáo lỗi đã được ghi vào: %1\n\n"
                "Nếu lỗi lặp lại, hãy bấm “Xuất gói chẩn đoán” và gửi tệp đó cho bộ phận hỗ "
                "trợ kỹ thuật của trường."
            ).replace("%1", str(self.report.path))
        )


class PreviousRunNotice(DiagnosticsDialog):
    """Shown once at start when the previous run did not exit cleanly."""

    def __init__(
        self,
        previous: PreviousRun,
        exporter: Exporter,
        runner: TaskRunner,
        parent: QWidget | None = None,
        choose_path: PathChooser = choose_zip_path,
    ) -> None:
        self.previous = previous
        super().__init__(exporter, runner, parent, choose_path)

    def _icon(self) -> Any:
        return self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setWindowTitle(self.tr("Thông báo"))
        self.heading.setText(self.tr("Lần chạy trước đã kết thúc bất thường"))
        body = self.tr(
            "Ứng dụng mở lúc %1 đã không được đóng đúng cách, có thể do lỗi, mất điện hoặc bị "
            "buộc đóng. Dữ liệu đã lưu vẫn an toàn; hồ sơ chưa đồng bộ vẫn nằm trong hàng đợi."
        ).replace("%1", _local_time(self.previous.started))
        count = len(self.previous.crash_reports)
        if count:
            body += "\n\n" + self.tr("Số báo cáo lỗi đã ghi: %1.").replace("%1", str(count))
        body += "\n\n" + self.tr(
            "Nếu việc này lặp lại, hãy bấm “Xuất gói chẩn đoán” và gửi tệp đó cho bộ phận hỗ "
            "trợ kỹ thuật của trường."
        )
        self.body.setText(body)


class DiagnosticsExportDialog(DiagnosticsDialog):
    """The menu action's dialog: what the package holds, then the same export."""

    def _icon(self) -> Any:
        return self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setWindowTitle(self.tr("Xuất gói chẩn đoán"))
        self.heading.setText(self.tr("Gói chẩn đoán cho bộ phận kỹ thuật"))
        self.body.setText(
            self.tr(
                "Gói chẩn đoán giúp bộ phận kỹ thuật tìm nguyên nhân lỗi. Gói gồm nhật ký hoạt "
                "động (số định danh đã được che), các báo cáo lỗi, phiên bản phần mềm, cấu hình "
                "đang dùng và số bản ghi của dữ liệu cục bộ.\n\n"
                "Gói không chứa cơ sở dữ liệu, mật khẩu hay bất kỳ dữ liệu nào của thí sinh."
            )
        )


def diagnostics_exporter(
    settings: Settings, services: Callable[[], AppServices | None]
) -> Exporter:
    """The export for these dialogs: with the open store's schema and row counts once the
    services are up (``AppServices.diagnostics``), without them before."""

    def export(target: Path) -> Path:
        current = services()
        service = getattr(current, "diagnostics", None) if current is not None else None
        if not isinstance(service, DiagnosticsService):
            service = DiagnosticsService(settings)
        return service.export(target, qt_versions())

    return export


def _local_time(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%H:%M %d/%m/%Y")
    except ValueError:
        return "?"


# -- wiring ----------------------------------------------------------------------------------

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def make_qt_message_handler(
    handler: CrashHandler,
) -> Callable[[QtMsgType, QMessageLogContext, str], None]:
    """Qt's messages into our (masked, JSON) log; a fatal one also leaves a crash report,
    since Qt aborts the process as soon as the handler returns."""

    def on_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        level = _QT_LEVELS.get(mode, logging.WARNING)
        category = getattr(context, "category", None) or "default"
        if mode == QtMsgType.QtFatalMsg:
            handler.record(
                None,
                None,
                None,
                thread="qt",
                fatal=True,
                detail=f"Qt fatal ({category}): {message}",
            )
            return
        qt_log.log(level, "%s: %s", category, message)

    return on_message


def install_crash_ui(
    handler: CrashHandler,
    exporter: Exporter,
    runner: TaskRunner,
    parent: Callable[[], QWidget | None] = lambda: None,
) -> Any:
    """Show :class:`CrashDialog` for a fatal crash on the GUI thread, then quit with
    ``EXIT_CODE_CRASH``; route Qt's messages. Returns the previous Qt message handler."""

    def on_crash(report: CrashReport) -> None:
        app = QApplication.instance()
        if not report.fatal or app is None or QThread.currentThread() is not app.thread():
            return  # a worker thread: reported and logged; the GUI keeps working
        dialog = CrashDialog(report, exporter, runner, parent())
        dialog.exec()
        app.exit(EXIT_CODE_CRASH)

    handler.on_crash = on_crash
    return qInstallMessageHandler(make_qt_message_handler(handler))


def show_previous_run_notice(
    previous: PreviousRun | None,
    exporter: Exporter,
    runner: TaskRunner,
    parent: QWidget | None = None,
) -> PreviousRunNotice | None:
    """Non-blocking (``open()``): call after the first window is shown."""
    if previous is None:
        return None
    notice = PreviousRunNotice(previous, exporter, runner, parent)
    notice.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    notice.open()
    return notice
