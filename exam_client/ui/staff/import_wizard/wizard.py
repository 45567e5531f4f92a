"""The import wizard itself: four pages sharing the chosen file, the column mapping and the
dry run's plan."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget, QWizard

from exam_client.services.spreadsheet import ColumnMapping, ImportPlan, ImportResult
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.staff.import_wizard.columns_page import ColumnsPage
from exam_client.ui.staff.import_wizard.commit_page import CommitPage
from exam_client.ui.staff.import_wizard.file_page import FilePage
from exam_client.ui.staff.import_wizard.report_page import ReportPage

if TYPE_CHECKING:
    from exam_client.services.context import AppServices
    from exam_client.ui.tasks import TaskRunner


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
