"""``ministry-mock --workers N``: one port served by N forked processes, stopped as one server.

The real command runs as a subprocess on port 0 with a SQLite file. Which worker answers a
request is up to the kernel, so the tests look at the processes through ``/proc`` and at what
every answer says, never at a worker id in the answers.
"""

from __future__ import annotations

import gc
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from ministry_mock import workers
from ministry_mock.__main__ import parse_args
from ministry_mock.app import create_app
from ministry_mock.ratelimit import AdmissionGate, limit_share
from ministry_mock.seed import DEMO_ADMIN_PASS, DEMO_ADMIN_USERNAME
from ministry_mock.server import server_config
from ministry_mock.workers import STARTUP_GRACE_S, cpu_count
from tests.mock.conftest import small_settings
from tests.mock.support import TIMEOUT, assert_problem, bearer, tokens

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="workers are forked; /proc shows the processes"
)


@dataclass
class Server:
    proc: subprocess.Popen[str]
    base_url: str
    stderr: Path
    seen: set[int] = field(default_factory=set)  # every worker pid ever listed

    def workers(self) -> list[int]:
        """The worker pids: the parent's live children (zombies excluded)."""
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        try:
            pids = [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []
        self.seen.update(pids)
        return [pid for pid in pids if _alive(pid)]

    def wait_for_workers(self, count: int, *, gone: int | None = None) -> list[int]:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            pids = self.workers()
            if len(pids) == count and gone not in pids:
                return pids
            time.sleep(0.05)
        raise AssertionError(f"expected {count} workers, found {self.workers()}")


def _alive(pid: int) -> bool:
    """Running (not a zombie nor gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _is_mock(pid: int) -> bool:
    """Still a worker of ours (its command line is the parent's), not a reused pid."""
    try:
        return b"ministry_mock" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _start(tmp_path: Path, *extra: str) -> Server:
    command = [sys.executable, "-m", "ministry_mock", "--port", "0"]
    command += ["--db", f"sqlite:///{tmp_path / 'ministry.sqlite3'}"]
    command += ["--citizens", "200", "--schools", "40", "--demo", *extra]
    stderr = tmp_path / "stderr.log"
    with stderr.open("w", encoding="utf-8") as err:
        proc = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=err, text=True, encoding="utf-8"
        )
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    output = ""
    while time.monotonic() < deadline and not output.endswith("Press Ctrl-C to stop.\n"):
        line = proc.stdout.readline()
        if not line:
            break
        output += line
    found = re.search(r"API on (http://\S+)", output)
    if found is None:
        proc.kill()
        proc.wait()
        pytest.fail(output + stderr.read_text(encoding="utf-8"))
    return Server(proc, found.group(1), stderr)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = _start(tmp_path, "--workers", "2", "--max-in-flight", "off")
    try:
        yield running
    finally:
        running.workers()
        if running.proc.poll() is None:
            running.proc.kill()
            running.proc.wait()
        for pid in running.seen:  # never leave a worker behind, even when a test failed
            if _alive(pid) and _is_mock(pid):
                os.kill(pid, signal.SIGKILL)
        if running.proc.stdout is not None:
            running.proc.stdout.close()


def _health(base_url: str) -> dict[str, str]:
    with requests.Session() as fresh:  # a new connection: it may land on either worker
        response = fresh.get(f"{base_url}/health", timeout=TIMEOUT)
    assert response.status_code == 200
    body: dict[str, str] = response.json()
    return body


def test_two_workers_serve_one_port_and_stop_together(server: Server) -> None:
    pids = server.wait_for_workers(2)
    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(lambda _: _health(server.base_url)["status"], range(200)))
    assert answers == ["ok"] * 200
    assert all(_alive(pid) for pid in pids)

    server.proc.send_signal(signal.SIGTERM)
    assert server.proc.wait(timeout=20) == 0
    assert server.proc.stdout is not None
    assert "Stopped." in server.proc.stdout.read()
    assert not any(_alive(pid) for pid in pids), "a worker outlived its server"


def test_the_demo_clock_is_one_clock_for_every_worker(server: Server) -> None:
    server.wait_for_workers(2)
    admin = bearer(tokens(server.base_url, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASS)["access_token"])
    moved = requests.post(
        f"{server.base_url}/admin/clock",
        json={"moment": "2026-07-02T08:00:00Z", "frozen": True},
        headers=admin,
        timeout=TIMEOUT,
    )
    assert moved.status_code == 200, moved.text
    # 40 new connections land on both workers: every one tells the moved time
    times = {_health(server.base_url)["server_time"] for _ in range(40)}
    assert times == {"2026-07-02T08:00:00Z"}


def test_admin_calls_that_change_one_process_are_refused(server: Server) -> None:
    server.wait_for_workers(2)
    admin = bearer(tokens(server.base_url, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASS)["access_token"])
    for method, path, body in (
        ("POST", "/admin/faults", {"error_rate": 0.5}),
        ("DELETE", "/admin/faults", None),
        ("PUT", "/admin/payments/gateway", {"order_ttl_s": 60}),
        ("DELETE", "/admin/catalog/withdrawals", None),
    ):
        response = requests.request(
            method, f"{server.base_url}{path}", json=body, headers=admin, timeout=TIMEOUT
        )
        problem = assert_problem(response, 409, "server.single_worker_only")
        assert "--workers 1" in problem["detail"]
    reading = requests.get(f"{server.base_url}/admin/faults", headers=admin, timeout=TIMEOUT)
    assert reading.status_code == 200  # reading is fine: it is the same in every worker


def test_a_dead_worker_is_reported_and_replaced(server: Server) -> None:
    first = server.wait_for_workers(2)
    time.sleep(STARTUP_GRACE_S + 0.2)  # older than that, a worker is replaced
    os.kill(first[0], signal.SIGKILL)
    replaced = server.wait_for_workers(2, gone=first[0])
    assert first[1] in replaced
    assert _health(server.base_url)["status"] == "ok"
    assert f"(pid {first[0]}) ended with exit code -9" in server.stderr.read_text()


def test_workers_stop_when_their_parent_is_killed(server: Server) -> None:
    pids = server.wait_for_workers(2)
    server.proc.kill()  # no chance to pass anything on
    server.proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in pids)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--workers", "0"], "positive number of worker processes"),
        (["--workers", "many"], "positive number of worker processes"),
        (["--workers", "2", "--db", "sqlite://"], "in-memory database"),
        (["--workers", "2", "--faults", "error=0.1"], "use --workers 1 with --faults"),
    ],
)
def test_impossible_worker_counts_are_refused(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        parse_args(argv)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_worker_counts() -> None:
    assert parse_args([]).workers == 1
    assert parse_args(["--workers", "auto"]).workers == cpu_count() >= 1
    assert parse_args(["--workers", "3", "--faults", ""]).workers == 3  # no faults: fine


def test_the_in_flight_limit_is_the_whole_servers(tmp_path: Path) -> None:
    assert [limit_share(12, 2, i) for i in range(2)] == [6, 6]
    assert [limit_share(13, 3, i) for i in range(3)] == [5, 4, 4]
    assert [limit_share(1, 2, i) for i in range(2)] == [1, 1]  # each admits something
    assert limit_share(None, 4, 0) is None
    app = create_app(small_settings(tmp_path / "m.sqlite3", citizens=10, max_in_flight=12))
    gates = [server_config(app).app, server_config(app, workers=2, index=1).app]
    assert [gate.limit for gate in gates if isinstance(gate, AdmissionGate)] == [12, 6]


def test_the_garbage_collector_is_tuned_before_serving() -> None:
    """What the server built before serving is frozen out of the collector's walks."""
    saved = gc.get_threshold()
    try:
        workers.tune_garbage_collector()
        assert gc.get_threshold() == workers.GC_THRESHOLDS
        assert gc.get_freeze_count() > 10_000  # this test process's modules, at least
    finally:
        gc.unfreeze()
        gc.set_threshold(*saved)
