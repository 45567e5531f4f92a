"""The mock ministry as its own process, as it runs for real: start, measure, read, stop.

Shared by the benchmarks that talk to the mock over loopback (``bench_load``, ``bench_sync``):
in the benchmark's own process the mock would share one GIL with the client it serves.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path


def start_mock(folder: Path, *options: str) -> tuple[subprocess.Popen[str], str]:
    """``python -m ministry_mock`` on a free port with its SQLite file in ``folder`` and the
    demo accounts, plus ``options``; returns the process and its URL once it listens."""
    command = [
        sys.executable,
        "-m",
        "ministry_mock",
        "--port=0",
        f"--db=sqlite:///{folder / 'ministry.db'}",
        "--demo",
        *options,
    ]
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=Path.cwd()
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if found := re.search(r"API on (http://\S+)", line):
            return proc, found.group(1)
    proc.kill()
    raise RuntimeError("the mock process ended before printing its URL")


def stop_mock(proc: subprocess.Popen[str]) -> None:
    """SIGTERM (the workers stop with the parent), then kill after 10 s."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of another process and its live children, the mock's workers (Linux
    ``/proc``; 0 where unavailable)."""
    total = 0.0
    for one in (pid, *_children(pid)):
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


Person = tuple[str, str, date, str]  # CCCD, full name, date of birth, gender


def register_people(folder: Path, n: int) -> list[Person]:
    """The first ``n`` citizens of the mock's population register (read from its database
    file): CCCD, full name, date of birth, gender — what a registration form needs."""
    from ministry_mock.seed import sample_people
    from ministry_mock.store import open_store

    store = open_store(f"sqlite:///{folder / 'ministry.db'}")
    try:
        with store.sessions() as session:
            people = sample_people(session, n)
    finally:
        store.close()
    assert len(people) == n, "the mock holds fewer citizens than the benchmark needs"
    return people
