"""Issue 2 figures: cold start to the first window; citizen look-up, cache hit and loopback miss.

* Cold start: ``exam-client --demo --api-url URL --startup-probe`` as a fresh process (offscreen),
  against a mock already running, timed from launch to the line the app prints once its first
  window (sign-in) is shown; the main window's construction after sign-in is timed in-process.
* Look-up: ``CitizenLookupService.lookup`` on a real SQLCipher cache and the real mock over
  loopback (miss = the register is asked and the answer cached).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import Result, p95, timed_ms

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _cold_start(base_url: str, runs: int = 5) -> list[tuple[float, float, float]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    samples = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as data:
            t0 = time.perf_counter()
            proc = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "exam_client",
                    "--demo",
                    "--api-url",
                    base_url,
                    "--data-dir",
                    data,
                    "--startup-probe",
                ],
                capture_output=True,
                text=True,
                env=env,
                timeout=60,
                check=True,
            )
            if "first-window-shown" not in proc.stdout:
                raise RuntimeError(proc.stdout + proc.stderr)
            # printed by the app once the window is shown / the services are built
            shown = float(proc.stdout.split("first-window-shown")[1].split()[0])
            ready = float(proc.stdout.split("services-ready")[1].split()[0])
            samples.append((shown * 1000, ready * 1000, (time.perf_counter() - t0) * 1000))
    return samples


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
        misses = [timed_ms(lambda i=i: services.citizens.lookup(i), 1)[0] for i in ids[:300]]
        hits = [timed_ms(lambda i=i: services.citizens.lookup(i), 1)[0] for i in ids[:300] * 3]
        services.close()
    finally:
        mock.stop()
    shown = sorted(x[0] for x in starts)[2]
    ready = sorted(x[1] for x in starts)[2]
    whole = sorted(x[2] for x in starts)[2]
    main = sorted(main_window)[2]
    return [
        Result("cold start: first window shown (median of 5)", shown, "ms", 1000),
        Result("cold start: services ready behind it (median)", ready, "ms"),
        Result("cold start: whole process incl. interpreter and exit (median)", whole, "ms"),
        Result("main window build + show after sign-in (median)", main, "ms"),
        Result(
            "cold start to main window (services ready + main window)", ready + main, "ms", 1000
        ),
        Result("look-up cache hit p95", p95(hits), "ms", 5),
        Result("look-up loopback miss p95", p95(misses), "ms", 50),
    ]
