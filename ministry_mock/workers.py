"""``ministry-mock --workers N``: one prepared app served by N forked processes on one socket.

Why processes: the mock is CPU-bound Python. One process runs its hot path on one event-loop
thread under one GIL, so it uses one core however many the server has; a Python ASGI service
scales out with worker processes, and so does this one.

How: the parent does once what must happen once — create and seed the database, build the
cycle year's catalog, bind the listening socket — then forks the workers. Each inherits the
prepared app and the socket and runs its own uvicorn server on it (own event loop, thread pool
and connection pool); the kernel gives each new connection to one of them, and a keep-alive
connection stays with the worker that accepted it. Forking, not spawning, is what lets workers
share the parent's work and the demo clock's shared memory: POSIX only (the mock's servers run
Linux; the client's embedded demo mock is one process).

What lives in each process, and what a multi-worker server does about it:

* demo clock: in shared memory (:meth:`DemoClock.share_between_processes`), one clock for all;
* admission control: ``--max-in-flight`` is the server's limit, split between the workers
  (:func:`ministry_mock.ratelimit.limit_share`, at least 1 each);
* bearer-token cache (:mod:`ministry_mock.principals`): per worker; a sign-out answered by one
  worker reaches the others within the cache's one-second lifetime;
* look-up limit (:class:`ministry_mock.ratelimit.TokenBuckets`): per worker. A client's
  keep-alive connection stays on one worker, so one client sees the configured limit; an
  account spread over many connections may get up to N times the rate;
* look-up audit batcher: one writer thread per worker; SQLite's busy timeout
  (:mod:`ministry_mock.store.session`) serialises their commits;
* fault injection, payment-gateway settings, catalog withdrawals: held in the memory of the
  process that answered the admin call, so they cannot be correct across workers and are
  refused: ``--faults`` at the command line, and the admin calls that change them answer 409
  (:data:`SINGLE_WORKER_ONLY`).

Stopping: SIGINT or SIGTERM to the parent is passed on to every worker as SIGTERM; each finishes
its requests (uvicorn's graceful shutdown) and the parent returns when all have ended. A worker
whose parent vanished (killed) stops by itself within a tenth of a second. A worker that dies is
reported and replaced, unless it died within its first seconds (it would only die again): then
the whole server stops with an error.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import signal
import socket
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

import uvicorn
from fastapi import FastAPI
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from starlette.types import ASGIApp, Receive, Scope, Send

from ministry_mock.clock import demo_clock
from ministry_mock.deps import Instance
from ministry_mock.faults import FaultConfig
from ministry_mock.problems import ApiProblem, problem_response
from ministry_mock.routes.catalog import build_cycle_catalog
from ministry_mock.server import server_config

log = logging.getLogger(__name__)

#: Admin calls that change per-process memory: (path prefix, methods). Refused with workers > 1.
SINGLE_WORKER_ONLY: tuple[tuple[str, frozenset[str]], ...] = (
    ("/admin/faults", frozenset({"POST", "PUT", "DELETE"})),
    ("/admin/catalog", frozenset({"POST", "PUT", "DELETE"})),
    ("/admin/payments/gateway", frozenset({"POST", "PUT", "DELETE"})),
)
STARTUP_GRACE_S = 2.0  # a worker dying younger than this failed to start: not replaced
STOP_TIMEOUT_S = 10.0  # graceful shutdown (uvicorn's own is 2 s) before workers are killed
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def cpu_count() -> int:
    """CPUs this process may run on (``--workers auto``)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def parse_workers(spec: str) -> int:
    """``auto`` (one per CPU) or a positive number; ``ValueError`` with the reason otherwise."""
    if spec.strip().lower() == "auto":
        return cpu_count()
    try:
        value = int(spec)
    except ValueError:
        value = 0
    if value < 1:
        raise ValueError("expected a positive number of worker processes, or auto")
    return value


def why_not_several(db_url: str, faults: FaultConfig) -> str | None:
    """Why this server cannot run several workers, or ``None`` if it can."""
    if not hasattr(os, "fork") or sys.platform == "win32":
        return "several workers need fork(), which this system lacks; use --workers 1"
    try:
        database = make_url(db_url).database
    except ArgumentError:
        return None  # not a URL at all: opening the store says so, as with one worker
    if database in (None, "", ":memory:"):
        return "an in-memory database lives in one process; use a database file or server"
    if faults.enabled:
        return (
            "fault injection is per process (its random sequence, max and capacity); "
            "use --workers 1 with --faults"
        )
    return None


class SingleWorkerGuard:
    """ASGI middleware answering 409 to the admin calls in :data:`SINGLE_WORKER_ONLY`.

    Only the worker that happened to accept such a call would change, and every other worker
    would go on answering from its old state: refused clearly rather than silently wrong.
    """

    def __init__(self, app: ASGIApp, workers: int) -> None:
        self.app = app
        self._refusal = problem_response(
            ApiProblem(
                409,
                "server.single_worker_only",
                "Chỉ thực hiện được khi máy chủ chạy một tiến trình",
                f"Máy chủ mô phỏng đang chạy {workers} tiến trình; thao tác này chỉ đổi bộ nhớ "
                "của một tiến trình. Hãy chạy lại máy chủ với --workers 1.",
                extra={"workers": workers},
            )
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _single_worker_only(scope["method"], scope["path"]):
            await self._refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _single_worker_only(method: str, path: str) -> bool:
    if not path.startswith("/admin/"):
        return False
    return any(path.startswith(prefix) and method in ms for prefix, ms in SINGLE_WORKER_ONLY)


def prepare(app: FastAPI, workers: int) -> None:
    """What the parent does before forking ``workers`` processes (also for one worker: the
    catalog is then ready before the first client asks)."""
    inst = app.state.instance
    assert isinstance(inst, Instance)
    build_cycle_catalog(inst)
    tune_garbage_collector()
    if workers == 1:
        return
    if inst.settings.demo:
        app.add_middleware(SingleWorkerGuard, workers=workers)
    clock = demo_clock(inst.settings)
    if clock is not None:
        clock.share_between_processes()
    # No database connection may cross a fork: two processes on one SQLite handle corrupt it.
    inst.store.engine.dispose()


#: Python's defaults are (700, 10, 10). A request allocates thousands of short-lived objects,
#: so young collections ran every few requests and full ones walked every object of the process.
GC_THRESHOLDS = (50_000, 20, 20)


def tune_garbage_collector() -> None:
    """Collect once, freeze what survives, and make collections rarer (before serving).

    What exists once the app is built (modules, routes, schemas, the catalog) lives as long as
    the server: frozen, the collector never walks it again, and forked workers do not touch its
    pages (copy-on-write). Measured on a 5 000-record push and pull: the mock's CPU 4.5–4.8 s →
    3.3–3.9 s. Requests make little cyclic garbage, so the higher thresholds cost little memory.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


class _WorkerServer(uvicorn.Server):
    """A uvicorn server that also stops when its parent is gone (``getppid`` changes)."""

    def __init__(self, config: uvicorn.Config, parent_pid: int) -> None:
        super().__init__(config)
        self._parent_pid = parent_pid

    async def on_tick(self, counter: int) -> bool:
        if os.getppid() != self._parent_pid:
            self.should_exit = True
        return await super().on_tick(counter)


def _exit_quietly(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def _serve(
    app: Any, sock: socket.socket, *, index: int, workers: int, access_log: bool, parent_pid: int
) -> None:
    """A worker process: serve until SIGTERM/SIGINT (uvicorn's handlers while it runs)."""
    for sig in _STOP_SIGNALS:  # until uvicorn takes over, and when it re-raises after shutdown
        signal.signal(sig, _exit_quietly)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    config = server_config(
        app, access_log=access_log, log_level="info", workers=workers, index=index
    )
    _WorkerServer(config, parent_pid).run(sockets=[sock])


@dataclass
class _Slot:
    index: int
    process: BaseProcess
    started: float


class WorkerPool:
    """The parent's side: start, watch, replace and stop the worker processes."""

    def __init__(self, app: Any, sock: socket.socket, workers: int, *, access_log: bool) -> None:
        self._app = app
        self._socket = sock
        self._count = workers
        self._access_log = access_log
        self._context = multiprocessing.get_context("fork")
        self._slots: list[_Slot] = []
        self._stopping = False

    @property
    def pids(self) -> list[int]:
        return [slot.process.pid for slot in self._slots if slot.process.pid is not None]

    def _start(self, index: int) -> _Slot:
        process = self._context.Process(
            target=_serve,
            args=(self._app, self._socket),
            kwargs={
                "index": index,
                "workers": self._count,
                "access_log": self._access_log,
                "parent_pid": os.getpid(),
            },
            name=f"ministry-mock-worker-{index + 1}",
            daemon=False,  # daemonic processes may not have children; the pool stops them
        )
        # Blocked across fork: a signal arriving before the worker installs its own handlers
        # stays pending (the worker unblocks it then) instead of running the parent's handler.
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        return _Slot(index, process, time.monotonic())

    def _stop_all(self, signum: int = signal.SIGTERM, frame: FrameType | None = None) -> None:
        self._stopping = True
        for slot in self._slots:
            if slot.process.is_alive() and slot.process.pid is not None:
                os.kill(slot.process.pid, signal.SIGTERM)

    def run(self) -> int:
        """Serve until SIGINT/SIGTERM; 0 after a clean stop, 1 if workers kept dying."""
        handlers = {sig: signal.signal(sig, self._stop_all) for sig in _STOP_SIGNALS}
        try:
            self._slots = [self._start(i) for i in range(self._count)]
            return self._watch()
        finally:
            self._stop_all()
            self._reap()
            for sig, handler in handlers.items():
                signal.signal(sig, handler)

    def _watch(self) -> int:
        code = 0
        while not self._stopping:
            ended = wait([slot.process.sentinel for slot in self._slots], timeout=1.0)
            for slot in [s for s in self._slots if s.process.sentinel in ended]:
                slot.process.join()
                if self._stopping:
                    break
                age = time.monotonic() - slot.started
                print(
                    f"Worker {slot.index + 1} (pid {slot.process.pid}) ended with exit code "
                    f"{slot.process.exitcode} after {age:.0f} s.",
                    file=sys.stderr,
                    flush=True,
                )
                if age < STARTUP_GRACE_S:
                    print("It died during start-up; stopping the server.", file=sys.stderr)
                    self._stop_all()
                    code = 1
                    break
                fresh = self._slots[slot.index] = self._start(slot.index)
                print(
                    f"Started worker {slot.index + 1} again (pid {fresh.process.pid}).",
                    file=sys.stderr,
                    flush=True,
                )
        return code

    def _reap(self) -> None:
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for slot in self._slots:
            slot.process.join(max(0.0, deadline - time.monotonic()))
            if slot.process.is_alive():
                log.warning("worker %d did not stop in time; killing it", slot.index + 1)
                slot.process.kill()
                slot.process.join()


def serve_workers(app: Any, sock: socket.socket, workers: int, *, access_log: bool) -> int:
    """Run ``workers`` processes on ``sock`` until stopped (see the module docstring)."""
    pool = WorkerPool(app, sock, workers, access_log=access_log)
    return pool.run()
