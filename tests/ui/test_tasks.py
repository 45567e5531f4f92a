"""The one background-task helper: results arrive on the GUI thread; cancel silences them."""

from __future__ import annotations

import threading
import time

from pytestqt.qtbot import QtBot

from exam_client.ui.tasks import CancelToken, TaskRunner


def test_success_is_delivered_on_the_gui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    worker_threads: list[threading.Thread] = []
    delivered: list[tuple[object, threading.Thread]] = []

    def work() -> int:
        worker_threads.append(threading.current_thread())
        return 41 + 1

    runner.submit(work, on_success=lambda r: delivered.append((r, threading.current_thread())))
    qtbot.waitUntil(lambda: bool(delivered), timeout=5000)
    assert delivered[0][0] == 42
    assert delivered[0][1] is threading.main_thread()
    assert worker_threads[0] is not threading.main_thread()


def test_failure_is_delivered_with_the_exception(qtbot: QtBot) -> None:
    runner = TaskRunner()
    failures: list[BaseException] = []

    def boom() -> None:
        raise ValueError("bad")

    runner.submit(
        boom, on_success=lambda _: failures.append(AssertionError()), on_failure=failures.append
    )
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert isinstance(failures[0], ValueError)
    assert str(failures[0]) == "bad"


def test_progress_and_cancellation(qtbot: QtBot) -> None:
    runner = TaskRunner()
    progress: list[int] = []
    results: list[object] = []
    stopped_early = threading.Event()

    def work(token: CancelToken, report: object) -> str:
        for i in range(200):
            if token.cancelled:
                stopped_early.set()
                return "stopped"
            report(i)  # type: ignore[operator]
            time.sleep(0.005)
        return "finished"

    handle = runner.submit(
        work, on_success=results.append, on_progress=progress.append, with_token=True
    )
    qtbot.waitUntil(lambda: len(progress) >= 3, timeout=5000)
    handle.cancel()
    assert runner.wait_idle(5000)
    qtbot.wait(50)
    assert stopped_early.is_set()
    assert results == []  # a cancelled task's result is never delivered
    assert not handle.running
