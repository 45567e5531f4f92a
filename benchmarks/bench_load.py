"""Issue figures for the mock under load: 200 concurrent clients with a realistic mix.

The mock runs as its own process (``python -m ministry_mock``, as it would on a server) with
admission control on; this process is the load generator: 200 asyncio clients, each with one
keep-alive HTTP/1.1 connection, hand-written GET requests and a minimal response parser. Threads
with ``requests.Session`` cost about as much CPU per request as the mock itself, and on 2 cores
the generator would then measure itself; its own CPU per request is reported to show it is not
the bottleneck.

The mix is what a school's desktop clients do on a deadline day (weights in ``MIX``): health
checks (connection monitor), citizen look-ups by staff, the first page of the registration list,
delta pulls from a running engine's cursor (at the end of the feed, or one page behind), catalog
checks (half of them conditional, answered 304). 400 registrations are pushed first. Clients
send back to back; a ``503`` is counted as shed (it must carry ``Retry-After``, which the client
then sleeps, as ``SyncEngine`` does). A failure is a connection error, a time-out, a 503 without
``Retry-After`` or any other 5xx.

The mock runs with one worker process per CPU (``--workers``, :mod:`ministry_mock.workers`),
as a server would, and ``--max-in-flight`` is the whole server's limit. A shorter second run with
one worker, on the same database, shows what the worker processes add.

``BENCH_LOAD_SECONDS`` (default 20) sets the measured window, after a 3 s warm-up; the
one-worker run measures a third of it (at least 5 s).
"""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import Result, p95
from benchmarks.mock_process import cpu_seconds, register_people, start_mock, stop_mock
from ministry_mock.settings import MAX_IN_FLIGHT
from ministry_mock.workers import cpu_count

CLIENTS = 200
WARMUP_S = 3.0
REQUEST_TIMEOUT_S = 10.0
CITIZENS = 5_000
REGISTRATIONS = 400
PAGE = 20  # one screen of a list; a delta pull of a running engine brings a few changes
MIX = (  # (kind, weight)
    ("health", 10),
    ("citizen", 35),
    ("registrations", 20),
    ("changes", 15),
    ("catalog", 20),
)


@dataclass
class Tally:
    """What the clients saw inside the measured window."""

    served_ms: list[float] = field(default_factory=list)  # 2xx / 304 answers
    shed_ms: list[float] = field(default_factory=list)  # 503 with Retry-After
    client_errors: int = 0  # 4xx other than 429: a bug of the mix, reported
    failures: dict[str, int] = field(default_factory=dict)

    def fail(self, kind: str) -> None:
        self.failures[kind] = self.failures.get(kind, 0) + 1


@dataclass(frozen=True)
class Mix:
    tokens: list[str]
    cccds: list[str]
    catalog_etag: str
    cursors: list[str]  # delta-pull positions: the end of the feed, and one page before it

    def request(self, rng: random.Random, host: str) -> bytes:
        kind = rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
        extra = f"Authorization: Bearer {rng.choice(self.tokens)}\r\n"
        if kind == "health":
            path, extra = "/health", ""
        elif kind == "citizen":
            path = f"/population/citizens/{rng.choice(self.cccds)}"
        elif kind == "registrations":
            path = f"/registrations?limit={PAGE}"
        elif kind == "changes":  # a running engine is near the end of the feed
            cursor = self.cursors[0] if rng.random() < 0.8 else self.cursors[1]
            path = f"/sync/changes?limit={PAGE}&cursor={cursor}"
        else:
            path = "/catalog"
            if rng.random() < 0.5:
                extra += f"If-None-Match: {self.catalog_etag}\r\n"
        return f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n".encode("latin-1")


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(head[0].split(" ", 2)[1])
    headers = {}
    for line in head[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    return status, headers


@dataclass(frozen=True)
class Run:
    host: str
    port: int
    mix: Mix
    window: tuple[float, float]  # perf_counter start and end of the measured part
    tally: Tally


async def _client(seed: int, run: Run) -> None:
    rng = random.Random(seed)
    (start, end), tally, host = run.window, run.tally, run.host
    conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    while (now := time.perf_counter()) < end:
        counted = now >= start
        try:
            if conn is None:
                conn = await asyncio.wait_for(asyncio.open_connection(host, run.port), 5.0)
            reader, writer = conn
            sent = time.perf_counter()
            writer.write(run.mix.request(rng, host))
            status, headers = await asyncio.wait_for(_read_answer(reader), REQUEST_TIMEOUT_S)
            elapsed_ms = (time.perf_counter() - sent) * 1000
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            if counted:
                tally.fail("connection")
            _close(conn)
            conn = None
            continue
        except TimeoutError:
            if counted:
                tally.fail("timeout")
            _close(conn)
            conn = None
            continue
        if headers.get("connection", "").lower() == "close":
            _close(conn)
            conn = None
        wait = 0.0
        if status < 400 or status == 304:
            bucket = tally.served_ms
        elif status in (429, 503) and headers.get("retry-after", "").isdigit():
            bucket, wait = tally.shed_ms, float(headers["retry-after"])
        elif status >= 500:
            bucket = None
            if counted:
                tally.fail(f"http {status}")
        else:
            bucket = None
            if counted:
                tally.client_errors += 1
        if counted and bucket is not None:
            bucket.append(elapsed_ms)
        if wait:
            await asyncio.sleep(wait * (0.5 + rng.random()))  # honour it, with jitter


def _close(conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None) -> None:
    """Drop a connection (the next request opens a new one)."""
    if conn is not None:
        conn[1].close()


async def _load(
    host: str, port: int, mix: Mix, seconds: float, server_cpu: Callable[[], float]
) -> tuple[Tally, float, float]:
    """The clients' tally, and the CPU seconds this process and the mock spent in the window
    (sampled at its edges, so the warm-up does not inflate the CPU per answer)."""
    tally = Tally()
    t0 = time.perf_counter()
    window = (t0 + WARMUP_S, t0 + WARMUP_S + seconds)
    run = Run(host, port, mix, window, tally)
    clients = asyncio.gather(*(_client(i, run) for i in range(CLIENTS)))
    start, end = await asyncio.gather(*(_cpu_at(edge, server_cpu) for edge in window))
    await clients
    return tally, end[0] - start[0], end[1] - start[1]


async def _cpu_at(moment: float, server_cpu: Callable[[], float]) -> tuple[float, float]:
    await asyncio.sleep(max(0.0, moment - time.perf_counter()))
    return time.process_time(), server_cpu()


def _start_mock(folder: Path, workers: int) -> tuple[subprocess.Popen[str], str]:
    return start_mock(
        folder,
        f"--citizens={CITIZENS}",
        "--schools=50",
        "--lookup-limit=off",  # two demo accounts stand for a whole province of schools
        f"--max-in-flight={MAX_IN_FLIGHT}",  # the whole server's, split between workers
        f"--workers={workers}",
    )


def _prepare(url: str, folder: Path) -> Mix:
    """Sign in both demo schools, give the first some registrations, warm the catalog."""
    from exam_client.api.client import MinistryClient
    from ministry_mock.seed import DEMO_OTHER_STAFF_USERNAME, DEMO_STAFF_PASS, DEMO_STAFF_USERNAME
    from tests.services.test_registrations_service import push_operations

    people = register_people(folder, 2_000)
    tokens = []
    for username in (DEMO_STAFF_USERNAME, DEMO_OTHER_STAFF_USERNAME):
        api = MinistryClient(url, timeout=(3.0, 60.0))
        tokens.append(api.login(username, DEMO_STAFF_PASS).access_token)
        if username == DEMO_STAFF_USERNAME:
            api.push(push_operations(people[:REGISTRATIONS]))
        api.close()
    return Mix(
        tokens=tokens[:1],  # the school with the registrations
        cccds=[p[0] for p in people],
        catalog_etag=_catalog_etag(url),
        cursors=_feed_cursors(url, tokens[0]),
    )


def _feed_cursors(url: str, token: str) -> list[str]:
    """The cursor at the end of the school's feed and the one a page before it."""
    import requests

    cursors, cursor = [""], ""
    while True:
        params: dict[str, str | int] = {"limit": PAGE, "cursor": cursor}
        page = requests.get(
            f"{url}/sync/changes",
            params=params,
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        ).json()
        cursor = page["next_cursor"]
        cursors.append(cursor)
        if not page["has_more"]:
            return [cursors[-1], cursors[-2]]


def _catalog_etag(url: str) -> str:
    import requests

    response = requests.get(f"{url}/catalog", timeout=120)
    response.raise_for_status()
    return response.headers["ETag"]


def _measure(
    url: str, mix: Mix, seconds: float, server_cpu: Callable[[], float]
) -> tuple[Tally, float, float]:
    host, port = url.removeprefix("http://").rsplit(":", 1)
    return asyncio.run(_load(host, int(port), mix, seconds, server_cpu))


def _run_mock(
    folder: Path, workers: int, seconds: float, mix: Mix | None
) -> tuple[Mix, Tally, float, float]:
    """Start the mock with ``workers`` processes, prepare the mix once, measure, stop."""
    proc, url = _start_mock(folder, workers)
    try:
        mix = mix or _prepare(url, folder)
        tally, own_cpu, mock_cpu = _measure(url, mix, seconds, lambda: cpu_seconds(proc.pid))
    finally:
        stop_mock(proc)
    return mix, tally, own_cpu, mock_cpu


def run() -> list[Result]:
    seconds = float(os.environ.get("BENCH_LOAD_SECONDS", "20"))
    single_seconds = max(5.0, seconds / 3)
    workers = cpu_count()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        mix, tally, own_cpu, mock_cpu = _run_mock(folder, workers, seconds, None)
        single = _run_mock(folder, 1, single_seconds, mix) if workers > 1 else None
    label = f"{CLIENTS} clients, {workers} worker{'s' if workers > 1 else ''}"
    answered = len(tally.served_ms) + len(tally.shed_ms)
    total = max(1, answered)
    results = [
        Result(
            f"load: {label}, served requests/s",
            len(tally.served_ms) / seconds,
            "req/s",
            target=500.0,
            higher_is_better=True,
        ),
        Result(
            f"load: {label}, p95 latency of served requests",
            p95(tally.served_ms or [0.0]),
            "ms",
            200.0,
        ),
        Result(
            f"load: {label}, p95 latency of all answers (503 incl.)",
            p95(tally.served_ms + tally.shed_ms or [0.0]),
            "ms",
        ),
        Result(
            f"load: {label}, shed with 503 + Retry-After (limit {MAX_IN_FLIGHT} in flight)",
            len(tally.shed_ms) / seconds,
            "req/s",
        ),
        Result(
            "load: failures (errors, time-outs, 5xx but 503)",
            float(sum(tally.failures.values())),
            "requests",
            target=0.0,
        ),
        Result("load: 4xx answers (mix errors, expect 0)", float(tally.client_errors), "requests"),
        Result("load: generator CPU per answer", own_cpu / total * 1000, "ms"),
        Result(f"load: {label}, mock CPU per answer (all workers)", mock_cpu / total * 1000, "ms"),
    ]
    if single is not None:
        results += _single_worker_results(single[1], single[3], single_seconds)
    return results


def _single_worker_results(tally: Tally, mock_cpu: float, seconds: float) -> list[Result]:
    """The shorter one-worker run, for comparison (no targets: the workers are the answer)."""
    label = f"{CLIENTS} clients, 1 worker ({seconds:.0f} s)"
    total = max(1, len(tally.served_ms) + len(tally.shed_ms))
    failures = float(sum(tally.failures.values()) + tally.client_errors)
    return [
        Result(f"load: {label}, served requests/s", len(tally.served_ms) / seconds, "req/s"),
        Result(
            f"load: {label}, p95 latency of served requests", p95(tally.served_ms or [0.0]), "ms"
        ),
        Result(
            f"load: {label}, shed with 503 + Retry-After", len(tally.shed_ms) / seconds, "req/s"
        ),
        Result(f"load: {label}, failures and 4xx answers", failures, "requests", target=0.0),
        Result(f"load: {label}, mock CPU per answer", mock_cpu / total * 1000, "ms"),
    ]
