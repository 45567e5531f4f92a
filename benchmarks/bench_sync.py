"""Issue figures for sync: 10 000 queued registrations pushed to the mock over loopback.

The store and the mock are real (SQLCipher client cache, the mock's SQLite file, in this
process); the forms are queued with ``RegistrationService.submit_many`` (one local transaction)
and then one ``SyncEngine.run_once`` pushes them in batches of 500 (``MAX_PUSH_BATCH``: two
local commits per batch) and pulls the delta. Reported: the wall-clock time of the sync, the
throughput, the time spent in ``POST /sync/push`` round trips (server work included) and the
rest (client store + apply + pull), and the CPU time of the whole process: client and mock
share it, so on a busy machine the CPU time is the fairer figure.

The mock answers a batch in one transaction only once ``ministry_mock/routes/sync.py`` calls
``push_batch`` (see ``ministry_mock.sync``); with one ``push_operation`` per operation every
operation costs its own transaction.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from benchmarks import Result

N = 10_000


def run() -> list[Result]:
    from exam_client.api.client import MinistryClient
    from exam_client.services.registrations import RegistrationService
    from exam_client.services.sync import SyncEngine
    from exam_client.storage.migrate import open_and_migrate
    from tests.ministry import start_mock
    from tests.services.test_registrations_service import YEAR, mock_docs

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "ministry").mkdir()
        ministry = start_mock(root / "ministry", citizens=N + 200)
        store = open_and_migrate(root / "client" / "cache.db", os.urandom(32))
        client = MinistryClient(ministry.base_url, timeout=(3.0, 120.0))
        try:
            client.login(ministry.username, ministry.password)
            docs = mock_docs(ministry, N)
            service = RegistrationService(store)
            t0 = time.perf_counter()
            service.submit_many([(None, d) for d in docs], exam_year=YEAR)
            queue_s = time.perf_counter() - t0

            network = [0.0]
            push_raw = client.push_raw

            def timed_push(bodies: list[str]) -> object:
                start = time.perf_counter()
                try:
                    return push_raw(bodies)
                finally:
                    network[0] += time.perf_counter() - start

            client.push_raw = timed_push  # type: ignore[method-assign,assignment]
            engine = SyncEngine(store, client)
            t0, cpu0 = time.perf_counter(), time.process_time()
            report = engine.run_once()
            sync_s, sync_cpu = time.perf_counter() - t0, time.process_time() - cpu0
            assert report.outcomes == {"applied": N}, report
        finally:
            client.close()
            store.close()
            ministry.stop()
    return [
        Result("sync: 10 000 queued registrations, loopback", sync_s, "s", target=15.0),
        Result("sync: throughput", N / sync_s, "ops/s", higher_is_better=True),
        Result("sync: of which POST /sync/push round trips", network[0], "s"),
        Result("sync: client-side share (store + apply)", sync_s - network[0], "s"),
        Result("sync: CPU time, client + in-process mock", sync_cpu, "s"),
        Result("queue 10 000 forms (validate + one transaction)", queue_s, "s"),
    ]
