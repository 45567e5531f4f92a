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
