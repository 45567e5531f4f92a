"""Fail when code that must be fully covered is not (branch coverage).

Held at 100 % branch coverage:

* the rules engine (``exam_client/domain``): both the client and the mock ministry decide with
  it, so every branch is a regulation someone relies on;
* the outbox (``exam_client/storage/outbox.py``): every branch is part of "never lost, never
  doubled" (``tests/storage/test_outbox.py``).

An entry ending in ``/`` is a package (every file under it); any other entry is one file, and a
listed file missing from the report fails too (a rename must not silently drop the rule).
"""

from __future__ import annotations

import json
import sys

MUST_BE_FULL = (
    "exam_client/domain/",
    "exam_client/storage/outbox.py",
)


def main(path: str) -> int:
    with open(path, encoding="utf-8") as fh:
        files = json.load(fh)["files"]
    short = []
    for name, data in sorted(files.items()):
        if not name.startswith(MUST_BE_FULL):
            continue
        summary = data["summary"]
        if summary["missing_lines"] or summary.get("missing_branches", 0):
            short.append(
                f"  {name}: {summary['percent_covered_display']}% "
                f"(lines missing {data['missing_lines']}, "
                f"branches missing {data.get('missing_branches', [])})"
            )
    for entry in MUST_BE_FULL:
        if not entry.endswith("/") and entry not in files:
            short.append(f"  {entry}: not in the coverage report (renamed? update MUST_BE_FULL)")
    if short:
        print("Coverage below 100 % where it must be full:\n" + "\n".join(short))
        return 1
    print("coverage: every file under", ", ".join(MUST_BE_FULL), "is fully covered")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
