"""Issue 4 figures: search keystroke over 100 000 cached candidates (index + Qt model reset)."""

from __future__ import annotations

import os
import time

from benchmarks import Result, p95

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def synthetic_rows(count: int) -> list[object]:
    from exam_client.services.candidate_index import CandidateRow
    from ministry_mock.population import generate_citizens

    statuses = ("draft", "submitted", "confirmed", "returned")
    syncs = ("synced",) * 7 + ("queued", "rejected", "conflict")
    rows = []
    for n, c in enumerate(generate_citizens(2026, count)):
        rows.append(
            CandidateRow(
                record_id=str(n),
                full_name=c.full_name,
                date_of_birth=c.date_of_birth,
                cccd=c.cccd,
                class_name=f"12A{n % 12 + 1}",
                subjects=("TOAN", "VAN", "LI", "HO"),
                status=statuses[n % 4],
                sync_state=syncs[n % 10],
                problem_count=n % 7 == 0,
            )
        )
    return rows


def run() -> list[Result]:
    from PySide6.QtWidgets import QApplication

    from exam_client.services.candidate_index import CandidateIndex
    from exam_client.ui.staff.candidates_panel import CandidatesPanel
    from exam_client.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    rows = synthetic_rows(100_000)
    t0 = time.perf_counter()
    index = CandidateIndex(rows)  # type: ignore[arg-type]
    build_ms = (time.perf_counter() - t0) * 1000
    runner = TaskRunner(parent=app)
    panel = CandidatesPanel(lambda: index, runner)
    panel.show_index(index)
    panel.resize(1100, 700)
    panel.show()
    app.processEvents()
    model = panel.model

    typed = ["nguyen thi ha", "tran van duc", "le minh", "0012", "12a3 pham", "hoang anh"]
    samples = []
    for phrase in typed:
        for end in [*range(1, len(phrase) + 1), *range(len(phrase) - 1, -1, -1)]:
            t = time.perf_counter()
            panel.search.setText(phrase[:end])
            app.processEvents()  # the view repaints its visible rows
            samples.append((time.perf_counter() - t) * 1000)
    sort_samples = []
    for column in (1, 2, 3, 0):
        t = time.perf_counter()
        model.sort(column)
        app.processEvents()
        sort_samples.append((time.perf_counter() - t) * 1000)
    panel.close()
    panel.deleteLater()
    app.processEvents()
    return [
        Result("candidate index build, 100 000 rows (off the GUI thread)", build_ms, "ms"),
        Result("search keystroke p95 over 100 000 candidates", p95(samples), "ms", 30),
        Result("search keystroke max", max(samples), "ms"),
        Result("sort by a column, first time (max of 4)", max(sort_samples), "ms"),
    ]
