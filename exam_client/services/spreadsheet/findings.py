"""What a dry run found, as data the import wizard lists and the commit step acts on.

Every repair and every problem names the sheet row, the column letter and the header as the
person sees them in Excel, so "dòng 14, cột E (Số CCCD)" can be found and fixed in the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from exam_client.api.records import RegistrationDoc, registration_to_doc
from exam_client.domain.problems import Severity
from exam_client.domain.registration import Registration
from exam_client.services.spreadsheet.columns import Col, ColumnMapping
from exam_client.services.spreadsheet.reading import FileProblem

RowStatus = Literal["new", "changed", "unchanged", "rejected"]
"""Relative to the school's existing records, keyed by ID; ``rejected`` rows are never saved."""
CONTACT_FIELDS = ("class_name", "phone", "email", "address")


@dataclass(frozen=True, slots=True)
class CellRepair:
    """A cell accepted after an unambiguous repair; shown so the person can check it."""

    row: int
    column: str
    header: str
    before: str
    after: str
    reason_vi: str


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Something to fix in a row; ``column`` is ``None`` when no column of the file holds it."""

    row: int
    column: str | None
    header: str | None
    code: str
    message_vi: str
    message_en: str
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def where_vi(self) -> str:
        if self.column is None:
            return f"Dòng {self.row}"
        return f"Dòng {self.row}, cột {self.column} ({self.header})"


@dataclass(frozen=True, slots=True)
class RowPlan:
    """One data row of the file and what importing it would do."""

    row: int
    registration: Registration | None
    contact: Mapping[str, str | None]
    repairs: tuple[CellRepair, ...]
    problems: tuple[RowProblem, ...]
    status: RowStatus

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)

    @property
    def valid(self) -> bool:
        """Saved as a complete record (not a draft): built, not rejected, no error left."""
        return self.status != "rejected" and not self.has_errors

    @property
    def cccd(self) -> str | None:
        return self.registration.cccd if self.registration else None

    def doc(self) -> RegistrationDoc | None:
        if self.registration is None:
            return None
        return registration_to_doc(self.registration, **self.contact)


@dataclass(frozen=True, slots=True)
class ImportSummary:
    total: int
    valid: int
    with_problems: int
    new: int
    changed: int
    unchanged: int
    rejected: int


@dataclass(frozen=True)
class ImportPlan:
    """The dry run of one file; nothing has been written when it exists.

    ``file_problem`` set means the file as a whole is unusable and ``rows`` is empty.
    ``mapping`` is the column choice actually used (auto-detected plus explicit), for the UI to
    show in its column step and save per school.
    """

    source: Path
    school_code: str
    rows: tuple[RowPlan, ...] = ()
    columns: Mapping[str, Col] = field(default_factory=dict)
    mapping: ColumnMapping = field(default_factory=ColumnMapping)
    file_problem: FileProblem | None = None
    notes_vi: tuple[str, ...] = ()
    sheet: str = ""

    @property
    def summary(self) -> ImportSummary:
        rows = self.rows
        return ImportSummary(
            total=len(rows),
            valid=sum(r.valid for r in rows),
            with_problems=sum(r.has_errors for r in rows),
            new=sum(r.status == "new" for r in rows),
            changed=sum(r.status == "changed" for r in rows),
            unchanged=sum(r.status == "unchanged" for r in rows),
            rejected=sum(r.status == "rejected" for r in rows),
        )

    @property
    def repairs(self) -> list[CellRepair]:
        return [fix for r in self.rows for fix in r.repairs]

    @property
    def problems(self) -> list[RowProblem]:
        return [p for r in self.rows for p in r.problems]
