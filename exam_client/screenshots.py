"""``make screenshots``: drive the demo offscreen through its screens and write a PNG of each.

Part of the composition root (it starts the embedded mock through :mod:`exam_client.demo`).
Usage: ``python -m exam_client.screenshots OUT_DIR``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _wait(app: object, condition: Callable[[], bool], timeout: float = 15.0) -> None:
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("screen did not reach the expected state")
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()


def _messy_list(path: Path, store: Any) -> Path:
    """A class list as schools' files arrive: IDs as numbers, Excel serial dates, decomposed
    Unicode, stray spaces, a duplicate ID and an impossible date (synthetic citizens)."""
    import datetime as dt
    import unicodedata

    import openpyxl
    from sqlalchemy import select

    from ministry_mock.store.models import Citizen

    with store.sessions() as session:
        people = [
            c
            for c in session.scalars(select(Citizen).order_by(Citizen.seq).limit(400))
            if c.date_of_birth.year == 2008 and c.cccd.startswith("0")
        ][:14]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH THÍ SINH ĐĂNG KÝ DỰ THI TỐT NGHIỆP THPT NĂM 2026"])
    sheet.append([])
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Lớp",
                  "Môn tự chọn 1", "Môn tự chọn 2", "Mã trường lớp 10", "Khu vực lớp 10",
                  "Mã trường lớp 11", "Khu vực lớp 11", "Mã trường lớp 12", "Khu vực lớp 12",
                  "SĐT"])  # fmt: skip
    electives = ("Vật lí", "Hóa học", "Lịch sử", "Địa lí", "Tin học", "Sinh học")
    for n, c in enumerate(people):
        name: object = c.full_name
        born: object = c.date_of_birth.strftime("%d/%m/%Y")
        cccd: object = c.cccd
        if n == 1:
            cccd = int(c.cccd)  # lost its leading zero in Excel
        if n == 2:
            name = unicodedata.normalize("NFD", c.full_name)
        if n == 3:
            born = (c.date_of_birth - dt.date(1899, 12, 30)).days  # Excel serial
        if n == 4:
            name = "  " + c.full_name.upper() + " "
        if n == 12:
            cccd = people[11].cccd  # the same ID twice
        if n == 13:
            born = "31/02/2008"
        second = electives[(n + 1) % 6] if n != 6 else electives[n % 6]
        sheet.append([n + 1, name, born, "Nữ" if c.gender == "female" else "Nam", cccd,
                      f"12A{n % 3 + 1}", electives[n % 6], second,
                      *["01-001", "KV3"] * 3, 912345678])  # fmt: skip
    book.save(path)
    return path


def _staff_workflow(  # noqa: PLR0917 - the screenshot run's state, passed along
    app: Any, window: Any, services: Any, store: Any, data: Path, shot: Callable[..., None]
) -> None:
    """Import report, candidate table with the imported rows, and the registration editor."""
    from exam_client.ui.staff.import_wizard import ImportWizard

    path = _messy_list(data / "12A messy.xlsx", store)
    wizard = ImportWizard(services, window._runner, "01001", window)
    wizard.resize(1000, 640)
    wizard.show()
    wizard.file_page.path_input.setText(str(path))
    wizard.next()
    _wait(app, wizard.columns_page.isComplete)
    shot(wizard, "06-import-columns")
    wizard.next()
    _wait(app, wizard.report_page.isComplete, 60)
    shot(wizard, "07-import-report")
    wizard.next()
    _wait(app, wizard.commit_page.isComplete, 60)
    shot(wizard, "08-import-done")
    wizard.accept()
    window.tabs.setCurrentWidget(window.candidates_panel)
    window.candidates_panel.reload()
    _wait(app, lambda: window.candidates_panel.model.total >= 10)
    window.candidates_panel.table.selectRow(1)
    shot(window, "09-candidate-table")
    try:
        from exam_client.ui.staff.editor import render_editor_for_screenshot
    except ImportError:
        return
    editor = render_editor_for_screenshot(services, cccd=None)
    editor.show()
    app.processEvents()
    shot(editor, "12-registration-editor")
    editor.close()


def main(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication, QWidget

    from exam_client.demo import start_demo_ministry
    from exam_client.services.boot import Boot
    from exam_client.services.bootstrap import build_services
    from exam_client.services.logs import install_redaction
    from exam_client.services.settings import Settings
    from exam_client.ui.shell import StaffShell
    from exam_client.ui.theme import apply_theme

    install_redaction()
    out = Path(argv[0] if argv else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(["exam-client"])
    apply_theme(app)
    data = Path(tempfile.mkdtemp(prefix="exam-client-shots-"))
    demo = start_demo_ministry(data / "mock", citizens=500)
    settings = replace(Settings(), data_dir=data / "client", demo=True, health_interval_s=0.3)
    services = build_services(settings, api_url=demo.base_url, demo_account=demo.account)
    shell = StaffShell(app, Boot.ready(services))
    written: list[Path] = []

    def shot(widget: QWidget, name: str) -> None:
        app.processEvents()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    try:
        shell.start()
        dialog = shell.dialog
        assert dialog is not None
        _wait(app, dialog.isVisible)
        shot(dialog, "01-sign-in")
        dialog._fill_demo()
        dialog.submit.click()
        _wait(app, lambda: shell.window is not None and shell.window.isVisible())
        window = shell.window
        assert window is not None
        _wait(app, lambda: "Trực tuyến" in window.status.connection_label.text())
        shot(window, "02-main-window")

        panel = window.lookup_panel
        window.tabs.setCurrentWidget(panel)
        from ministry_mock.seed import sample_citizen_ids

        store = demo.server_app.state.instance.store
        with store.sessions() as session:
            cached = sample_citizen_ids(session, 1)[0]
        panel.id_input.setText(f"{cached[:3]} {cached[3:6]} {cached[6:]}")
        panel.lookup()
        _wait(app, panel.card.isVisible)
        shot(window, "03-lookup-result")

        panel.id_input.setText("001 2080")
        panel.lookup()
        _wait(app, panel.error_label.isVisible)
        shot(window, "04-lookup-invalid-id")

        _staff_workflow(app, window, services, store, data, shot)
        window.tabs.setCurrentWidget(panel)

        demo.stop()
        window.status.check_now()
        _wait(app, lambda: "Ngoại tuyến" in window.status.connection_label.text())
        panel.id_input.setText(cached)
        panel.lookup()
        _wait(app, lambda: "ngoại tuyến" in panel.source_label.text())
        shot(window, "05-offline-cached")
    finally:
        shell.runner.wait_idle(5000)
        services.close()
        demo.stop()
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
