"""Writing a planned import: all rows in one transaction, or none.

The storage of registrations (records + outbox) belongs to the registrations service; this
module only decides *what* to save and hands each row to the caller's ``save``. The caller's
``transaction`` wraps all the calls, so a failure on row 300 of 600 leaves the school's data as
it was, and the person can fix the cause and import the same file again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Protocol

from exam_client.domain.registration import Registration
from exam_client.services.spreadsheet.findings import ImportPlan, RowProblem


class SaveRow(Protocol):
    """Save one imported registration (the caller's: e.g. ``Registrations.save_draft``).

    ``contact`` holds ``class_name``, ``phone``, ``email`` and ``address`` (``None`` = empty).
    ``draft`` is true when the row still has errors: store it as a draft with ``problems`` so
    the person finishes it on the form; never submit it. With ``draft`` false the record is
    complete as far as the list goes (a photo may still be missing; the form's validation says
    so). Raise to abort the whole import.
    """

    def __call__(
        self,
        registration: Registration,
        contact: Mapping[str, str | None],
        *,
        draft: bool,
        problems: Sequence[RowProblem],
    ) -> None: ...


Transaction = Callable[[], AbstractContextManager[object]]


class ImportFailed(Exception):
    """``save`` raised on ``row``; the transaction was left by the exception, nothing is kept."""

    def __init__(self, row: int, cause: BaseException) -> None:
        super().__init__(f"import stopped at row {row}: {cause!r}")
        self.row = row
        self.message_vi = (
            f"Nhập danh sách bị dừng ở dòng {row} do lỗi khi lưu; chưa có thay đổi nào được "
            "ghi. Hãy thử lại; nếu vẫn lỗi, hãy gửi nhật ký cho bộ phận hỗ trợ."
        )


@dataclass(frozen=True, slots=True)
class ImportResult:
    saved: tuple[int, ...]
    """Rows saved as complete records (new or changed)."""
    drafts: tuple[int, ...]
    """Rows saved as drafts with their problems."""
    unchanged: tuple[int, ...]
    rejected: tuple[int, ...]
    """Rows not saved: no usable ID/name/date/gender/category, or an ID clash."""


def commit_import(
    plan: ImportPlan, save: SaveRow, transaction: Transaction = nullcontext
) -> ImportResult:
    """Save the new and changed rows of ``plan`` inside one ``transaction()``.

    Unchanged rows are not written (re-importing a file is a no-op); rejected rows cannot be.
    Blocks for the duration of the saves: call from a worker task.
    """
    if plan.file_problem is not None:
        raise ValueError("a plan with a file problem has nothing to commit")
    saved: list[int] = []
    drafts: list[int] = []
    unchanged: list[int] = []
    rejected: list[int] = []
    with transaction():
        for row in plan.rows:
            if row.status == "rejected" or row.registration is None:
                rejected.append(row.row)
                continue
            if row.status == "unchanged":
                unchanged.append(row.row)
                continue
            draft = row.has_errors
            try:
                save(row.registration, row.contact, draft=draft, problems=row.problems)
            except Exception as exc:
                raise ImportFailed(row.row, exc) from exc
            (drafts if draft else saved).append(row.row)
    return ImportResult(tuple(saved), tuple(drafts), tuple(unchanged), tuple(rejected))
