"""Step 4 of the import wizard: save the valid rows (all or nothing, on a worker task), remember
the school's column choices, then say what was done."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWizard, QWizardPage

from exam_client.services.spreadsheet import ImportResult
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.staff.import_wizard.jobs import run_commit
from exam_client.ui.staff.import_wizard.mappings import save_mapping

if TYPE_CHECKING:
    from exam_client.ui.staff.import_wizard.wizard import ImportWizard


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
