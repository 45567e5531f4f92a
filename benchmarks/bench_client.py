"""Issue 2 figures: cold start to the main window; citizen look-up, cache hit and loopback miss.

* Cold start: ``exam-client --demo --api-url URL --startup-probe`` as a fresh process (offscreen),
  against a mock already running. The app prints when its first window (sign-in) is shown, when
  it can sign in (the online stage), when the main window is shown after it signed in with the
  demo account through the sign-in window at once (the goal's figure: "cold start to the main
  window shown", ≤ 1.0 s), when the services are ready behind it (the local store open) and when
  the main window is complete (its local data attached, the candidate list loaded). The main
  window's construction alone (imports already warm) is also timed in-process.
  ``python -m benchmarks.bench_client --ab DIR`` compares a copy of the tree in ``DIR`` against
  this one, interleaved (the machine's speed drifts between runs).
* Look-up: ``CitizenLookupService.lookup`` on a real SQLCipher cache and the real mock over
  loopback (miss = the register is asked and the answer cached).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from statistics import median

from benchmarks import Result, p95, timed_ms

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


PROBE_LINES = ("first-window-shown", "services-ready", "main-window-shown")
# printed by the two-stage start only (an older tree compared A/B does not print them)
LATER_LINES = ("sign-in-ready", "main-window-complete")


@dataclass(frozen=True)
class ColdStart:
    """One start, in ms. ``*_app``: as printed by the app (counted from when ``app.py`` was
    imported); ``*_launch``: when the line reached us, counted from the process launch
    (interpreter start included: what a person waits)."""

    first_window_app: float
    services_ready_app: float
    main_window_app: float
    main_window_launch: float
    whole_process: float
    sign_in_ready_app: float | None = None
    main_window_complete_app: float | None = None


def probe_once(
    base_url: str,
    exe: Sequence[str] = (sys.executable, "-X", "faulthandler", "-m", "exam_client"),
    cwd: str | None = None,
) -> ColdStart:
    """Launch ``exam-client --demo --api-url URL --startup-probe`` once: the app signs in with the
    demo account through its sign-in window and shows the main window (see ``app.py``)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory() as data:
        command = [*exe, "--demo", "--api-url", base_url, "--data-dir", data, "--startup-probe"]
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd
        )
        assert proc.stdout is not None
        printed: dict[str, float] = {}
        arrived: dict[str, float] = {}
        for line in proc.stdout:  # the app flushes each line as it happens
            word, _, value = line.partition(" ")
            if word in PROBE_LINES + LATER_LINES:
                printed[word] = float(value) * 1000
                arrived[word] = (time.perf_counter() - t0) * 1000
        _out, err = proc.communicate(timeout=60)
        whole = (time.perf_counter() - t0) * 1000
    if proc.returncode != 0 or not set(PROBE_LINES) <= set(printed):
        raise RuntimeError(
            f"probe failed in {cwd or os.getcwd()} (exit {proc.returncode}): {printed}\n"
            f"{err[-3000:]}"
        )
    return ColdStart(
        printed["first-window-shown"],
        printed["services-ready"],
        printed["main-window-shown"],
        arrived["main-window-shown"],
        whole,
        printed.get("sign-in-ready"),
        printed.get("main-window-complete"),
    )


def compile_tree(root: Path) -> None:
    """Write the bytecode of ``root``'s packages, as a source run's first start would.

    Python skips writing ``__pycache__`` when ``PYTHONDONTWRITEBYTECODE`` is set (it is on some
    build boxes): every start would then compile every edited module again, a cost no person
    pays after the first start, and one that differs between trees compared A/B.
    """
    import compileall

    for package in ("exam_client", "ministry_mock"):
        if (root / package).is_dir():
            compileall.compile_dir(root / package, quiet=1)


def _cold_start(base_url: str, runs: int = 5) -> list[ColdStart]:
    compile_tree(Path(__file__).resolve().parent.parent)
    return [probe_once(base_url) for _ in range(runs)]


def run() -> list[Result]:
    from PySide6.QtWidgets import QApplication

    from exam_client.services.bootstrap import build_services
    from exam_client.services.settings import Settings
    from exam_client.ui.main_window import MainWindow
    from exam_client.ui.tasks import TaskRunner
    from tests.ministry import start_mock

    tmp = Path(tempfile.mkdtemp(prefix="bench-client-"))
    mock = start_mock(tmp, citizens=3000)
    try:
        starts = _cold_start(mock.base_url)
        services = build_services(
            Settings(data_dir=tmp / "client", api_url=mock.base_url, demo=True)
        )  # no OS keyring on a build box: the in-memory key of demo mode
        session = services.auth.sign_in(mock.username, mock.password)
        app = QApplication.instance() or QApplication([])
        runner = TaskRunner()

        def build_main() -> None:
            w = MainWindow(services, runner, session)
            w.show()
            app.processEvents()
            w.close()
            w.deleteLater()

        main_window = timed_ms(build_main, 5)
        ids = mock.citizen_ids(400)
        lookup = services.citizens.lookup
        misses = [timed_ms(partial(lookup, i), 1)[0] for i in ids[:300]]
        hits = [timed_ms(partial(lookup, i), 1)[0] for i in ids[:300] * 3]
        services.close()
    finally:
        mock.stop()
    main = sorted(main_window)[2]
    return [
        Result(
            "cold start: first window shown (median of 5)",
            median(s.first_window_app for s in starts),
            "ms",
            1000,
        ),
        Result(
            "cold start: sign-in ready (online stage built, median)",
            median(s.sign_in_ready_app or 0.0 for s in starts),
            "ms",
        ),
        Result(
            "cold start: services ready behind it (local store open, median)",
            median(s.services_ready_app for s in starts),
            "ms",
        ),
        Result(
            "cold start: whole process incl. interpreter and exit (median)",
            median(s.whole_process for s in starts),
            "ms",
        ),
        Result("main window build + show after sign-in, warm (median)", main, "ms"),
        Result(
            "cold start to main window (probe: demo sign-in through the sign-in window, median)",
            median(s.main_window_app for s in starts),
            "ms",
            1000,
        ),
        Result(
            "cold start to main window from process launch (median)",
            median(s.main_window_launch for s in starts),
            "ms",
        ),
        Result(
            "cold start to main window complete: local data, candidates loaded (median)",
            median(s.main_window_complete_app or 0.0 for s in starts),
            "ms",
        ),
        Result("look-up cache hit p95", p95(hits), "ms", 5),
        Result("look-up loopback miss p95", p95(misses), "ms", 50),
    ]


def compare(before_dir: str, runs: int) -> None:
    """A/B: the tree copied to ``before_dir`` (its ``exam_client`` package) against this one,
    started alternately against one mock so drifting machine speed hits both alike."""
    from tests.ministry import start_mock

    mock = start_mock(Path(tempfile.mkdtemp(prefix="bench-ab-")), citizens=3000)
    here = str(Path(__file__).resolve().parent.parent)
    compile_tree(Path(before_dir))
    compile_tree(Path(here))
    got: dict[str, list[ColdStart]] = {"before": [], "after": []}
    try:
        for _ in range(runs):
            got["before"].append(probe_once(mock.base_url, cwd=before_dir))
            got["after"].append(probe_once(mock.base_url, cwd=here))
    finally:
        mock.stop()
    print(
        "| variant | first window | services ready | main window shown | from launch "
        "| main window complete |"
    )
    print("|---|---|---|---|---|---|")
    for name, starts in got.items():
        complete = [s.main_window_complete_app for s in starts if s.main_window_complete_app]
        print(
            f"| {name} | {median(s.first_window_app for s in starts):.0f} ms "
            f"| {median(s.services_ready_app for s in starts):.0f} ms "
            f"| {median(s.main_window_app for s in starts):.0f} ms "
            f"| {median(s.main_window_launch for s in starts):.0f} ms "
            f"| {f'{median(complete):.0f} ms' if complete else '—'} |"
        )
    pairs = zip(got["before"], got["after"], strict=True)
    paired = [after.main_window_app - before.main_window_app for before, after in pairs]
    print(f"main window shown, after − before, median of {runs} pairs: {median(paired):+.0f} ms")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="cold start A/B against a copy of the tree")
    parser.add_argument("--ab", required=True, help="directory holding the 'before' exam_client")
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    compare(options.ab, options.runs)
