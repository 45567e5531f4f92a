"""The batch look-up dialog against the real mock: selection, pasted IDs, summary, cancel."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from exam_client.services.batch_lookup import Expected, LookupItem
from exam_client.services.bootstrap import build_services
from exam_client.services.context import AppServices
from exam_client.services.settings import Settings
from exam_client.ui.staff.batch_lookup_dialog import BatchLookupDialog, items_from_text
from exam_client.ui.tasks import TaskRunner
from tests.e2e.support import people
from tests.ministry import MockMinistry, start_mock


@pytest.fixture
def services(ministry: MockMinistry, tmp_path: Path) -> Iterator[AppServices]:
    s = build_services(Settings(data_dir=tmp_path / "client", api_url=ministry.base_url))
    s.auth.sign_in(ministry.username, ministry.password)
    try:
        yield s
    finally:
        s.close()


def test_selection_is_checked_and_differences_are_listed(
    qtbot: QtBot, services: AppServices, ministry: MockMinistry
) -> None:
    found = people(ministry, 6)
    items = [LookupItem(p.cccd, Expected(p.full_name, p.date_of_birth)) for p in found]
    items[0] = replace(items[0], expected=Expected("Tên Khác Hẳn", found[0].date_of_birth))
    unknown = "001208999999"
    items.append(LookupItem(unknown, Expected("Không Có")))
    runner = TaskRunner(parent=QApplication.instance())
    dialog = BatchLookupDialog(services, runner, items)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ids.isReadOnly() and unknown not in dialog.ids.toPlainText()  # masked
    qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.summary_result is not None, timeout=20000)
    summary = dialog.summary_result
    assert summary is not None
    assert (summary.found, summary.mismatches, summary.not_found) == (6, 1, 1)
    assert dialog.progress.value() == 7
    assert "6 có trong CSDL dân cư (1 khác với hồ sơ" in dialog.summary.text()
    assert dialog.results.item(0, 2).text() in ("Khác hồ sơ", "Không tìm thấy")  # type: ignore[union-attr]
    details = [dialog.results.item(r, 3).text() for r in range(7)]  # type: ignore[union-attr]
    assert any("Tên Khác Hẳn" in d and found[0].full_name in d for d in details)
    runner.wait_idle(5000)


def test_pasted_ids_with_spaces_and_separators(
    qtbot: QtBot, services: AppServices, ministry: MockMinistry
) -> None:
    a, b = people(ministry, 2)
    text = f"{a.cccd[:3]} {a.cccd[3:]}\n{b.cccd}, {b.cccd}; 12345"
    assert [i.cccd for i in items_from_text(text)] == [a.cccd, b.cccd, "12345"]
    runner = TaskRunner(parent=QApplication.instance())
    dialog = BatchLookupDialog(services, runner)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
    assert "Chưa có số định danh" in dialog.summary.text()
    dialog.ids.setPlainText(text)
    qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.summary_result is not None, timeout=20000)
    assert dialog.summary_result is not None
    assert dialog.summary_result.found == 2 and dialog.summary_result.failed == 1
    runner.wait_idle(5000)


def test_rate_limited_register_is_waited_out(
    qtbot: QtBot, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    mock = start_mock(tmp_path_factory.mktemp("limited"), lookup_rate=1.0, lookup_burst=3)
    services = build_services(Settings(data_dir=tmp_path / "c2", api_url=mock.base_url))
    try:
        services.auth.sign_in(mock.username, mock.password)
        items = [LookupItem(p.cccd) for p in people(mock, 6)]
        runner = TaskRunner(parent=QApplication.instance())
        dialog = BatchLookupDialog(services, runner, items, workers=4)
        qtbot.addWidget(dialog)
        dialog.run()
        qtbot.waitUntil(lambda: dialog.summary_result is not None, timeout=30000)
        summary = dialog.summary_result
        assert summary is not None
        assert summary.found == 6 and summary.failed == 0
        assert summary.slowdowns >= 1
        assert "chậm lại" in dialog.summary.text()
        runner.wait_idle(5000)
    finally:
        services.close()
        mock.stop()


def test_cancel_stops_and_escape_closes(
    qtbot: QtBot, services: AppServices, ministry: MockMinistry
) -> None:
    items = [LookupItem(p.cccd) for p in people(ministry, 200)]
    runner = TaskRunner(parent=QApplication.instance())
    dialog = BatchLookupDialog(services, runner, items, workers=1)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.run()
    assert dialog.running and dialog.cancel.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # first Escape: stop
    assert not dialog.running and "Đã dừng" in dialog.summary.text()
    assert dialog.start.isEnabled()
    runner.wait_idle(10000)
    assert dialog.summary_result is None  # a cancelled run reports nothing
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # second: close
