"""Fault injection over real HTTP: each kind observable, repeatable for a seed, health exempt.

The key scenario is the lost response: the push commits, the connection dies before the answer,
the client retries with the same key and gets ``duplicate`` - one row, one audit entry.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from ministry_mock.__main__ import parse_args
from ministry_mock.app import create_app, faults_of, seed_report
from ministry_mock.faults import FAULT_HEADER, FaultConfig
from ministry_mock.server import start_in_thread
from tests.mock.conftest import small_settings
from tests.mock.support import TIMEOUT, assert_problem, bearer, tokens
from tests.mock.sync_support import Mock, doc, op, private_mock, push, push_one


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mock]:
    with private_mock(tmp_path_factory.mktemp("faults")) as m:
        yield m


@pytest.fixture(autouse=True)
def faults_off(mock: Mock) -> Iterator[None]:
    yield
    faults_of(mock.app).configure(FaultConfig())


def configure(mock: Mock, **values: object) -> None:
    response = requests.post(
        f"{mock.url}/admin/faults", json=values, headers=bearer(mock.admin), timeout=TIMEOUT
    )
    assert response.status_code == 200, response.text


def nowhere(mock: Mock) -> requests.Response:
    """A cheap faultable request (an unknown path answers 404 when not faulted)."""
    return requests.get(f"{mock.url}/nowhere", timeout=TIMEOUT)


def test_faults_are_off_by_default(mock: Mock) -> None:
    assert not FaultConfig().enabled
    response = requests.get(f"{mock.url}/admin/faults", headers=bearer(mock.admin), timeout=TIMEOUT)
    assert response.json() == FaultConfig().model_dump(mode="json")
    assert FAULT_HEADER not in nowhere(mock).headers


def test_latency_with_jitter(mock: Mock) -> None:
    configure(mock, latency_ms=150, jitter_ms=50)
    started = time.perf_counter()
    assert nowhere(mock).status_code == 404
    assert time.perf_counter() - started >= 0.15


def test_errors_are_500_problems_and_health_is_exempt(mock: Mock) -> None:
    configure(mock, error_rate=1.0)
    response = nowhere(mock)
    assert_problem(response, 500, "server.error")
    assert response.headers[FAULT_HEADER] == "error"
    assert requests.get(f"{mock.url}/health", timeout=TIMEOUT).status_code == 200


def test_overload_is_503_with_retry_after(mock: Mock) -> None:
    configure(mock, overload_rate=1.0, retry_after_s=7)
    response = nowhere(mock)
    body = assert_problem(response, 503, "server.overloaded")
    assert response.headers["Retry-After"] == "7"
    assert body["retry_after"] == 7
    assert "7 giây" in body["detail"]


def test_the_same_seed_gives_the_same_faults(mock: Mock) -> None:
    def pattern() -> list[int]:
        configure(mock, seed=42, error_rate=0.3, overload_rate=0.2)
        return [nowhere(mock).status_code for _ in range(30)]

    first = pattern()
    assert {500, 503, 404} <= set(first)
    assert pattern() == first


def test_paths_methods_and_budget_narrow_the_faults(mock: Mock) -> None:
    configure(mock, error_rate=1.0, paths=["/sync"], methods=["POST"], max_faults=1)
    assert nowhere(mock).status_code == 404  # other path
    person = mock.people(1, skip=0)[0]
    assert push(mock.url, mock.staff, op(doc(person))).status_code == 500
    assert push(mock.url, mock.staff, op(doc(person))).status_code == 200  # budget spent


def test_lost_response_after_commit_retried_is_a_duplicate(mock: Mock) -> None:
    person = mock.people(1, skip=1)[0]
    operation = op(doc(person), submit=True)
    configure(mock, drop_rate=1.0, paths=["/sync/push"], max_faults=1)
    with pytest.raises(requests.ConnectionError):
        push(mock.url, mock.staff, operation)
    assert mock.registration_count(cccd=person.cccd) == 1  # committed although unanswered
    retried = push_one(mock.url, mock.staff, operation)
    assert retried["outcome"] == "duplicate"
    assert retried["version"] == 1
    assert retried["server_record"]["status"] == "submitted"
    assert mock.registration_count(cccd=person.cccd) == 1
    assert len(mock.audit(ref=operation["idempotency_key"])) == 1


def test_lost_response_as_a_gateway_502(mock: Mock) -> None:
    person = mock.people(1, skip=2)[0]
    operation = op(doc(person))
    configure(mock, drop_rate=1.0, drop_as="502", paths=["/sync/push"], max_faults=1)
    response = push(mock.url, mock.staff, operation)
    assert_problem(response, 502, "server.bad_gateway")
    assert response.headers[FAULT_HEADER] == "drop"
    assert push_one(mock.url, mock.staff, operation)["outcome"] == "duplicate"
    assert mock.registration_count(cccd=person.cccd) == 1


def test_capacity_answers_503_instead_of_queueing(mock: Mock) -> None:
    configure(mock, capacity=2, latency_ms=300, retry_after_s=2)

    def call(_: int) -> requests.Response:
        return nowhere(mock)

    with ThreadPoolExecutor(10) as pool:
        responses = list(pool.map(call, range(10)))
    statuses = sorted(r.status_code for r in responses)
    assert set(statuses) == {404, 503}
    assert statuses.count(404) >= 2
    assert statuses.count(503) >= 5
    for response in responses:
        if response.status_code == 503:
            assert response.headers["Retry-After"] == "2"
            assert response.headers[FAULT_HEADER] == "capacity"
    # the count drops just after the last byte is sent, which the client may see first
    deadline = time.monotonic() + 2
    while faults_of(mock.app).in_flight and time.monotonic() < deadline:
        time.sleep(0.01)
    assert faults_of(mock.app).in_flight == 0


def test_slow_response_bodies(mock: Mock) -> None:
    configure(mock, slow_body_chunk=64, slow_body_delay_ms=40)
    started = time.perf_counter()
    response = nowhere(mock)
    elapsed = time.perf_counter() - started
    assert response.headers[FAULT_HEADER] == "slow-body"
    body = assert_problem(response, 404)
    assert body["code"] == "http.not_found"
    pieces = -(-len(response.content) // 64)
    assert pieces >= 3
    assert elapsed >= (pieces - 1) * 0.04


def test_admin_endpoints_are_for_admins(mock: Mock) -> None:
    url = f"{mock.url}/admin/faults"
    for token in (mock.staff, mock.candidate):
        assert_problem(requests.post(url, json={}, headers=bearer(token), timeout=TIMEOUT), 403)
    assert_problem(requests.delete(url, timeout=TIMEOUT), 401)
    bad = requests.post(
        url, json={"error_rate": 0.8, "drop_rate": 0.5}, headers=bearer(mock.admin), timeout=TIMEOUT
    )
    assert_problem(bad, 422)
    configure(mock, error_rate=1.0)
    assert nowhere(mock).status_code == 500
    cleared = requests.delete(url, headers=bearer(mock.admin), timeout=TIMEOUT)
    assert cleared.status_code == 204
    assert nowhere(mock).status_code == 404


def test_admin_endpoints_do_not_exist_outside_demo_mode(tmp_path: Path) -> None:
    app = create_app(
        small_settings(tmp_path / "prod.sqlite3", citizens=10, demo=False, scrypt_n=2**10)
    )
    password = seed_report(app).generated_admin_pass
    assert password is not None
    with start_in_thread(app) as server:
        token = tokens(server.base_url, "quantri", password)["access_token"]
        response = requests.post(
            f"{server.base_url}/admin/faults", json={}, headers=bearer(token), timeout=TIMEOUT
        )
        assert_problem(response, 404)


def test_faults_from_settings_and_restart_on_the_same_port(tmp_path: Path) -> None:
    faults = FaultConfig(error_rate=1.0, paths=("/nowhere",))
    app = create_app(
        small_settings(tmp_path / "r.sqlite3", citizens=10, faults=faults, scrypt_n=2**10)
    )
    with start_in_thread(app) as server:
        url, port = server.base_url, server.port
        assert requests.get(f"{url}/nowhere", timeout=TIMEOUT).status_code == 500
        server.restart(down_for=0.05)
        assert server.port == port
        assert server.running
        assert requests.get(f"{url}/health", timeout=TIMEOUT).status_code == 200
        assert (
            requests.post(
                f"{url}/auth/login",
                json={"username": "canbo.demo", "password": "Demo@2026"},
                timeout=TIMEOUT,
            ).status_code
            == 200
        )  # the database survived the restart


def test_a_restart_cuts_off_clients_until_it_is_back(mock: Mock) -> None:
    def down_then_up() -> None:
        mock.server.restart(down_for=0.5)

    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(down_then_up)
        time.sleep(0.2)
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{mock.url}/health", timeout=TIMEOUT)
        future.result()
    assert requests.get(f"{mock.url}/health", timeout=TIMEOUT).status_code == 200


def test_command_line_faults() -> None:
    args = parse_args(
        [
            "--faults",
            "latency=200,jitter=50,drop=0.1,capacity=4,slow=256:20,paths=/sync|/registrations,seed=3",
        ]
    )
    assert args.faults == FaultConfig(
        latency_ms=200,
        jitter_ms=50,
        drop_rate=0.1,
        capacity=4,
        slow_body_chunk=256,
        slow_body_delay_ms=20,
        paths=("/sync", "/registrations"),
        seed=3,
    )
    assert parse_args([]).faults == FaultConfig()
    assert parse_args([]).lookup_limit == (10.0, 30)
    assert parse_args(["--lookup-limit", "off"]).lookup_limit == (0.0, None)
    with pytest.raises(ValueError, match="unknown fault"):
        FaultConfig.parse("explode=1")
    with pytest.raises(SystemExit):
        parse_args(["--faults", "error=2"])
