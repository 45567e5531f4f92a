"""Step "Nguyện vọng xét tuyển": search the catalog, build the NV list, save it.

* Search ignores diacritics (``đ`` = ``d``) and case, by code, programme or institution
  (:class:`exam_client.services.catalog.CatalogSnapshot`); Enter in the box goes to the hits,
  Enter on a hit adds it.
* Reorder by drag, by the ↑/↓ buttons, or Ctrl+↑/↓ on the list; Delete removes.
* The year's rules run on every edit: an edit that breaks a hard rule (sư phạm below NV5, more
  than 15, a duplicate) is refused with the reason, and the list stays as it was.
* Each NV shows the candidate's best admission score with priority reduction once scores
  exist ("chưa có điểm" before) and last year's cutoff where known.
* Outside the edit window the page is read-only and says when the window is.
* Saving: see :mod:`exam_client.services.preferences` (key made before the first attempt, kept
  in the candidate's session, retried unchanged; no on-disk outbox on a shared kiosk).

GUI thread only; network work goes through ``ctx.runner`` (handles in ``self.tasks``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from exam_client.domain.money import format_vnd
from exam_client.services import errors
from exam_client.services.catalog import CatalogEntry
from exam_client.services.preferences import (
    PreferenceDraft,
    PreferencesClosed,
    PreferencesConflict,
    PreferenceService,
)
from exam_client.ui.kiosk import preference_text as text
from exam_client.ui.kiosk.preference_list import PreferenceListView, RowList
from exam_client.ui.kiosk.steps import KioskPage, PageContext

SEARCH_LIMIT = 50
HIT_ROW_PX = 56  # one or two lines; above the 48 px touch minimum
LIST_STYLE = (  # the font size comes from the kiosk theme (it follows the text size)
    "QListView { background: white; border: 1px solid #d9dde3; "
    "border-radius: 8px; } QListView::item { padding: 4px 8px; }"
)


class PreferencesPage(KioskPage):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.service = PreferenceService(ctx.sessions, ctx.sessions.catalog)
        self.state = "loading"  # loading | failed | ready | saving
        self.message: tuple[str, str] | None = None  # (kind, text) under the list
        self.refusal: str = ""
        self.history_lines: list[str] = []

        self.window_note = QLabel()
        self.window_note.setObjectName("kioskNote")
        self.window_note.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.search.textChanged.connect(self._search)
        self.search.returnPressed.connect(self._focus_hits)
        self.hits = RowList(HIT_ROW_PX)
        self.hits.activated.connect(lambda _index: self.add_selected())
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_selected)
        self.list = PreferenceListView()
        self.list.move_requested.connect(self.move_preference)
        self.list.remove_requested.connect(self.remove_preference)
        self.up_button, self.down_button = QPushButton("↑"), QPushButton("↓")
        self.remove_button = QPushButton()
        self.up_button.clicked.connect(
            lambda: self.move_preference(self.list.currentRow(), -1, True)
        )
        self.down_button.clicked.connect(
            lambda: self.move_preference(self.list.currentRow(), 1, True)
        )
        self.remove_button.clicked.connect(lambda: self.remove_preference(self.list.currentRow()))
        self.summary = QLabel()
        self.summary.setObjectName("kioskHint")
        self.summary.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setObjectName("kioskError")
        self.problems.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("kioskNote")
        self.status.setWordWrap(True)
        self.save_button = QPushButton()
        self.save_button.setObjectName("kioskPrimary")
        self.save_button.clicked.connect(self.save)
        self.reload_button = QPushButton()
        self.reload_button.clicked.connect(self.load)
        self.history_button = QPushButton()
        self.history_button.clicked.connect(self.show_history)
        self.history = RowList()
        self.history.hide()
        self.setStyleSheet(LIST_STYLE)
        self._layout()
        self.retranslate_ui()
        self.load()

    def _layout(self) -> None:
        left = QVBoxLayout()
        self.search_label = QLabel()
        self.search_label.setBuddy(self.search)
        self.search_label.setWordWrap(True)  # up to 200 % text: wrap, never widen the page
        left.addWidget(self.search_label)
        left.addWidget(self.search)
        left.addWidget(self.hits, 1)
        left.addWidget(self.add_button)
        right = QVBoxLayout()
        self.list_label = QLabel()
        self.list_label.setBuddy(self.list)
        self.list_label.setWordWrap(True)
        right.addWidget(self.list_label)
        right.addWidget(self.list, 1)
        tools = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.remove_button):
            tools.addWidget(button)
        tools.addStretch(1)
        right.addLayout(tools)
        right.addWidget(self.summary)
        grid = QGridLayout()
        grid.setHorizontalSpacing(32)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        actions = QHBoxLayout()
        for button in (self.save_button, self.reload_button, self.history_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.window_note)
        layout.addLayout(grid, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.status)
        layout.addLayout(actions)
        layout.addWidget(self.history)
        order = [self.search, self.hits, self.add_button, self.list, self.up_button]
        order += [self.down_button, self.remove_button, self.save_button, self.reload_button]
        order += [self.history_button]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    # -- texts ---------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.search_label.setText(
            self.tr("Tìm ngành hoặc trường (mã, tên; gõ có dấu hay không dấu)")
        )
        self.search.setAccessibleName(self.tr("Tìm ngành hoặc trường"))
        self.search.setPlaceholderText(self.tr("Ví dụ: su pham toan, QSB, 7480201"))
        self.hits.setAccessibleName(self.tr("Kết quả tìm kiếm"))
        self.add_button.setText(self.tr("+ Thêm vào danh sách"))
        self.add_button.setAccessibleName(self.tr("Thêm ngành đã chọn vào danh sách nguyện vọng"))
        self.list_label.setText(
            self.tr("Danh sách nguyện vọng (NV1 là cao nhất; kéo để đổi thứ tự)")
        )
        self.list.setAccessibleName(self.tr("Danh sách nguyện vọng"))
        self.up_button.setAccessibleName(self.tr("Chuyển nguyện vọng lên trên"))
        self.down_button.setAccessibleName(self.tr("Chuyển nguyện vọng xuống dưới"))
        self.remove_button.setText(self.tr("Xoá"))
        self.remove_button.setAccessibleName(self.tr("Xoá nguyện vọng đang chọn"))
        self.save_button.setText(
            self.tr("Đang lưu…") if self.state == "saving" else self.tr("Lưu nguyện vọng")
        )
        self.save_button.setAccessibleName(self.tr("Lưu danh sách nguyện vọng"))
        self.reload_button.setText(self.tr("Tải lại"))
        self.reload_button.setAccessibleName(self.tr("Tải lại danh sách từ hệ thống"))
        self.history_button.setText(self.tr("Các phiên bản đã lưu"))
        self.history_button.setAccessibleName(self.tr("Xem các phiên bản đã lưu trước đây"))
        self.history.setAccessibleName(self.tr("Các phiên bản đã lưu"))
        self.redraw()

    # -- loading -------------------------------------------------------------------------------
    @property
    def draft(self) -> PreferenceDraft | None:
        return self.service.draft()

    def load(self) -> None:
        self.state = "loading"
        self.redraw()
        self._run(self.service.load, self._loaded, self._load_failed)

    def _loaded(self, _draft: Any) -> None:
        self.state = "ready"
        self.refusal = ""
        self.message = None
        self.redraw()
        self._search(self.search.text())
        if self.isVisible():
            self.entered()

    def _load_failed(self, exc: BaseException) -> None:
        self.state = "failed"
        self.message = ("error", _error_text(exc, self.tr("Chưa tải được danh sách nguyện vọng.")))
        self.redraw()

    def _run(
        self, fn: Callable[[], Any], ok: Callable[[Any], None], bad: Callable[[BaseException], None]
    ) -> None:
        self.tasks = [t for t in self.tasks if t.running]
        self.tasks.append(self.ctx.runner.submit(fn, on_success=ok, on_failure=bad))

    # -- search and edits ----------------------------------------------------------------------
    def _search(self, query: str) -> None:
        self.hits.clear_rows()
        draft = self.draft
        if draft is None:
            return
        for entry in draft.catalog.search(query, SEARCH_LIMIT):
            self.hits.add_row(text.entry_text(entry), data=entry.key)
        if self.hits.count():
            self.hits.setCurrentRow(0)

    def _focus_hits(self) -> None:
        if self.hits.count():
            self.hits.setFocus()

    def selected_hit(self) -> CatalogEntry | None:
        key, draft = self.hits.data(self.hits.currentRow()), self.draft
        if key is None or draft is None:
            return None
        return draft.catalog.find(*key)

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
        if isinstance(exc, errors.NetworkError | errors.SlowDown | errors.ServerError):
            msg = self.tr(
                "Chưa gửi được tới hệ thống (mạng chậm hoặc mất kết nối). Danh sách vẫn còn trên "
                "màn hình. Bấm “Lưu nguyện vọng” lần nữa: hệ thống gửi lại đúng lần lưu này, "
                "không tạo bản trùng."
            )
        elif isinstance(exc, PreferencesConflict):
            msg = self.tr(
                "Danh sách vừa được thay đổi ở nơi khác. Bấm “Tải lại” để xem bản mới nhất."
            )
        elif isinstance(exc, errors.AuthError):
            msg = self.tr(
                "Phiên đăng nhập đã kết thúc (hết hạn hoặc đã đăng xuất ở nơi khác) nên danh sách "
                "chưa được lưu. Danh sách bạn vừa sửa vẫn còn trên màn hình: hãy ghi lại, bấm "
                "“Kết thúc phiên” rồi đăng nhập lại để lưu."
            )
        elif isinstance(exc, errors.ValidationFailed):
            msg = self._invalid_text(exc)
        elif isinstance(exc, PreferencesClosed):
            msg = _error_text(exc, self.tr("Hệ thống chưa nhận danh sách này."))
        else:
            msg = _error_text(exc, self.tr("Chưa lưu được. Hãy thử lại sau ít phút."))
        self.message = ("error", msg)
        self.retranslate_ui()

    def _invalid_text(self, exc: errors.ValidationFailed) -> str:
        """The server refused the list; an NV whose programme left the catalog since it was
        added is named as the candidate knows it (the server's message has only codes)."""
        draft, parts = self.draft, []
        for problem in exc.problems:
            rank = problem.field.split(".")[1] if problem.field.count(".") >= 1 else ""
            if draft is None or problem.code not in text.WITHDRAWN or not rank.isdigit():
                parts.append(text.problem_text(problem))
                continue
            index = int(rank) - 1
            if not 0 <= index < len(draft.items):
                parts.append(text.problem_text(problem))
                continue
            inst, code = draft.items[index]
            parts.append(text.withdrawn_text(index + 1, inst, code, draft.catalog.find(inst, code)))
        return " ".join(parts) or _error_text(exc, self.tr("Hệ thống chưa nhận danh sách này."))

    def show_history(self) -> None:
        self._run(self.service.history, self._history_loaded, self._load_failed_quietly)

    def _history_loaded(self, history: Any) -> None:
        draft = self.draft
        self.history.clear_rows()
        for version in history.versions:
            names = []
            for choice in version.items:
                inst, code = choice.institution_code, choice.programme_code
                entry = draft.catalog.find(inst, code) if draft else None
                names.append(f"{inst} {entry.programme.name if entry else code}")
            line = (
                self.tr("Phiên bản %1 — %2 — %3 NV: %4")
                .replace("%1", str(version.version))
                .replace("%2", text.moment_text(version.created_at))
                .replace("%3", str(version.count))
                .replace("%4", "; ".join(names) or "—")
            )
            self.history.add_row(line)
        if not history.versions:
            self.history.add_row(self.tr("Chưa có phiên bản nào được lưu."))
        self.history.show()
        self.history.setFocus()

    def _load_failed_quietly(self, exc: BaseException) -> None:
        self.message = ("error", _error_text(exc, self.tr("Chưa tải được các phiên bản.")))
        self.redraw()

    # -- drawing -------------------------------------------------------------------------------
    def redraw(self) -> None:
        draft = self.draft
        editable = draft is not None and draft.editable and self.state == "ready"
        for w in (self.search, self.hits, self.add_button, self.list, self.up_button):
            w.setEnabled(editable or w in (self.list,))
        for w in (self.down_button, self.remove_button, self.save_button):
            w.setEnabled(editable)
        self.history_button.setEnabled(draft is not None)
        self.reload_button.setEnabled(self.state in ("ready", "failed"))
        if draft is None:
            self.window_note.setText(
                self.tr("Đang tải danh sách nguyện vọng…") if self.state == "loading" else ""
            )
            self._render_messages([])
            return
        if draft.editable:
            self.window_note.setText(draft.saved.message)
        else:
            self.window_note.setText(
                self.tr("Chỉ xem: thời gian đăng ký, điều chỉnh nguyện vọng từ %1 đến %2.")
                .replace("%1", text.moment_text(draft.saved.edit_opens_at))
                .replace("%2", text.moment_text(draft.saved.edit_closes_at))
            )
        current = self.list.currentRow()
        self.list.clear_rows()
        rows = self.service.rows(draft)
        for row in rows:
            self.list.add_row(text.row_text(row), text.row_accessible_name(row))
        if 0 <= current < self.list.count():
            self.list.setCurrentRow(current)
        limit = draft.rules.max_preferences
        self.summary.setText(
            self.tr("%1 nguyện vọng%2 · lệ phí dự kiến %3 (%4 mỗi nguyện vọng)%5")
            .replace("%1", str(len(draft.items)))
            .replace("%2", f" / {limit}" if limit else "")
            .replace("%3", format_vnd(len(draft.items) * draft.saved.fee_per_preference))
            .replace("%4", format_vnd(draft.saved.fee_per_preference))
            .replace("%5", " · " + self.tr("chưa lưu") if draft.dirty else "")
        )
        whole_list = [p for p in self.service.problems(draft) if p.field == "preferences"]
        self._render_messages([text.problem_text(p) for p in whole_list])

    def _render_messages(self, problems: list[str]) -> None:
        lines = ([self.refusal] if self.refusal else []) + problems
        if self.message and self.message[0] == "error":
            lines.append(self.message[1])
        self.problems.setText("\n".join(lines))
        self.problems.setVisible(bool(lines))
        ok = self.message[1] if self.message and self.message[0] == "ok" else ""
        self.status.setText(ok)
        self.status.setVisible(bool(ok))

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
        """Focus the search box; read-only, the list; still loading, the frame's buttons."""
        for widget in (self.search, self.list):
            if widget.isEnabled():
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


def _error_text(exc: BaseException, fallback: str) -> str:
    found = getattr(exc, "message_vi", None)
    problems = getattr(exc, "problems", None) or []
    parts = [text.problem_text(p) for p in problems] or ([found] if found else [fallback])
    return " ".join(str(p) for p in parts)
