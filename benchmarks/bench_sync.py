"""Issue figures for sync: 10 000 queued registrations pushed to the mock over loopback.

The mock runs as its own process (``python -m ministry_mock``, as the ministry is another
machine in reality; in this process it would share the GIL with the client and each would slow
the other). The client store is real (SQLCipher cache); the forms are queued with
``RegistrationService.submit_many`` (one local transaction, not part of the figure) and then one
``SyncEngine.run_once`` pushes them in batches of 500 (``MAX_PUSH_BATCH``) and pulls the delta.

Reported: the wall-clock time of the sync, the throughput, the time spent in
``POST /sync/push`` round trips (server work included; with a pipelined push the client applies
one batch's answers while the next is on the wire, so the two shares overlap and add up to more
than the sync), and the CPU time of the client process and of the mock process separately.

``BENCH_SYNC_N`` (default 10 000) sets the number of registrations: a smaller one is handy while
iterating, since queuing 10 000 forms alone takes about half a minute.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import Result

N = int(os.environ.get("BENCH_SYNC_N", "10000"))


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of another process (Linux ``/proc``; 0 where unavailable)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _start_mock(folder: Path, citizens: int) -> tuple[subprocess.Popen[str], str]:
    """``python -m ministry_mock`` on a free port, with the demo accounts; returns its URL."""
    command = [
        sys.executable,
        "-m",
        "ministry_mock",
        "--port=0",
        f"--db=sqlite:///{folder / 'ministry.db'}",
        f"--citizens={citizens}",
        "--schools=20",
        "--demo",
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


def _people(folder: Path, n: int) -> list[tuple[object, ...]]:
    """Citizens of the mock's population register (read from its database file)."""
    from sqlalchemy import select

    from ministry_mock.store import open_store
    from ministry_mock.store.models import Citizen

    store = open_store(f"sqlite:///{folder / 'ministry.db'}")
    try:
        with store.sessions() as session:
            people = session.execute(
                select(Citizen.cccd, Citizen.full_name, Citizen.date_of_birth, Citizen.gender)
                .order_by(Citizen.seq)
                .limit(n)
            ).all()
    finally:
        store.close()
    assert len(people) == n, "the mock holds fewer citizens than the benchmark needs"
    return [tuple(p) for p in people]


def run() -> list[Result]:
    from exam_client.api.client import MinistryClient
    from exam_client.services.registrations import RegistrationService
    from exam_client.services.sync import SyncEngine
    from exam_client.storage.migrate import open_and_migrate
    from ministry_mock.seed import DEMO_STAFF_PASS, DEMO_STAFF_USERNAME
    from tests.services.test_registrations_service import YEAR, make_doc

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "ministry").mkdir()
        proc, url = _start_mock(root / "ministry", N + 200)
        store = open_and_migrate(root / "client" / "cache.db", os.urandom(32))
        client = MinistryClient(url, timeout=(3.0, 120.0))
        try:
            client.login(DEMO_STAFF_USERNAME, DEMO_STAFF_PASS)
            docs = [make_doc(*p) for p in _people(root / "ministry", N)]  # type: ignore[arg-type]
            service = RegistrationService(store)
            t0 = time.perf_counter()
            service.submit_many([(None, d) for d in docs], exam_year=YEAR)
            queue_s = time.perf_counter() - t0
            del docs  # a running client does not hold every form in memory (the GC scans them)

            network = {"push": 0.0, "changes": 0.0}
            lock = threading.Lock()

            def timed(name: str, call: Callable[..., object]) -> Callable[..., object]:
                def timed_call(*args: object) -> object:
                    start = time.perf_counter()
                    try:
                        return call(*args)
                    finally:
                        with lock:  # a pipelined push calls from its sender thread
                            network[name] += time.perf_counter() - start

                return timed_call

            client.push_raw = timed("push", client.push_raw)  # type: ignore[method-assign,assignment]
            client.changes = timed("changes", client.changes)  # type: ignore[method-assign,assignment]
            engine = SyncEngine(store, client)
            mock0 = _cpu_seconds(proc.pid)
            t0, cpu0 = time.perf_counter(), time.process_time()
            report = engine.run_once()
            sync_s, sync_cpu = time.perf_counter() - t0, time.process_time() - cpu0
            mock_cpu = _cpu_seconds(proc.pid) - mock0
            assert report.outcomes == {"applied": N}, report
            assert report.halted is None, report
        finally:
            client.close()
            store.close()
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
    label = f"{N:,}".replace(",", " ")
    return [
        Result(f"sync: {label} queued registrations, loopback", sync_s, "s", target=15.0),
        Result("sync: throughput", N / sync_s, "ops/s", higher_is_better=True),
        Result("sync: POST /sync/push round trips", network["push"], "s"),
        Result("sync: GET /sync/changes round trips", network["changes"], "s"),
        Result("sync: CPU time, client process", sync_cpu, "s"),
        Result("sync: CPU time, mock process", mock_cpu, "s"),
        Result(f"queue {label} forms (validate + one transaction)", queue_s, "s"),
    ]
