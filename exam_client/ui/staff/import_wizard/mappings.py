"""The column choices of a school's class list, remembered per school.

A school exports its lists from the same software every year, so the columns a person matched
once are used again for the school's next file (a small JSON file in the data folder). Runs on
the worker thread: it reads and writes disk.
"""

from __future__ import annotations

from pathlib import Path

from exam_client.services.spreadsheet import Col, ColumnMapping
from exam_client.services.spreadsheet.reading import open_table


def mapping_path(data_dir: Path, school_code: str) -> Path:
    safe = "".join(ch for ch in school_code if ch.isalnum()) or "truong"
    return data_dir / "import-mappings" / f"{safe}.json"


def load_mapping(data_dir: Path, school_code: str) -> ColumnMapping:
    path = mapping_path(data_dir, school_code)
    try:
        return ColumnMapping.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError):
        return ColumnMapping()  # none saved yet (or unreadable): recognise automatically


def save_mapping(data_dir: Path, school_code: str, mapping: ColumnMapping) -> None:
    path = mapping_path(data_dir, school_code)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(mapping.to_json(), encoding="utf-8")
    tmp.replace(path)


def read_columns(path: Path, mapping: ColumnMapping) -> dict[str, Col]:
    """Header → column of the file's header row (recognised ones); raises FileUnreadable."""
    with open_table(path, mapping) as table:
        return {table.header.headers[i]: c for i, c in table.header.by_index.items()}
