"""Step 3 of the import wizard: the dry run and its report.

Every row's problems and repairs, one line each, before anything is written; the dry run runs
on a worker task with progress, and Cancel stops it at once with nothing kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from exam_client.services.spreadsheet import ImportCancelled, ImportPlan
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.staff.import_wizard.jobs import run_plan
from exam_client.ui.tasks import TaskHandle

if TYPE_CHECKING:
    from exam_client.ui.staff.import_wizard.wizard import ImportWizard

Index = QModelIndex | QPersistentModelIndex


class ReportModel(QAbstractTableModel):
    """Every problem and repair of a dry run, one line each: row, column, kind, what and why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._all: list[tuple[int, str, str, str, bool]] = []
        self._shown: list[tuple[int, str, str, str, bool]] = []
        self.errors_only = False

    def set_plan(self, plan: ImportPlan | None) -> None:
        lines: list[tuple[int, str, str, str, bool]] = []
        for row in plan.rows if plan else ():
            bad = row.has_errors or row.status == "rejected"
            for p in row.problems:
                where = f"{p.column} ({p.header})" if p.column else ""
                kind = self.tr("Lỗi") if p.is_error else self.tr("Cảnh báo")
                lines.append((row.row, where, kind, p.message_vi, bad))
            for fix in row.repairs:
                what = f"{fix.before} → {fix.after}: {fix.reason_vi}"
                lines.append(
                    (row.row, f"{fix.column} ({fix.header})", self.tr("Đã sửa"), what, bad)
                )
        lines.sort(key=lambda line: line[0])
        self.beginResetModel()
        self._all = lines
        self._shown = [ln for ln in lines if ln[4]] if self.errors_only else lines
        self.endResetModel()

    def set_errors_only(self, on: bool) -> None:
        self.beginResetModel()
        self.errors_only = on
        self._shown = [ln for ln in self._all if ln[4]] if on else self._all
        self.endResetModel()

    def line(self, row: int) -> tuple[int, str, str, str, bool]:
        return self._shown[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 4

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Dòng"), self.tr("Cột"), self.tr("Loại"), self.tr("Nội dung"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self._shown[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return str(line[index.column()]) if index.column() else line[0]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2:
            from PySide6.QtGui import QBrush, QColor

            # by the kind as shown (in the interface language), not by the Vietnamese word
            colors = {self.tr("Lỗi"): "#b3261e", self.tr("Cảnh báo"): "#9a6700"}
            color = colors.get(line[2], "#1e6b35")
            return QBrush(QColor(color))
        return None


class ReportPage(Retranslatable, QWizardPage):
    """The dry run: progress, then every row's problems and repairs; nothing written yet."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._handle: TaskHandle | None = None
        self.progress = QProgressBar()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.errors_only = QCheckBox()
        self.model = ReportModel(self)
        self.errors_only.toggled.connect(self.model.set_errors_only)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((55, 170, 80)):
            self.table.setColumnWidth(column, width)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.errors_only)
        layout.addWidget(self.table, 1)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Bước 3/4 — Chạy thử và báo cáo"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Nhập các dòng hợp lệ"))
        self.errors_only.setText(self.tr("Chỉ &dòng có lỗi"))
        self.errors_only.setAccessibleName(self.tr("Chỉ hiện các dòng có lỗi"))
        self.table.setAccessibleName(self.tr("Báo cáo chạy thử: lỗi và các ô đã tự sửa"))
        self.progress.setAccessibleName(self.tr("Tiến độ chạy thử"))

    def initializePage(self) -> None:  # noqa: N802 - Qt's API
        wizard = self._wizard
        wizard.plan = None
        self.model.set_plan(None)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.summary.setText(self.tr("Đang kiểm tra từng dòng… (chưa ghi gì)"))
        registrations = wizard.services.registrations
        assert registrations is not None
        path, school, mapping = wizard.path, wizard.school_code, wizard.mapping
        self._handle = wizard.runner.submit(
            lambda token, report: run_plan(
                registrations, path, school, mapping, token=token, report=report
            ),
            on_success=self._planned,
            on_failure=self._failed,
            on_progress=self._progressed,
            with_token=True,
        )
        self.completeChanged.emit()

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _progressed(self, value: tuple[int, int]) -> None:
        done, total = value
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _planned(self, plan: ImportPlan) -> None:
        self._handle = None
        self.progress.hide()
        self._wizard.plan = plan
        if plan.file_problem is not None:
            self.summary.setText(plan.file_problem.message_vi)
        else:
            s = plan.summary
            text = self.tr(
                "%1 dòng: %2 mới, %3 thay đổi, %4 không đổi, %5 bị từ chối; %6 dòng còn lỗi sẽ "
                "được lưu thành bản nháp kèm lỗi."
            )
            for n, value in enumerate(
                (s.total, s.new, s.changed, s.unchanged, s.rejected, s.with_problems - s.rejected)
            ):
                text = text.replace(f"%{n + 1}", str(max(value, 0)))
            notes = " ".join(plan.notes_vi)
            self.summary.setText(f"{text} {notes}".strip())
            self.model.set_plan(plan)
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self._handle = None
        self.progress.hide()
        if isinstance(exc, ImportCancelled):
            self.summary.setText(self.tr("Đã dừng chạy thử; chưa có gì được ghi."))
        else:
            reason = getattr(exc, "message_vi", "") or type(exc).__name__
            self.summary.setText(self.tr("Không chạy thử được: %1").replace("%1", reason))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's API
        plan = self._wizard.plan
        return plan is not None and plan.file_problem is None and self._handle is None
