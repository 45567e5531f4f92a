"""The dry run: read a whole list, repair and check every row, write nothing.

The person sees every problem of the file at once, with what would be new, changed or left as
it is, before anything is saved; that is the only way a 600-row list gets fixed in one pass
instead of one error at a time. The candidate's ID is the key: a row whose content equals the
school's record is ``unchanged``, so importing the same file twice changes nothing.

Threads: :func:`plan_import` blocks (file I/O, ~1 ms per row); run it in a worker task. The
``progress`` and ``should_cancel`` callbacks are called on that worker thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Set
from dataclasses import replace
from pathlib import Path

from exam_client.api.records import RegistrationDoc
from exam_client.domain.cccd import mask_cccd
from exam_client.domain.ruleset import RuleSet
from exam_client.services.spreadsheet.building import AreaLookup, RowContext, build_row, is_example
from exam_client.services.spreadsheet.columns import HEADER_OF, Col, ColumnMapping, column_letter
from exam_client.services.spreadsheet.findings import ImportPlan, RowPlan, RowProblem
from exam_client.services.spreadsheet.reading import (
    FileProblem,
    FileUnreadable,
    open_table,
)

Progress = Callable[[int, int], None]
"""``progress(done, total)``; ``total`` is an estimate (0 when unknown)."""
REQUIRED = (Col.FULL_NAME, Col.DATE_OF_BIRTH, Col.GENDER, Col.CCCD)
PROGRESS_EVERY = 250


class ImportCancelled(Exception):
    """Raised by :func:`plan_import` when ``should_cancel()`` turned true; nothing was kept."""


def plan_import(
    path: Path | str,
    *,
    ruleset: RuleSet,
    today: dt.date,
    school_code: str,
    mapping: ColumnMapping | None = None,
    existing: Mapping[str, RegistrationDoc] | None = None,
    other_school_ids: Set[str] = frozenset(),
    area_of: AreaLookup | None = None,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> ImportPlan:
    """Plan the import of ``path`` for ``school_code``; nothing is written.

    ``existing`` is the school's records by ID (what "unchanged" compares against, and what
    fills fields a list does not carry); ``other_school_ids`` are IDs registered by another
    school (those rows are rejected); ``area_of`` gives a school's priority area when the file
    has no area column. A file that cannot be used at all yields a plan with ``file_problem``.
    """
    source = Path(path)
    mapping = mapping or ColumnMapping()
    existing = existing or {}
    try:
        with open_table(source, mapping) as table:
            missing = [HEADER_OF[c] for c in REQUIRED if table.header.index_of(c) is None]
            if missing:
                return ImportPlan(source, school_code, file_problem=_missing_columns(missing))
            ctx = RowContext(table.header, ruleset, today, existing, area_of)
            rows: list[RowPlan] = []
            total = table.total_estimate
            for number, cells in table.rows:
                if len(rows) % PROGRESS_EVERY == 0:
                    if should_cancel is not None and should_cancel():
                        raise ImportCancelled
                    if progress is not None and rows:
                        progress(len(rows), max(total, len(rows)))
                if is_example(cells, table.header):
                    continue
                rows.append(build_row(number, cells, ctx))
            if progress is not None:
                progress(len(rows), len(rows))
            header = table.header
            columns = {header.headers[i]: col for i, col in header.by_index.items()}
            sheet, notes = table.sheet, table.notes_vi
    except FileUnreadable as exc:
        return ImportPlan(source, school_code, file_problem=exc.problem)
    if not rows:
        return ImportPlan(
            source,
            school_code,
            columns=columns,
            file_problem=FileProblem(
                "file.no_rows",
                f"Tệp {source.name} chỉ có dòng tiêu đề, chưa có thí sinh nào. Hãy nhập danh sách "
                "bên dưới dòng tiêu đề rồi chọn lại tệp.",
                f"{source.name} has a header row but no candidates.",
            ),
        )
    rows = _flag_duplicates(rows, header.index_of(Col.CCCD), header.headers)
    rows = _flag_other_school(rows, other_school_ids, header.index_of(Col.CCCD), header.headers)
    return ImportPlan(
        source,
        school_code,
        tuple(rows),
        columns,
        ColumnMapping.of(columns),
        None,
        tuple(notes),
        sheet,
    )


def _missing_columns(missing: list[str]) -> FileProblem:
    names = ", ".join(missing)
    return FileProblem(
        "file.missing_columns",
        f"Tệp thiếu cột bắt buộc: {names}. Hãy thêm cột (xem tệp mẫu) hoặc chọn cột tương ứng "
        "ở bước Ghép cột.",
        f"Required columns missing: {names}.",
    )


def _id_problem(
    row: RowPlan, index: int | None, headers: Mapping[int, str], *, code: str, vi: str, en: str
) -> RowPlan:
    letter = column_letter(index) if index is not None else None
    header = headers.get(index) if index is not None else None
    found = RowProblem(row.row, letter, header, code, vi, en)
    return replace(row, problems=(*row.problems, found), status="rejected")


def _flag_duplicates(
    rows: list[RowPlan], index: int | None, headers: Mapping[int, str]
) -> list[RowPlan]:
    """Every occurrence of an ID that appears twice is rejected: which one is right is a
    question for a person, not a guess for the importer."""
    seen: dict[str, list[int]] = {}
    for pos, row in enumerate(rows):
        if row.cccd is not None:
            seen.setdefault(row.cccd, []).append(pos)
    out = list(rows)
    for cccd, positions in seen.items():
        if len(positions) < 2:
            continue
        numbers = [rows[p].row for p in positions]
        for p in positions:
            others = ", ".join(str(n) for n in numbers if n != rows[p].row)
            out[p] = _id_problem(
                out[p],
                index,
                headers,
                code="cccd.duplicate_in_file",
                vi=f"Số định danh {mask_cccd(cccd)} xuất hiện nhiều lần trong tệp (cả dòng "
                f"{others}). Hãy giữ một dòng đúng và xoá các dòng còn lại.",
                en=f"ID {mask_cccd(cccd)} appears more than once (also row {others}).",
            )
    return out


def _flag_other_school(
    rows: list[RowPlan], other: Set[str], index: int | None, headers: Mapping[int, str]
) -> list[RowPlan]:
    if not other:
        return rows
    return [
        _id_problem(
            row,
            index,
            headers,
            code="cccd.other_school",
            vi=f"Số định danh {mask_cccd(row.cccd)} đã được một trường khác đăng ký. Hãy kiểm "
            "tra lại số; nếu thí sinh chuyển trường, hãy liên hệ Sở GD&ĐT để chuyển hồ sơ.",
            en=f"ID {mask_cccd(row.cccd)} is registered by another school.",
        )
        if row.cccd is not None and row.cccd in other
        else row
        for row in rows
    ]
