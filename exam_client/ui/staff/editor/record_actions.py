"""Open, save and submit for the registration editor (a mixin of :class:`RegistrationEditor`).

Every call to the registration service runs on a worker (``_submit``); the answer comes back on
the GUI thread. Nothing typed is lost on a failure: the form keeps its values and says why.
Strings use the editor's translation context explicitly, so they are found under one context.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from PySide6.QtCore import QCoreApplication, SignalInstance
from PySide6.QtWidgets import QLabel, QPushButton

from exam_client.domain.problems import Problem
from exam_client.services.errors import ApiError, ServiceError
from exam_client.ui.formatting import format_moment
from exam_client.ui.staff.editor.problems import ProblemBoard
from exam_client.ui.staff.editor.values import RegistrationDoc

if TYPE_CHECKING:
    from exam_client.services.registrations import (
        LocalRegistration,
        RegistrationService,
        SaveResult,
    )


class RecordActions:
    """Needs the editor's widgets and state, declared here for the type checker only."""

    if TYPE_CHECKING:
        saved: SignalInstance
        submitted: SignalInstance
        busy: bool
        dirty: bool
        existing: bool
        exam_year: int
        record_id: UUID
        board: ProblemBoard
        message: QLabel
        state_label: QLabel
        save_button: QPushButton
        submit_button: QPushButton
        _registrations: RegistrationService

        def _submit(
            self,
            fn: Callable[[], Any],
            on_success: Callable[[Any], None],
            on_failure: Callable[[BaseException], None] | None = None,
        ) -> None: ...
        def doc_or_problems(self) -> tuple[RegistrationDoc | None, list[Problem]]: ...
        def fill(self, doc: RegistrationDoc) -> None: ...
        def _set_dirty(self, dirty: bool) -> None: ...

    # -- open, save, submit -------------------------------------------------------------------
    def open_record(self, record_id: UUID) -> None:
        self.busy = True
        self._submit(
            lambda: self._registrations.get(record_id),
            on_success=self._opened,
            on_failure=self._failed,
        )

    def _opened(self, record: LocalRegistration | None) -> None:
        self.busy = False
        if record is None:
            self._say(
                QCoreApplication.translate(
                    "RegistrationEditor", "Không tìm thấy phiếu này trên máy."
                ),
                error=True,
            )
            return
        if record.exam_year != self.exam_year:  # the form's rules are the year's: refuse to mix
            self._say(
                QCoreApplication.translate(
                    "RegistrationEditor",
                    "Phiếu này thuộc kỳ thi năm %1; hãy mở bằng phiếu của năm đó.",
                ).replace("%1", str(record.exam_year)),
                error=True,
            )
            return
        self.record_id, self.existing = record.id, True
        self.fill(record.doc)
        self._say(
            QCoreApplication.translate(
                "RegistrationEditor", "Đã mở phiếu (trạng thái: %1)."
            ).replace("%1", record.sync_state)
        )

    def save_draft(self) -> None:
        self._save(submit=False)

    def submit(self) -> None:
        self._save(submit=True)

    def _save(self, *, submit: bool) -> None:
        if self.busy:
            return
        doc, refused = self.doc_or_problems()
        self.board.reveal_all()
        if doc is None:
            self.board.show_problems(refused)
            self._say(
                QCoreApplication.translate(
                    "RegistrationEditor",
                    "Chưa lưu được: có ô không hợp lệ. Hãy sửa các ô được đánh dấu đỏ.",
                ),
                error=True,
            )
            self.board.focus_first()
            return
        self.busy = True
        self.save_button.setEnabled(False)
        self.submit_button.setEnabled(False)
        record_id, year = self.record_id, self.exam_year
        service = self._registrations
        call = service.submit if submit else service.save_draft
        self._submit(
            lambda: call(doc, exam_year=year, record_id=record_id),
            on_success=lambda result: self._saved(result, submit),
            on_failure=self._failed,
        )

    def _saved(self, result: SaveResult, submit: bool) -> None:
        self._release()
        self.board.show_problems(list(result.problems))
        if not result.saved:
            errors = sum(1 for p in result.problems if p.is_error)
            self._say(
                QCoreApplication.translate(
                    "RegistrationEditor",
                    "Chưa nộp được: phiếu còn %1 lỗi. Hãy sửa các ô được đánh dấu đỏ.",
                ).replace("%1", str(errors)),
                error=True,
            )
            self.board.focus_first()
            return
        self.existing = True
        self._set_dirty(False)
        when = format_moment(datetime.now(UTC))
        if submit:
            self._say(
                QCoreApplication.translate(
                    "RegistrationEditor", "Đã nộp lúc %1; phiếu đang chờ đồng bộ lên Bộ."
                ).replace("%1", when)
            )
            self.submitted.emit(str(result.record_id))
        else:
            self._say(
                QCoreApplication.translate(
                    "RegistrationEditor", "Đã lưu nháp trên máy lúc %1."
                ).replace("%1", when)
            )
            self.saved.emit(str(result.record_id))

    def _failed(self, exc: BaseException) -> None:
        self._release()
        self._say(
            reason(exc, QCoreApplication.translate("RegistrationEditor", "Không lưu được phiếu"))
            + " "
            + QCoreApplication.translate(
                "RegistrationEditor", "Dữ liệu đang nhập vẫn còn trên màn hình."
            ),
            error=True,
        )

    def _release(self) -> None:
        self.busy = False
        self.save_button.setEnabled(True)
        self.submit_button.setEnabled(True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setObjectName("formError" if error else "hint")
        self.message.setText(text)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()

    def _show_state(self) -> None:
        text = (
            QCoreApplication.translate("RegistrationEditor", "Phiếu đã lưu trên máy")
            if self.existing
            else QCoreApplication.translate("RegistrationEditor", "Phiếu mới")
        )
        if self.dirty:
            text += QCoreApplication.translate("RegistrationEditor", " — có thay đổi chưa lưu")
        self.state_label.setText(text)


def reason(exc: BaseException, what: str) -> str:
    if isinstance(exc, ServiceError | ApiError):
        return f"{what}: {exc.message_vi}"
    return f"{what} ({type(exc).__name__})."
