"""Run an app with uvicorn on a background thread (tests, the client's ``--demo`` mode).

The socket is bound here, before the thread starts, so port 0 resolves to a real free port
without a race, and the call returns only once ``GET /health`` answers: callers can talk to
the server immediately. ``stop()`` asks uvicorn to exit, waits for the thread and is safe to
call twice. Uvicorn is given no logging config of its own (the host process owns logging) and
its access log is off unless asked for, with IDs masked either way.

Every app served from here sits behind admission control (:class:`~ministry_mock.ratelimit.
AdmissionGate`, limit ``MockSettings.max_in_flight``): beyond capacity a request is answered 503
with ``Retry-After`` before any work, and ``RunningServer.admission`` shows the counters. A
worker of a multi-process server (:mod:`ministry_mock.workers`) gets its share of that limit.
"""

from __future__ import annotations

import http.client
import logging
import socket
import sys
import threading
import time
from types import TracebackType
from typing import Any

import uvicorn

from ministry_mock import logsafety
from ministry_mock.deps import Instance
from ministry_mock.protocol import protocol_class
from ministry_mock.ratelimit import AdmissionGate, limit_share

STARTUP_TIMEOUT_S = 10.0
STOP_TIMEOUT_S = 5.0
BACKLOG = 2048


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket; ``port`` 0 picks a free port (read it from ``getsockname``)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio turns Nagle off (TCP_NODELAY) only on accepted sockets
    # whose proto says TCP, and with Nagle on every small answer (headers, then body) waits
    # ~40 ms for the client's delayed ACK on loopback.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    if sys.platform != "win32":  # on Windows SO_REUSEADDR would let others steal the port
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        # listening now (not when uvicorn starts) lets the printed URL accept connections at
        # once: they wait in the backlog until the app is ready
        sock.listen(BACKLOG)
    except OSError:
        sock.close()
        raise
    return sock


def admission_gate(app: Any, *, workers: int = 1, index: int = 0) -> AdmissionGate:
    """``app`` behind admission control, with its instance's limit (none for a foreign app);
    worker ``index`` of ``workers`` gets its share of it (:func:`limit_share`)."""
    inst = getattr(getattr(app, "state", None), "instance", None)
    if not isinstance(inst, Instance):
        return AdmissionGate(app, None)
    settings = inst.settings
    wait_ms = settings.max_queue_wait_ms
    return AdmissionGate(
        app,
        limit_share(settings.max_in_flight, workers, index),
        settings.busy_retry_after_s,
        max_wait_s=None if wait_ms is None else wait_ms / 1000,
    )


def server_config(
    app: Any,
    *,
    access_log: bool = False,
    log_level: str = "warning",
    workers: int = 1,
    index: int = 0,
) -> uvicorn.Config:
    """How uvicorn serves ``app``; ``workers``/``index``: this process's place in a server of
    several worker processes (its share of the in-flight limit)."""
    logsafety.install("uvicorn.access")
    logsafety.install("uvicorn.error")
    config = uvicorn.Config(
        admission_gate(app, workers=workers, index=index),
        log_config=None,
        log_level=log_level,
        access_log=access_log,
        http=protocol_class(),  # one send per answer; arrival stamps for the gate
        lifespan="on",
        timeout_graceful_shutdown=2,
    )
    if access_log:  # uvicorn logs requests at INFO; a quieter server level would hide them
        logging.getLogger("uvicorn.access").setLevel(logging.INFO)
    return config


class RunningServer:
    """A uvicorn server on a daemon thread. Use as a context manager or call :meth:`stop`."""

    def __init__(
        self,
        server: uvicorn.Server,
        thread: threading.Thread,
        sock: socket.socket,
        host: str,
        *,
        app: Any = None,
        access_log: bool = False,
    ) -> None:
        self._app = app
        self._access_log = access_log
        self._server = server
        self._thread = thread
        self._socket = sock
        self.host = host
        self.port: int = sock.getsockname()[1]
        url_host = f"[{host}]" if ":" in host else host
        self.base_url = f"http://{url_host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    @property
    def admission(self) -> AdmissionGate:
        """The admission gate in front of the app: limit, requests in flight, shed count."""
        gate = self._server.config.app
        assert isinstance(gate, AdmissionGate)
        return gate

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> None:
        self._server.should_exit = True
        self._thread.join(timeout)
        if self._thread.is_alive():
            self._server.force_exit = True
            self._thread.join(timeout)
        self._socket.close()

    def restart(self, *, down_for: float = 0.0) -> None:
        """Stop, stay down ``down_for`` seconds, then serve the same app on the same port.

        Models a server restart as clients see it: open connections are cut, new ones are
        refused while down, then the same URL answers again with the data it committed. The
        app object (and so in-memory state such as fault settings) survives; an in-memory
        SQLite database does not (its one connection is closed on shutdown).
        """
        if self._app is None:
            raise RuntimeError("restart() needs a server made by start_in_thread()")
        self.stop()
        time.sleep(down_for)
        fresh = start_in_thread(self._app, self.host, self.port, access_log=self._access_log)
        self._server, self._thread, self._socket = fresh._server, fresh._thread, fresh._socket

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"RunningServer({self.base_url}, running={self.running})"


def _health_ok(host: str, port: int) -> bool:
    conn = http.client.HTTPConnection(host, port, timeout=1.0)
    try:
        conn.request("GET", "/health")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def start_in_thread(
    app: Any,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    access_log: bool = False,
    startup_timeout: float = STARTUP_TIMEOUT_S,
) -> RunningServer:
    """Serve ``app`` on ``host:port`` (0 = any free port); return once /health answers."""
    sock = bind_socket(host, port)
    server = uvicorn.Server(server_config(app, access_log=access_log))
    thread = threading.Thread(
        target=server.run,
        kwargs={"sockets": [sock]},
        name=f"ministry-mock:{sock.getsockname()[1]}",
        daemon=True,
    )
    running = RunningServer(server, thread, sock, host, app=app, access_log=access_log)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while time.monotonic() < deadline:
        if not thread.is_alive():
            running.stop()
            raise RuntimeError("the mock server thread ended during start-up")
        if server.started and _health_ok(host, running.port):
            return running
        time.sleep(0.01)
    running.stop()
    raise TimeoutError(f"the mock server did not answer /health within {startup_timeout} s")
