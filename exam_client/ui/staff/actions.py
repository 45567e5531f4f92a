"""The staff's paper and file actions: registration forms (PDF), class lists, `.xlsx` export.

Each action asks where to save (a save dialog), then does the work on a worker task with a
progress dialog that can cancel, and ends with a message that says where the file is and offers
to open its folder. Nothing is written on the GUI thread, and a cancelled or failed job leaves no
half-written file (the PDF and export writers write to a temporary file first).

The jobs (``*_job`` functions) are plain functions so tests can run them without dialogs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from exam_client.domain.cccd import province_names
from exam_client.services.review import to_registration
from exam_client.services.spreadsheet import ExportRow, export_registrations, write_template
from exam_client.ui.printing.class_list import ClassListRow, render_class_list
from exam_client.ui.printing.form_data import FormData
from exam_client.ui.printing.registration_form import render_forms
from exam_client.ui.staff.candidate_model import STATUS_VI
from exam_client.ui.tasks import CancelToken, TaskHandle, TaskRunner

if TYPE_CHECKING:
    from exam_client.services.context import AppServices
    from exam_client.services.registrations import LocalRegistration

log = logging.getLogger(__name__)
ChoosePath = Callable[[str, str, str], Path | None]
"""``(caption, suggested file name, filter) -> path`` or ``None`` when the person cancels."""
Report = Callable[[Any], None]


def _tr(text: str) -> str:
    return QCoreApplication.translate("StaffActions", text)


# -- jobs (worker thread) --------------------------------------------------------------------
def chosen_records(services: AppServices, ids: Sequence[str] | None) -> list[LocalRegistration]:
    """The cached registrations with these ids (all of them for ``None``), in the given order."""
    regs = services.registrations
    if regs is None:
        return []
    records = regs.records(limit=1_000_000)
    if ids is None:
        return records
    by_id = {str(r.id): r for r in records}
    return [by_id[i] for i in ids if i in by_id]


def export_job(services: AppServices, ids: Sequence[str] | None, path: Path) -> int:
    rows = [
        ExportRow(r.doc, r.server_status or "draft", r.sync_state)
        for r in chosen_records(services, ids)
    ]
    return export_registrations(path, rows)


def _department(school_code: str | None) -> tuple[str, str]:
    code = (school_code or "")[:2]
    return province_names().get(code.zfill(3), ""), code


def form_of(services: AppServices, record: LocalRegistration) -> FormData:
    """The printable form of a cached registration; register data (birth place, ethnicity,
    residence) comes from the population register cache-first, blank when unavailable."""
    session = services.auth.session
    department_name, department_code = _department(session.school_code if session else None)
    birth_place = ethnicity = residence = ""
    try:
        citizen = services.citizens.lookup(record.doc.cccd).citizen
        birth_place, ethnicity = citizen.birth_province_name, citizen.ethnicity
        residence = citizen.residence
    except Exception as exc:  # offline and not cached: the form is printed with blanks
        log.info("register data unavailable for a form: %s", type(exc).__name__)
    doc = record.doc
    status = STATUS_VI.get(record.server_status or "draft", "")
    return FormData.from_registration(
        to_registration(doc),
        registration_id=str(record.id),
        department_name=department_name,
        department_code=department_code,
        birth_place=birth_place,
        ethnicity=ethnicity,
        class_name=doc.class_name or "",
        registration_point=(session.school_name or "") if session else "",
        residence=residence,
        phone=doc.phone or "",
        email=doc.email or "",
        address=doc.address or "",
        status="" if record.server_status == "confirmed" else status,
        exam_year=record.exam_year,
    )


def forms_job(
    services: AppServices,
    ids: Sequence[str] | None,
    path: Path,
    token: CancelToken | None = None,
    report: Report | None = None,
) -> int:
    records = chosen_records(services, ids)
    if not records:
        raise ValueError("no registration to print")
    forms = [form_of(services, r) for r in records]
    render_forms(
        path,
        forms,
        progress=(lambda d, t: report((d, t))) if report else None,
        should_cancel=(lambda: token.cancelled) if token else None,
    )
    return len(forms)


def class_list_job(services: AppServices, class_name: str, path: Path) -> int:
    records = [r for r in chosen_records(services, None) if (r.doc.class_name or "") == class_name]
    from exam_client.domain.names import school_sort_key

    records.sort(key=lambda r: school_sort_key(r.doc.full_name))
    rows = [
        ClassListRow(
            r.doc.full_name,
            r.doc.date_of_birth,
            r.doc.cccd,
            tuple(r.doc.subjects),
            r.doc.foreign_language,
            r.server_status or "draft",
        )
        for r in records
    ]
    session = services.auth.session
    render_class_list(
        path,
        class_name,
        rows,
        school_name=(session.school_name or "") if session else "",
        department_name=_department(session.school_code if session else None)[0],
    )
    return len(rows)


# -- the actions (GUI thread) ----------------------------------------------------------------
def _save_dialog(parent: QWidget | None) -> ChoosePath:
    def choose(caption: str, suggested: str, filters: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            parent, caption, str(Path.home() / suggested), filters
        )
        return Path(name) if name else None

    return choose


class StaffActions(QObject):
    """Print and export for the main window; results arrive as messages on ``parent``."""

    def __init__(self, services: AppServices, runner: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._parent = parent
        self.choose_path: ChoosePath = _save_dialog(parent)
        self.progress: QProgressDialog | None = None
        self.message: QMessageBox | None = None
        self.handle: TaskHandle | None = None
        self.last_path: Path | None = None

    # each action: ask where, then run off the GUI thread ------------------------------------
    def export_xlsx(self, ids: Sequence[str] | None) -> None:
        path = self.choose_path(
            self.tr("Xuất danh sách thí sinh"),
            "danh_sach_thi_sinh.xlsx",
            self.tr("Bảng tính Excel (*.xlsx)"),
        )
        if path is None:
            return
        path = path.with_suffix(".xlsx")
        self._start(
            self.tr("Đang xuất danh sách…"),
            lambda _t, _r: export_job(self._services, ids, path),
            path,
            self.tr("Đã xuất %1 thí sinh vào tệp %2."),
        )

    def print_forms(self, ids: Sequence[str] | None, suggested: str = "phieu_dang_ky.pdf") -> None:
        if ids is not None and not ids:
            self._tell(
                self.tr("Chưa chọn thí sinh nào. Hãy chọn các dòng cần in trong bảng "
                        "(giữ Ctrl hoặc Shift để chọn nhiều) hoặc chọn một lớp."),
                warning=True,
            )  # fmt: skip
            return
        path = self.choose_path(self.tr("In phiếu đăng ký"), suggested, self.tr("Tệp PDF (*.pdf)"))
        if path is None:
            return
        path = path.with_suffix(".pdf")
        self._start(
            self.tr("Đang tạo phiếu đăng ký…"),
            lambda token, report: forms_job(self._services, ids, path, token, report),
            path,
            self.tr("Đã tạo %1 phiếu đăng ký trong tệp %2."),
        )

    def print_class_list(self, class_name: str | None) -> None:
        if not class_name:
            self._tell(
                self.tr("Hãy chọn một lớp ở ô “Lớp” phía trên bảng rồi in danh sách lớp."),
                warning=True,
            )
            return
        path = self.choose_path(
            self.tr("In danh sách lớp"),
            f"danh_sach_lop_{class_name}.pdf",
            self.tr("Tệp PDF (*.pdf)"),
        )
        if path is None:
            return
        path = path.with_suffix(".pdf")
        self._start(
            self.tr("Đang tạo danh sách lớp…"),
            lambda _t, _r: class_list_job(self._services, class_name, path),
            path,
            self.tr("Đã in danh sách %1 thí sinh vào tệp %2."),
        )

    def save_template(self) -> None:
        path = self.choose_path(
            self.tr("Tải mẫu nhập liệu"),
            "mau_danh_sach_thi_sinh.xlsx",
            self.tr("Bảng tính Excel (*.xlsx)"),
        )
        if path is None:
            return
        path = path.with_suffix(".xlsx")
        self._start(
            self.tr("Đang tạo tệp mẫu…"),
            lambda _t, _r: (write_template(path), 1)[1],
            path,
            self.tr("Đã lưu %1 tệp mẫu: %2. Điền danh sách vào tệp rồi chọn Nhập từ tệp…"),
        )

    # plumbing -------------------------------------------------------------------------------
    def _start(
        self, label: str, job: Callable[[CancelToken, Report], int], path: Path, done: str
    ) -> None:
        progress = QProgressDialog(label, self.tr("Huỷ"), 0, 0, self._parent)
        progress.setWindowTitle(self.tr("Đang làm việc"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        progress.setAccessibleName(label)
        self.progress = progress

        def on_progress(value: Any) -> None:
            d, t = value
            progress.setMaximum(t)
            progress.setValue(d)

        def finished() -> None:
            progress.reset()
            progress.hide()
            self.progress = None

        def ok(count: int) -> None:
            finished()
            self.last_path = path
            self._tell(done.replace("%1", str(count)).replace("%2", str(path)), folder=path.parent)

        def failed(exc: BaseException) -> None:
            finished()
            reason = getattr(exc, "message_vi", None) or _failure_text(exc)
            self._tell(
                self.tr("Không tạo được tệp %1. %2").replace("%1", path.name).replace("%2", reason),
                warning=True,
            )

        handle = self._runner.submit(
            job, on_success=ok, on_failure=failed, on_progress=on_progress, with_token=True
        )
        self.handle = handle

        def cancel() -> None:
            handle.cancel()
            finished()
            self._tell(self.tr("Đã huỷ. Không có tệp nào được ghi."))

        progress.canceled.connect(cancel)

    def _tell(self, text: str, *, warning: bool = False, folder: Path | None = None) -> None:
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
        box = QMessageBox(icon, self.tr("Đăng ký dự thi"), text, parent=self._parent)
        box.setAccessibleName(self.tr("Thông báo"))
        if folder is not None:
            open_button = box.addButton(self.tr("Mở thư mục"), QMessageBox.ButtonRole.ActionRole)
            open_button.clicked.connect(
                lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
            )
        box.addButton(QMessageBox.StandardButton.Ok)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.message = box
        box.open()


def _failure_text(exc: BaseException) -> str:
    if isinstance(exc, PermissionError):
        return _tr("Tệp đang mở trong chương trình khác hoặc thư mục không cho phép ghi; hãy đóng "
                   "tệp hoặc chọn thư mục khác rồi thử lại.")  # fmt: skip
    if isinstance(exc, OSError):
        return _tr("Không ghi được vào ổ đĩa (đầy hoặc bị khoá); hãy chọn nơi lưu khác.")
    if isinstance(exc, ValueError):
        return _tr("Không có phiếu nào để in.")
    return _tr("Lỗi không mong đợi; hãy thử lại hoặc gửi nhật ký cho bộ phận hỗ trợ.")
