"""The kiosk window: welcome → sign-in → (first-sign-in password change) → the step journey,
with the language switch and "Kết thúc phiên" on top, and the idle guard over everything.

Threads: GUI thread, except :meth:`KioskShell._session_service`, which may wait for the boot and
is only called from worker threads.

The wipe (:meth:`KioskShell.wipe`) is the heart of kiosk mode: nothing of one candidate may be
visible to the next. Every per-visit widget (sign-in form, password change, VNeID, the step
frame and its pages) is scrubbed, detached and ``deleteLater``'d, then built fresh on the next
visit; the :class:`CandidateSession` and the tokens are dropped; the clipboard is cleared; the
server-side sign-out runs in the background (best effort). Only the welcome screen and the top
bar survive, and they never show candidate data.

A session the SERVER ended (:meth:`KioskShell.session_refused`: a page's call came back 401) is
wiped the same way, except that the unsaved work is held in memory for the same candidate
(:mod:`exam_client.ui.kiosk.resume`) and the sign-in form comes back at once, saying why. The
idle wipe and "Kết thúc phiên" drop anything held: whoever comes next gets nothing of it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from exam_client.services.boot import Boot
from exam_client.services.candidate_session import CandidateSession, CandidateSessionService
from exam_client.ui import i18n
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.kiosk.idle import IdleGuard, IdleOverlay
from exam_client.ui.kiosk.journey import default_steps
from exam_client.ui.kiosk.password import ChangePasswordScreen
from exam_client.ui.kiosk.resume import STEP_KEY, VisitRunner, work_to_hold
from exam_client.ui.kiosk.scrub import clear_clipboard, scrub
from exam_client.ui.kiosk.sign_in import KioskSignIn
from exam_client.ui.kiosk.steps import PageContext, StepFrame, StepSpec
from exam_client.ui.kiosk.theme import apply_kiosk_theme
from exam_client.ui.kiosk.vneid import VneidScreen
from exam_client.ui.kiosk.welcome import WelcomeScreen
from exam_client.ui.tasks import TaskRunner
from exam_client.ui.theme import MAX_TEXT_SCALE, MIN_TEXT_SCALE, step_scale


class KioskShell(Retranslatable, QWidget):
    visit_started = Signal()
    signed_in = Signal()
    wiped = Signal()
    session_expired = Signal()  # the server ended the session; the sign-in form is back

    def __init__(
        self,
        boot: Boot,
        runner: TaskRunner,
        *,
        idle_warning_ms: int = 60_000,
        idle_wipe_ms: int = 90_000,
        steps: Sequence[StepSpec] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kioskShell")
        self.text_scale = self.base_text_scale = apply_kiosk_theme(self)  # the configured size
        self.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self._boot = boot
        self._runner = runner
        self._steps = tuple(steps) if steps is not None else default_steps()
        self._lock = threading.Lock()
        self._sessions: CandidateSessionService | None = None
        self.sign_in: KioskSignIn | None = None
        self.password: ChangePasswordScreen | None = None
        self.vneid: VneidScreen | None = None
        self.frame: StepFrame | None = None
        self._language_missing = False
        self._refusal_queued = False

        self.top_bar = QFrame()
        self.top_bar.setObjectName("kioskTopBar")
        self.brand = QLabel()
        self.brand.setObjectName("kioskBrand")
        self.language_note = QLabel()
        self.language_note.setObjectName("kioskHint")
        self.language_note.hide()
        self.vi_button = QPushButton("Tiếng Việt")  # each language names itself: not translated
        self.en_button = QPushButton("English")
        self.languages = QButtonGroup(self)
        for button, language in ((self.vi_button, "vi"), (self.en_button, "en")):
            button.setObjectName("kioskLang")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _c=False, lang=language: self.switch_language(lang))
            self.languages.addButton(button)
        self.languages.setExclusive(True)
        self.end_button = QPushButton()
        self.end_button.setObjectName("kioskEnd")
        self.end_button.clicked.connect(self.wipe)
        bar = QHBoxLayout(self.top_bar)
        bar.setContentsMargins(24, 8, 24, 8)
        bar.setSpacing(12)
        bar.addWidget(self.brand)
        bar.addStretch(1)
        bar.addWidget(self.language_note)
        bar.addWidget(self.vi_button)
        bar.addWidget(self.en_button)
        bar.addSpacing(12)
        self.smaller_text = QPushButton("A−")  # a symbol, not a word: the name is translated
        self.larger_text = QPushButton("A+")
        for button, step in ((self.smaller_text, -1), (self.larger_text, 1)):
            button.setObjectName("kioskTextSize")
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _c=False, n=step: self.step_text_size(n))
            bar.addWidget(button)
        self._sync_text_size_buttons()
        bar.addSpacing(24)
        bar.addWidget(self.end_button)

        self.stack = QStackedWidget()
        self.welcome = WelcomeScreen()
        self.welcome.start_requested.connect(self.start_visit)
        self.stack.addWidget(self.welcome)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.top_bar)
        layout.addWidget(self.stack, 1)

        self.idle = IdleGuard(idle_warning_ms, idle_wipe_ms, self)
        self.idle.expired.connect(self.wipe)
        self.overlay = IdleOverlay(self.idle, self)
        self._sync_language_buttons()
        self.retranslate_ui()
        self._show_screen(self.welcome)

    # -- window --------------------------------------------------------------------------------
    def start(self) -> None:
        """Full screen, no window controls: the candidate cannot close or move the kiosk."""
        self.showFullScreen()
        self.welcome.entered()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Ki-ốt thí sinh — Đăng ký dự thi THPT"))
        self.brand.setText(self.tr("Ki-ốt thí sinh THPT"))
        self.end_button.setText(self.tr("Kết thúc phiên"))
        self.end_button.setAccessibleName(self.tr("Kết thúc phiên và xoá thông tin"))
        self.vi_button.setAccessibleName("Tiếng Việt")
        self.en_button.setAccessibleName("English")
        self.smaller_text.setAccessibleName(self.tr("Chữ nhỏ hơn"))
        self.smaller_text.setToolTip(self.tr("Chữ nhỏ hơn"))
        self.larger_text.setAccessibleName(self.tr("Chữ to hơn"))
        self.larger_text.setToolTip(self.tr("Chữ to hơn"))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        self.overlay.setGeometry(self.rect())
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self._sync_language_buttons()
        super().changeEvent(event)

    # -- language ------------------------------------------------------------------------------
    def switch_language(self, language: str) -> None:
        """Everything retranslates live (Qt sends LanguageChange to every widget)."""
        ok = i18n.set_language(language)
        self._language_missing = not ok
        self.language_note.setText("" if ok else "English is not available on this kiosk.")
        self.language_note.setVisible(not ok)
        self._sync_language_buttons()

    def _sync_language_buttons(self) -> None:
        english = i18n.current_language() == "en"
        self.en_button.setChecked(english)
        self.vi_button.setChecked(not english)

    # -- text size ----------------------------------------------------------------------------
    def set_text_scale(self, scale: int) -> None:
        """Restyle the whole kiosk at ``scale`` per cent, live (every page re-lays out)."""
        self.text_scale = apply_kiosk_theme(self, scale)
        self._sync_text_size_buttons()

    def step_text_size(self, steps: int) -> None:
        """The A+ / A− control: one step of ``TEXT_SCALES`` up or down."""
        self.set_text_scale(step_scale(self.text_scale, steps))

    def _sync_text_size_buttons(self) -> None:
        self.smaller_text.setEnabled(self.text_scale > MIN_TEXT_SCALE)
        self.larger_text.setEnabled(self.text_scale < MAX_TEXT_SCALE)

    # -- screens -------------------------------------------------------------------------------
    def _show_screen(self, screen: QWidget) -> None:
        self.stack.setCurrentWidget(screen)
        self.end_button.setVisible(screen is not self.welcome)
        entered = getattr(screen, "entered", None)
        if callable(entered):
            entered()

    @property
    def current_screen(self) -> QWidget | None:
        return self.stack.currentWidget()

    @property
    def has_candidate(self) -> bool:
        """Whether a candidate is signed in right now."""
        return self._sessions is not None and self._sessions.session is not None

    def _session_service(self) -> CandidateSessionService:
        """Worker thread: waits for the services if the boot is still running."""
        with self._lock:
            if self._sessions is None:
                self._sessions = CandidateSessionService.for_services(self._boot.wait())
            return self._sessions

    def start_visit(self, session_ended: bool = False) -> None:
        self.idle.arm()
        self.sign_in = KioskSignIn(self._session_service, self._runner, session_ended)
        self.sign_in.signed_in.connect(self._signed_in)
        self.sign_in.cancel_requested.connect(self.wipe)
        self.sign_in.vneid_requested.connect(self._show_vneid)
        self.stack.addWidget(self.sign_in)
        self._show_screen(self.sign_in)
        self.visit_started.emit()

    def _show_vneid(self) -> None:
        if self.vneid is None:
            self.vneid = VneidScreen(sessions=self._session_service, runner=self._runner)
            self.vneid.back_requested.connect(self._back_to_sign_in)
            self.vneid.signed_in.connect(lambda: self._signed_in(""))
            self.stack.addWidget(self.vneid)
        self._show_screen(self.vneid)

    def _back_to_sign_in(self) -> None:
        if self.sign_in is not None:
            self._show_screen(self.sign_in)

    def _signed_in(self, password: str) -> None:
        sessions = self._sessions
        if sessions is None or sessions.session is None:
            return
        self.signed_in.emit()
        if sessions.session.must_change_password:
            self.password = ChangePasswordScreen(sessions, self._runner, password)
            self.password.done.connect(self.show_journey)
            self.stack.addWidget(self.password)
            self._show_screen(self.password)
        else:
            self.show_journey()

    def show_journey(self) -> None:
        sessions = self._sessions
        if sessions is None or sessions.session is None:
            return
        resume_at = sessions.session.data.pop(STEP_KEY, None)
        if self.frame is None:
            runner = VisitRunner(self._runner, sessions.refused, self.session_refused)
            self.frame = StepFrame(PageContext(sessions, runner, self._steps))
            self.stack.addWidget(self.frame)
        self._show_screen(self.frame)
        keys = [spec.key for spec in self._steps]
        if resume_at in keys:  # back where the person was when the server ended the session
            self.frame.go_to(keys.index(resume_at))
        page = self.frame.page
        if page is not None:
            page.entered()

    # -- the wipe ------------------------------------------------------------------------------
    def wipe(self) -> None:
        """End the visit and forget the candidate (GUI thread; never waits on the network).
        Anything held for a re-sign-in is dropped too."""
        self._end_visit()
        if self.text_scale != self.base_text_scale:  # the next candidate starts at the usual size
            self.set_text_scale(self.base_text_scale)
        # The next candidate starts in the kiosk's language, not in the one this candidate chose.
        if i18n.current_language() != "vi" or self._language_missing:
            self.switch_language("vi")
        self.wiped.emit()

    def session_refused(self) -> None:
        """A page's call says the server refused the tokens (GUI thread). Queued: the page's own
        failure callback is still on the stack, and several calls may fail together."""
        if self._refusal_queued or not self.has_candidate:
            return
        self._refusal_queued = True
        QTimer.singleShot(0, self._end_refused_session)

    def _end_refused_session(self) -> None:
        self._refusal_queued = False
        if not self.has_candidate:
            return
        frame = self.frame
        step = frame.specs[frame.index].key if frame is not None and frame.page else ""
        # the same person is most likely still here: keep their language and text size
        self._end_visit(hold=work_to_hold(step))
        self.start_visit(session_ended=True)
        self.session_expired.emit()

    def _end_visit(self, hold: Callable[[CandidateSession], dict[str, Any]] | None = None) -> None:
        self.idle.disarm()
        self.overlay.hide()
        for task_owner in (self.sign_in, self.password, self.vneid):
            handle = getattr(task_owner, "task", None)
            if handle is not None:
                handle.cancel()
        if self.frame is not None:
            self.frame.cancel_tasks()
        if self._sessions is not None:
            revoke = self._sessions.end(hold)
            self._runner.submit(revoke)  # best effort; errors are logged inside
            del revoke
        self._show_screen(self.welcome)
        for screen in (self.sign_in, self.password, self.vneid, self.frame):
            if screen is None:
                continue
            scrub(screen)
            self.stack.removeWidget(screen)
            screen.hide()
            screen.setParent(None)  # out of the widget tree now; destroyed on the next loop turn
            screen.deleteLater()
        self.sign_in = self.password = self.vneid = None
        self.frame = None
        clear_clipboard()

    # -- keyboard ------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Enter activates the focused button (touch-style buttons are not dialog defaults)."""
        focus = QApplication.focusWidget()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(
            focus, QAbstractButton
        ):
            if focus.isEnabled():
                focus.click()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        self.wipe()
        self.idle.shutdown()
        super().closeEvent(event)  # type: ignore[arg-type]
