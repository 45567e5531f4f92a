"""Crash hooks: a masked report file and a log record per crash; the running marker tells the
next start that the last run ended abnormally. The real unhandled-exception path runs in a child
Python process (an exception escaping a thread, then one escaping the main thread)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from exam_client.services.crash import (
    CrashHandler,
    CrashReport,
    crash_dir,
    end_run,
    marker_path,
    start_run,
    write_crash_report,
)

CCCD = "079304001234"
MASKED = "079******234"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def handler(tmp_path: Path) -> Iterator[CrashHandler]:
    seen: list[CrashReport] = []
    crash = CrashHandler(tmp_path, on_crash=seen.append).install()
    try:
        yield crash
    finally:
        crash.uninstall()


def test_install_replaces_and_uninstall_restores_both_hooks(tmp_path: Path) -> None:
    before = (sys.excepthook, threading.excepthook)
    crash = CrashHandler(tmp_path).install()
    assert sys.excepthook == crash.handle_exception
    assert threading.excepthook == crash.handle_thread_exception
    crash.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def test_excepthook_writes_a_masked_report_and_calls_back(
    handler: CrashHandler, tmp_path: Path
) -> None:
    try:
        raise RuntimeError(f"hồ sơ {CCCD} hỏng")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    [report] = handler.reports
    assert report.fatal and report.thread == "MainThread"
    assert report.summary == f"RuntimeError: hồ sơ {MASKED} hỏng"
    assert report.path.parent == crash_dir(tmp_path)
    text = report.path.read_text(encoding="utf-8")
    assert CCCD not in text
    assert MASKED in text and "Traceback" in text and "test_crash.py" in text
    assert "thread: MainThread" in text


def test_a_thread_crash_is_reported_but_not_fatal(handler: CrashHandler) -> None:
    def work() -> None:
        raise KeyError(CCCD)

    worker = threading.Thread(target=work, name="sync-worker")
    worker.start()
    worker.join()
    [report] = handler.reports
    assert (report.fatal, report.thread) == (False, "sync-worker")
    assert CCCD not in report.path.read_text(encoding="utf-8")


def test_keyboard_interrupt_is_not_a_crash(
    handler: CrashHandler, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert handler.reports == []
    assert not crash_dir(handler.data_dir).exists()
    assert "KeyboardInterrupt" in capsys.readouterr().err


def test_a_crash_in_the_callback_does_not_loop_or_escape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[CrashReport] = []

    def broken(report: CrashReport) -> None:
        calls.append(report)
        crash.record(None, None, None, thread="MainThread", fatal=True, detail="again")
        raise RuntimeError(f"the dialog failed on {CCCD}")

    crash = CrashHandler(tmp_path, on_crash=broken)
    error = ValueError("x")
    assert crash.record(ValueError, error, None, thread="M", fatal=True) is None
    assert len(calls) == 1
    assert len(list(crash_dir(tmp_path).glob("crash-*.txt"))) == 1
    err = capsys.readouterr().err
    assert "the dialog failed on " + MASKED in err and CCCD not in err


def test_report_without_a_traceback_keeps_the_detail(tmp_path: Path) -> None:
    path = write_crash_report(tmp_path, None, None, None, thread="qt", detail=f"Qt fatal: {CCCD}")
    text = path.read_text(encoding="utf-8")
    assert f"detail: Qt fatal: {MASKED}" in text and "(no Python traceback)" in text


def test_marker_clean_exit_means_no_notice(tmp_path: Path) -> None:
    assert start_run(tmp_path) is None
    assert marker_path(tmp_path).exists()
    end_run(tmp_path)
    assert not marker_path(tmp_path).exists()
    assert start_run(tmp_path) is None


def test_a_marker_left_by_a_dead_process_is_reported_once(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(dead.stdout)
    marker_path(tmp_path, pid).write_text("2026-06-01T08:00:00+00:00", encoding="utf-8")
    (crash_dir(tmp_path)).mkdir()
    old = crash_dir(tmp_path) / "crash-20260501T080000.000000Z-1.txt"
    new = crash_dir(tmp_path) / "crash-20260601T090000.000000Z-2.txt"
    for path in (old, new):
        path.write_text("x", encoding="utf-8")
    previous = start_run(tmp_path)
    assert previous is not None
    assert previous.started == "2026-06-01T08:00:00+00:00"
    assert previous.crash_reports == (new,)  # only what that run wrote
    assert not marker_path(tmp_path, pid).exists()
    assert marker_path(tmp_path).exists()  # this run's own marker
    assert start_run(tmp_path) is None  # told once; our own marker is not "abnormal"


@pytest.mark.skipif(sys.platform == "win32", reason="liveness is checked on POSIX only")
def test_a_marker_of_a_live_process_is_left_alone(tmp_path: Path) -> None:
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]) as other:
        try:
            marker_path(tmp_path, other.pid).write_text("2026-06-01T08:00:00+00:00")
            assert start_run(tmp_path) is None
            assert marker_path(tmp_path, other.pid).exists()
        finally:
            other.kill()


CHILD = textwrap.dedent(
    """
    import sys, threading
    from pathlib import Path
    from exam_client.services.crash import CrashHandler, start_run
    from exam_client.services.logs import configure_logging

    data_dir = Path(sys.argv[1])
    configure_logging(data_dir, "INFO", console=False)
    CrashHandler(data_dir).install()
    start_run(data_dir)

    def sync_worker():
        raise ConnectionError("mất kết nối khi gửi hồ sơ {cccd}")

    worker = threading.Thread(target=sync_worker, name="sync-worker")
    worker.start()
    worker.join()
    print("main still alive", flush=True)
    raise RuntimeError("lỗi không lường trước với {cccd}")
    """
).format(cccd=CCCD)


def test_real_unhandled_exceptions_in_a_child_process(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "main still alive" in done.stdout  # a dead worker thread does not end the app
    assert CCCD not in done.stderr
    reports = sorted(crash_dir(tmp_path).glob("crash-*.txt"))
    assert len(reports) == 2
    texts = [p.read_text(encoding="utf-8") for p in reports]
    assert any("thread: sync-worker" in t and "ConnectionError" in t for t in texts)
    assert any("thread: MainThread" in t and "RuntimeError" in t for t in texts)
    assert all(CCCD not in t and MASKED in t for t in texts)
    log_text = (tmp_path / "logs" / "exam-client.jsonl").read_text(encoding="utf-8")
    assert CCCD not in log_text
    criticals = [e for e in map(json.loads, log_text.splitlines()) if e["level"] == "CRITICAL"]
    assert [e["thread"] for e in criticals] == ["sync-worker", "MainThread"]
    assert all("Traceback" in e["exc"] for e in criticals)
    # The process never reached a clean exit: the next start says so, with both reports.
    previous = start_run(tmp_path)
    assert previous is not None
    assert previous.crash_reports == tuple(reports)
