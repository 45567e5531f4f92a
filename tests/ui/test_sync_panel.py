# mypy: disable-error-code="no-untyped-call"
"""The sync panel and the status-bar summary follow a real sync: real mock over HTTP, real
SQLCipher store, the real sync worker thread (statuses cross threads through the Qt bridge)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from exam_client.services.bootstrap import build_services
from exam_client.services.context import AppServices
from exam_client.services.settings import Settings
from exam_client.ui.sync.attention import RECORD_ROLE
from exam_client.ui.sync.badge import SYNC_STATE_ROLE
from exam_client.ui.sync.panel import SyncPanel
from exam_client.ui.sync.reasons import last_sync_text
from exam_client.ui.sync.summary import SyncSummary
from exam_client.ui.tasks import TaskRunner
from exam_client.ui.theme import STYLE
from ministry_mock.seed import DEMO_OTHER_STAFF_USERNAME, DEMO_STAFF_PASS
from tests.ministry import MockMinistry
from tests.services.test_registrations_service import YEAR, mock_docs
from tests.services.test_sync_engine import restart

OTHER_SCHOOL_REASON = "đã có phiếu đăng ký do đơn vị khác quản lý"


def signed_in(ministry: MockMinistry, folder: Path, username: str, password: str) -> AppServices:
    services = build_services(Settings(data_dir=folder, api_url=ministry.base_url))
    services.auth.sign_in(username, password)
    return services


@pytest.fixture
def services(ministry: MockMinistry, tmp_path: Path) -> Iterator[AppServices]:
    built = signed_in(ministry, tmp_path / "client", ministry.username, ministry.password)
    try:
        yield built
    finally:
        built.close()


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    made = TaskRunner()
    yield made
    made.wait_idle(10_000)


def count_text(panel: SyncPanel, state: str) -> str:
    return panel.count_labels[state].text()  # type: ignore[index]


def test_panel_shows_counts_a_server_rejection_with_its_reason_and_retries_now(
    qtbot: QtBot,
    services: AppServices,
    runner: TaskRunner,
    ministry: MockMinistry,
    tmp_path: Path,
) -> None:
    docs = mock_docs(ministry, 5)
    # Another school registered the fourth candidate first: only the server can know that.
    other = signed_in(ministry, tmp_path / "other", DEMO_OTHER_STAFF_USERNAME, DEMO_STAFF_PASS)
    try:
        assert other.registrations is not None and other.sync is not None
        other.registrations.submit(docs[3], exam_year=YEAR)
        assert other.sync.run_once().outcomes == {"applied": 1}
    finally:
        other.close()

    sync, registrations = services.sync, services.registrations
    assert sync is not None and registrations is not None
    panel = SyncPanel(sync, registrations, runner, services.connection)
    qtbot.addWidget(panel)
    summary = SyncSummary(sync)
    qtbot.addWidget(summary)
    reasons: list[dict[str, str]] = []
    panel.reasons_changed.connect(reasons.append)
    panel.resize(860, 520)
    panel.show()
    assert panel.last_sync_label.text() == "Chưa đồng bộ lần nào trong phiên này"

    saved = [registrations.submit(doc, exam_year=YEAR) for doc in docs[:4]]
    assert all(s.sync_state == "queued" for s in saved)
    sync.start()  # the real worker thread: listeners run there, the panel on the GUI thread
    qtbot.waitUntil(lambda: count_text(panel, "synced") == "Đã đồng bộ: 3", timeout=20_000)
    qtbot.waitUntil(lambda: panel.problems.topLevelItemCount() == 1, timeout=10_000)
    assert count_text(panel, "rejected") == "Bị từ chối: 1"
    assert count_text(panel, "queued") == "Chờ gửi: 0"
    assert panel.last_sync_label.text().startswith("Đồng bộ lần cuối lúc ")
    assert panel.link_label.text() == "● Trực tuyến"
    item = panel.problems.topLevelItem(0)
    assert item is not None
    rejected_id = str(saved[3].record_id)
    assert item.data(0, RECORD_ROLE) == rejected_id
    assert item.data(0, SYNC_STATE_ROLE) == "rejected"
    assert item.text(0) == "Bị từ chối"
    assert OTHER_SCHOOL_REASON in item.text(3)  # the server's message_vi, word for word
    assert "*" in item.text(2)  # the ID is masked in the list
    assert OTHER_SCHOOL_REASON in reasons[-1][rejected_id]  # for the candidate table's tooltips
    assert panel.open_button.isEnabled() and not panel.resolve_button.isEnabled()
    opened: list[str] = []
    panel.open_record_requested.connect(opened.append)
    panel.problems.setFocus()
    qtbot.keyClick(panel.problems, Qt.Key.Key_Return)  # Enter on a rejection opens its form
    assert opened == [rejected_id]
    qtbot.waitUntil(lambda: summary.text() == "Bị từ chối 1", timeout=5_000)
    panel.grab().save("/tmp/full4/sync-panel-rejected.png")

    # The server goes away: the new registration waits, with a long backoff.
    sync.backoff_base, sync.backoff_cap = 300.0, 600.0
    ministry.stop()
    late = registrations.submit(docs[4], exam_year=YEAR)
    qtbot.waitUntil(lambda: panel.status.phase == "offline", timeout=20_000)
    qtbot.waitUntil(lambda: count_text(panel, "queued") == "Chờ gửi: 1", timeout=5_000)
    assert panel.error_label.isVisible()
    assert "tự thử lại lúc" in panel.error_label.text()
    qtbot.waitUntil(lambda: summary.text() == "Chờ gửi 1 · Bị từ chối 1", timeout=5_000)
    due = panel.status.next_attempt_at
    assert due is not None and due > datetime.now(UTC) + timedelta(seconds=5)
    panel.grab().save("/tmp/full4/sync-panel-offline.png")
    summary.grab().save("/tmp/full4/sync-summary.png")

    restart(ministry)
    qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)  # "Thử lại ngay"
    qtbot.waitUntil(lambda: count_text(panel, "synced") == "Đã đồng bộ: 4", timeout=20_000)
    local = registrations.get(late.record_id)
    assert local is not None and local.sync_state == "synced"
    assert count_text(panel, "queued") == "Chờ gửi: 0"
    qtbot.waitUntil(lambda: not panel.error_label.isVisible(), timeout=5_000)
    assert panel.problems.topLevelItemCount() == 1  # the rejection still needs a person


def test_last_sync_text_says_when_or_never() -> None:
    assert last_sync_text(None) == "Chưa đồng bộ lần nào trong phiên này"
    now = datetime.now(UTC)
    local = now.astimezone()
    assert last_sync_text(now) == f"Đồng bộ lần cuối lúc {local:%H:%M}"
    earlier = now - timedelta(days=3)
    assert last_sync_text(earlier).endswith(f"ngày {earlier.astimezone():%d/%m/%Y}")


def test_progress_bar_while_sending_and_busy_while_pulling(
    qtbot: QtBot, services: AppServices, runner: TaskRunner
) -> None:
    from exam_client.services.sync import SyncStatus

    assert services.sync is not None and services.registrations is not None
    panel = SyncPanel(services.sync, services.registrations, runner)
    qtbot.addWidget(panel)
    panel.resize(860, 300)
    counts: dict[Any, int] = {
        "draft": 0,
        "queued": 55,
        "sending": 5,
        "synced": 40,
        "rejected": 0,
        "conflict": 0,
    }
    panel.show_status(SyncStatus("pushing", counts, answered=40))
    assert not panel.progress.isHidden()
    assert (panel.progress.value(), panel.progress.maximum()) == (40, 100)
    assert panel.progress.text() == "40 / 100 phiếu"
    assert panel.phase_label.text() == "Đang gửi…"
    assert panel.count_labels["queued"].text() == "Chờ gửi: 55"
    panel.setStyleSheet(STYLE)
    panel.grab().save("/tmp/full4/sync-panel-sending.png")
    panel.show_status(SyncStatus("pulling", counts, answered=100))
    assert (panel.progress.minimum(), panel.progress.maximum()) == (0, 0)  # busy indicator
    panel.show_status(SyncStatus("idle", {**counts, "queued": 0, "sending": 0}))
    assert panel.progress.isHidden()
    assert panel.phase_label.text() == "Đã gửi xong."
