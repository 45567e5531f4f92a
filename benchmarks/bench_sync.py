"""Issue figures for sync: 10 000 queued registrations pushed to the mock over loopback.

The store and the mock are real (SQLCipher client cache, the mock's SQLite file); the forms are
queued with ``RegistrationService.submit_many`` (one local transaction) and then one
``SyncEngine.run_once`` pushes them in batches of 500 and pulls the delta. Reported: the
wall-clock time of the sync, the throughput, and how much of it the server took (its handler
time is the POST round trips minus nothing: the client part is measured around them).
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
            t0 = time.perf_counter()
            report = engine.run_once()
            sync_s = time.perf_counter() - t0
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
        Result("queue 10 000 forms (validate + one transaction)", queue_s, "s"),
    ]
