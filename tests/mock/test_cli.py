"""The ``ministry-mock`` command: seeds, prints URL and credentials, serves until Ctrl-C."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from ministry_mock.__main__ import parse_args
from ministry_mock.app import create_app, seed_report
from ministry_mock.seed import ADMIN_USERNAME, DEMO_STAFF_PASS, DEMO_STAFF_USERNAME
from ministry_mock.server import start_in_thread
from tests.mock.conftest import small_settings
from tests.mock.support import TIMEOUT, login


def test_defaults() -> None:
    args = parse_args([])
    assert (args.host, args.port, args.seed, args.citizens, args.demo, args.workers) == (
        "127.0.0.1",
        8765,
        2026,
        50_000,
        False,
        1,  # one process unless asked: the embedded demo mock and tests need nothing else
    )


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX-only")
def test_cli_serves_until_interrupted(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    command = [sys.executable, "-m", "ministry_mock", "--port", "0", "--db", db]
    command += ["--citizens", "200", "--schools", "40", "--demo"]
    log_path = tmp_path / "stderr.log"
    with (
        log_path.open("w", encoding="utf-8") as stderr,
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=stderr, text=True, encoding="utf-8"
        ) as proc,
    ):
        try:
            output = _read_until_ready(proc)
            match = re.search(r"http://127\.0\.0\.1:(\d+)", output)
            assert match, output + log_path.read_text(encoding="utf-8")
            assert f"{DEMO_STAFF_USERNAME} / {DEMO_STAFF_PASS}" in output
            assert "Seeded 200 citizens" in output
            base_url = match.group(0)
            assert requests.get(f"{base_url}/health", timeout=TIMEOUT).ok
            assert login(base_url, DEMO_STAFF_USERNAME, DEMO_STAFF_PASS).status_code == 200
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=15) == 0
            assert proc.stdout is not None
            assert "Stopped." in proc.stdout.read()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def _read_until_ready(proc: subprocess.Popen[str]) -> str:
    """Stdout up to the "Press Ctrl-C" line, which is printed once the socket is bound."""
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("Press Ctrl-C"):
            break
    return "".join(lines)


def test_without_demo_an_admin_gets_a_one_time_random_password(tmp_path: Path) -> None:
    app = create_app(small_settings(tmp_path / "nodemo.sqlite3", citizens=10, demo=False))
    generated = seed_report(app).generated_admin_pass
    assert generated
    assert len(generated) >= 12
    with start_in_thread(app) as server:
        assert login(server.base_url, DEMO_STAFF_USERNAME, DEMO_STAFF_PASS).status_code == 401
        assert login(server.base_url, ADMIN_USERNAME, generated).status_code == 200
    again = create_app(small_settings(tmp_path / "nodemo.sqlite3", citizens=10, demo=False))
    assert seed_report(again).generated_admin_pass is None
