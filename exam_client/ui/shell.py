"""The staff application's top-level flow: sign in, work, sign out, sign in again."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication, QDialog

from exam_client.services.boot import Boot
from exam_client.ui.sign_in import SignInDialog
from exam_client.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from exam_client.ui.main_window import MainWindow


class StaffShell:
    def __init__(
        self,
        app: QApplication,
        boot: Boot,
        runner: TaskRunner | None = None,
        ask_passphrase: Callable[[bool, str], str | None] | None = None,
    ) -> None:
        self.app = app
        self.boot = boot
        self.runner = runner or TaskRunner(parent=app)
        self.ask_passphrase = ask_passphrase
        self.window: MainWindow | None = None
        self.dialog: SignInDialog | None = None

    def start(self) -> None:
        """Show the sign-in window now; the services finish building behind it."""
        dialog = SignInDialog(self.boot, self.runner)
        self.dialog = dialog
        dialog.finished.connect(self._sign_in_finished)
        dialog.show()
        if self.boot.services is not None:
            dialog.boot_finished()
        else:
            self._run_boot(None)

    def _run_boot(self, passphrase: str | None) -> None:
        self.runner.submit(
            lambda: self.boot.run(passphrase), on_success=self._booted, on_failure=self._boot_failed
        )

    def _booted(self, _services: Any) -> None:
        if self.dialog is not None:
            self.dialog.boot_finished()

    def _boot_failed(self, exc: BaseException) -> None:
        if getattr(exc, "needs_passphrase", False) and self.ask_passphrase is not None:
            phrase = self.ask_passphrase(
                bool(getattr(exc, "first_time", False)), getattr(exc, "message_vi", "")
            )
            if phrase:
                self.boot.restart()
                self._run_boot(phrase)
                return
        if self.dialog is not None:
            self.dialog.boot_failed(exc)

    def _sign_in_finished(self, result: int) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        self.dialog = None
        services = self.boot.services
        if result != QDialog.DialogCode.Accepted or dialog.session is None or services is None:
            self.app.quit()
            return
        from exam_client.ui.main_window import MainWindow  # after sign-in: not on the cold path

        self.window = MainWindow(services, self.runner, dialog.session)
        if services.sync is not None:
            services.sync.start()  # idempotent; the worker pushes and pulls once signed in
            services.sync.sync_now()
        self.window.signed_out.connect(self.start)
        self.window.show()
        dialog.deleteLater()
