"""Step "Nguyện vọng xét tuyển": search the catalog, build the NV list, save it.

* Search: :mod:`exam_client.ui.kiosk.preference_search` (the left column); texts:
  :mod:`exam_client.ui.kiosk.preference_text`.
* Reorder by drag, by the ↑/↓ buttons, or Ctrl+↑/↓ on the list; Delete removes.
* The year's rules run on every edit: an edit that breaks a hard rule (sư phạm below NV5, more
  than 15, a duplicate) is refused with the reason, and the list stays as it was.
* Each NV shows the candidate's best admission score with priority reduction once scores
  exist ("chưa có điểm" before) and last year's cutoff where known.
* Outside the edit window the page is read-only and says when the window is.
* Saving: see :mod:`exam_client.services.preferences` (key made before the first attempt, kept
  in the candidate's session, retried unchanged; no on-disk outbox on a shared kiosk).
* The server ended the session mid-edit: the kiosk holds the edited list for the same person
  (:mod:`exam_client.ui.kiosk.resume`); after they sign in again this page offers it back
  (:class:`~exam_client.ui.kiosk.preference_offer.HeldListOffer`): restore or discard.

GUI thread only; network work goes through ``ctx.runner`` (handles in ``self.tasks``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from exam_client.services.catalog import CatalogEntry
from exam_client.services.preferences import PreferenceDraft, PreferenceService
from exam_client.ui.kiosk import preference_text as text
from exam_client.ui.kiosk.preference_actions import PreferenceActions
from exam_client.ui.kiosk.preference_list import LIST_STYLE, PreferenceColumn
from exam_client.ui.kiosk.preference_offer import HeldListHandling, HeldListOffer
from exam_client.ui.kiosk.preference_search import CatalogSearch
from exam_client.ui.kiosk.steps import KioskPage, PageContext


class PreferencesPage(HeldListHandling, KioskPage):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.service = PreferenceService(ctx.sessions, ctx.sessions.catalog)
        self.state = "loading"  # loading | failed | ready | saving
        self.message: tuple[str, str] | None = None  # (kind, text) under the list
        self.refusal: str = ""

        self.window_note = QLabel()
        self.window_note.setObjectName("kioskNote")
        self.window_note.setWordWrap(True)
        self.offer = HeldListOffer()
        self.offer.restore_requested.connect(self.restore_held)
        self.offer.discard_requested.connect(self.discard_held)
        self.finder = CatalogSearch()
        self.finder.add_requested.connect(self.add_selected)
        self.search, self.hits, self.add_button = (
            self.finder.search,
            self.finder.hits,
            self.finder.add_button,
        )
        self.column = PreferenceColumn()
        self.list, self.summary = self.column.list, self.column.summary
        self.up_button, self.down_button = self.column.up_button, self.column.down_button
        self.remove_button = self.column.remove_button
        self.list.move_requested.connect(self.move_preference)
        self.list.remove_requested.connect(self.remove_preference)
        self.up_button.clicked.connect(
            lambda: self.move_preference(self.list.currentRow(), -1, True)
        )
        self.down_button.clicked.connect(
            lambda: self.move_preference(self.list.currentRow(), 1, True)
        )
        self.remove_button.clicked.connect(lambda: self.remove_preference(self.list.currentRow()))
        self.action_bar = PreferenceActions()
        self.problems, self.status = self.action_bar.problems, self.action_bar.status
        self.save_button, self.history = self.action_bar.save_button, self.action_bar.history
        self.reload_button = self.action_bar.reload_button
        self.history_button = self.action_bar.history_button
        self.save_button.clicked.connect(self.save)
        self.reload_button.clicked.connect(self.load)
        self.history_button.clicked.connect(self.show_history)
        self.setStyleSheet(LIST_STYLE)
        self._layout()
        self.retranslate_ui()
        self.load()

    def _layout(self) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(32)
        grid.addWidget(self.finder, 0, 0)
        grid.addWidget(self.column, 0, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.window_note)
        layout.addWidget(self.offer)
        layout.addLayout(grid, 1)
        layout.addWidget(self.action_bar)
        layout.addStretch(0)  # takes the room only while the editor is hidden behind the offer
        order = [self.offer.restore_button, self.offer.discard_button, self.search, self.hits]
        order += [self.add_button, self.list, self.up_button]
        order += [self.down_button, self.remove_button, self.save_button, self.reload_button]
        order += [self.history_button]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    # -- texts ---------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        """The texts live in the parts (search, column, actions); here only what they show."""
        self.action_bar.saving = self.state == "saving"
        self.action_bar.retranslate_ui()
        self.redraw()

    # -- loading -------------------------------------------------------------------------------
    @property
    def draft(self) -> PreferenceDraft | None:
        return self.service.draft()

    def load(self) -> None:
        self.state = "loading"
        self.redraw()
        self._run(self.service.load, self._loaded, self._load_failed)

    def _loaded(self, draft: PreferenceDraft) -> None:
        self.state = "ready"
        self.refusal = ""
        self.message = None
        self.finder.show_catalog(draft.catalog)
        held = self.service.held() if draft.editable else None
        self.show_offer(held, draft.saved.version)
        self.redraw()
        if self.isVisible():
            self.entered()

    def _load_failed(self, exc: BaseException) -> None:
        self.state = "failed"
        fallback = self.tr("Chưa tải được danh sách nguyện vọng.")
        self.message = ("error", text.error_text(exc, fallback))
        self.redraw()

    def _run(
        self, fn: Callable[[], Any], ok: Callable[[Any], None], bad: Callable[[BaseException], None]
    ) -> None:
        self.tasks = [t for t in self.tasks if t.running]
        self.tasks.append(self.ctx.runner.submit(fn, on_success=ok, on_failure=bad))

    # -- search and edits ----------------------------------------------------------------------
    def selected_hit(self) -> CatalogEntry | None:
        return self.finder.selected()

    def add_selected(self) -> None:
        draft, entry = self.draft, self.selected_hit()
        if draft is None or not self._can_edit():
            return
        if entry is None:
            self._refuse(self.tr("Hãy chọn một ngành trong kết quả tìm kiếm rồi bấm Thêm."))
            return
        if entry.key in draft.items:
            rank = draft.items.index(entry.key) + 1
            self._refuse(
                self.tr("Ngành này đã có trong danh sách (NV%1).").replace("%1", str(rank))
            )
            return
        refused = self.service.attempt(draft, lambda d: self.service.add(d, entry))
        self._after_edit(refused, len(draft.items) - 1)

    def move_preference(self, row: int, to: int, relative: bool = False) -> None:
        draft = self.draft
        if draft is None or row < 0 or not self._can_edit():
            return
        target = row + to if relative else to
        if not 0 <= target < len(draft.items):
            return
        refused = self.service.attempt(draft, lambda d: self.service.move(d, row, target))
        self._after_edit(refused, row if refused else target)

    def remove_preference(self, row: int) -> None:
        draft = self.draft
        if draft is None or row < 0 or not self._can_edit():
            return
        self.service.remove(draft, row)
        self._after_edit([], min(row, len(draft.items) - 1))

    def _can_edit(self) -> bool:
        draft = self.draft
        return draft is not None and draft.editable and self.state == "ready"

    def _refuse(self, reason: str) -> None:
        self.refusal = reason
        self.redraw()

    def _after_edit(self, refused: list[Any], current: int) -> None:
        self.refusal = " ".join(text.problem_text(p) for p in refused)
        self.message = None
        self.redraw()
        if current >= 0:
            self.list.setCurrentRow(current)

    # -- saving and history --------------------------------------------------------------------
    def save(self) -> None:
        draft = self.draft
        if draft is None or not self._can_edit():
            return
        if self.service.problems(draft):
            self._refuse(self.tr("Hãy sửa các lỗi được nêu rồi lưu lại."))
            return
        self.state = "saving"
        self.message = None
        self.retranslate_ui()
        self._run(self.service.save, self._saved, self._save_failed)

    def _saved(self, saved: Any) -> None:
        self.state = "ready"
        self.refusal = ""
        self.message = (
            "ok",
            self.tr("Đã lưu phiên bản %1 lúc %2.")
            .replace("%1", str(saved.version))
            .replace("%2", text.moment_text(saved.updated_at)),
        )
        self.retranslate_ui()

    def _save_failed(self, exc: BaseException) -> None:
        self.state = "ready"
        self.message = ("error", text.save_failure_text(exc, self.draft))
        self.retranslate_ui()

    def show_history(self) -> None:
        self._run(self.service.history, self._history_loaded, self._load_failed_quietly)

    def _history_loaded(self, history: Any) -> None:
        draft = self.draft
        self.action_bar.show_versions(history, draft.catalog if draft else None)

    def _load_failed_quietly(self, exc: BaseException) -> None:
        self.message = ("error", text.error_text(exc, self.tr("Chưa tải được các phiên bản.")))
        self.redraw()

    # -- drawing -------------------------------------------------------------------------------
    def redraw(self) -> None:
        draft = self.draft
        editable = draft is not None and draft.editable and self.state == "ready"
        self.finder.set_editable(editable)
        self.column.set_editable(editable)
        self.save_button.setEnabled(editable and self.offer.held is None)
        for w in (self.offer.restore_button, self.offer.discard_button):
            w.setEnabled(editable)
        self.history_button.setEnabled(draft is not None)
        self.reload_button.setEnabled(self.state in ("ready", "failed"))
        if draft is None:
            self.window_note.setText(
                self.tr("Đang tải danh sách nguyện vọng…") if self.state == "loading" else ""
            )
            self._render_messages([])
            return
        self.window_note.setText(text.window_text(draft))
        current = self.list.currentRow()
        self.list.clear_rows()
        for row in self.service.rows(draft):
            self.list.add_row(text.row_text(row), text.row_accessible_name(row))
        if 0 <= current < self.list.count():
            self.list.setCurrentRow(current)
        self.summary.setText(text.summary_text(draft))
        whole_list = [p for p in self.service.problems(draft) if p.field == "preferences"]
        if self.offer.held is not None:
            whole_list = []  # about the list not chosen yet: noise beside the offer
        self._render_messages([text.problem_text(p) for p in whole_list])

    def _render_messages(self, problems: list[str]) -> None:
        lines = ([self.refusal] if self.refusal else []) + problems
        if self.message and self.message[0] == "error":
            lines.append(self.message[1])
        ok = self.message[1] if self.message and self.message[0] == "ok" else ""
        self.action_bar.show_messages(lines, ok)

    # -- leaving -------------------------------------------------------------------------------
    def can_go_next(self) -> bool:
        draft = self.draft
        if draft is not None and draft.editable and draft.dirty:
            self._refuse(self.tr("Bạn chưa lưu danh sách. Hãy bấm “Lưu nguyện vọng” trước."))
            return False
        return True

    def escape_goes_back(self) -> bool:
        draft = self.draft
        return draft is None or not draft.dirty

    def entered(self) -> None:
        """Focus the held-list offer if shown, else the search box; read-only, the list; still
        loading, the frame's buttons."""
        for widget in (self.offer.restore_button, self.search, self.list):
            if widget.isEnabled() and widget.isVisibleTo(self):
                widget.setFocus()
                return
        super().entered()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        # Enter in the search box, the hits or the list already did its job there (go to the
        # hits / add / nothing): it must not reach the step frame and turn the page
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and any(
            w.hasFocus() for w in (self.search, self.hits, self.list)
        ):
            event.accept()
            return
        super().keyPressEvent(event)
