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
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import Result
from benchmarks.mock_process import cpu_seconds, register_people, start_mock, stop_mock

N = int(os.environ.get("BENCH_SYNC_N", "10000"))


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
        proc, url = start_mock(root / "ministry", f"--citizens={N + 200}", "--schools=20")
        store = open_and_migrate(root / "client" / "cache.db", os.urandom(32))
        client = MinistryClient(url, timeout=(3.0, 120.0))
        try:
            client.login(DEMO_STAFF_USERNAME, DEMO_STAFF_PASS)
            docs = [make_doc(*p) for p in register_people(root / "ministry", N)]
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
            mock0 = cpu_seconds(proc.pid)
            t0, cpu0 = time.perf_counter(), time.process_time()
            report = engine.run_once()
            sync_s, sync_cpu = time.perf_counter() - t0, time.process_time() - cpu0
            mock_cpu = cpu_seconds(proc.pid) - mock0
            assert report.outcomes == {"applied": N}, report
            assert report.halted is None, report
        finally:
            client.close()
            store.close()
            stop_mock(proc)
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
