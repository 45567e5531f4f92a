"""The offer shown on the preference step after the same candidate signs in again: the list they
were editing when the server ended their session was kept (in memory, for a few minutes) —
put it back, or drop it and keep what the system has.

:class:`HeldListOffer` shows the offer (only an NV count, never programmes: it reads the same
whoever glances at it); :class:`HeldListHandling` is the page's side of it, a mixin of
:class:`~exam_client.ui.kiosk.preferences.PreferencesPage` whose one text keeps the page's
translation context (``PreferencesPage``) explicitly. GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from exam_client.services.preferences import HeldPreferences, PreferenceService
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.kiosk.preference_actions import PreferenceActions
from exam_client.ui.kiosk.preference_list import PreferenceColumn, PreferenceListView
from exam_client.ui.kiosk.preference_search import CatalogSearch


class HeldListOffer(Retranslatable, QFrame):
    restore_requested = Signal()
    discard_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskCard")
        self.held: HeldPreferences | None = None
        self.changed_since = False  # the system's list changed after the held one was edited
        self.message = QLabel()
        self.message.setObjectName("kioskSubtitle")
        self.message.setWordWrap(True)
        self.restore_button = QPushButton()
        self.restore_button.setObjectName("kioskPrimary")
        self.restore_button.clicked.connect(self.restore_requested)
        self.discard_button = QPushButton()
        self.discard_button.clicked.connect(self.discard_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.restore_button, self.discard_button)
        # never squeezed below its text (the page gives spare room to a stretch below it)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.hide()
        self.retranslate_ui()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        """A wrapped label inside the step's scroll area is laid out from its one-line hint:
        ask it how tall it is at the width it really got."""
        super().resizeEvent(event)
        self._fit_message()

    def _fit_message(self) -> None:
        height = self.message.heightForWidth(self.message.width()) if self.message.text() else 0
        self.message.setMinimumHeight(max(0, height))  # -1: "no opinion" (empty, not laid out)

    def offer(self, held: HeldPreferences | None, saved_version: int) -> None:
        self.held = held
        self.changed_since = held is not None and held.base_version != saved_version
        self.setVisible(held is not None)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        count = len(self.held.items) if self.held else 0
        text = self.tr(
            "Danh sách nguyện vọng chưa lưu của bạn đã được giữ lại (%n nguyện vọng) khi phiên "
            "đăng nhập kết thúc. Bạn muốn khôi phục để kiểm tra rồi lưu, hay bỏ đi?",
            "",
            count,
        )
        if self.changed_since:
            text += " " + self.tr(
                "Lưu ý: danh sách trên hệ thống đã thay đổi sau lúc đó; khôi phục sẽ thay bằng "
                "danh sách bạn đã sửa."
            )
        self.message.setText(text if self.held else "")
        self._fit_message()
        self.restore_button.setText(self.tr("Khôi phục danh sách chưa lưu"))
        self.restore_button.setAccessibleName(self.tr("Khôi phục danh sách nguyện vọng chưa lưu"))
        self.discard_button.setText(self.tr("Bỏ, dùng danh sách trên hệ thống"))
        self.discard_button.setAccessibleName(
            self.tr("Bỏ danh sách chưa lưu và dùng danh sách trên hệ thống")
        )


class HeldListHandling:
    """Restore or discard the held list. The page provides the attributes below."""

    offer: HeldListOffer
    finder: CatalogSearch
    column: PreferenceColumn
    action_bar: PreferenceActions
    list: PreferenceListView
    service: PreferenceService
    refusal: str
    message: tuple[str, str] | None
    redraw: Callable[[], None]
    entered: Callable[[], None]
    _can_edit: Callable[[], bool]

    def show_offer(self, held: HeldPreferences | None, saved_version: int) -> None:
        """While the held list is offered the choice comes first: no editing beside it (an edit
        then a restore would silently replace the edit)."""
        self.offer.offer(held, saved_version)
        for part in (self.finder, self.column, self.action_bar):
            part.setHidden(held is not None)

    def restore_held(self) -> None:
        draft = self.service.draft()
        if draft is None or not self._can_edit() or not self.service.restore_held(draft):
            return
        self.show_offer(None, 0)
        self.refusal = ""
        self.message = (
            "ok",
            QCoreApplication.translate(
                "PreferencesPage",
                "Đã khôi phục danh sách chưa lưu. Hãy kiểm tra rồi bấm “Lưu nguyện vọng”.",
            ),
        )
        self.redraw()
        self.list.setFocus()

    def discard_held(self) -> None:
        self.service.discard_held()
        self.show_offer(None, 0)
        self.redraw()
        self.entered()
