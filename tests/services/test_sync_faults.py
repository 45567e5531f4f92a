"""10 000 operations through 20 % injected faults of every kind: each reaches the server once.

Faults (``ministry_mock.faults``) on ``/sync``: 500 before the handler, 503 + Retry-After, and
"drop" — the change commits, then the connection is cut before the answer — plus latency jitter.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ministry_mock.app import faults_of
from ministry_mock.faults import FaultConfig
from ministry_mock.store.models import ExamRegistration, SyncReceipt
from tests.ministry import start_mock
from tests.services.test_registrations_service import YEAR, mock_docs
from tests.services.test_sync_engine import make_client, outbox_states

N = 10_000


@pytest.mark.slow
def test_ten_thousand_operations_through_faults_land_exactly_once(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    ministry = start_mock(tmp_path_factory.mktemp("ministry"), citizens=N + 200)
    client = make_client(
        ministry, tmp_path / "client", batch_size=100, backoff_base=0.01, backoff_cap=0.05
    )
    try:
        docs = mock_docs(ministry, N)
        saved = client.registrations.submit_many([(None, d) for d in docs], exam_year=YEAR)
        assert all(s.saved for s in saved)
        injector = faults_of(ministry.app)
        injector.configure(
            FaultConfig(
                seed=2026,
                error_rate=0.07,
                overload_rate=0.06,
                drop_rate=0.07,
                retry_after_s=0,
                jitter_ms=5,
                paths=("/sync",),
            )
        )
        done = threading.Event()
        client.engine.subscribe(lambda s: done.set() if s.counts.get("synced") == N else None)
        started = time.perf_counter()
        client.engine.start()
        assert done.wait(240), client.engine.status
        elapsed = time.perf_counter() - started
        client.engine.stop()
        print(f"\n{N} ops through faults {injector.injected} in {elapsed:.1f} s")
        assert sum(injector.injected.values()) > 0
        assert {"error", "overload", "drop"} <= set(injector.injected)
        with ministry.store.sessions() as session:
            rows = session.execute(select(ExamRegistration.id, ExamRegistration.version)).all()
            receipts = session.execute(select(func.count()).select_from(SyncReceipt)).scalar()
        assert len(rows) == N and receipts == N
        assert {v for _, v in rows} == {1}
        assert {str(i) for i, _ in rows} == {str(s.record_id) for s in saved}
        assert set(outbox_states(client.store)) == {"done"}
        assert client.registrations.counts()["synced"] == N
    finally:
        client.close()
        ministry.stop()
