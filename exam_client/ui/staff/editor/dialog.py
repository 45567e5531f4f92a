"""The staff dialog around the editor: Escape closes it, but never loses what was typed.

Escape (or the window's close button) with unsaved changes asks: save a draft and close, discard
the changes, or go back to the form (the default, so a stray Escape costs nothing). The question
is window-modal and non-blocking (``QMessageBox.open``), so the event loop keeps running.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton, QVBoxLayout, QWidget

from exam_client.domain.names import strip_diacritics
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.staff.editor.editor import RegistrationEditor
from exam_client.ui.staff.editor.values import RegistrationDoc
from exam_client.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from exam_client.domain.citizen import Citizen
    from exam_client.services.context import AppServices


class RegistrationEditorDialog(Retranslatable, QDialog):
    def __init__(
        self,
        services: AppServices,
        runner: TaskRunner,
        exam_year: int,
        record_id: UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = RegistrationEditor(services, runner, exam_year, self)
        self.prompt: QMessageBox | None = None
        self._closing_after_save = False
        self.close_button = QPushButton()
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self.editor.button_bar.insertWidget(0, self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor, 1)
        self.editor.dirty_changed.connect(lambda _d: self.retranslate_ui())
        self.editor.saved.connect(self._after_save)
        self.resize(1080, 860)
        self.retranslate_ui()
        if record_id is not None:
            self.editor.open_record(record_id)
        self.editor.identity.cccd.setFocus()

    def retranslate_ui(self) -> None:
        title = self.tr("Phiếu đăng ký dự thi")
        self.setWindowTitle(f"{title} *" if self.editor.dirty else title)
        self.close_button.setText(self.tr("Đóng (Esc)"))
        self.close_button.setAccessibleName(self.tr("Đóng phiếu"))

    def reject(self) -> None:
        if self.editor.dirty and not self._closing_after_save:
            self.ask_about_changes()
            return
        super().reject()

    def ask_about_changes(self) -> None:
        if self.prompt is not None and self.prompt.isVisible():
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Thay đổi chưa lưu"))
        box.setText(self.tr("Phiếu có thay đổi chưa lưu. Bạn muốn giữ lại thay đổi không?"))
        box.setInformativeText(
            self.tr("Lưu nháp chỉ ghi trên máy này, không cần mạng; phiếu sẽ được đồng bộ sau.")
        )
        save = box.addButton(self.tr("Lưu nháp và đóng"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("Bỏ thay đổi"), QMessageBox.ButtonRole.DestructiveRole)
        back = box.addButton(self.tr("Tiếp tục sửa"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        save.clicked.connect(self._save_and_close)
        discard.clicked.connect(self._discard)
        self.prompt = box
        box.open()

    def _save_and_close(self) -> None:
        self._closing_after_save = True
        self.editor.save_draft()
        if not self.editor.busy:  # refused before saving (a value the contract cannot carry)
            self._closing_after_save = False

    def _after_save(self, _record_id: str) -> None:
        if self._closing_after_save:
            super().reject()

    def _discard(self) -> None:
        self._closing_after_save = True
        super().reject()


def render_editor_for_screenshot(
    services: AppServices,
    runner: TaskRunner | None = None,
    *,
    cccd: str | None = None,
    exam_year: int = 2026,
) -> RegistrationEditorDialog:
    """The editor as the README shows it: a form typed by the school, compared with the register.

    With ``cccd`` of a citizen in the register, the school's copy holds the name without
    diacritics (as a spreadsheet often does) and the look-up runs, so the side-by-side comparison
    is on screen once ``dialog.editor.comparison.isVisible()`` and ``not editor.checking``.
    """
    runner = runner or TaskRunner()
    dialog = RegistrationEditorDialog(services, runner, exam_year)
    if runner.parent() is None:
        runner.setParent(dialog)
    dialog.editor.fill(demo_doc(exam_year))
    if cccd is not None:
        runner.submit(
            lambda: services.citizens.lookup(cccd),
            on_success=lambda result: _school_copy(dialog, result.citizen),
        )
    return dialog


def demo_doc(exam_year: int, **changes: Any) -> RegistrationDoc:
    """A synthetic 12th grader's form (no real person)."""
    values: dict[str, Any] = {
        "cccd": "001308012345",
        "full_name": "Nguyễn Thị Minh Anh",
        "date_of_birth": date(exam_year - 18, 5, 17),
        "gender": "female",
        "category": "a",
        "subjects": ["TO", "VA", "LI", "NN"],
        "foreign_language": "N1",
        "schools": [
            {
                "grade": g,
                "province_code": "01",
                "school_code": "001",
                "area": "KV3",
                "school_name": "THPT Nguyễn Du",
            }
            for g in (10, 11, 12)
        ],
        "class_name": "12A1",
        "phone": "0912 345 678",
        "address": "Số 12 phố Hàng Bài, phường Hoàn Kiếm, Hà Nội",
    }
    values.update(changes)
    return RegistrationDoc.model_validate(values)


def _school_copy(dialog: RegistrationEditorDialog, citizen: Citizen) -> None:
    doc = demo_doc(
        dialog.editor.exam_year,
        cccd=citizen.cccd,
        full_name=strip_diacritics(citizen.full_name),
        date_of_birth=citizen.date_of_birth,
        gender=citizen.gender,
    )
    dialog.editor.fill(doc)
    dialog.editor.look_up()
