"""The import wizard on a messy file: file checks, columns, dry-run report, commit, re-import."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from exam_client.services.bootstrap import build_services
from exam_client.services.context import AppServices
from exam_client.services.settings import Settings
from exam_client.services.spreadsheet import Col
from exam_client.ui import i18n
from exam_client.ui.staff.import_wizard import ImportWizard, check_file, load_mapping
from exam_client.ui.tasks import TaskRunner
from tests.e2e.messy_file import sample_people, write_messy


@pytest.fixture
def services(tmp_path: Path) -> Iterator[AppServices]:
    s = build_services(Settings(data_dir=tmp_path / "client", api_url="http://127.0.0.1:9"))
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def wizard(qtbot: QtBot, services: AppServices) -> Iterator[ImportWizard]:
    runner = TaskRunner(parent=QApplication.instance())
    w = ImportWizard(services, runner, "01001")
    qtbot.addWidget(w)
    w.show()
    yield w
    runner.wait_idle(5000)


def run_to_report(qtbot: QtBot, wizard: ImportWizard, path: Path) -> None:
    wizard.file_page.path_input.setText(str(path))
    wizard.next()
    assert wizard.currentPage() is wizard.columns_page
    qtbot.waitUntil(wizard.columns_page.isComplete, timeout=10000)
    wizard.next()
    assert wizard.currentPage() is wizard.report_page
    qtbot.waitUntil(wizard.report_page.isComplete, timeout=20000)


def test_bad_files_are_refused_on_the_first_page_with_a_reason(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    page = wizard.file_page
    (tmp_path / "a.docx").write_bytes(b"PK")
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "old.xls").write_bytes(b"x")
    cases = {
        "": "Hãy chọn tệp",
        str(tmp_path / "missing.xlsx"): "Không tìm thấy tệp",
        str(tmp_path / "a.docx"): "không phải bảng tính",
        str(tmp_path / "empty.csv"): "rỗng",
        str(tmp_path / "old.xls"): "Excel 97–2003",
    }
    for text, expected in cases.items():
        page.path_input.setText(text)
        wizard.next()
        assert wizard.currentPage() is page
        assert page.error.isVisible() and expected in page.error.text(), text


def test_a_renamed_pdf_gets_the_service_message_on_the_columns_step(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    fake = tmp_path / "list.xlsx"
    fake.write_bytes(b"%PDF-1.7 not a sheet")
    assert check_file(str(fake)) is None  # the extension looks fine; the content decides
    wizard.file_page.path_input.setText(str(fake))
    wizard.next()
    qtbot.waitUntil(lambda: "PDF" in wizard.columns_page.message.text(), timeout=10000)
    assert not wizard.columns_page.isComplete()


def test_messy_file_report_commit_and_reimport(
    qtbot: QtBot, wizard: ImportWizard, services: AppServices, tmp_path: Path
) -> None:
    people = sample_people()
    path = write_messy(tmp_path / "lop12.xlsx", people)
    run_to_report(qtbot, wizard, path)
    plan = wizard.plan
    assert plan is not None
    s = plan.summary
    assert (s.total, s.new, s.rejected) == (9, 6, 3)
    model = wizard.report_page.model
    lines = [model.line(r) for r in range(model.rowCount())]
    by_row: dict[int, list[str]] = {}
    for row, column, kind, text, _bad in lines:
        by_row.setdefault(row, []).append(f"{column}|{kind}|{text}")
    assert any("Đã sửa" in t and "E (Số CCCD)" in t for t in by_row[6])  # leading zero
    assert any("Đã sửa" in t and "C (Ngày sinh)" in t for t in by_row[8])  # Excel serial
    assert any("Đã sửa" in t for t in by_row[9])  # stray spaces
    assert any("xuất hiện nhiều lần" in t for t in by_row[10])
    assert any("xuất hiện nhiều lần" in t for t in by_row[11])
    assert any("Lỗi" in t and "C (Ngày sinh)" in t for t in by_row[12])
    assert any("Lỗi" in t for t in by_row[13])
    assert 5 not in by_row or all("Lỗi" not in t for t in by_row[5])

    wizard.report_page.errors_only.setChecked(True)
    shown = {model.line(r)[0] for r in range(model.rowCount())}
    assert shown == {10, 11, 12, 13}
    assert "9 dòng" in wizard.report_page.summary.text()

    def kind_colours() -> set[str]:
        role = Qt.ItemDataRole.ForegroundRole
        return {model.data(model.index(r, 2), role).color().name() for r in range(model.rowCount())}

    assert "#b3261e" in kind_colours()  # errors in red
    try:  # and in red in English too (the kind was once compared with the Vietnamese word)
        assert i18n.set_language("en")
        model.set_plan(plan)
        assert any(model.line(r)[2] == "Error" for r in range(model.rowCount()))
        assert "#b3261e" in kind_colours()
    finally:
        i18n.set_language("vi")
        model.set_plan(plan)

    wizard.next()
    assert wizard.currentPage() is wizard.commit_page
    qtbot.waitUntil(wizard.commit_page.isComplete, timeout=20000)
    result = wizard.import_result
    assert result is not None
    assert (len(result.saved), len(result.drafts), len(result.rejected)) == (5, 1, 3)
    assert "Đã lưu 5 thí sinh" in wizard.commit_page.summary.text()
    assert services.registrations is not None
    records = services.registrations.records()
    assert {r.doc.cccd for r in records} == {
        p.cccd for i, p in enumerate(people) if i not in (5, 6)
    }
    decomposed = next(r for r in records if r.doc.cccd == people[2].cccd)
    assert decomposed.doc.full_name == people[2].full_name  # NFC again
    wizard.button(QWizard.WizardButton.FinishButton).click()

    # the same file again: nothing new, nothing changed
    again = ImportWizard(services, wizard.runner, "01001")
    qtbot.addWidget(again)
    again.show()
    run_to_report(qtbot, again, path)
    assert again.plan is not None
    assert (again.plan.summary.new, again.plan.summary.changed) == (0, 0)
    assert again.plan.summary.unchanged == 6
    again.next()
    qtbot.waitUntil(again.commit_page.isComplete, timeout=20000)
    assert again.import_result is not None and again.import_result.saved == ()
    assert len(services.registrations.records()) == 6


def test_column_choice_is_used_and_saved_per_school(
    qtbot: QtBot, wizard: ImportWizard, services: AppServices, tmp_path: Path
) -> None:
    path = write_messy(tmp_path / "lop.xlsx", sample_people())
    wizard.file_page.path_input.setText(str(path))
    wizard.next()
    qtbot.waitUntil(wizard.columns_page.isComplete, timeout=10000)
    page = wizard.columns_page
    assert page.columns["Số CCCD"] is Col.CCCD and page.columns["SĐT"] is Col.PHONE
    page.set_column("SĐT", Col.IGNORE)
    wizard.next()
    qtbot.waitUntil(wizard.report_page.isComplete, timeout=20000)
    assert wizard.plan is not None
    assert all(r.contact.get("phone") in (None, "") for r in wizard.plan.rows)
    wizard.next()
    qtbot.waitUntil(wizard.commit_page.isComplete, timeout=20000)
    saved = load_mapping(services.settings.data_dir, "01001")
    assert saved.resolve("SĐT") is Col.IGNORE
    assert load_mapping(services.settings.data_dir, "99999").columns == {}


def test_cancel_during_the_dry_run_writes_nothing(
    qtbot: QtBot, wizard: ImportWizard, services: AppServices, tmp_path: Path
) -> None:
    path = write_messy(tmp_path / "lop.xlsx", sample_people())
    wizard.file_page.path_input.setText(str(path))
    wizard.next()
    qtbot.waitUntil(wizard.columns_page.isComplete, timeout=10000)
    wizard.next()
    wizard.reject()
    wizard.runner.wait_idle(5000)
    assert services.registrations is not None
    assert services.registrations.records() == []
