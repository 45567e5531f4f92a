"""Batch look-up in the population register: the selected candidates or pasted IDs.

Progress as it goes, Cancel at any time (what was looked up so far is kept and summarised), and
a summary of found / not found / differs from the school's data, with every difference listed so
the person can correct the registration. The register's "slow down" answers are waited out by
the service; the dialog says so instead of failing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from exam_client.domain.cccd import mask_cccd, normalize_cccd_input
from exam_client.services.batch_lookup import (
    BatchLookup,
    BatchSummary,
    Expected,
    ItemResult,
    LookupItem,
)
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.tasks import TaskHandle, TaskRunner

if TYPE_CHECKING:
    from exam_client.services.candidate_index import CandidateRow
    from exam_client.services.context import AppServices

_SEPARATORS = re.compile(r"[\n\r\t,;]+")
ID_DIGITS = 12
MAX_PASTED = 20_000


def items_from_rows(rows: Sequence[CandidateRow]) -> list[LookupItem]:
    """What the school's table says about each selected candidate, to compare with."""
    return [LookupItem(r.cccd, Expected(r.full_name, r.date_of_birth), r.record_id) for r in rows]


def _numbers(piece: str) -> list[str]:
    """Digit groups typed with spaces ("001 208 012345") joined back, up to 12 digits each."""
    out: list[str] = []
    current = ""
    for group in piece.split():
        if current and len(current) < ID_DIGITS and len(current) + len(group) <= ID_DIGITS:
            current += group
        else:
            if current:
                out.append(current)
            current = group
    if current:
        out.append(current)
    return out


def items_from_text(text: str) -> list[LookupItem]:
    """IDs pasted from anywhere (one a line, or separated by commas, semicolons or tabs; digit
    groups may be spaced); each ID once."""
    seen: dict[str, LookupItem] = {}
    for piece in _SEPARATORS.split(text):
        for token in _numbers(piece):
            number = normalize_cccd_input(token)
            if number and number not in seen:
                seen[number] = LookupItem(number)
    return list(seen.values())


class BatchLookupDialog(Retranslatable, QDialog):
    def __init__(
        self,
        services: AppServices,
        runner: TaskRunner,
        items: Sequence[LookupItem] = (),
        parent: QWidget | None = None,
        *,
        workers: int = 6,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._selection = list(items)
        self._workers = workers
        self._handle: TaskHandle | None = None
        self.summary_result: BatchSummary | None = None
        self.setMinimumSize(760, 520)

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.ids = QPlainTextEdit()
        self.ids.setTabChangesFocus(True)
        self.ids.setMaximumHeight(90)
        if self._selection:
            self.ids.setPlainText("\n".join(mask_cccd(i.cccd) for i in self._selection))
            self.ids.setReadOnly(True)
        self.start = QPushButton()
        self.start.setDefault(True)
        self.start.clicked.connect(self.run)
        self.cancel = QPushButton()
        self.cancel.setEnabled(False)
        self.cancel.clicked.connect(self.stop)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.results = QTableWidget(0, 4)
        self.results.verticalHeader().hide()
        self.results.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((120, 200, 120)):
            self.results.setColumnWidth(column, width)

        buttons = QHBoxLayout()
        buttons.addWidget(self.start)
        buttons.addWidget(self.cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.ids)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Tra cứu hàng loạt"))
        if self._selection:
            self.intro.setText(
                self.tr("Tra cứu %1 thí sinh đã chọn trong Cơ sở dữ liệu quốc gia về dân cư và "
                        "đối chiếu họ tên, ngày sinh với hồ sơ của trường.").replace(
                    "%1", str(len(self._selection))
                )
            )  # fmt: skip
        else:
            self.intro.setText(
                self.tr("Dán các số định danh (mỗi số một dòng, hoặc cách nhau bởi dấu phẩy) rồi "
                        "bấm Bắt đầu.")
            )  # fmt: skip
        self.ids.setAccessibleName(self.tr("Các số định danh cần tra cứu"))
        self.start.setText(self.tr("&Bắt đầu"))
        self.start.setAccessibleName(self.tr("Bắt đầu tra cứu"))
        self.cancel.setText(self.tr("&Dừng"))
        self.cancel.setAccessibleName(self.tr("Dừng tra cứu"))
        self.close_button.setText(self.tr("Đó&ng"))
        self.progress.setAccessibleName(self.tr("Tiến độ tra cứu"))
        self.results.setAccessibleName(self.tr("Kết quả tra cứu"))
        self.results.setHorizontalHeaderLabels(
            [self.tr("Số định danh"), self.tr("Họ và tên"), self.tr("Kết quả"), self.tr("Chi tiết")]
        )

    # -- running ---------------------------------------------------------------------------
    def items(self) -> list[LookupItem]:
        return self._selection or items_from_text(self.ids.toPlainText())

    def run(self) -> None:
        items = self.items()
        if not items:
            self.summary.setText(self.tr("Chưa có số định danh nào. Hãy dán các số cần tra cứu."))
            self.ids.setFocus()
            return
        if len(items) > MAX_PASTED:
            self.summary.setText(
                self.tr("Tối đa %1 số một lần. Hãy chia danh sách thành nhiều lần.").replace(
                    "%1", str(MAX_PASTED)
                )
            )
            return
        lookup = BatchLookup(self._services.citizens.lookup, workers=self._workers)
        self.progress.setRange(0, len(items))
        self.progress.setValue(0)
        self.results.setRowCount(0)
        self.summary.setText(self.tr("Đang tra cứu… (có thể dừng bất cứ lúc nào)"))
        self.start.setEnabled(False)
        self.cancel.setEnabled(True)
        self.cancel.setFocus()
        citizens = self._services.citizens

        def run(token: Any, report: Callable[[object], None]) -> BatchSummary:
            with citizens.batched_cache_writes():  # one local commit per 200 answers
                return lookup.run(
                    items,
                    progress=lambda d, t: report((d, t)),
                    should_cancel=lambda: token.cancelled,
                )

        self._handle = self._runner.submit(
            run,
            on_success=self._finished,
            on_failure=self._failed,
            on_progress=self._progressed,
            with_token=True,
        )

    def stop(self) -> None:
        """Cancel: the lookups in flight finish, nothing more is asked, nothing is changed."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        self.start.setEnabled(True)
        self.cancel.setEnabled(False)
        self.summary.setText(self.tr("Đã dừng tra cứu. Bấm Bắt đầu để tra cứu lại."))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's API
        """Escape stops a running look-up first; a second Escape closes the dialog."""
        if event.key() == Qt.Key.Key_Escape and self._handle is not None:
            self.stop()
            event.accept()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        super().reject()

    @property
    def running(self) -> bool:
        return self._handle is not None

    def _progressed(self, value: Any) -> None:
        done, total = value
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _failed(self, exc: BaseException) -> None:
        self._handle = None
        self.start.setEnabled(True)
        self.cancel.setEnabled(False)
        reason = getattr(exc, "message_vi", "") or type(exc).__name__
        self.summary.setText(self.tr("Tra cứu bị gián đoạn: %1").replace("%1", reason))

    def _finished(self, summary: BatchSummary) -> None:
        self._handle = None
        self.summary_result = summary
        self.start.setEnabled(True)
        self.cancel.setEnabled(False)
        text = self.tr(
            "Đã tra cứu %1 số: %2 có trong CSDL dân cư (%3 khác với hồ sơ của trường), "
            "%4 không tìm thấy, %5 chưa tra cứu được."
        )
        values = (
            len(summary.results),
            summary.found,
            summary.mismatches,
            summary.not_found,
            summary.failed,
        )
        for n, value in enumerate(values):
            text = text.replace(f"%{n + 1}", str(value))
        if summary.slowdowns:
            text += " " + self.tr("Hệ thống dân cư yêu cầu chậm lại %1 lần; đã tự chờ và thử lại.")
            text = text.replace("%1", str(summary.slowdowns))
        self.summary.setText(text)
        self._show_results(summary.results)

    def _show_results(self, results: Sequence[ItemResult]) -> None:
        shown = [r for r in results if r.outcome != "found"] + [
            r for r in results if r.outcome == "found"
        ]  # what needs a person first
        self.results.setRowCount(len(shown))
        labels = {
            "found": self.tr("Khớp"),
            "mismatch": self.tr("Khác hồ sơ"),
            "not_found": self.tr("Không tìm thấy"),
            "invalid": self.tr("Số không hợp lệ"),
            "failed": self.tr("Chưa tra cứu được"),
        }
        fields = {
            "full_name": self.tr("Họ tên"),
            "date_of_birth": self.tr("Ngày sinh"),
            "gender": self.tr("Giới tính"),
        }
        for row, result in enumerate(shown):
            name = result.citizen.full_name if result.citizen else result.item.expected.full_name
            detail = result.message_vi
            if result.differences:
                detail = "; ".join(
                    self.tr("%1: trường ghi “%2”, CSDL dân cư ghi “%3”")
                    .replace("%1", fields[d.field])
                    .replace("%2", d.school)
                    .replace("%3", d.register)
                    for d in result.differences
                )
            for column, value in enumerate(
                (result.masked_cccd, name or "", labels[result.outcome], detail)
            ):
                self.results.setItem(row, column, QTableWidgetItem(value))
