# mypy: disable-error-code="no-untyped-call"
"""A conflict made by two clients editing the same registration, shown in the sync panel,
resolved field by field in the conflict view, re-queued and synced: real mock over HTTP, two
real SQLCipher stores in two data dirs, real widgets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from exam_client.services.context import AppServices
from exam_client.ui.sync.conflict_view import MINE_COLUMN, THEIRS_COLUMN, ConflictDialog
from exam_client.ui.sync.panel import SyncPanel
from exam_client.ui.tasks import TaskRunner
from exam_client.ui.theme import STYLE
from ministry_mock.store.models import ExamRegistration
from tests.ministry import MockMinistry
from tests.services.test_registrations_service import YEAR, mock_docs
from tests.ui.test_sync_panel import signed_in

A_ADDRESS = "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội"
B_EMAIL = "thisinh.b@example.vn"


@pytest.fixture
def two_clients(
    ministry: MockMinistry, tmp_path: Path
) -> Iterator[tuple[AppServices, AppServices]]:
    a = signed_in(ministry, tmp_path / "client-a", ministry.username, ministry.password)
    b = signed_in(ministry, tmp_path / "client-b", ministry.username, ministry.password)
    try:
        yield a, b
    finally:
        b.close()
        a.close()


def server_doc(ministry: MockMinistry, record_id: str) -> tuple[int, dict[str, Any]]:
    with ministry.store.sessions() as session:
        row = session.execute(
            select(ExamRegistration.version, ExamRegistration.doc).where(
                ExamRegistration.id == record_id
            )
        ).one()
    return int(row[0]), dict(row[1])


def row_of(dialog: ConflictDialog, field: str) -> int:
    return next(i for i, f in enumerate(dialog.fields) if f.name == field)


def cell(dialog: ConflictDialog, field: str, column: int) -> QTableWidgetItem:
    item = dialog.table.item(row_of(dialog, field), column)
    assert item is not None
    return item


def test_two_clients_conflict_is_shown_resolved_per_field_and_synced(
    qtbot: QtBot, two_clients: tuple[AppServices, AppServices], ministry: MockMinistry
) -> None:
    a, b = two_clients
    assert a.registrations and a.sync and b.registrations and b.sync
    doc = mock_docs(ministry, 1)[0]
    saved = a.registrations.submit(doc, exam_year=YEAR)
    record_id = str(saved.record_id)
    assert a.sync.run_once().outcomes == {"applied": 1}
    b.sync.run_once()  # B pulls version 1

    theirs_doc = doc.model_copy(update={"phone": "0900000001", "address": A_ADDRESS})
    a.registrations.submit(theirs_doc, exam_year=YEAR, record_id=saved.record_id)
    assert a.sync.run_once().outcomes == {"applied": 1}  # version 2 on the server
    mine_doc = doc.model_copy(update={"phone": "0900000002", "email": B_EMAIL})
    b.registrations.submit(mine_doc, exam_year=YEAR, record_id=saved.record_id)

    runner = TaskRunner()
    panel = SyncPanel(b.sync, b.registrations, runner, b.connection)
    qtbot.addWidget(panel)
    panel.resize(900, 420)
    assert b.sync.run_once().outcomes == {"conflict": 1}
    qtbot.waitUntil(lambda: panel.problems.topLevelItemCount() == 1, timeout=10_000)
    assert panel.count_labels["conflict"].text() == "Xung đột: 1"
    item = panel.problems.topLevelItem(0)
    assert item is not None and item.text(0) == "Xung đột"
    assert ministry.username in item.text(3) and "(phiên bản 2)" in item.text(3)
    assert panel.resolve_button.isEnabled() and not panel.open_button.isEnabled()
    panel.setStyleSheet(STYLE)
    panel.grab().save("/tmp/full4/sync-panel-conflict.png")

    panel.problems.setFocus()
    qtbot.keyClick(panel.problems, Qt.Key.Key_Return)  # Enter opens the conflict view
    dialog = panel.conflict_dialog
    assert isinstance(dialog, ConflictDialog) and dialog.isVisible()
    assert set(dialog.choices) == {"phone", "email", "address"}  # only what differs
    assert cell(dialog, "phone", 0).text() == "≠ Điện thoại"
    assert cell(dialog, "full_name", 0).text() == "Họ và tên"  # same in both: no mark
    assert not cell(dialog, "full_name", MINE_COLUMN).flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert cell(dialog, "phone", MINE_COLUMN).text() == "0900000002"
    assert cell(dialog, "phone", THEIRS_COLUMN).text() == "0900000001"
    assert cell(dialog, "email", THEIRS_COLUMN).text() == "—"
    assert cell(dialog, "date_of_birth", MINE_COLUMN).text() == f"{doc.date_of_birth:%d/%m/%Y}"

    qtbot.mouseClick(dialog.all_theirs, Qt.MouseButton.LeftButton)
    assert set(dialog.choices.values()) == {"theirs"}
    qtbot.mouseClick(dialog.all_mine, Qt.MouseButton.LeftButton)
    assert set(dialog.choices.values()) == {"mine"}
    # per field, with the keyboard: Space on the server's cell keeps the server's phone
    dialog.table.setFocus()
    dialog.table.setCurrentCell(row_of(dialog, "phone"), THEIRS_COLUMN)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert dialog.choices["phone"] == "theirs"
    assert cell(dialog, "phone", MINE_COLUMN).checkState() == Qt.CheckState.Unchecked
    cell(dialog, "address", THEIRS_COLUMN).setCheckState(Qt.CheckState.Checked)  # a mouse tick
    assert dialog.choices == {"phone": "theirs", "email": "mine", "address": "theirs"}
    assert "giữ 1 bản trên máy này, 2 bản trên máy chủ" in dialog.summary.text()
    dialog.setStyleSheet(STYLE)
    dialog.grab().save("/tmp/full4/conflict-view.png")

    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)  # "Gửi lại"
    qtbot.waitUntil(lambda: dialog.result_of_resolve is not None, timeout=10_000)
    result = dialog.result_of_resolve
    assert result is not None and result.saved and result.sync_state == "queued"
    assert not dialog.isVisible()
    runner.wait_idle(5_000)
    merged = doc.model_copy(update={"phone": "0900000001", "address": A_ADDRESS, "email": B_EMAIL})
    local = b.registrations.get(saved.record_id)
    assert local is not None and local.doc == merged and local.sync_state == "queued"

    assert b.sync.run_once().outcomes == {"applied": 1}
    version, held = server_doc(ministry, record_id)
    assert version == 3
    assert (held["phone"], held["email"], held["address"]) == ("0900000001", B_EMAIL, A_ADDRESS)
    qtbot.waitUntil(lambda: panel.problems.topLevelItemCount() == 0, timeout=10_000)
    assert panel.count_labels["synced"].text() == "Đã đồng bộ: 1"
    assert not panel.empty_label.isHidden() and panel.problems.isHidden()
    a.sync.run_once()  # the first client pulls the merged version
    pulled = a.registrations.get(saved.record_id)
    assert pulled is not None and (pulled.server_version, pulled.doc) == (3, merged)
    runner.wait_idle(5_000)


def test_a_mix_the_rules_refuse_is_not_sent_and_the_rows_are_marked(
    qtbot: QtBot, two_clients: tuple[AppServices, AppServices], ministry: MockMinistry
) -> None:
    """Subjects from one version and the foreign language from the other break a rule that
    neither version broke: nothing is queued, the dialog says which rows to choose again."""
    a, b = two_clients
    assert a.registrations and a.sync and b.registrations and b.sync
    doc = mock_docs(ministry, 1)[0]
    saved = a.registrations.submit(doc, exam_year=YEAR)
    a.sync.run_once()
    b.sync.run_once()
    no_language = doc.model_copy(
        update={"subjects": ["TO", "VA", "LI", "HO"], "foreign_language": None}
    )
    a.registrations.submit(no_language, exam_year=YEAR, record_id=saved.record_id)
    a.sync.run_once()
    b.registrations.submit(
        doc.model_copy(update={"foreign_language": "N2"}), exam_year=YEAR, record_id=saved.record_id
    )
    assert b.sync.run_once().outcomes == {"conflict": 1}
    local = b.registrations.get(saved.record_id)
    assert local is not None
    runner = TaskRunner()
    dialog = ConflictDialog(local, b.registrations, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    assert set(dialog.choices) == {"subjects", "foreign_language"}
    dialog.choose("subjects", "theirs")  # no foreign language among the subjects …
    dialog.choose("foreign_language", "mine")  # … but a foreign language chosen
    dialog.send()
    qtbot.waitUntil(lambda: dialog.result_of_resolve is not None, timeout=10_000)
    result = dialog.result_of_resolve
    assert result is not None and not result.saved
    assert dialog.error_label.isVisible()
    assert "Chưa gửi" in dialog.error_label.text()
    assert dialog.problem_fields & {"subjects", "foreign_language"}  # rows marked to re-choose
    dialog.setStyleSheet(STYLE)
    dialog.grab().save("/tmp/full4/conflict-view-refused.png")
    still = b.registrations.get(saved.record_id)
    assert still is not None and still.sync_state == "conflict"
    assert b.sync.run_once().outcomes == {}  # nothing was queued
    runner.wait_idle(5_000)
