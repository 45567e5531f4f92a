"""The staff application's top-level flow: sign in (or resume), work, lock, sign out, again.

* Start: the sign-in window shows at once; the services build behind it in two stages
  (:mod:`exam_client.services.boot`). Once the online stage is ready the person can sign in;
  signed in before the local store is open, the main window draws its frame at once and gets
  its local data when the store is (:meth:`MainWindow.attach_services`). When everything is
  ready, a saved session is looked up in the OS keyring (``AuthService.resume``, on a worker
  thread); if one is usable the main window opens **locked** (password checked offline).
* Working: an application event filter reports input to the session lock; after the idle
  minutes the lock screen covers the window (:mod:`exam_client.ui.session_lock`).
* "Đăng xuất" on the lock screen signs out like the menu does, and the sign-in window returns.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from exam_client.services.boot import Boot
from exam_client.ui.sign_in import SignInDialog
from exam_client.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from exam_client.services.auth import StaffSession
    from exam_client.services.context import AppServices, OnlineServices
    from exam_client.ui.main_window import MainWindow
    from exam_client.ui.session_lock import ActivityWatcher, LockScreen


_IDLE_MS = 150  # the sign-in window unused this long: the GUI is idle, the store may open

# What the main window's first frame needs, leaves first (see StaffShell._preload_main_window).
_MAIN_WINDOW_MODULES = (
    "exam_client.ui.staff.candidate_model",
    "exam_client.ui.staff.candidates_panel",
    "exam_client.ui.status",
    "exam_client.ui.sync.panel",
    "exam_client.ui.session_lock",
    "exam_client.ui.main_window",
)


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
        self.lock_screen: LockScreen | None = None
        self.activity: ActivityWatcher | None = None
        self._booting = False  # a boot task is running: never two (see _run_boot)
        # Called (GUI thread) with each main window once it has drawn its first frame.
        self.main_window_painted: list[Callable[[MainWindow], None]] = []
        self._preloading = False

    def start(self) -> None:
        """Show the sign-in window now; the services finish building behind it."""
        dialog = SignInDialog(self.boot, self.runner)
        self.dialog = dialog
        dialog.finished.connect(self._sign_in_finished)
        dialog.show()
        if self.boot.services is not None:
            dialog.boot_finished()
            self._try_resume(self.boot.services)
            self._preload_main_window()
        elif self.boot.online is not None:  # signed out while the store was still opening
            dialog.boot_finished()
        if self.boot.services is None and not self._booting:
            self._run_boot(None)  # a failed boot answers at once with its error

    def _run_boot(self, passphrase: str | None) -> None:
        self._booting = True
        if self.boot.online is None:
            self.boot.hold_local()  # released when the GUI is idle (see _release_local_when_idle)

        def run(_token: object, report: Callable[[OnlineServices], None]) -> AppServices:
            return self.boot.run(passphrase, on_online=report)

        self.runner.submit(
            run,
            on_success=self._booted,
            on_failure=self._boot_failed,
            on_progress=self._online_ready,
            with_token=True,
        )

    def _online_ready(self, _online: OnlineServices) -> None:
        """The online stage is built (GUI thread): the person can sign in; the local store is
        still opening."""
        if self.dialog is not None:
            self.dialog.boot_finished()
            self._preload_main_window()
        self._release_local_when_idle()

    def _release_local_when_idle(self) -> None:
        """Let the store open once the GUI has nothing to do (see services/boot.py): the sign-in
        window idle for a moment with no sign-in going on; while one is, the main window's first
        frame releases it (``_sign_in_finished``), or the end of a failed sign-in."""

        def check() -> None:
            if not self.boot.local_held:
                return
            dialog = self.dialog
            if dialog is None:  # signed in: the main window's first frame releases it; or the
                return  # app is quitting (no window at all), and abandons the boot
            if dialog.busy:
                QTimer.singleShot(_IDLE_MS, check)
            else:
                self.boot.release_local()

        QTimer.singleShot(_IDLE_MS, check)

    def _booted(self, services: AppServices) -> None:
        self._booting = False
        if self.dialog is not None:
            self.dialog.boot_finished()
            self._try_resume(services)
            if not self._preloading:
                self._preload_main_window()
        window = self.window
        if window is not None and window.opening and window.isVisible():  # not one signed out
            window.attach_services(services)
            # the window's first frame is long drawn: start the sync worker once this turn
            # of the event loop (the new panels' layout) is done
            QTimer.singleShot(0, lambda: self._start_sync_for(window, services))

    def _preload_main_window(self) -> None:
        """Import the main window's modules while the person types the password.

        They are not needed to show the sign-in window, so they stay off the cold path; done
        now, the main window opens right after sign-in instead of importing first. On the GUI
        thread, one module per turn of the event loop so typing stays responsive: PySide's
        import hook is not safe to race from a worker thread while the GUI thread uses Qt.
        """
        pending = list(_MAIN_WINDOW_MODULES)
        self._preloading = True

        def step() -> None:
            if pending and self.window is None:
                importlib.import_module(pending.pop(0))
                QTimer.singleShot(0, step)

        QTimer.singleShot(0, step)

    def _try_resume(self, services: AppServices) -> None:
        """Look for a saved session on a worker (the keyring may block on a system prompt)."""
        self.runner.submit(services.auth.resume, on_success=self._resume_answered)

    def _resume_answered(self, session: StaffSession | None) -> None:
        dialog = self.dialog
        services = self.boot.services
        if dialog is None or services is None:
            return
        if session is not None:
            dialog.resume(session)
        elif services.auth.resume_problem_vi:
            dialog.show_notice(services.auth.resume_problem_vi)

    def _boot_failed(self, exc: BaseException) -> None:
        self._booting = False
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
        elif self.window is not None and self.window.opening:
            self.window.local_failed(exc)

    def _sign_in_finished(self, result: int) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        self.dialog = None
        services = self.boot.services
        online = self.boot.online
        if result != QDialog.DialogCode.Accepted or dialog.session is None or online is None:
            self.app.quit()
            return
        from exam_client.ui.main_window import MainWindow  # after sign-in: not on the cold path

        # Without the local store yet, the window draws its frame now and _booted attaches it.
        window = MainWindow(services or online, self.runner, dialog.session)
        self.window = window
        window.signed_out.connect(lambda: self._signed_out(window))
        self._start_lock(online, window, dialog.session, locked=dialog.resumed)
        window.show()
        dialog.deleteLater()
        if services is None and self.boot.finished and not self._booting:
            try:  # the store failed while the sign-in was on its way
                self.boot.wait(0)
            except BaseException as exc:  # said in the window, as _boot_failed would
                window.local_failed(exc)

        def first_frame() -> None:
            # The sync worker's first push and pull start once the window has drawn its first
            # frame: its thread would otherwise compete with that frame (threads share the GIL);
            # so does the opening of the store, held while the person signed in.
            if services is not None:
                self._start_sync_for(window, services)
            else:
                self.boot.release_local()
            for listener in self.main_window_painted:
                listener(window)

        when_first_painted(window, first_frame)

    def _signed_out(self, window: MainWindow) -> None:
        """The menu's sign-out (the window closes itself): the sign-in window again."""
        if self.window is window:
            self.window = None  # no store is attached to it, no sync started for it
        self._stop_lock()
        self.start()

    def _start_sync_for(self, window: MainWindow, services: AppServices) -> None:
        # not for a window already replaced (signed out) or services already closed: a worker
        # started then would run against a closed store and report to dead widgets
        if self.window is window and not services.closed:
            _start_sync(services)

    # -- the session lock ----------------------------------------------------------------------
    def _start_lock(
        self, services: OnlineServices, window: MainWindow, session: StaffSession, *, locked: bool
    ) -> None:
        lock = services.session_lock
        if lock is None:
            return
        from exam_client.ui.session_lock import ActivityWatcher, LockScreen

        lock.reset()
        where = f" ({session.school_name})" if session.school_name else ""
        self.lock_screen = LockScreen(window, lock, self.runner, f"{session.display_name}{where}")
        self.lock_screen.sign_out_requested.connect(self.sign_out_from_lock)
        self.activity = ActivityWatcher(lock, parent=window)
        self.activity.lock_due.connect(self.lock_screen.engage)
        # "Khoá màn hình" in the main window's menu, once it offers the signal.
        lock_requested = getattr(window, "lock_requested", None)
        if lock_requested is not None:
            lock_requested.connect(self.lock_now)
        if locked:  # a resumed session: prove who is at the keyboard first
            self.lock_screen.engage()

    def lock_now(self) -> None:
        """Lock at once (a menu action or shortcut may call this)."""
        if self.lock_screen is not None:
            self.lock_screen.engage()

    def _stop_lock(self) -> None:
        if self.activity is not None:
            self.activity.stop()
        self.activity = None
        self.lock_screen = None
        online = self.boot.online
        if online is not None and online.session_lock is not None:
            online.session_lock.reset()

    def sign_out_from_lock(self) -> None:
        """ "Đăng xuất" on the lock screen: the same as the menu's sign-out."""
        window = self.window
        online = self.boot.online
        if online is not None:
            online.auth.sign_out()
        self._stop_lock()
        self.window = None
        self.start()  # the sign-in window first, so closing the main one does not quit the app
        if window is not None:
            window.close()
            window.deleteLater()


def _start_sync(services: AppServices) -> None:
    if services.sync is not None:
        services.sync.start()  # idempotent; the worker pushes and pulls once signed in
        services.sync.sync_now()


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], None], fallback_ms: int) -> None:
        super().__init__(widget)
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)
        # A window that is never drawn (hidden, on another desktop) still gets ``then``.
        QTimer.singleShot(fallback_ms, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._fire)  # after this frame is drawn, not during it
        return False

    def _fire(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()


def when_first_painted(widget: QWidget, then: Callable[[], None], fallback_ms: int = 2000) -> None:
    """Call ``then`` once (GUI thread), as soon as ``widget`` has drawn its first frame, or
    after ``fallback_ms`` if it has not been drawn by then."""
    _FirstPaint(widget, then, fallback_ms)
