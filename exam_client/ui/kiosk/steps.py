"""The step framework of the candidate journey: header "Bước 2/6 — …", one page, Back / Next.

Adding a step (registration, preferences, payment, results, confirmation, …):

1. Write a page: subclass :class:`KioskPage` in its own module under ``ui/kiosk/``::

       class PaymentPage(KioskPage):
           def __init__(self, ctx: PageContext) -> None:
               super().__init__(ctx)
               self.amount = QLabel()            # build widgets; large targets come from the theme
               ...
               self.retranslate_ui()

           def retranslate_ui(self) -> None:     # every visible text, through self.tr()
               self.amount.setText(self.tr("Lệ phí: %1").replace("%1", ...))

           def can_go_next(self) -> bool:        # optional: validate, show errors, return False
               return True

   Read the candidate with ``self.ctx.candidate`` (never keep it in an attribute) and keep the
   page's per-candidate state in ``self.ctx.candidate.data[...]`` or in the page's widgets:
   both are wiped. Blocking work goes through ``self.ctx.runner.submit`` (callbacks arrive on the
   GUI thread); keep the handles in ``self.tasks`` so the wipe can cancel them.
2. Register it: in :mod:`exam_client.ui.kiosk.journey`, replace the planned
   :class:`StepSpec`'s ``factory=None`` with ``factory=PaymentPage`` (or add a new spec with a
   title marked ``QT_TRANSLATE_NOOP("KioskSteps", "…")``). The order there is the order on screen,
   and the home page lists the same steps.
3. Nothing else: pages are built when first shown, destroyed at the end of every visit
   (``deleteLater``) and rebuilt for the next candidate, so a page never needs to "reset".

Threads: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from exam_client.ui.i18n import Retranslatable
from exam_client.ui.tasks import TaskHandle, TaskRunner

if TYPE_CHECKING:
    from exam_client.services.candidate_session import CandidateSession, CandidateSessionService
    from exam_client.ui.kiosk.resume import VisitRunner

STEPS_CONTEXT = "KioskSteps"


@dataclass(frozen=True)
class PageContext:
    """What a page may use (shared by all pages of one visit). In the kiosk ``runner`` is a
    :class:`~exam_client.ui.kiosk.resume.VisitRunner` (it reports a refused session)."""

    sessions: CandidateSessionService
    runner: TaskRunner | VisitRunner
    steps: tuple[StepSpec, ...]

    @property
    def candidate(self) -> CandidateSession | None:
        """The signed-in candidate, read fresh each time (None once the visit is wiped)."""
        return self.sessions.session


@dataclass(frozen=True)
class StepSpec:
    """One step of the journey. ``title`` is the Vietnamese source text, marked for extraction
    with ``QT_TRANSLATE_NOOP("KioskSteps", …)``; ``factory=None`` means "planned": a placeholder
    page says the step is coming."""

    key: str
    title: str
    factory: Callable[[PageContext], KioskPage] | None = None

    @property
    def planned(self) -> bool:
        return self.factory is None

    def translated_title(self) -> str:
        return QCoreApplication.translate(STEPS_CONTEXT, self.title)


class KioskPage(Retranslatable, QWidget):
    """Base of every step page. Subclasses implement :meth:`retranslate_ui` and may override
    :meth:`can_go_next`, :meth:`entered`, :meth:`escape_goes_back`."""

    request_next = Signal()  # the page wants to continue (e.g. a big button inside it)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tasks: list[TaskHandle] = []

    def can_go_next(self) -> bool:
        """Called on Next/Enter; show the page's own errors and return False to stay."""
        return True

    def escape_goes_back(self) -> bool:
        """Esc = Back, unless going back would lose work the candidate has not saved."""
        return True

    def entered(self) -> None:
        """The page became current: focus its first input (the frame's Next if it has none)."""
        for child in self.findChildren(QWidget):
            if child.isVisibleTo(self) and child.focusPolicy() & Qt.FocusPolicy.TabFocus:
                child.setFocus()
                return

    def cancel_tasks(self) -> None:
        for handle in self.tasks:
            handle.cancel()
        self.tasks.clear()


class PlannedPage(KioskPage):
    """Placeholder for a step nobody has built yet."""

    def __init__(self, ctx: PageContext, spec: StepSpec, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._spec = spec
        self.message = QLabel()
        self.message.setObjectName("kioskNote")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.message.setText(
            self.tr("Bước “%1” đang được xây dựng và sẽ có ở đây.").replace(
                "%1", self._spec.translated_title()
            )
        )


class StepFrame(Retranslatable, QWidget):
    """Progress header, the current page, and the Back / Next footer. Per-visit: destroyed and
    rebuilt with the pages at every wipe."""

    current_changed = Signal(int)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.specs: Sequence[StepSpec] = ctx.steps
        self.pages: dict[int, KioskPage] = {}
        self.index = -1
        self.progress = QLabel()
        self.progress.setObjectName("kioskProgress")
        self.title = QLabel()
        self.title.setObjectName("kioskTitle")
        self.title.setWordWrap(True)
        self.stack = QStackedWidget()
        # At large text sizes (up to 200 %) a page may be taller than the screen: it scrolls
        # instead of squeezing its labels. Tab into a widget scrolls it into view.
        self.page_scroll = QScrollArea()
        self.page_scroll.setObjectName("kioskPageScroll")
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.page_scroll.setWidget(self.stack)
        self.stack.setAutoFillBackground(False)  # the kiosk's background shows through
        self.page_scroll.viewport().setAutoFillBackground(False)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton()
        self.next_button.setObjectName("kioskPrimary")
        self.next_button.clicked.connect(self.go_next)
        footer = QHBoxLayout()
        footer.addWidget(self.back_button)
        footer.addStretch(1)
        footer.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(16)
        layout.addWidget(self.progress)
        layout.addWidget(self.title)
        layout.addWidget(self.page_scroll, 1)
        layout.addLayout(footer)
        self.retranslate_ui()
        self.go_to(0)

    @property
    def page(self) -> KioskPage | None:
        return self.pages.get(self.index)

    def page_for(self, index: int) -> KioskPage:
        """The page of step ``index``, built on first use."""
        if index not in self.pages:
            spec = self.specs[index]
            page = spec.factory(self.ctx) if spec.factory else PlannedPage(self.ctx, spec)
            page.request_next.connect(self.go_next)
            self.pages[index] = page
            self.stack.addWidget(page)
        return self.pages[index]

    def go_to(self, index: int) -> None:
        if not 0 <= index < len(self.specs):
            return
        page = self.page_for(index)
        self.index = index
        self.stack.setCurrentWidget(page)
        self._update_header()
        page.entered()
        focus = QApplication.focusWidget()
        if focus is None or not page.isAncestorOf(focus):
            (self.next_button if self.next_button.isVisible() else self.back_button).setFocus()
        self.current_changed.emit(index)

    def go_next(self) -> None:
        page = self.page
        if page is not None and not page.can_go_next():
            return
        self.go_to(self.index + 1)

    def go_back(self) -> None:
        self.go_to(self.index - 1)

    def retranslate_ui(self) -> None:
        self.back_button.setText(self.tr("‹ Quay lại"))
        self.back_button.setAccessibleName(self.tr("Quay lại bước trước"))
        self.next_button.setText(self.tr("Tiếp tục ›"))
        self.next_button.setAccessibleName(self.tr("Tiếp tục sang bước sau"))
        self._update_header()

    def _update_header(self) -> None:
        if not 0 <= self.index < len(self.specs):
            return
        total = len(self.specs)
        self.progress.setText(
            self.tr("Bước %1/%2").replace("%1", str(self.index + 1)).replace("%2", str(total))
        )
        self.title.setText(self.specs[self.index].translated_title())
        self.back_button.setEnabled(self.index > 0)
        self.next_button.setVisible(self.index < total - 1)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key = event.key()
        focus = QApplication.focusWidget()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Enter presses a focused button, but never ticks a check box by surprise
            if isinstance(focus, QAbstractButton) and focus.isEnabled() and not focus.isCheckable():
                focus.click()
            elif self.next_button.isVisible():
                self.go_next()
            return
        if key == Qt.Key.Key_Escape and self.index > 0:
            page = self.page
            if page is None or page.escape_goes_back():
                self.go_back()
            return
        super().keyPressEvent(event)

    def cancel_tasks(self) -> None:
        for page in self.pages.values():
            page.cancel_tasks()
