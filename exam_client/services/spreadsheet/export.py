"""Export of the school's registrations to .xlsx, in the documented column order.

The export is also an import file: same headers, same order (docs/import-format.md), IDs as
*text* cells so Excel never turns ``001208012345`` into ``1.20801E+11``, dates as real date cells
shown dd/mm/yyyy. Exporting and importing the result yields the same registrations (tested),
which lets a school fix a list in Excel and bring it back.

Rows are written in openpyxl's write-only (streaming) mode, so a 50 000-row export needs no
per-cell objects kept in memory. Threads: blocks on file I/O; call from a worker task.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from exam_client.api.records import RegistrationDoc
from exam_client.domain.names import school_sort_key
from exam_client.domain.registration import Purpose
from exam_client.domain.subjects import FOREIGN_LANGUAGE, subject_name
from exam_client.services.spreadsheet.coded import PURPOSE_LABELS
from exam_client.services.spreadsheet.columns import COLUMNS, EXPORT_EXTRA, Col, ColumnSpec

DATE_FORMAT = "DD/MM/YYYY"
TEXT_FORMAT = "@"
HEADER_FILL = "DDEBF7"
COMPULSORY = ("TO", "VA")
STATUS_LABELS = {
    "draft": "Bản nháp",
    "submitted": "Đã nộp",
    "confirmed": "Đã xác nhận",
    "returned": "Bị trả lại",
}
SYNC_LABELS = {
    "synced": "Đã đồng bộ",
    "queued": "Chờ gửi",
    "sending": "Đang gửi",
    "rejected": "Bị từ chối",
    "conflict": "Xung đột",
    "draft": "Chưa gửi",
}
_TEXT_COLS = frozenset(
    {
        Col.CCCD,
        Col.PHONE,
        Col.SCHOOL_10,
        Col.SCHOOL_11,
        Col.SCHOOL_12,
        Col.PRIORITY_OBJECTS,
        Col.CLASS_NAME,
    }
)


@dataclass(frozen=True, slots=True)
class ExportRow:
    """A registration with the workflow state shown next to it (``None``: column left empty)."""

    doc: RegistrationDoc
    status: str | None = None
    sync_state: str | None = None


def subject_cells(subjects: Sequence[str], compulsory: Sequence[str]) -> tuple[str, str, str]:
    """(elective 1, elective 2, full list): the list only when the two electives can't say it."""
    rest = list(subjects[len(compulsory) :])
    standard = (
        tuple(subjects[: len(compulsory)]) == tuple(compulsory)
        and len(rest) <= 2
        and not set(rest) & set(compulsory)
    )
    if standard:
        names = [subject_name(code) for code in rest] + ["", ""]
        return names[0], names[1], ""
    return "", "", ", ".join(subject_name(code) for code in subjects)


def row_values(row: ExportRow, seq: int, compulsory: Sequence[str] = COMPULSORY) -> dict[Col, Any]:
    doc = row.doc
    e1, e2, full = subject_cells(doc.subjects, compulsory)
    schools = {s.grade: s for s in doc.schools}
    values: dict[Col, Any] = {
        Col.SEQ: seq,
        Col.FULL_NAME: doc.full_name,
        Col.DATE_OF_BIRTH: doc.date_of_birth,
        Col.GENDER: "Nam" if doc.gender == "male" else "Nữ",
        Col.CCCD: doc.cccd,
        Col.CLASS_NAME: doc.class_name,
        Col.CATEGORY: doc.category,
        Col.PURPOSE: PURPOSE_LABELS[Purpose(doc.purpose)],
        Col.ELECTIVE_1: e1,
        Col.ELECTIVE_2: e2,
        Col.FOREIGN_LANGUAGE: doc.foreign_language,
        Col.SUBJECTS: full,
        Col.PRIORITY_OBJECTS: ", ".join(doc.priority_objects),
        Col.GRADUATION_YEAR: doc.graduation_year,
        Col.PHONE: doc.phone,
        Col.EMAIL: doc.email,
        Col.ADDRESS: doc.address,
        Col.STATUS: STATUS_LABELS.get(row.status or "", row.status),
        Col.SYNC_STATE: SYNC_LABELS.get(row.sync_state or "", row.sync_state),
    }
    for grade, code_col, area_col in (
        (10, Col.SCHOOL_10, Col.AREA_10),
        (11, Col.SCHOOL_11, Col.AREA_11),
        (12, Col.SCHOOL_12, Col.AREA_12),
    ):
        school = schools.get(grade)
        values[code_col] = f"{school.province_code}-{school.school_code}" if school else None
        values[area_col] = school.area if school else None
    if FOREIGN_LANGUAGE not in doc.subjects and doc.foreign_language is None:
        values[Col.FOREIGN_LANGUAGE] = None
    return values


def export_registrations(
    path: Path | str,
    rows: Iterable[ExportRow | RegistrationDoc],
    *,
    by_class: bool = False,
    compulsory: Sequence[str] = COMPULSORY,
) -> int:
    """Write ``rows`` to ``path`` (.xlsx); returns the number of candidates written.

    Rows are listed in Vietnamese class-list order (given name first). With ``by_class`` each
    class gets its own sheet (for printing per class); the import reads the first sheet only,
    so re-import a single-sheet export. ``compulsory`` is the year's compulsory subjects
    (``ruleset.compulsory_subjects``).
    """
    import openpyxl

    items = [r if isinstance(r, ExportRow) else ExportRow(r) for r in rows]
    items.sort(key=lambda r: (r.doc.class_name or "", school_sort_key(r.doc.full_name)))
    groups: dict[str, list[ExportRow]] = {}
    for item in items:
        key = (item.doc.class_name or "Chưa xếp lớp") if by_class else "Danh sách thí sinh"
        groups.setdefault(key, []).append(item)
    if not groups:
        groups["Danh sách thí sinh"] = []
    specs = (*COLUMNS, *EXPORT_EXTRA)
    book = openpyxl.Workbook(write_only=True)
    for title, group in groups.items():
        sheet = book.create_sheet(_sheet_title(title))
        _prepare(sheet, specs, len(group))
        sheet.append(_header_cells(sheet, specs))
        for seq, item in enumerate(group, start=1):
            values = row_values(item, seq, compulsory)
            sheet.append([_cell(sheet, spec.col, values.get(spec.col)) for spec in specs])
    book.save(Path(path))
    return len(items)


def _sheet_title(title: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in title)
    return cleaned[:31] or "Lớp"


def _prepare(sheet: Any, specs: Sequence[ColumnSpec], count: int) -> None:
    from openpyxl.utils import get_column_letter

    for index, spec in enumerate(specs, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = spec.width
    sheet.freeze_panes = "C2"
    last = get_column_letter(len(specs))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"


def _header_cells(sheet: Any, specs: Sequence[ColumnSpec]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    cells = []
    for spec in specs:
        cell = WriteOnlyCell(sheet, value=spec.header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cells.append(cell)
    return cells


def _cell(sheet: Any, col: Col, value: object) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if value == "":
        value = None
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif col in _TEXT_COLS:
        cell.number_format = TEXT_FORMAT
    return cell
