"""The crash dialog and the "last run ended abnormally" notice: the words a person reads, the
diagnostics export from them (on a worker thread, real zip), and the wiring of the hooks."""

from __future__ import annotations

import logging
import sys
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QMessageLogContext, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from exam_client.services.crash import CrashHandler, CrashReport, PreviousRun
from exam_client.services.diagnostics import DiagnosticsService
from exam_client.services.settings import Settings
from exam_client.ui import i18n
from exam_client.ui.crash_dialog import (
    CrashDialog,
    DiagnosticsExportDialog,
    PreviousRunNotice,
    diagnostics_exporter,
    install_crash_ui,
    make_qt_message_handler,
    qt_versions,
    show_previous_run_notice,
)
from exam_client.ui.tasks import TaskRunner


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.wait_idle()


def report(tmp_path: Path) -> CrashReport:
    path = tmp_path / "crashes" / "crash-20261123T130000.000000Z-42.txt"
    return CrashReport(path, "RuntimeError: boom", "MainThread", fatal=True)


def exporter(tmp_path: Path) -> DiagnosticsService:
    return DiagnosticsService(Settings(data_dir=tmp_path / "data"))


def test_the_crash_dialog_is_calm_and_exports_a_real_package(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    service = exporter(tmp_path)
    chosen = tmp_path / "Desktop" / "goi-chan-doan"  # no .zip typed: it is added
    dialog = CrashDialog(
        report(tmp_path),
        lambda target: service.export(target, qt_versions()),
        runner,
        choose_path=lambda _parent, _name: chosen,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.heading.text() == "Ứng dụng gặp lỗi và cần đóng lại"
    assert "Dữ liệu đã lưu vẫn an toàn" in dialog.body.text()
    assert "crash-20261123T130000.000000Z-42.txt" in dialog.body.text()
    assert dialog.export_button.text() == "&Xuất gói chẩn đoán"
    assert dialog.close_button.text() == "Đóng"
    assert dialog.close_button.hasFocus() or dialog.close_button.isDefault()
    dialog.grab().save("/tmp/full11-crash-dialog.png")

    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.exported is not None, timeout=10_000)
    assert dialog.exported == chosen.with_name("goi-chan-doan.zip")
    with zipfile.ZipFile(dialog.exported) as zf:
        assert "versions.json" in zf.namelist()
        assert b'"qt"' in zf.read("versions.json")
    assert "Đã lưu gói chẩn đoán" in dialog.status.text()
    assert dialog.export_button.isEnabled()
    dialog.grab().save("/tmp/full11-crash-dialog-exported.png")

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_failed_export_says_what_to_do_and_can_be_retried(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(_target: Path) -> Path:
        raise PermissionError("không có quyền ghi")

    dialog = CrashDialog(
        report(tmp_path), broken, runner, choose_path=lambda _p, _n: tmp_path / "x.zip"
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.export()
    qtbot.waitUntil(lambda: "Không xuất được" in dialog.status.text(), timeout=10_000)
    assert "không có quyền ghi" in dialog.status.text()
    assert "chọn một thư mục khác" in dialog.status.text()
    assert dialog.export_button.isEnabled() and dialog.exported is None


def test_cancelling_the_file_choice_does_nothing(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    calls: list[Path] = []
    dialog = CrashDialog(report(tmp_path), calls.append, runner, choose_path=lambda _p, _n: None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.export()
    assert calls == [] and dialog.status.isHidden()


def test_the_previous_run_notice(qtbot: QtBot, runner: TaskRunner, tmp_path: Path) -> None:
    previous = PreviousRun("2026-11-23T01:30:00+00:00", (tmp_path / "a.txt", tmp_path / "b.txt"))
    notice = show_previous_run_notice(previous, exporter(tmp_path).export, runner)
    assert isinstance(notice, PreviousRunNotice)
    qtbot.addWidget(notice)
    assert notice.isVisible() and notice.isModal()
    assert notice.heading.text() == "Lần chạy trước đã kết thúc bất thường"
    assert "Số báo cáo lỗi đã ghi: 2." in notice.body.text()
    assert "/11/2026" in notice.body.text()
    notice.grab().save("/tmp/full11-previous-run.png")
    assert show_previous_run_notice(None, exporter(tmp_path).export, runner) is None


def test_a_fatal_crash_on_the_gui_thread_shows_the_dialog_then_quits(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handler = CrashHandler(tmp_path)
    exits: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(exits.append))
    shown: list[QDialog] = []

    def close_it() -> None:
        modal = QApplication.activeModalWidget()
        assert isinstance(modal, QDialog)
        shown.append(modal)
        modal.reject()

    previous = install_crash_ui(handler, exporter(tmp_path).export, runner)
    try:
        QTimer.singleShot(0, close_it)
        try:
            raise RuntimeError("boom")
        except RuntimeError as exc:
            handler.handle_exception(type(exc), exc, exc.__traceback__)
    finally:
        qInstallMessageHandler(previous)
    assert len(shown) == 1 and isinstance(shown[0], CrashDialog)
    assert shown[0].report.path == handler.reports[0].path
    assert handler.reports[0].path.is_file()
    assert exits == [70]


def test_a_worker_thread_crash_shows_no_dialog(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    handler = CrashHandler(tmp_path)
    previous = install_crash_ui(handler, exporter(tmp_path).export, runner)
    try:
        assert handler.on_crash is not None
        handler.on_crash(CrashReport(tmp_path / "r.txt", "x", "sync-worker", fatal=False))
        QApplication.processEvents()
        # only crash dialogs count: another test's leftover message box is not ours to judge
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog)]
        assert not [w for w in shown if w.isVisible()]
    finally:
        qInstallMessageHandler(previous)


def test_qt_messages_go_to_the_log_and_a_fatal_one_leaves_a_report(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    handler = CrashHandler(tmp_path)
    on_message = make_qt_message_handler(handler)
    with caplog.at_level(logging.DEBUG, logger="qt"):
        on_message(QtMsgType.QtCriticalMsg, QMessageLogContext(), "font missing")
    assert [(r.name, r.levelno) for r in caplog.records] == [("qt", logging.ERROR)]
    assert "font missing" in caplog.records[0].getMessage()
    on_message(QtMsgType.QtFatalMsg, QMessageLogContext(), "cannot create the window 079304001234")
    [crash] = handler.reports
    text = crash.path.read_text(encoding="utf-8")
    assert "Qt fatal (default): cannot create the window 079******234" in text
    assert "079304001234" not in text


def test_excepthooks_are_left_as_found(tmp_path: Path) -> None:
    before = sys.excepthook
    handler = CrashHandler(tmp_path).install()
    handler.uninstall()
    assert sys.excepthook is before


def test_the_menu_dialog_explains_the_package(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    export = diagnostics_exporter(Settings(data_dir=tmp_path / "data"), lambda: None)
    dialog = DiagnosticsExportDialog(export, runner, choose_path=lambda _p, name: tmp_path / name)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "không chứa cơ sở dữ liệu" in dialog.body.text()
    assert dialog.export_button.accessibleName() and dialog.close_button.accessibleName()
    dialog.grab().save("/tmp/full11-export-dialog.png")
    dialog.export()
    qtbot.waitUntil(lambda: dialog.exported is not None, timeout=10_000)
    assert dialog.exported is not None
    assert dialog.exported.name.startswith("exam-client-diagnostics-")
    with zipfile.ZipFile(dialog.exported) as zf:
        assert '"open": false' in zf.read("store.json").decode()


def test_the_exporter_uses_the_services_diagnostics_when_there_are_some(tmp_path: Path) -> None:
    used: list[Path] = []

    class Recording(DiagnosticsService):
        def export(self, target: Path, extra_versions: Mapping[str, str] | None = None) -> Path:
            used.append(target)
            assert extra_versions is not None and "qt" in extra_versions
            return target

    settings = Settings(data_dir=tmp_path)
    services = SimpleNamespace(diagnostics=Recording(settings))
    export = diagnostics_exporter(settings, lambda: services)  # type: ignore[arg-type,return-value]
    assert export(tmp_path / "a.zip") == tmp_path / "a.zip"
    assert used == [tmp_path / "a.zip"]


def test_the_crash_dialog_follows_a_language_switch(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    dialog = CrashDialog(report(tmp_path), exporter(tmp_path).export, runner)
    qtbot.addWidget(dialog)
    try:
        assert i18n.set_language("en")
        qtbot.waitUntil(lambda: dialog.close_button.text() == "Close")  # LanguageChange is posted
        assert "crash-20261123T130000.000000Z-42.txt" in dialog.body.text()
        assert "Ứng dụng" not in dialog.heading.text()
    finally:
        i18n.set_language("vi")
    qtbot.waitUntil(lambda: dialog.heading.text() == "Ứng dụng gặp lỗi và cần đóng lại")
