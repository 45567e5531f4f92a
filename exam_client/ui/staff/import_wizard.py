"""Import a class list (.xlsx/.csv): choose the file, check the columns, dry run, then commit.

Nothing is written before the person has seen every row's problems and repairs (the dry run's
report); then the valid rows are saved and the rest kept as drafts with their problems. The ID
is the key, so importing the same file again changes nothing. The column choices are saved per
school (a small JSON file in the data folder) and used again for that school's next file.

Reading, planning and saving run on worker tasks with progress; Cancel stops a dry run at once
and nothing is kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from exam_client.domain.ruleset import load_ruleset
from exam_client.services.spreadsheet import (
    COLUMNS,
    Col,
    ColumnMapping,
    ImportCancelled,
    ImportPlan,
    ImportResult,
    RowPlan,
    RowProblem,
    commit_import,
    plan_import,
)
from exam_client.services.spreadsheet.reading import FileUnreadable, open_table
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.tasks import TaskHandle, TaskRunner

if TYPE_CHECKING:
    from exam_client.domain.registration import Registration
    from exam_client.services.context import AppServices
    from exam_client.services.registrations import RegistrationService

EXAM_YEAR = 2026
MAX_FILE_BYTES = 60 * 1024 * 1024  # a 50 000-row list is ~8 MB; larger is not a class list
SUFFIXES = (".xlsx", ".csv")
Index = QModelIndex | QPersistentModelIndex
COLUMN_CHOICES: tuple[Col, ...] = (*(spec.col for spec in COLUMNS), Col.IGNORE)


# -- per-school column mapping (worker thread) -----------------------------------------------
def mapping_path(data_dir: Path, school_code: str) -> Path:
    safe = "".join(ch for ch in school_code if ch.isalnum()) or "truong"
    return data_dir / "import-mappings" / f"{safe}.json"


def load_mapping(data_dir: Path, school_code: str) -> ColumnMapping:
    path = mapping_path(data_dir, school_code)
    try:
        return ColumnMapping.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError):
        return ColumnMapping()  # none saved yet (or unreadable): recognise automatically


def save_mapping(data_dir: Path, school_code: str, mapping: ColumnMapping) -> None:
    path = mapping_path(data_dir, school_code)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(mapping.to_json(), encoding="utf-8")
    tmp.replace(path)


def read_columns(path: Path, mapping: ColumnMapping) -> dict[str, Col]:
    """Header → column of the file's header row (recognised ones); raises FileUnreadable."""
    with open_table(path, mapping) as table:
        return {table.header.headers[i]: c for i, c in table.header.by_index.items()}


def check_file(path_text: str) -> str | None:
    """Why a chosen path cannot be imported (Vietnamese), or ``None``; cheap checks only —
    the content itself (renamed Word files, empty sheets…) is checked by the dry run."""
    from PySide6.QtCore import QCoreApplication

    translate = QCoreApplication.translate  # lupdate reads the context from each call
    text = path_text.strip()
    if not text:
        return translate("ImportWizard", "Hãy chọn tệp danh sách thí sinh (.xlsx hoặc .csv).")
    path = Path(text)
    if not path.is_file():
        return translate("ImportWizard", "Không tìm thấy tệp %1. Hãy chọn lại tệp.").replace(
            "%1", path.name or text
        )
    if path.suffix.lower() == ".xls":
        return translate(
            "ImportWizard",
            "Tệp %1 ở định dạng Excel 97–2003 cũ. Hãy mở bằng Excel, chọn Lưu thành → "
            "Excel Workbook (.xlsx) rồi chọn lại.",
        ).replace("%1", path.name)
    if path.suffix.lower() not in SUFFIXES:
        return translate(
            "ImportWizard",
            "Tệp %1 không phải bảng tính .xlsx hay .csv. Hãy chọn tệp danh sách thí sinh "
            "hoặc tải tệp mẫu.",
        ).replace("%1", path.name)
    size = path.stat().st_size
    if size == 0:
        return translate(
            "ImportWizard", "Tệp %1 rỗng, không có dữ liệu. Hãy chọn đúng tệp danh sách thí sinh."
        ).replace("%1", path.name)
    if size > MAX_FILE_BYTES:
        return translate(
            "ImportWizard",
            "Tệp %1 quá lớn (%2 MB) cho một danh sách thí sinh. Hãy tách theo lớp hoặc "
            "xoá các trang tính không cần rồi chọn lại.",
        ).replace("%1", path.name).replace(
            "%2", str(size // (1024 * 1024))
        )  # fmt: skip
    return None


# -- commit into the registrations service (worker thread) -----------------------------------
class RegistrationsCommitter:
    """Adapts :func:`commit_import`'s ``save``/``transaction`` to the registrations service.

    Rows are collected inside the transaction and written only when the whole plan went through
    without an exception, each as a saved draft (queued for sync; the photo is never in a list,
    so an imported form cannot be submitted yet). A row with problems keeps them on its record.
    """

    def __init__(self, registrations: RegistrationService, plan: ImportPlan) -> None:
        self._registrations = registrations
        self._rows: dict[str, RowPlan] = {r.cccd: r for r in plan.rows if r.cccd}
        self._ids: dict[str, UUID] = {}
        self._pending: list[tuple[str, bool]] = []
        self.written: list[UUID] = []

    def existing_ids(self, ids: Mapping[str, UUID]) -> None:
        self._ids = dict(ids)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self._pending = []
        yield
        docs = [(self._ids.get(cccd), self._rows[cccd].doc()) for cccd, _draft in self._pending]
        self._pending = []
        save_many = getattr(self._registrations, "save_many", None)
        if save_many is not None:  # one local transaction: all rows or none
            results = save_many(docs, exam_year=EXAM_YEAR)
            self.written.extend(r.record_id for r in results)
            return
        for record_id, doc in docs:  # until the service has save_many: one commit per row
            assert doc is not None
            result = self._registrations.save_draft(doc, exam_year=EXAM_YEAR, record_id=record_id)
            self.written.append(result.record_id)

    def save(
        self,
        registration: Registration,
        contact: Mapping[str, str | None],
        *,
        draft: bool,
        problems: Sequence[RowProblem],
    ) -> None:
        self._pending.append((registration.cccd, draft))


def existing_records(registrations: RegistrationService) -> tuple[dict[str, Any], dict[str, UUID]]:
    """The school's stored forms by ID (for "unchanged") and their record ids (for updates)."""
    docs: dict[str, Any] = {}
    ids: dict[str, UUID] = {}
    for rec in registrations.records(limit=1_000_000):
        docs[rec.doc.cccd] = rec.doc
        ids[rec.doc.cccd] = rec.id
    return docs, ids


def run_plan(
    registrations: RegistrationService,
    path: Path,
    school_code: str,
    mapping: ColumnMapping,
    *,
    token: Any,
    report: Any,
) -> ImportPlan:
    docs, _ids = existing_records(registrations)
    return plan_import(
        path,
        ruleset=load_ruleset(EXAM_YEAR),
        today=dt.date.today(),
        school_code=school_code,
        mapping=mapping,
        existing=docs,
        progress=lambda done, total: report((done, total)),
        should_cancel=lambda: bool(token.cancelled),
    )


def run_commit(registrations: RegistrationService, plan: ImportPlan) -> ImportResult:
    committer = RegistrationsCommitter(registrations, plan)
    _docs, ids = existing_records(registrations)
    committer.existing_ids(ids)
    return commit_import(plan, committer.save, committer.transaction)


# -- the report table ------------------------------------------------------------------------
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

            color = {"Lỗi": "#b3261e", "Cảnh báo": "#9a6700"}.get(line[2], "#1e6b35")
            return QBrush(QColor(color))
        return None


class ImportWizard(Retranslatable, QWizard):
    """Four steps: Tệp → Ghép cột → Chạy thử (báo cáo) → Kết quả."""

    def __init__(
        self,
        services: AppServices,
        runner: TaskRunner,
        school_code: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.school_code = school_code
        self.data_dir = services.settings.data_dir
        self.mapping = ColumnMapping()
        self.plan: ImportPlan | None = None
        self.import_result: ImportResult | None = None
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setMinimumSize(860, 560)
        self.file_page = FilePage(self)
        self.columns_page = ColumnsPage(self)
        self.report_page = ReportPage(self)
        self.commit_page = CommitPage(self)
        for page in (self.file_page, self.columns_page, self.report_page, self.commit_page):
            self.addPage(page)
        self.rejected.connect(self._cancel_tasks)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Nhập danh sách thí sinh từ tệp"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Tiếp >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Quay lại"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Huỷ"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Xong"))
        for page_id in self.pageIds():
            page = self.page(page_id)
            if isinstance(page, Retranslatable):
                page.retranslate_ui()

    @property
    def path(self) -> Path:
        return Path(self.file_page.path_input.text().strip())

    def _cancel_tasks(self) -> None:
        for page in (self.columns_page, self.report_page):
            page.cancel()


# -- the pages -------------------------------------------------------------------------------
class FilePage(Retranslatable, QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.path_input = QLineEdit()
        self.path_input.textChanged.connect(self._changed)
        self.browse = QPushButton()
        self.browse.clicked.connect(self._browse)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e")
        self.error.hide()
        row = QHBoxLayout()
        self.path_label = QLabel()
        self.path_label.setBuddy(self.path_input)
        row.addWidget(self.path_input, 1)
        row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.path_label)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Bước 1/4 — Chọn tệp"))
        self.intro.setText(
            self.tr("Chọn tệp Excel (.xlsx) hoặc CSV chứa danh sách thí sinh của trường. Chưa có "
                    "gì được ghi cho tới khi bạn xem báo cáo chạy thử và bấm Nhập.")
        )  # fmt: skip
        self.path_label.setText(self.tr("&Tệp danh sách:"))
        self.path_input.setAccessibleName(self.tr("Đường dẫn tệp danh sách thí sinh"))
        self.path_input.setPlaceholderText(self.tr("Ví dụ: D:\\Danh sach\\12A1.xlsx"))
        self.browse.setText(self.tr("&Chọn tệp…"))
        self.browse.setAccessibleName(self.tr("Chọn tệp danh sách"))

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp danh sách thí sinh"), "",
            self.tr("Bảng tính (*.xlsx *.csv);;Tất cả các tệp (*)"),
        )  # fmt: skip
        if name:
            self.path_input.setText(name)

    def _changed(self) -> None:
        self.error.hide()

    def validatePage(self) -> bool:  # noqa: N802 - Qt's API
        problem = check_file(self.path_input.text())
        if problem is not None:
            self.error.setText(problem)
            self.error.show()
            self.path_input.setFocus()
            return False
        return True


class ColumnsPage(Retranslatable, QWizardPage):
    """Which column of the file is which field: recognised automatically, changeable."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._handle: TaskHandle | None = None
        self.columns: dict[str, Col] = {}
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 300)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Bước 2/4 — Ghép cột"))
        self.intro.setText(
            self.tr("Các cột của tệp đã được nhận ra tự động. Nếu cột nào sai, hãy chọn lại; "
                    "lựa chọn được lưu cho các lần nhập sau của trường.")
        )  # fmt: skip
        self.table.setHorizontalHeaderLabels([self.tr("Tiêu đề trong tệp"), self.tr("Là cột")])
        self.table.setAccessibleName(self.tr("Ghép cột của tệp"))

    def initializePage(self) -> None:  # noqa: N802 - Qt's API
        self.table.setRowCount(0)
        self.columns = {}
        self.message.setText(self.tr("Đang đọc dòng tiêu đề…"))
        wizard = self._wizard
        path, data_dir, school = wizard.path, wizard.data_dir, wizard.school_code

        def job() -> tuple[ColumnMapping, dict[str, Col]]:
            saved = load_mapping(data_dir, school)
            return saved, read_columns(path, saved)

        self._handle = wizard.runner.submit(job, on_success=self._read, on_failure=self._failed)
        self.completeChanged.emit()

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()

    def _read(self, value: tuple[ColumnMapping, dict[str, Col]]) -> None:
        saved, columns = value
        self._handle = None
        self._wizard.mapping = saved
        self.columns = columns
        self.table.setRowCount(len(columns))
        for row, (header, col) in enumerate(columns.items()):
            item = QTableWidgetItem(header)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, 0, item)
            combo = QComboBox()
            combo.setAccessibleName(self.tr("Cột cho tiêu đề %1").replace("%1", header))
            for choice in COLUMN_CHOICES:
                combo.addItem(_column_label(choice), choice.value)
            combo.setCurrentIndex(max(0, combo.findData(col.value)))
            self.table.setCellWidget(row, 1, combo)
        self.message.setText(
            self.tr("Nhận ra %1 cột. Cột không có trong bảng này sẽ được bỏ qua.").replace(
                "%1", str(len(columns))
            )
        )
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self._handle = None
        if isinstance(exc, FileUnreadable):
            self.message.setText(
                exc.problem.message_vi + " " + self.tr("Bấm Quay lại để chọn tệp khác.")
            )
        else:
            self.message.setText(self.tr("Không đọc được tệp. Bấm Quay lại để chọn tệp khác."))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's API
        return bool(self.columns) and self._handle is None

    def chosen_mapping(self) -> ColumnMapping:
        choices: dict[str, Col] = dict(self._wizard.mapping.columns)
        for row in range(self.table.rowCount()):
            header = _text(self.table.item(row, 0))
            combo = self.table.cellWidget(row, 1)
            assert isinstance(combo, QComboBox)
            choices[header] = Col(combo.currentData())
        return ColumnMapping.of(choices)

    def set_column(self, header: str, col: Col) -> None:
        """Choose ``col`` for ``header`` (as a person would in the combo box)."""
        for row in range(self.table.rowCount()):
            if _text(self.table.item(row, 0)) == header:
                combo = self.table.cellWidget(row, 1)
                assert isinstance(combo, QComboBox)
                combo.setCurrentIndex(combo.findData(col.value))

    def validatePage(self) -> bool:  # noqa: N802 - Qt's API
        self._wizard.mapping = self.chosen_mapping()
        return True


def _text(item: QTableWidgetItem | None) -> str:
    return item.text() if item is not None else ""


def _column_label(col: Col) -> str:
    from PySide6.QtCore import QCoreApplication

    if col is Col.IGNORE:
        return QCoreApplication.translate("ImportWizard", "(Bỏ qua cột này)")
    return next(spec.header for spec in COLUMNS if spec.col is col)


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


class CommitPage(Retranslatable, QWizardPage):
    """Saving the rows, then what was done."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.running = False
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.setFinalPage(True)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Bước 4/4 — Kết quả"))
        self.progress.setAccessibleName(self.tr("Tiến độ nhập"))

    def initializePage(self) -> None:  # noqa: N802 - Qt's API
        wizard = self._wizard
        plan = wizard.plan
        registrations = wizard.services.registrations
        assert plan is not None
        assert registrations is not None
        self.running = True
        self.progress.show()
        wizard.button(QWizard.WizardButton.CancelButton).setEnabled(False)  # all or nothing
        self.summary.setText(self.tr("Đang lưu các dòng…"))
        data_dir, school, mapping = wizard.data_dir, wizard.school_code, wizard.mapping

        def job() -> ImportResult:
            result = run_commit(registrations, plan)
            save_mapping(data_dir, school, mapping)
            return result

        wizard.runner.submit(job, on_success=self._done, on_failure=self._failed)
        self.completeChanged.emit()

    def _done(self, result: ImportResult) -> None:
        self.running = False
        self._wizard.import_result = result
        self.progress.hide()
        text = self.tr(
            "Đã lưu %1 thí sinh hợp lệ và %2 bản nháp còn lỗi (sửa trong danh sách thí sinh); "
            "%3 dòng không đổi; %4 dòng bị từ chối (xem báo cáo, sửa trong tệp rồi nhập lại)."
        )
        counts = (
            len(result.saved),
            len(result.drafts),
            len(result.unchanged),
            len(result.rejected),
        )
        for n, value in enumerate(counts):
            text = text.replace(f"%{n + 1}", str(value))
        self.summary.setText(text)
        self._wizard.button(QWizard.WizardButton.CancelButton).setEnabled(True)
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.progress.hide()
        reason = getattr(exc, "message_vi", "") or type(exc).__name__
        self.summary.setText(self.tr("Nhập không thành công: %1").replace("%1", reason))
        self._wizard.button(QWizard.WizardButton.CancelButton).setEnabled(True)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's API
        return not self.running and self._wizard.import_result is not None
