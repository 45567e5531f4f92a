"""The whole staff workflow through the real window against the real mock over loopback.

sign in → import a messy file through the wizard → the dry-run report shows the right problems
→ commit → fix a row in the registration editor →
batch look-up → submit and sync → confirm in review → print the forms (PDF page 1 rendered to
PNG and its text read back) → export .xlsx and read it back.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from exam_client.api.records import PhotoDoc
from exam_client.services.boot import Boot
from exam_client.services.context import AppServices
from exam_client.services.spreadsheet import COLUMNS
from exam_client.ui.main_window import MainWindow
from exam_client.ui.shell import StaffShell
from exam_client.ui.staff.editor import RegistrationEditorDialog
from exam_client.ui.staff.import_wizard import ImportWizard
from tests.e2e.messy_file import write_messy
from tests.e2e.support import attach_review, cohort, mock_audit
from tests.ministry import MockMinistry
from tests.ui.staff_support import sign_in, staff_services


@pytest.fixture
def services(ministry: MockMinistry, tmp_path: Path) -> Iterator[AppServices]:
    with staff_services(ministry, tmp_path, health_interval_s=0.5) as s:
        attach_review(s)  # the composition root's job once bootstrap builds it (see report)
        yield s


@pytest.fixture
def window(qtbot: QtBot, services: AppServices, ministry: MockMinistry) -> Iterator[MainWindow]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    shell = StaffShell(app, Boot.ready(services))
    shell.start()
    sign_in(qtbot, shell, ministry.username, ministry.password)
    qtbot.waitUntil(lambda: shell.window is not None and shell.window.isVisible(), timeout=15000)
    assert shell.window is not None
    try:
        yield shell.window
    finally:
        shell.runner.wait_idle(10000)
        shell.window.close()


def _select_rows(window: MainWindow, cccds: set[str]) -> None:
    panel = window.candidates_panel
    selection = panel.table.selectionModel()
    selection.clearSelection()
    for row in range(panel.model.rowCount()):
        if panel.model.row_at(row).cccd in cccds:
            selection.select(
                panel.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )


def test_import_fix_lookup_confirm_print_export(
    qtbot: QtBot,
    window: MainWindow,
    services: AppServices,
    ministry: MockMinistry,
    tmp_path: Path,
) -> None:
    regs = services.registrations
    assert regs is not None
    assert window.tabs.currentWidget() is window.candidates_panel
    assert [window.tabs.tabText(i) for i in range(3)] == [
        "Thí sinh",
        "Tra cứu công dân",
        "Duyệt hồ sơ",
    ]
    assert window.import_action.shortcut().toString() == "Ctrl+I"
    assert window.export_action.shortcut().toString() == "Ctrl+E"

    # -- import a messy file through the wizard ----------------------------------------------
    people = cohort(ministry, 8)
    path = write_messy(tmp_path / "12A1 messy.xlsx", people)
    window.import_action.trigger()
    wizard = window.import_wizard
    assert isinstance(wizard, ImportWizard)
    wizard.file_page.path_input.setText(str(path))
    wizard.next()
    qtbot.waitUntil(wizard.columns_page.isComplete, timeout=10000)
    wizard.next()
    qtbot.waitUntil(wizard.report_page.isComplete, timeout=20000)
    model = wizard.report_page.model
    lines = [model.line(r) for r in range(model.rowCount())]
    problems = {(row, kind) for row, _c, kind, _t, _b in lines}
    assert (6, "Đã sửa") in problems  # ID that lost its leading zero
    assert (8, "Đã sửa") in problems  # Excel serial date
    assert (9, "Đã sửa") in problems  # stray spaces
    assert {(10, "Lỗi"), (11, "Lỗi"), (12, "Lỗi"), (13, "Lỗi")} <= problems
    assert not any(row in (5, 7) and kind == "Lỗi" for row, kind in problems)
    wizard.next()
    qtbot.waitUntil(wizard.commit_page.isComplete, timeout=20000)
    assert wizard.import_result is not None
    assert (len(wizard.import_result.saved), len(wizard.import_result.drafts)) == (5, 1)
    wizard.accept()
    qtbot.waitUntil(lambda: window.candidates_panel.model.total == 6, timeout=10000)
    nfc = next(r for r in regs.records() if r.doc.cccd == people[2].cccd)
    assert nfc.doc.full_name == people[2].full_name

    # -- fix the draft row in the registration editor (Enter on its row opens it) -----------
    draft = next(r for r in regs.records() if r.doc.cccd == people[7].cccd)
    assert any(p.severity == "error" for p in draft.problems)
    _select_rows(window, {people[7].cccd})
    panel = window.candidates_panel
    panel.table.activated.emit(panel.table.selectionModel().selectedRows()[0])
    editor = window.editor
    assert isinstance(editor, RegistrationEditorDialog)
    qtbot.waitUntil(lambda: editor.editor.record_id == draft.id and not editor.editor.busy)
    fixed = draft.doc.model_copy(
        update={
            "subjects": ["TO", "VA", "LI", "HO"],  # the elective chosen twice, corrected
            "photo": PhotoDoc(width_px=400, height_px=600),  # the portrait, as the photo step
        }
    )
    editor.editor.fill(fixed)
    with qtbot.waitSignal(editor.editor.submitted, timeout=15000):
        editor.editor.submit_button.click()
    editor.close()

    # -- batch look-up of the whole table ----------------------------------------------------
    window.candidates_panel.reload()
    qtbot.waitUntil(lambda: window.candidates_panel.model.total == 6, timeout=10000)
    window.candidates_panel.table.selectAll()
    window.batch_action.trigger()
    dialog = window.batch_dialog
    assert dialog is not None
    dialog.run()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: dialog.summary_result is not None, timeout=30000)  # type: ignore[attr-defined]
    summary = dialog.summary_result  # type: ignore[attr-defined]
    assert (summary.found, summary.mismatches, summary.not_found) == (6, 0, 0)
    dialog.reject()

    # -- the sync worker sends it; confirm it in review ---------------------------------------
    qtbot.waitUntil(
        lambda: (regs.get(draft.id) or draft).server_status == "submitted", timeout=20000
    )
    window.tabs.setCurrentWidget(window.review_panel)
    review = window.review_panel
    qtbot.waitUntil(lambda: review.select_cccd(people[7].cccd), timeout=10000)
    with qtbot.waitSignal(review.decided, timeout=10000) as decided:
        review.confirm_button.click()
    assert decided.args[1] == "confirmed"
    assert len(mock_audit(ministry, "registration.confirm")) == 1
    qtbot.waitUntil(lambda: (regs.get(draft.id) or draft).server_status == "confirmed")

    # -- print the confirmed form -----------------------------------------------------------
    window.tabs.setCurrentWidget(window.candidates_panel)
    qtbot.waitUntil(lambda: window.candidates_panel.model.total == 6, timeout=10000)
    _select_rows(window, {people[7].cccd, people[0].cccd})
    assert len(window.candidates_panel.selected_ids()) == 2
    pdf_path = tmp_path / "out" / "phieu.pdf"
    window.actions_.choose_path = lambda *_: pdf_path
    window.print_forms_action.trigger()
    qtbot.waitUntil(lambda: window.actions_.last_path == pdf_path, timeout=30000)
    assert window.actions_.message is not None
    assert "Đã tạo 2 phiếu" in window.actions_.message.text()
    pdf = pdfium.PdfDocument(str(pdf_path))
    assert len(pdf) == 2
    text = "".join(pdf[p].get_textpage().get_text_range() for p in range(2))
    assert people[7].full_name.upper() in text.upper() or people[7].full_name in text
    assert "PHIẾU ĐĂNG KÝ DỰ THI" in text
    pixels = pdf[0].render(scale=100 / 72).to_numpy().copy()  # QtPdf is not in this PySide6
    pdf.close()
    height, width, channels = pixels.shape
    image = QImage(pixels.data, width, height, width * channels, QImage.Format.Format_BGR888)
    png = tmp_path / "page1.png"
    assert image.save(str(png))
    assert width > 800 and height > 1100  # A4 at 100 dpi
    assert (pixels < 128).mean() > 0.01  # ink on the page, not a blank sheet

    # -- export everything (no selection) and read it back ----------------------------------
    window.candidates_panel.table.clearSelection()
    xlsx = tmp_path / "out" / "danh_sach.xlsx"
    window.actions_.choose_path = lambda *_: xlsx
    window.export_action.trigger()
    qtbot.waitUntil(lambda: window.actions_.last_path == xlsx, timeout=20000)
    sheet = openpyxl.load_workbook(xlsx, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][: len(COLUMNS)]) == [spec.header for spec in COLUMNS]
    ids = {row[4] for row in rows[1:] if row[4]}
    assert ids == {p.cccd for i, p in enumerate(people) if i not in (5, 6)}
    assert all(isinstance(i, str) and len(i) == 12 for i in ids)  # text, zeros kept
