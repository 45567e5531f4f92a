"""One data row → a :class:`Registration`, its contact fields, repairs and problems.

A list carries only part of the form (no photo, no certificate, no reserved scores), and a school
may leave out columns it does not keep. So a row is laid **over** the record the school already
has for that ID: what the file says wins, what the file does not carry is kept. That is also
what makes re-importing the same file change nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from pydantic import ValidationError

from exam_client.api.records import RegistrationDoc, registration_from_doc, registration_to_doc
from exam_client.domain.names import fold
from exam_client.domain.problems import Problem, Severity
from exam_client.domain.registration import Category, Purpose, Registration, SchoolAttendance
from exam_client.domain.registration import validate as validate_registration
from exam_client.domain.ruleset import RuleSet
from exam_client.domain.subjects import FOREIGN_LANGUAGE
from exam_client.services.spreadsheet import coded, repair
from exam_client.services.spreadsheet.columns import Col, HeaderRow, column_letter
from exam_client.services.spreadsheet.findings import (
    CONTACT_FIELDS,
    CellRepair,
    RowPlan,
    RowProblem,
    RowStatus,
)

T = TypeVar("T")
AreaLookup = Callable[[str, str], str | None]
"""(province code, school code) → the school's priority area, from the caller's school list."""
_SCHOOL_COLS = {
    10: (Col.SCHOOL_10, Col.AREA_10),
    11: (Col.SCHOOL_11, Col.AREA_11),
    12: (Col.SCHOOL_12, Col.AREA_12),
}
_CONTACT_COLS = dict(
    zip(CONTACT_FIELDS, (Col.CLASS_NAME, Col.PHONE, Col.EMAIL, Col.ADDRESS), strict=True)
)


@dataclass(frozen=True)
class RowContext:
    header: HeaderRow
    ruleset: RuleSet
    today: dt.date
    existing: Mapping[str, RegistrationDoc]
    area_of: AreaLookup | None = None


@dataclass
class _Cells:
    """The cells of one row by column, collecting repairs and problems as they are read."""

    number: int
    cells: Sequence[object]
    header: HeaderRow
    repairs: list[CellRepair] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    def has(self, col: Col) -> bool:
        return self.header.index_of(col) is not None

    def raw(self, col: Col) -> object:
        index = self.header.index_of(col)
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]

    def where(self, col: Col | None) -> tuple[str | None, str | None]:
        index = None if col is None else self.header.index_of(col)
        if index is None:
            return None, None
        return column_letter(index), self.header.headers[index]

    def problem(
        self, col: Col | None, code: str, vi: str, en: str, *, warning: bool = False
    ) -> None:
        letter, header = self.where(col)
        severity: Severity = "warning" if warning else "error"
        self.problems.append(RowProblem(self.number, letter, header, code, vi, en, severity))

    def read(self, col: Col, reader: Callable[[object], repair.Read[T]]) -> T | None:
        raw = self.raw(col)
        got = reader(raw)
        letter, header = self.where(col)
        if got.code is not None:
            self.problem(col, got.code, got.message_vi, got.message_en)
        elif got.reason_vi is not None and letter is not None and header is not None:
            self.repairs.append(
                CellRepair(
                    self.number, letter, header, repair.shown(raw), got.after or "", got.reason_vi
                )
            )
        return got.value

    def optional(self, col: Col, reader: Callable[[object], repair.Read[T]]) -> T | None:
        return None if repair.blank(self.raw(col)) else self.read(col, reader)


def is_example(cells: Sequence[object], header: HeaderRow) -> bool:
    """The template's sample row says "Ví dụ" in the STT column and is never imported."""
    index = header.index_of(Col.SEQ)
    return index is not None and index < len(cells) and fold(str(cells[index] or "")) == "vi du"


def build_row(number: int, cells: Sequence[object], ctx: RowContext) -> RowPlan:
    row = _Cells(number, cells, ctx.header)
    cccd = row.read(Col.CCCD, repair.cccd)
    name = row.read(Col.FULL_NAME, repair.name)
    born = row.read(Col.DATE_OF_BIRTH, repair.birth_date)
    gender = row.read(Col.GENDER, repair.gender)
    base_doc = ctx.existing.get(cccd) if cccd else None
    base = registration_from_doc(base_doc) if base_doc else None
    category = (
        row.read(Col.CATEGORY, coded.category)
        if row.has(Col.CATEGORY)
        else (base.category if base else Category.A)
    )
    contact = _contact(row, base_doc)
    if cccd is None or name is None or born is None or gender is None or category is None:
        placeholder = Registration("", "", dt.date.min, "male", category or Category.A)
        _complete(row, ctx, base, placeholder)  # read on: report every bad cell at once
        return _plan(row, None, contact, "rejected")
    who = Registration(cccd, name, born, gender, category)
    registration = _complete(row, ctx, base, who)
    for found in validate_registration(registration, ctx.ruleset, ctx.today):
        _rule_problem(row, found)
    try:
        doc = registration_to_doc(registration, **contact)
    except ValidationError as exc:
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        row.problem(
            None,
            "row.too_long",
            f"Dòng có ô quá dài hoặc quá nhiều mục so với phiếu đăng ký ({detail}). Hãy rút gọn.",
            f"Row does not fit the form: {detail}",
        )
        return _plan(row, None, contact, "rejected")
    status: RowStatus = (
        "new" if base_doc is None else ("unchanged" if doc == base_doc else "changed")
    )
    return _plan(row, registration, contact, status)


def _plan(
    row: _Cells, reg: Registration | None, contact: Mapping[str, str | None], status: RowStatus
) -> RowPlan:
    return RowPlan(row.number, reg, contact, tuple(row.repairs), tuple(row.problems), status)


def _contact(row: _Cells, base: RegistrationDoc | None) -> dict[str, str | None]:
    readers = {
        "class_name": repair.text,
        "phone": coded.phone,
        "email": coded.email,
        "address": repair.text,
    }
    out: dict[str, str | None] = {}
    for key, col in _CONTACT_COLS.items():
        if row.has(col):
            out[key] = row.read(col, readers[key])
        else:
            out[key] = getattr(base, key) if base else None
    for key in ("phone", "email"):  # a malformed phone/e-mail is kept out, not a blocker
        for p in row.problems:
            if p.code.startswith(key + ".") and p.severity == "error":
                row.problems[row.problems.index(p)] = replace(p, severity="warning")
    return out


def _complete(
    row: _Cells, ctx: RowContext, base: Registration | None, who: Registration
) -> Registration:
    """``who`` (ID, name, birth, gender, category) completed from the row, then from ``base``."""
    rs = ctx.ruleset
    if row.has(Col.PURPOSE) and not repair.blank(row.raw(Col.PURPOSE)):
        purpose = row.read(Col.PURPOSE, coded.purpose) or Purpose.BOTH
    elif base is not None and not row.has(Col.PURPOSE):
        purpose = base.purpose
    elif who.category in rs.admission_only_categories:
        purpose = Purpose.ADMISSION
    else:
        purpose = Purpose.BOTH
    subjects, language = _subjects(row, rs, base)
    priority_objects = base.priority_objects if base else ()
    if row.has(Col.PRIORITY_OBJECTS):
        priority_objects = row.optional(Col.PRIORITY_OBJECTS, coded.priority_objects) or ()
    graduation_year = base.graduation_year if base else None
    if row.has(Col.GRADUATION_YEAR):
        graduation_year = row.optional(Col.GRADUATION_YEAR, coded.year)
    kept = base if base is not None else who
    return replace(
        who,
        programme=kept.programme,
        purpose=purpose,
        subjects=subjects,
        foreign_language=language,
        fl_exemption=kept.fl_exemption,
        reserved_scores=kept.reserved_scores,
        schools=_schools(row, ctx, base),
        priority_objects=priority_objects,
        graduation_priority=kept.graduation_priority,
        graduation_year=graduation_year,
        photo=kept.photo,
    )


def _subjects(
    row: _Cells, rs: RuleSet, base: Registration | None
) -> tuple[tuple[str, ...], str | None]:
    implied: list[str] = []
    if row.has(Col.SUBJECTS) and not repair.blank(row.raw(Col.SUBJECTS)):
        subjects = row.read(Col.SUBJECTS, coded.subject_list) or ()
    elif row.has(Col.ELECTIVE_1) or row.has(Col.ELECTIVE_2):
        picked = list(rs.compulsory_subjects)
        for col in (Col.ELECTIVE_1, Col.ELECTIVE_2):
            got = row.optional(col, coded.subject)
            if got is not None:
                picked.append(got[0])
                if got[1] is not None:
                    implied.append(got[1])
        subjects = tuple(picked)
    else:
        subjects = base.subjects if base else ()
    if row.has(Col.FOREIGN_LANGUAGE):
        language = row.optional(Col.FOREIGN_LANGUAGE, coded.language)
    else:
        language = base.foreign_language if base else None
    if implied and language is None and repair.blank(row.raw(Col.FOREIGN_LANGUAGE)):
        language = implied[0]
    elif implied and language is not None and implied[0] != language:
        row.problem(
            Col.FOREIGN_LANGUAGE,
            "foreign_language.conflict",
            f"Cột môn tự chọn ghi thứ tiếng {implied[0]} nhưng cột Ngoại ngữ ghi "
            f"{language}. Hãy sửa cho thống nhất.",
            f"The elective says {implied[0]}, the language column {language}.",
        )
    if (
        FOREIGN_LANGUAGE not in subjects
        and language is not None
        and not row.has(Col.FOREIGN_LANGUAGE)
    ):
        language = None  # an old language must not linger after the file dropped the subject
    return subjects, language


def _schools(
    row: _Cells, ctx: RowContext, base: Registration | None
) -> dict[int, SchoolAttendance]:
    schools: dict[int, SchoolAttendance] = {}
    for grade, (code_col, area_col) in _SCHOOL_COLS.items():
        before = base.schools.get(grade) if base else None
        if not row.has(code_col):
            if before is not None:
                schools[grade] = before
            continue
        code = row.optional(code_col, coded.school)
        if code is None:
            continue
        province, school = code
        same = before if before and (before.province_code, before.school_code) == code else None
        area = row.optional(area_col, coded.area) if row.has(area_col) else None
        if area is None and ctx.area_of is not None:
            area = ctx.area_of(province, school)
        if area is None and same is not None:
            area = same.area
        schools[grade] = SchoolAttendance(
            province, school, area or "", same.school_name if same else ""
        )
    return schools


def _column_of(row: _Cells, path: str) -> Col | None:
    head, _, tail = path.partition(".")
    if head == "schools":
        grade = int(tail.split(".")[0]) if tail[:2].isdigit() else 0
        code_col, area_col = _SCHOOL_COLS.get(grade, (None, None))
        if tail.endswith(".area") and area_col is not None and row.has(area_col):
            return area_col
        return code_col
    if head == "subjects":
        return Col.SUBJECTS if not repair.blank(row.raw(Col.SUBJECTS)) else Col.ELECTIVE_1
    if head == "purpose":
        return Col.PURPOSE if row.has(Col.PURPOSE) else Col.CATEGORY
    direct = {
        "full_name": Col.FULL_NAME,
        "date_of_birth": Col.DATE_OF_BIRTH,
        "cccd": Col.CCCD,
        "gender": Col.GENDER,
        "category": Col.CATEGORY,
        "priority_objects": Col.PRIORITY_OBJECTS,
        "graduation_year": Col.GRADUATION_YEAR,
        "foreign_language": Col.FOREIGN_LANGUAGE,
    }
    return direct.get(head)


def _rule_problem(row: _Cells, found: Problem) -> None:
    """A rules-engine problem placed on the column that holds its field.

    A list cannot carry the photo, so photo problems are warnings here: the photo is added on
    the candidate's form, and :func:`validate` still blocks submission without it.
    """
    warning = not found.is_error or found.field.startswith("photo")
    row.problem(
        _column_of(row, found.field),
        found.code,
        found.message_vi,
        found.message_en,
        warning=warning,
    )
