"""``python -m exam_client.services.spreadsheet [path]``: regenerate the shipped template."""

from __future__ import annotations

import sys
from pathlib import Path

from exam_client.services.spreadsheet.template import shipped_template, write_template

if __name__ == "__main__":  # pragma: no cover - developer tool
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else shipped_template()
    print(write_template(target))
