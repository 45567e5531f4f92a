# mypy: disable-error-code="no-untyped-call"
"""The candidates table: search as you type, filters, sort, multi-select (real widgets)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from exam_client.services.candidate_index import CandidateIndex, CandidateRow
from exam_client.ui.staff.candidates_panel import CandidatesPanel
from exam_client.ui.tasks import TaskRunner


def _rows(n: int) -> list[CandidateRow]:
    given = ["An", "Bình", "Châu", "Dũng", "Đức", "Hà", "Khánh", "Linh"]
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Đặng"]
    return [
        CandidateRow(
            record_id=f"r{i}",
            full_name=f"{family[i % 5]} Văn {given[i % 8]}",
            date_of_birth=date(2008, 1 + i % 12, 1 + i % 28),
            cccd=f"001208{i:06d}",
            class_name=f"12A{i % 3 + 1}",
            subjects=("TOAN", "VAN", "LI", "HO"),
            status=("draft", "submitted")[i % 2],
            sync_state=("synced", "queued")[i % 2],
            problem_count=i % 4 == 0,
        )
        for i in range(n)
    ]


def test_loads_in_background_then_searches_filters_and_sorts(qtbot: QtBot) -> None:
    runner = TaskRunner()
    panel = CandidatesPanel(lambda: CandidateIndex(_rows(400)), runner)
    qtbot.addWidget(panel)
    panel.reload()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 400, timeout=5000)
    assert panel.count.text() == "400 thí sinh"
    assert [panel.class_filter.itemText(i) for i in range(4)] == ["Tất cả", "12A1", "12A2", "12A3"]
    first = panel.model.data(panel.model.index(0, 0))
    assert first.endswith(" An")  # given name first: An < Bình < …

    qtbot.keyClicks(panel.search, "dang duc")  # no diacritics typed
    names = {panel.model.data(panel.model.index(r, 0)) for r in range(panel.model.rowCount())}
    assert names == {"Đặng Văn Đức"}
    assert panel.count.text().startswith("Hiển thị ")
    assert panel.model.data(panel.model.index(0, 2)).count("*") == 6  # ID masked in the list

    panel.search.clear()
    panel.problems_only.setChecked(True)
    assert panel.model.rowCount() == 100
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("submitted"))
    assert panel.model.rowCount() == 0  # problems on even rows, submitted on odd ones
    panel.status_filter.setCurrentIndex(0)
    panel.problems_only.setChecked(False)

    panel.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert panel.model.row_at(0).cccd == "001208000399"


def test_multi_select_reports_record_ids(qtbot: QtBot) -> None:
    panel = CandidatesPanel(lambda: CandidateIndex([]), TaskRunner())
    qtbot.addWidget(panel)
    panel.show_index(CandidateIndex(_rows(10)))
    seen: list[list[str]] = []
    panel.selection_changed.connect(seen.append)
    selection = panel.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    selection.select(panel.model.index(0, 0), flags)
    selection.select(panel.model.index(2, 0), flags)
    assert len(panel.selected_ids()) == 2
    assert seen[-1] == panel.selected_ids()
    assert panel.selected.text() == "Đã chọn 2"


def test_sync_badge_has_its_own_text_glyph_colour_and_reason_for_every_state(
    qtbot: QtBot,
) -> None:
    from exam_client.ui.staff.candidate_model import SYNC_COLUMN
    from exam_client.ui.sync.badge import SYNC_STATE_ROLE, SyncBadgeDelegate
    from exam_client.ui.sync.labels import STYLES

    states = ["draft", "queued", "sending", "synced", "rejected", "conflict"]
    rows = [
        CandidateRow(
            record_id=f"r{i}",
            full_name=f"Nguyễn Văn {name}",
            date_of_birth=date(2008, 1, 1 + i),
            cccd=f"00120800000{i}",
            class_name="12A1",
            subjects=("TO", "VA"),
            status="submitted",
            sync_state=state,
            problem_count=2 if state == "rejected" else 0,
        )
        for i, (state, name) in enumerate(zip(states, "ABCDEG", strict=True))
    ]
    panel = CandidatesPanel(lambda: CandidateIndex([]), TaskRunner())
    qtbot.addWidget(panel)
    panel.show_index(CandidateIndex(rows))
    panel.model.apply(sort="date_of_birth")  # rows in the order of ``states``
    model = panel.model

    def cell(state: str, role: Qt.ItemDataRole | int) -> object:
        return model.data(model.index(states.index(state), SYNC_COLUMN), role)

    expected = {
        "draft": "Chưa gửi",
        "queued": "Chờ gửi",
        "sending": "Đang gửi",
        "synced": "Đã đồng bộ",
        "rejected": "Bị từ chối",
        "conflict": "Xung đột",
    }
    for state, text in expected.items():
        assert cell(state, Qt.ItemDataRole.DisplayRole) == text
        assert cell(state, SYNC_STATE_ROLE) == state
        assert not cell(state, Qt.ItemDataRole.DecorationRole).isNull()  # type: ignore[attr-defined]
        tooltip = str(cell(state, Qt.ItemDataRole.ToolTipRole))
        assert tooltip.startswith(f"{text}: ")
    # text and glyph differ per state, not only the colour
    assert len(set(expected.values())) == 6
    assert len({STYLES[s].glyph for s in states}) == 6
    assert len({STYLES[s].colour for s in states}) == 6
    assert "2 lỗi" in str(cell("rejected", Qt.ItemDataRole.ToolTipRole))

    changed: list[object] = []
    model.dataChanged.connect(lambda *args: changed.append(args))
    reason = "Thí sinh này đã có phiếu đăng ký do đơn vị khác quản lý."
    model.set_reasons({"r4": reason})
    assert changed  # the view repaints its tooltips
    assert str(cell("rejected", Qt.ItemDataRole.ToolTipRole)).endswith(f"Lý do: {reason}")
    assert model.data(model.index(0, 0), Qt.ItemDataRole.UserRole) == "r0"  # unchanged roles

    panel.table.setItemDelegateForColumn(SYNC_COLUMN, SyncBadgeDelegate(panel.table))
    panel.table.setColumnWidth(SYNC_COLUMN, 120)  # as proposed for candidates_panel.py
    panel.resize(1000, 260)
    panel.grab().save("/tmp/full4/candidate-badges.png")
