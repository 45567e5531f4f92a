"""Import and export of candidate lists (.xlsx / .csv) for school staff.

The import is two steps so nothing is written before a person has seen the result:

1. :func:`plan_import` (dry run) reads, repairs and checks every row → :class:`ImportPlan`;
2. :func:`commit_import` saves the new and changed rows through the caller's ``save`` inside the
   caller's transaction (all or nothing) → :class:`ImportResult`.

:func:`export_registrations` writes the same columns back, :func:`write_template` the empty
template. The column order is documented in docs/import-format.md. No Qt here: the UI wizard
runs these in a worker task.
"""

from exam_client.services.spreadsheet.columns import COLUMNS, Col, ColumnMapping
from exam_client.services.spreadsheet.commit import (
    ImportFailed,
    ImportResult,
    SaveRow,
    commit_import,
)
from exam_client.services.spreadsheet.export import ExportRow, export_registrations
from exam_client.services.spreadsheet.findings import (
    CellRepair,
    ImportPlan,
    ImportSummary,
    RowPlan,
    RowProblem,
    RowStatus,
)
from exam_client.services.spreadsheet.plan import ImportCancelled, plan_import
from exam_client.services.spreadsheet.reading import FileProblem
from exam_client.services.spreadsheet.template import write_template

__all__ = [
    "COLUMNS",
    "CellRepair",
    "Col",
    "ColumnMapping",
    "ExportRow",
    "FileProblem",
    "ImportCancelled",
    "ImportFailed",
    "ImportPlan",
    "ImportResult",
    "ImportSummary",
    "RowPlan",
    "RowProblem",
    "RowStatus",
    "SaveRow",
    "commit_import",
    "export_registrations",
    "plan_import",
    "write_template",
]
