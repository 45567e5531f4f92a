"""The mock's per-request shortcuts keep their promises (issue 5: throughput under load).

* the principal cache never outlives a revocation made in this process;
* one ``send()`` per answer (the coalescing transport) and nothing lost when a socket closes;
* a request that waited too long in the event loop's queue is shed with 503 + Retry-After;
* look-up audit rows are group-committed, yet each look-up is answered only once its row is
  stored, and a failed commit fails the requests waiting on it;
* parsed registration documents are remembered per database, never across instances.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import func, select, text
from starlette.types import Message, Receive, Scope, Send

from ministry_mock.app import create_app
from ministry_mock.audit_batch import AuditBatcher
from ministry_mock.principals import PrincipalCache
from ministry_mock.protocol import RECEIVED_AT, CoalescingTransport, protocol_class
from ministry_mock.ratelimit import AdmissionGate
from ministry_mock.seed import DEMO_STAFF_PASS, DEMO_STAFF_USERNAME
from ministry_mock.server import start_in_thread
from ministry_mock.store import AuditEntry, open_store
from tests.mock.conftest import small_settings
from tests.mock.support import TIMEOUT, assert_problem, bearer, lookup, refresh, tokens

# -- principal cache ------------------------------------------------------------------------------


def test_cached_principals_expire_and_are_forgotten() -> None:
    now = [100.0]
    cache: PrincipalCache[str] = PrincipalCache(1.0, monotonic=lambda: now[0])
    until = datetime(2026, 1, 1, tzinfo=UTC)
    cache.put("a", "alice", 1, until)
    cache.put("b", "alice", 1, until)
    cache.put("c", "bob", 2, until)
    assert cache.get("a") == ("alice", until)
    now[0] += 1.5
    assert cache.get("a") is None  # older than the TTL: read again from the database
    cache.put("a", "alice", 1, until)
    cache.forget(["c"])
    assert cache.get("c") is None and cache.get("a") is not None
    cache.forget_account(1)
    assert cache.get("a") is None and cache.get("b") is None
    off: PrincipalCache[str] = PrincipalCache(0)
    off.put("a", "alice", 1, until)
    assert off.get("a") is None and len(off) == 0


def test_a_used_token_is_refused_at_once_after_logout(base_url: str, known_ids: list[str]) -> None:
    pair = tokens(base_url, DEMO_STAFF_USERNAME, DEMO_STAFF_PASS)
    assert lookup(base_url, known_ids[0], pair["access_token"]).status_code == 200  # now cached
    answer = requests.post(
        f"{base_url}/auth/logout",
        json={"refresh_token": pair["refresh_token"]},
        headers=bearer(pair["access_token"]),
        timeout=TIMEOUT,
    )
    assert answer.status_code == 204
    assert_problem(lookup(base_url, known_ids[0], pair["access_token"]), 401, "auth.invalid")


def test_a_reused_refresh_token_ends_the_cached_sessions_at_once(
    base_url: str, known_ids: list[str]
) -> None:
    pair = tokens(base_url, DEMO_STAFF_USERNAME, DEMO_STAFF_PASS)
    assert refresh(base_url, pair["refresh_token"]).status_code == 200
    rotated_access = pair["access_token"]
    assert lookup(base_url, known_ids[1], rotated_access).status_code == 200  # cached
    assert_problem(refresh(base_url, pair["refresh_token"]), 401, "auth.refresh_invalid")
    assert_problem(lookup(base_url, known_ids[1], rotated_access), 401, "auth.invalid")


# -- one send per answer --------------------------------------------------------------------------


class _Transport:
    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def get_write_buffer_size(self) -> int:
        return 0

    def get_extra_info(self, name: str) -> str:
        return f"info:{name}"


def test_writes_in_one_loop_turn_leave_together_and_close_flushes_first() -> None:
    async def scenario() -> _Transport:
        real = _Transport()
        proxy = CoalescingTransport(real, asyncio.get_running_loop())  # type: ignore[arg-type]
        proxy.write(b"HTTP/1.1 200 OK\r\n\r\n")
        proxy.write(b"")
        proxy.write(memoryview(b"body"))
        assert real.writes == [] and proxy.get_write_buffer_size() == 23
        await asyncio.sleep(0)
        assert real.writes == [b"HTTP/1.1 200 OK\r\n\r\nbody"]
        proxy.write(b"bye")
        proxy.close()
        assert proxy.get_extra_info("peername") == "info:peername"  # the rest is the real one's
        return real

    real = asyncio.run(scenario())
    assert real.writes[-1] == b"bye" and real.closed


def test_the_served_protocol_parses_with_httptools_and_stamps_arrival() -> None:
    cls = protocol_class()
    assert "HttpTools" in cls.__name__  # the C parser is a dependency (pyproject.toml)


# -- shedding by queueing time --------------------------------------------------------------------


async def _status(gate: AdmissionGate, path: str, received_at: float | None) -> int:
    sent: list[Message] = []
    scope: Scope = {"type": "http", "method": "GET", "path": path, "headers": []}
    if received_at is not None:
        scope[RECEIVED_AT] = received_at

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await gate(scope, receive, send)
    return int(next(m for m in sent if m["type"] == "http.response.start")["status"])


def test_a_request_that_waited_too_long_is_shed_before_it_runs() -> None:
    ran: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        ran.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def scenario() -> list[int]:
        gate = AdmissionGate(app, limit=None, max_wait_s=0.05)
        now = asyncio.get_running_loop().time()
        return [
            await _status(gate, "/catalog", now - 1.0),  # waited a second: shed
            await _status(gate, "/catalog", now),  # just arrived
            await _status(gate, "/catalog", None),  # no stamp (h11): in-flight limit only
            await _status(gate, "/health", now - 1.0),  # monitors always get through
        ]

    assert asyncio.run(scenario()) == [503, 200, 200, 200]
    assert ran == ["/catalog", "/catalog", "/health"]


def test_the_server_stamps_arrival_so_the_queue_limit_applies(tmp_path: Path) -> None:
    app = create_app(small_settings(tmp_path / "m.db", citizens=20, max_queue_wait_ms=0))
    with start_in_thread(app) as server:
        shed = requests.get(f"{server.base_url}/catalog", timeout=TIMEOUT)
        health = requests.get(f"{server.base_url}/health", timeout=TIMEOUT)
    assert shed.status_code == 503 and shed.headers["Retry-After"].isdigit()
    assert health.status_code == 200


# -- group-committed audit ------------------------------------------------------------------------


def _row(n: int) -> dict[str, Any]:
    return {
        "at": datetime(2026, 6, 1, tzinfo=UTC) + timedelta(seconds=n),
        "actor": "staff",
        "action": "population.lookup",
        "subject": "001***",
        "ip": "127.0.0.1",
        "outcome": "found",
    }


def test_each_lookup_is_answered_only_after_its_audit_row_is_stored(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    batcher = AuditBatcher(store)

    def count() -> int:
        with store.sessions() as session:
            return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)

    async def one(n: int) -> int:
        await batcher.record(_row(n))
        return count()  # at the moment the request would answer

    async def scenario() -> list[int]:
        return list(await asyncio.gather(*(one(n) for n in range(30))))

    seen = asyncio.run(scenario())
    assert all(c >= 1 for c in seen) and count() == 30
    assert 1 <= batcher.batches <= 30
    batcher.close()
    asyncio.run(batcher.record(_row(99)))  # served again after close: a new writer
    assert count() == 31
    batcher.close()
    store.close()


def test_a_failed_audit_commit_fails_the_waiting_requests(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    with store.engine.begin() as conn:
        conn.execute(text("DROP TABLE audit_log"))
    batcher = AuditBatcher(store)

    async def scenario() -> list[Any]:
        return list(
            await asyncio.gather(
                *(batcher.record(_row(n)) for n in range(3)), return_exceptions=True
            )
        )

    results = asyncio.run(scenario())
    assert len(results) == 3 and all(isinstance(r, Exception) for r in results)
    batcher.close()
    store.close()


# -- parsed documents ------------------------------------------------------------------------------


def test_two_instances_with_the_same_record_id_each_list_their_own(tmp_path: Path) -> None:
    from exam_client.api.client import MinistryClient
    from exam_client.api.records import PushOperation
    from ministry_mock.seed import sample_people
    from tests.services.test_registrations_service import YEAR, make_doc

    record_id = uuid.uuid4()
    listed_names, pushed_names = [], []
    for n in range(2):
        app = create_app(small_settings(tmp_path / f"i{n}.db", citizens=30))
        with start_in_thread(app) as server:
            with app.state.instance.store.sessions() as session:
                (person,) = sample_people(session, 1, offset=n)
            pushed_names.append(person[1])
            api = MinistryClient(server.base_url)
            token = api.login(DEMO_STAFF_USERNAME, DEMO_STAFF_PASS).access_token
            op = PushOperation(
                idempotency_key=uuid.uuid4(),
                record_id=record_id,
                exam_year=YEAR,
                submit=True,
                doc=make_doc(*person),
            )
            api.push([op])
            api.close()
            for _ in range(2):  # the second answer comes from the remembered document
                page = requests.get(
                    f"{server.base_url}/registrations", headers=bearer(token), timeout=TIMEOUT
                ).json()
                mine = [c["record"] for c in page["changes"] if c["record"]["id"] == str(record_id)]
                assert len(mine) == 1
                listed_names.append(mine[0]["doc"]["full_name"])
    assert pushed_names[0] != pushed_names[1]
    assert listed_names == [pushed_names[0]] * 2 + [pushed_names[1]] * 2
