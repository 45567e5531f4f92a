"""Fault injection: the bad days of a real ministry server, on demand and repeatable.

The client's sync engine must survive slow links, 500s, overload and - the case idempotency keys
exist for - a change that *committed* while its response was lost. This middleware produces each
of them, off by default, deterministic for a seed (one random draw per faultable request, in
arrival order), so a failing client test can be replayed.

Kinds (see :class:`FaultConfig`):

* **latency**: ``latency_ms`` plus a uniform ``0..jitter_ms`` before the request is handled;
* **error**: a 500 problem before the handler runs (nothing changes);
* **overload**: a 503 problem with ``Retry-After`` before the handler runs;
* **capacity**: more than ``capacity`` requests in flight: answer 503 + ``Retry-After`` at once
  instead of queueing, as an overloaded server behind a load balancer does;
* **drop**: the handler runs to the end (the change is committed), then the TCP connection is
  aborted before one byte of the response is written. The client sees "connection closed
  without response" - exactly what it sees when a proxy, NAT or mobile link dies after the
  server committed - and cannot tell whether its request was applied. ``drop_as="502"`` answers
  502 instead, as a reverse proxy does when its upstream vanished mid-request;
* **slow body**: the response body trickles out in ``slow_body_chunk``-byte pieces with
  ``slow_body_delay_ms`` between them (exercises read time-outs).

``/health`` and ``/admin/faults`` are never faulted: start-up waits must work, and a test must
always be able to switch faults off. Faulted answers carry ``X-Mock-Fault: <kind>``.
"""

from __future__ import annotations

import asyncio
import random
import threading
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ministry_mock.problems import ApiProblem, http_problem, problem_response

FAULT_HEADER = "X-Mock-Fault"
EXEMPT_PATHS = ("/health", "/admin/faults", "/docs", "/openapi.json", "/redoc")
FaultKind = Literal["error", "overload", "capacity", "drop"]

_SPEC_KEYS = {
    "seed": "seed",
    "latency": "latency_ms",
    "jitter": "jitter_ms",
    "error": "error_rate",
    "overload": "overload_rate",
    "drop": "drop_rate",
    "drop_as": "drop_as",
    "capacity": "capacity",
    "retry_after": "retry_after_s",
    "max": "max_faults",
    "paths": "paths",
    "methods": "methods",
}


class FaultConfig(BaseModel):
    """What to inject; the default injects nothing. Also the body of ``POST /admin/faults``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    seed: int = 0
    latency_ms: int = Field(default=0, ge=0, le=60_000)
    jitter_ms: int = Field(default=0, ge=0, le=60_000)
    error_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    overload_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    drop_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    drop_as: Literal["close", "502"] = "close"
    capacity: int | None = Field(default=None, ge=1, description="max requests in flight")
    retry_after_s: int = Field(default=1, ge=0, le=3600)
    slow_body_chunk: int = Field(default=0, ge=0, description="bytes per piece; 0 = off")
    slow_body_delay_ms: int = Field(default=0, ge=0, le=10_000)
    paths: tuple[str, ...] = Field(default=(), description="path prefixes; empty = all")
    methods: tuple[str, ...] = Field(default=(), description="HTTP methods; empty = all")
    max_faults: int | None = Field(
        default=None, ge=0, description="stop injecting failures after this many"
    )

    @model_validator(mode="after")
    def _rates_fit(self) -> FaultConfig:
        if self.error_rate + self.overload_rate + self.drop_rate > 1.0 + 1e-9:
            raise ValueError("error_rate + overload_rate + drop_rate must not exceed 1")
        return self

    @property
    def enabled(self) -> bool:
        return self != FaultConfig(seed=self.seed)

    @classmethod
    def parse(cls, spec: str) -> FaultConfig:
        """The ``--faults`` syntax: ``latency=200,jitter=50,error=0.05,drop=0.02,capacity=8,
        slow=512:40,paths=/sync|/registrations,seed=7`` (unknown keys are an error)."""
        values: dict[str, object] = {}
        for item in filter(None, (part.strip() for part in spec.split(","))):
            key, sep, value = item.partition("=")
            if not sep:
                raise ValueError(f"expected key=value, got {item!r}")
            if key == "slow":
                chunk, _, delay = value.partition(":")
                values["slow_body_chunk"] = int(chunk)
                values["slow_body_delay_ms"] = int(delay or "50")
            elif key in ("paths", "methods"):
                values[_SPEC_KEYS[key]] = tuple(filter(None, value.split("|")))
            elif key in _SPEC_KEYS:
                values[_SPEC_KEYS[key]] = value
            else:
                raise ValueError(f"unknown fault {key!r}; known: slow, {', '.join(_SPEC_KEYS)}")
        return cls.model_validate(values)


@dataclass(frozen=True, slots=True)
class Decision:
    delay_s: float = 0.0
    kind: FaultKind | None = None
    admitted: bool = True


class FaultInjector:
    """The current configuration plus its random stream, shared by all requests of one app.

    Decisions are taken under a lock (the admin endpoint reconfigures from a worker thread).
    Reconfiguring restarts the random stream, so "set faults, run the scenario" is repeatable.
    """

    def __init__(self, config: FaultConfig | None = None) -> None:
        self._lock = threading.Lock()
        self._in_flight = 0
        self.configure(config or FaultConfig())

    def configure(self, config: FaultConfig) -> None:
        with self._lock:
            self._config = config
            self._rng = random.Random(config.seed)
            self._injected = 0
            self.injected: dict[str, int] = {}

    @property
    def config(self) -> FaultConfig:
        return self._config

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def applies(self, method: str, path: str) -> bool:
        cfg = self._config
        if not cfg.enabled or path.startswith(EXEMPT_PATHS):
            return False
        if cfg.methods and method.upper() not in {m.upper() for m in cfg.methods}:
            return False
        return not cfg.paths or path.startswith(cfg.paths)

    def admit(self) -> Decision:
        """Decide the fate of one faultable request; admitted requests must be released."""
        with self._lock:
            cfg = self._config
            budget_left = cfg.max_faults is None or self._injected < cfg.max_faults
            if cfg.capacity is not None and self._in_flight >= cfg.capacity and budget_left:
                self._count("capacity")
                return Decision(kind="capacity", admitted=False)
            self._in_flight += 1
            jitter = self._rng.uniform(0, cfg.jitter_ms) if cfg.jitter_ms else 0.0
            draw = self._rng.random()
            kind: FaultKind | None = None
            if budget_left:
                if draw < cfg.error_rate:
                    kind = "error"
                elif draw < cfg.error_rate + cfg.overload_rate:
                    kind = "overload"
                elif draw < cfg.error_rate + cfg.overload_rate + cfg.drop_rate:
                    kind = "drop"
            if kind is not None:
                self._count(kind)
            return Decision(delay_s=(cfg.latency_ms + jitter) / 1000, kind=kind)

    def release(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _count(self, kind: str) -> None:
        self._injected += 1
        self.injected[kind] = self.injected.get(kind, 0) + 1


async def _abort_connection(send: Send) -> bool:
    """Close the client's TCP connection with no response, if the server lets us reach it.

    Uvicorn hands the application its per-request cycle's bound ``send``; the cycle owns the
    transport. Aborting it and yielding to the loop lets uvicorn notice the disconnect, so it
    neither writes its own 500 nor logs an error. Returns False on another server.
    """
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if transport is None or not hasattr(transport, "abort"):
        return False
    transport.abort()
    for _ in range(3):
        await asyncio.sleep(0)
    return True


class FaultMiddleware:
    """Outermost ASGI layer (outside the error handlers) applying :class:`FaultInjector`."""

    def __init__(self, app: ASGIApp, injector: FaultInjector) -> None:
        self.app = app
        self.injector = injector

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.injector.applies(scope["method"], scope["path"]):
            await self.app(scope, receive, send)
            return
        decision = self.injector.admit()
        if not decision.admitted:
            await self._unavailable(scope, receive, send, "capacity")
            return
        try:
            if decision.delay_s:
                await asyncio.sleep(decision.delay_s)
            if decision.kind == "error":
                await self._answer(scope, receive, send, http_problem(500), "error")
            elif decision.kind == "overload":
                await self._unavailable(scope, receive, send, "overload")
            elif decision.kind == "drop":
                await self._commit_then_drop(scope, receive, send)
            elif self.injector.config.slow_body_chunk:
                await self._slow_body(scope, receive, send)
            else:
                await self.app(scope, receive, send)
        finally:
            self.injector.release()

    async def _answer(
        self, scope: Scope, receive: Receive, send: Send, problem: ApiProblem, kind: str
    ) -> None:
        response = problem_response(problem)
        response.headers[FAULT_HEADER] = kind
        await response(scope, receive, send)

    async def _unavailable(self, scope: Scope, receive: Receive, send: Send, kind: str) -> None:
        await self._answer(
            scope, receive, send, overloaded(self.injector.config.retry_after_s), kind
        )

    async def _commit_then_drop(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def swallow(message: Message) -> None:
            return None

        await self.app(scope, receive, swallow)  # the handler commits; its answer goes nowhere
        if self.injector.config.drop_as == "502" or not await _abort_connection(send):
            await self._answer(scope, receive, send, bad_gateway(), "drop")

    async def _slow_body(self, scope: Scope, receive: Receive, send: Send) -> None:
        cfg = self.injector.config
        messages: list[Message] = []

        async def capture(message: Message) -> None:
            messages.append(message)

        await self.app(scope, receive, capture)
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
        for message in messages:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"x-mock-fault", b"slow-body")]
                await send({**message, "headers": headers})
        pieces = [
            body[i : i + cfg.slow_body_chunk] for i in range(0, len(body), cfg.slow_body_chunk)
        ]
        for index, piece in enumerate(pieces):
            await send({"type": "http.response.body", "body": piece, "more_body": True})
            if index < len(pieces) - 1:
                await asyncio.sleep(cfg.slow_body_delay_ms / 1000)
        await send({"type": "http.response.body", "body": b"", "more_body": False})


def overloaded(seconds: int) -> ApiProblem:
    return ApiProblem(
        503,
        "server.overloaded",
        "Hệ thống đang quá tải",
        f"Máy chủ đang phục vụ quá nhiều yêu cầu. Hãy thử lại sau {seconds} giây; dữ liệu chưa "
        "gửi vẫn được giữ trên máy.",
        headers={"Retry-After": str(seconds)},
        extra={"retry_after": seconds},
    )


def bad_gateway() -> ApiProblem:
    return ApiProblem(
        502,
        "server.bad_gateway",
        "Mất kết nối tới máy chủ",
        "Cổng kết nối không nhận được trả lời từ máy chủ. Yêu cầu có thể đã được xử lý; hãy gửi "
        "lại đúng yêu cầu đó.",
    )
