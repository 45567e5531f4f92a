"""The staff application's top-level flow: sign in, work, sign out, sign in again."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialog

from exam_client.services.context import AppServices
from exam_client.ui.main_window import MainWindow
from exam_client.ui.sign_in import SignInDialog
from exam_client.ui.tasks import TaskRunner


class StaffShell:
    def __init__(self, app: QApplication, services: AppServices) -> None:
        self.app = app
        self.services = services
        self.runner = TaskRunner(parent=app)
        self.window: MainWindow | None = None
        self.dialog: SignInDialog | None = None

    def start(self) -> None:
        self.dialog = SignInDialog(self.services, self.runner)
        self.dialog.finished.connect(self._sign_in_finished)
        self.dialog.show()

    def _sign_in_finished(self, result: int) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        self.dialog = None
        if result != QDialog.DialogCode.Accepted or dialog.session is None:
            self.app.quit()
            return
        self.window = MainWindow(self.services, self.runner, dialog.session)
        self.window.signed_out.connect(self.start)
        self.window.show()
        dialog.deleteLater()
