"""The review panel against the real mock: list, a return needs a reason, confirm, refresh."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from exam_client.services.bootstrap import build_services
from exam_client.services.context import AppServices
from exam_client.services.settings import Settings
from exam_client.ui.staff.review_panel import ReviewPanel
from exam_client.ui.tasks import TaskRunner
from tests.e2e.support import attach_review, complete_doc, mock_audit, people, submit_and_sync
from tests.ministry import MockMinistry


@pytest.fixture
def services(ministry: MockMinistry, tmp_path: Path) -> Iterator[AppServices]:
    s = build_services(Settings(data_dir=tmp_path / "client", api_url=ministry.base_url))
    s.auth.sign_in(ministry.username, ministry.password)
    try:
        yield s
    finally:
        s.close()


def test_return_needs_a_reason_then_confirm_empties_the_list(
    qtbot: QtBot, services: AppServices, ministry: MockMinistry
) -> None:
    review = attach_review(services)
    first, second = people(ministry, 2)
    submit_and_sync(services, complete_doc(first))
    submit_and_sync(services, complete_doc(second))
    runner = TaskRunner(parent=QApplication.instance())
    panel = ReviewPanel(review, runner)
    qtbot.addWidget(panel)
    panel.show()
    assert not panel.confirm_button.isEnabled()  # nothing selected yet
    panel.refresh()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=10000)
    assert panel.table.item(0, 0).text() == first.full_name  # type: ignore[union-attr]

    assert panel.select_cccd(second.cccd)
    assert panel.return_button.isEnabled()
    qtbot.mouseClick(panel.return_button, Qt.MouseButton.LeftButton)
    assert "Hãy ghi lý do trả lại" in panel.message.text()
    assert mock_audit(ministry, "registration.return") == []
    panel.reason.setText("Thiếu ảnh chân dung")  # QtTest types ASCII only
    with qtbot.waitSignal(panel.decided, timeout=10000) as decided:
        qtbot.keyClick(panel.reason, Qt.Key.Key_Return)
    assert decided.args[1] == "returned"
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=10000)

    panel.table.selectRow(0)
    with qtbot.waitSignal(panel.decided, timeout=10000) as decided:
        qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
    assert decided.args[1] == "confirmed"
    qtbot.waitUntil(lambda: panel.table.rowCount() == 0, timeout=10000)
    assert "Không có phiếu nào chờ duyệt" in panel.message.text()
    assert mock_audit(ministry, "registration.return")[0].actor == ministry.username
    runner.wait_idle(5000)


def test_without_a_review_service_it_says_so(qtbot: QtBot) -> None:
    panel = ReviewPanel(None, TaskRunner(parent=QApplication.instance()))
    qtbot.addWidget(panel)
    panel.refresh()
    assert "chưa sẵn sàng" in panel.message.text()
