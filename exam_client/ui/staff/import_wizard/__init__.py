"""Import a class list (.xlsx/.csv): choose the file, check the columns, dry run, then commit.

Nothing is written before the person has seen every row's problems and repairs (the dry run's
report); then the valid rows are saved and the rest kept as drafts with their problems. The ID
is the key, so importing the same file again changes nothing. The column choices are saved per
school (a small JSON file in the data folder) and used again for that school's next file.

Reading, planning and saving run on worker tasks with progress; Cancel stops a dry run at once
and nothing is kept.

The package, one module per part: :mod:`.wizard` (the four-step ``QWizard``), the pages
(:mod:`.file_page`, :mod:`.columns_page`, :mod:`.report_page`, :mod:`.commit_page`), the
per-school column choices (:mod:`.mappings`) and the worker-thread jobs (:mod:`.jobs`).
"""

from __future__ import annotations

from exam_client.ui.staff.import_wizard.columns_page import COLUMN_CHOICES, ColumnsPage
from exam_client.ui.staff.import_wizard.commit_page import CommitPage
from exam_client.ui.staff.import_wizard.file_page import (
    MAX_FILE_BYTES,
    SUFFIXES,
    FilePage,
    check_file,
)
from exam_client.ui.staff.import_wizard.jobs import (
    EXAM_YEAR,
    RegistrationsCommitter,
    existing_records,
    run_commit,
    run_plan,
)
from exam_client.ui.staff.import_wizard.mappings import (
    load_mapping,
    mapping_path,
    read_columns,
    save_mapping,
)
from exam_client.ui.staff.import_wizard.report_page import ReportModel, ReportPage
from exam_client.ui.staff.import_wizard.wizard import ImportWizard

__all__ = [
    "COLUMN_CHOICES",
    "EXAM_YEAR",
    "MAX_FILE_BYTES",
    "SUFFIXES",
    "ColumnsPage",
    "CommitPage",
    "FilePage",
    "ImportWizard",
    "RegistrationsCommitter",
    "ReportModel",
    "ReportPage",
    "check_file",
    "existing_records",
    "load_mapping",
    "mapping_path",
    "read_columns",
    "run_commit",
    "run_plan",
    "save_mapping",
]
