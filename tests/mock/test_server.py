"""Starting and stopping the real server; health; the OpenAPI document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import event

from exam_client.api.contract import PROBLEM_CONTENT_TYPE, Health
from ministry_mock.app import create_app, instance_of
from ministry_mock.seed import DEMO_STAFF_PASS, DEMO_STAFF_USERNAME, sample_citizen_ids
from ministry_mock.server import RunningServer, start_in_thread
from tests.mock.conftest import small_settings
from tests.mock.support import TIMEOUT, lookup, tokens


def test_health(base_url: str) -> None:
    response = requests.get(f"{base_url}/health", timeout=TIMEOUT)
    assert response.status_code == 200
    health = Health.model_validate(response.json())
    assert health.status == "ok"
    assert health.api_version == "1"


def test_port_zero_resolves_to_a_real_port(mock_server: RunningServer) -> None:
    assert mock_server.port > 0
    assert mock_server.base_url == f"http://127.0.0.1:{mock_server.port}"
    assert mock_server.running


def test_start_answers_at_once_and_stop_is_clean_and_idempotent(tmp_path: Path) -> None:
    app = create_app(small_settings(tmp_path / "a.sqlite3", citizens=20))
    server = start_in_thread(app)  # returns only once /health answers
    assert requests.get(f"{server.base_url}/health", timeout=TIMEOUT).status_code == 200
    server.stop()
    assert not server.running
    server.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{server.base_url}/health", timeout=2)


def test_two_instances_side_by_side_share_nothing(tmp_path: Path) -> None:
    app_a = create_app(small_settings(tmp_path / "a.sqlite3", citizens=10, seed=1))
    app_b = create_app(small_settings(tmp_path / "b.sqlite3", citizens=10, seed=2))
    with start_in_thread(app_a) as a, start_in_thread(app_b) as b:
        assert a.port != b.port
        assert requests.get(f"{a.base_url}/health", timeout=TIMEOUT).ok
        assert requests.get(f"{b.base_url}/health", timeout=TIMEOUT).ok
    assert instance_of(app_a).store is not instance_of(app_b).store


def test_restarting_on_an_existing_database_keeps_the_data(tmp_path: Path) -> None:
    db = tmp_path / "keep.sqlite3"
    first = create_app(small_settings(db, citizens=30))
    second = create_app(small_settings(db, citizens=30))
    assert first.state.seed_report.citizens_created == 30
    assert second.state.seed_report.citizens_created == 0


def test_in_memory_database_works_across_threads() -> None:
    app = create_app(small_settings(Path("unused"), db_url="sqlite://", citizens=10))
    with start_in_thread(app) as server:
        response = requests.post(
            f"{server.base_url}/auth/login",
            json={"username": "canbo.demo", "password": "Demo@2026"},
            timeout=TIMEOUT,
        )
        assert response.status_code == 200


def test_openapi_declares_problem_responses(base_url: str) -> None:
    schema = requests.get(f"{base_url}/openapi.json", timeout=TIMEOUT).json()
    assert {"/health", "/auth/login", "/auth/refresh", "/population/citizens/{cccd}"} <= set(
        schema["paths"]
    )
    assert "ProblemDetails" in schema["components"]["schemas"]
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    lookup = schema["paths"]["/population/citizens/{cccd}"]["get"]
    for status in ("401", "403", "404", "422", "500"):
        content = lookup["responses"][status]["content"]
        assert list(content) == [PROBLEM_CONTENT_TYPE]
    assert lookup["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/CitizenRecord"
    )
    assert lookup["security"] == [{"HTTPBearer": []}]
    login = schema["paths"]["/auth/login"]["post"]
    assert {"200", "401", "422", "423", "500"} <= set(login["responses"])


def test_accepted_connections_say_tcp_so_asyncio_turns_nagle_off() -> None:
    """asyncio sets TCP_NODELAY only when ``sock.proto == IPPROTO_TCP``; with Nagle left on,
    every small answer on loopback waits ~40 ms for a delayed ACK."""
    import socket

    from ministry_mock.server import bind_socket

    listener = bind_socket("127.0.0.1", 0)
    client = socket.create_connection(listener.getsockname()[:2], timeout=TIMEOUT)
    try:
        accepted, _ = listener.accept()
        with accepted:
            # the condition in asyncio.base_events._set_nodelay, applied to every accepted socket
            assert accepted.family == socket.AF_INET
            assert accepted.type == socket.SOCK_STREAM
            assert accepted.proto == socket.IPPROTO_TCP
    finally:
        client.close()
        listener.close()


def test_a_lookup_holds_no_database_connection_while_it_awaits_its_audit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The look-up runs on the event loop: had it kept its pooled connection while awaiting the
    audit commit, enough look-ups in flight would empty the pool and the loop would block on
    it (that loop being the only one that could give a connection back)."""
    app = create_app(small_settings(tmp_path / "a.sqlite3", citizens=20, scrypt_n=2**10))
    inst = instance_of(app)
    record = inst.audit_batch.record
    out = [0]  # connections checked out of the pool now (pool events: any pool class)
    event.listen(inst.store.engine, "checkout", lambda *_: out.__setitem__(0, out[0] + 1))
    event.listen(inst.store.engine, "checkin", lambda *_: out.__setitem__(0, out[0] - 1))
    held: list[int] = []

    async def spy(values: dict[str, Any]) -> None:
        held.append(out[0])
        await record(values)

    monkeypatch.setattr(inst.audit_batch, "record", spy)
    with inst.store.sessions() as session:
        (cccd,) = sample_citizen_ids(session, 1)
    with start_in_thread(app) as server:
        access = tokens(server.base_url, DEMO_STAFF_USERNAME, DEMO_STAFF_PASS)["access_token"]
        assert lookup(server.base_url, cccd, access).status_code == 200
        assert lookup(server.base_url, "000000000000", access).status_code in (404, 422)
        assert lookup(server.base_url, cccd, None).status_code == 401
    assert held == [0, 0, 0]
