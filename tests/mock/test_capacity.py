"""Admission control: beyond capacity the mock answers 503 + Retry-After at once, never fails.

The gate is checked twice: as ASGI middleware with an app that blocks on an event (exact, no
network), and over real HTTP, where one request is held in flight by sending its headers but not
yet its body — the deterministic way to keep a slot busy. The client must read the 503 as "slow
down": :class:`SlowDown` with the server's ``Retry-After``, and the sync engine waits that long
without counting a failure or losing the queued change.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from starlette.types import Message, Receive, Scope, Send

from exam_client.api.client import MinistryClient
from exam_client.api.errors import SlowDown
from exam_client.storage.outbox import Outbox
from ministry_mock.__main__ import parse_args
from ministry_mock.ratelimit import SHED_HEADER, AdmissionGate
from ministry_mock.server import RunningServer
from ministry_mock.settings import MAX_IN_FLIGHT
from tests.ministry import MockMinistry, start_mock
from tests.services.test_registrations_service import YEAR, mock_docs
from tests.services.test_sync_engine import make_client, server_rows

PROBLEM_JSON = "application/problem+json"
HELD_BODY = b"{" + b" " * 62 + b"}"  # an empty JSON object: a clean 422 once it all arrives


async def _call(gate: AdmissionGate, path: str) -> tuple[int, dict[str, str], bytes]:
    sent: list[Message] = []
    scope: Scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [],
        "scheme": "http",
        "server": ("127.0.0.1", 80),
        "client": ("127.0.0.1", 5000),
        "http_version": "1.1",
    }

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await gate(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], headers, body


def test_the_gate_sheds_beyond_capacity_before_the_app_runs() -> None:
    entered: list[str] = []

    async def scenario() -> dict[str, Any]:
        release = asyncio.Event()

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            entered.append(scope["path"])
            if scope["path"] == "/slow":
                await release.wait()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"ok"})

        gate = AdmissionGate(app, limit=2, retry_after_s=3)
        holders = [asyncio.create_task(_call(gate, "/slow")) for _ in range(2)]
        while gate.in_flight < 2:
            await asyncio.sleep(0)
        shed = await _call(gate, "/catalog")
        health = await _call(gate, "/health")  # monitors always get through
        release.set()
        held = await asyncio.gather(*holders)
        after = await _call(gate, "/catalog")
        return {"gate": gate, "shed": shed, "health": health, "held": held, "after": after}

    got = asyncio.run(scenario())
    status, headers, body = got["shed"]
    assert status == 503
    assert headers["retry-after"] == "3"
    assert headers["content-type"] == PROBLEM_JSON
    assert headers[SHED_HEADER.lower()] == "capacity"
    problem = json.loads(body)
    assert problem["code"] == "server.overloaded"
    assert problem["retry_after"] == 3
    assert "quá tải" in problem["title"]
    assert entered == ["/slow", "/slow", "/health", "/catalog"]  # the shed one never ran
    assert got["health"][0] == 200
    assert [h[0] for h in got["held"]] == [200, 200]
    assert got["after"][0] == 200
    gate = got["gate"]
    assert (gate.in_flight, gate.peak, gate.shed, gate.admitted) == (0, 2, 1, 3)


def test_without_a_limit_everything_is_admitted() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    gate = AdmissionGate(app, limit=None)
    statuses = asyncio.run(_many(gate, 5))
    assert statuses == [204] * 5
    assert gate.shed == 0


async def _many(gate: AdmissionGate, n: int) -> list[int]:
    return [(await _call(gate, "/catalog"))[0] for _ in range(n)]


# -- over HTTP, with the real mock, client and sync engine -------------------------------------


def wait_until(condition: Callable[[], bool], what: str, limit_s: float = 20.0) -> None:
    """Wait for a state of the server (not a timing assertion: only a generous upper bound)."""
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.005)


@contextmanager
def held_request(server: RunningServer) -> Iterator[None]:
    """Keep one request in flight: headers sent, body not yet; it ends cleanly on exit."""
    sock = socket.create_connection((server.host, server.port), timeout=20)
    try:
        head = (
            "POST /sync/push HTTP/1.1\r\nHost: mock\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(HELD_BODY)}\r\nConnection: close\r\n\r\n"
        )
        sock.sendall(head.encode() + HELD_BODY[:1])
        wait_until(lambda: server.admission.in_flight == 1, "the held request to be admitted")
        yield
        sock.sendall(HELD_BODY[1:])
        assert sock.recv(4096).startswith(b"HTTP/1.1 4")  # it got its own answer (422/401)
    finally:
        sock.close()
    wait_until(lambda: server.admission.in_flight == 0, "the held request to finish")


@pytest.fixture
def busy_ministry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockMinistry]:
    ministry = start_mock(tmp_path_factory.mktemp("busy"), max_in_flight=1, busy_retry_after_s=2)
    try:
        yield ministry
    finally:
        ministry.stop()


def test_beyond_capacity_requests_get_503_with_retry_after(busy_ministry: MockMinistry) -> None:
    url, server = busy_ministry.base_url, busy_ministry.server
    assert server.admission.limit == 1
    with held_request(server):
        busy = requests.get(f"{url}/catalog", timeout=10)
        assert busy.status_code == 503
        assert busy.headers["Retry-After"] == "2"
        assert busy.headers["Content-Type"] == PROBLEM_JSON
        assert busy.json()["code"] == "server.overloaded"
        assert requests.get(f"{url}/health", timeout=10).status_code == 200
        api = MinistryClient(url, retries=0)
        try:
            with pytest.raises(SlowDown) as slow:
                api.catalog_info()
        finally:
            api.close()
        assert slow.value.retry_after == 2.0
    assert server.admission.shed == 2
    assert requests.get(f"{url}/catalog", timeout=10).status_code == 200


def test_the_sync_engine_slows_down_and_loses_nothing(
    busy_ministry: MockMinistry, tmp_path: Path
) -> None:
    clock = [datetime.now(UTC)]
    client = make_client(busy_ministry, tmp_path / "client", now=lambda: clock[0], pull=False)
    try:
        saved = client.registrations.submit(mock_docs(busy_ministry, 1)[0], exam_year=YEAR)
        clock[0] = datetime.now(UTC)  # the entry is due now
        with held_request(busy_ministry.server):
            report = client.engine.run_once()
        assert report.halted == "waiting"
        assert report.outcomes == {}
        status = client.engine.status
        assert status.phase == "waiting"
        assert status.last_error_vi is not None
        assert "2 giây" in status.last_error_vi  # the server's own words reach the panel
        assert status.next_attempt_at == clock[0] + timedelta(seconds=2)  # Retry-After honoured
        with client.store.session() as session, session.begin():
            (entry,) = Outbox(session).entries()
        assert (entry.state, entry.failures) == ("queued", 0)  # slowed down, not failed
        assert "SlowDown" in (entry.last_error or "")
        local = client.registrations.get(saved.record_id)
        assert local is not None
        assert local.sync_state == "queued"  # kept, not failed
        assert client.engine.run_once().outcomes == {}  # not due before Retry-After
        clock[0] += timedelta(seconds=2)
        assert client.engine.run_once().outcomes == {"applied": 1}
        assert server_rows(busy_ministry) == {str(saved.record_id): 1}
    finally:
        client.close()


def test_the_command_line_sets_the_limit() -> None:
    assert parse_args([]).max_in_flight == MAX_IN_FLIGHT
    assert parse_args(["--max-in-flight", "40"]).max_in_flight == 40
    assert parse_args(["--max-in-flight", "off"]).max_in_flight is None
    with pytest.raises(SystemExit):
        parse_args(["--max-in-flight", "0"])
