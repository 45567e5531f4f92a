"""Freeze the current head schema as ``fixtures/schema-<revision>.db``.

Run from the repository root **before** adding a new migration::

    .venv/bin/python -m tests.storage.make_fixture
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.storage.helpers import FIXTURES_DIR, make_schema_fixture


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        built = Path(folder) / "fixture.db"
        revision = make_schema_fixture(built)
        target = FIXTURES_DIR / f"schema-{revision}.db"
        if target.exists():
            print(f"{target} already exists; stored fixtures are never rebuilt", file=sys.stderr)
            return 1
        target.write_bytes(built.read_bytes())
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
