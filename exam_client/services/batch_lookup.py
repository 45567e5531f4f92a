"""Check many candidates against the population register at once (tra cứu hàng loạt).

A school checks a whole class list after an import: hundreds to thousands of IDs. One request
at a time would take minutes; unbounded parallelism would trip the register's rate limit and
starve the other schools. So a small fixed pool of workers (default 6) asks in parallel, and
when the register says "slow down" (429, or 503 after the client's own retries) every worker
pauses for the ``Retry-After`` the server asked for and the ID is tried again: an overloaded
register makes the batch slower, never makes it fail.

Each answer is compared with what the school typed (name, date of birth, gender): a difference
is a *mismatch* for a person to resolve, never silently overwritten.

Threads: :meth:`BatchLookup.run` blocks; call it from a worker task. ``progress`` and
``should_cancel`` are called on the pool's threads (the UI's task runner marshals them).
"""

from __future__ import annotations

import logging
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Protocol

from exam_client.domain.cccd import Gender, mask_cccd
from exam_client.domain.citizen import Citizen
from exam_client.services.errors import (
    CitizenNotFound,
    InvalidCitizenId,
    OfflineNotCached,
    ServerError,
    SlowDown,
)

log = logging.getLogger(__name__)

Outcome = Literal["found", "not_found", "mismatch", "invalid", "failed"]
DEFAULT_WORKERS = 6
MAX_ATTEMPTS = 8  # per ID, counting slow-downs: a register that never recovers still ends
DEFAULT_PAUSE_S = 1.0  # when a 429/503 carries no Retry-After
MAX_PAUSE_S = 30.0


class LookupResultLike(Protocol):
    @property
    def citizen(self) -> Citizen: ...


Lookup = Callable[[str], LookupResultLike]
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Expected:
    """What the school's registration says about the person (``None``: not compared)."""

    full_name: str | None = None
    date_of_birth: date | None = None
    gender: Gender | None = None


@dataclass(frozen=True, slots=True)
class LookupItem:
    cccd: str
    expected: Expected = field(default_factory=Expected)
    record_id: str | None = None


@dataclass(frozen=True, slots=True)
class Difference:
    field: Literal["full_name", "date_of_birth", "gender"]
    school: str
    register: str


@dataclass(frozen=True, slots=True)
class ItemResult:
    item: LookupItem
    outcome: Outcome
    citizen: Citizen | None = None
    differences: tuple[Difference, ...] = ()
    message_vi: str = ""

    @property
    def masked_cccd(self) -> str:
        return mask_cccd(self.item.cccd)


@dataclass(frozen=True, slots=True)
class BatchSummary:
    results: tuple[ItemResult, ...]
    cancelled: bool
    slowdowns: int
    """How many times the register asked to slow down (each was waited out, not failed)."""

    def count(self, outcome: Outcome) -> int:
        return sum(r.outcome == outcome for r in self.results)

    @property
    def found(self) -> int:
        """Found in the register, whether or not the school's data agrees."""
        return self.count("found") + self.count("mismatch")

    @property
    def not_found(self) -> int:
        return self.count("not_found")

    @property
    def mismatches(self) -> int:
        return self.count("mismatch")

    @property
    def failed(self) -> int:
        return self.count("failed") + self.count("invalid")


def _same_name(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(unicodedata.normalize("NFC", s).split()).casefold()

    return norm(a) == norm(b)


def compare(expected: Expected, citizen: Citizen) -> tuple[Difference, ...]:
    """Where the school's data and the register disagree."""
    out: list[Difference] = []
    if expected.full_name is not None and not _same_name(expected.full_name, citizen.full_name):
        out.append(Difference("full_name", expected.full_name, citizen.full_name))
    if expected.date_of_birth is not None and expected.date_of_birth != citizen.date_of_birth:
        out.append(
            Difference(
                "date_of_birth",
                expected.date_of_birth.strftime("%d/%m/%Y"),
                citizen.date_of_birth.strftime("%d/%m/%Y"),
            )
        )
    if expected.gender is not None and expected.gender != citizen.gender:
        out.append(Difference("gender", expected.gender, citizen.gender))
    return tuple(out)


def _slow_down_of(exc: BaseException) -> SlowDown | ServerError | None:
    """The register's "slow down", whether raised as is or wrapped by the cache-first lookup."""
    for candidate in (exc, exc.__cause__):
        if isinstance(candidate, SlowDown):
            return candidate
        if isinstance(candidate, ServerError) and getattr(candidate, "status", None) == 503:
            return candidate
    return None


class _Gate:
    """A shared "not before" moment: one 429 pauses every worker, not only the one that saw it."""

    def __init__(self, sleep: Callable[[float], None], clock: Callable[[], float]) -> None:
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Lock()
        self._not_before = 0.0
        self.slowdowns = 0

    def pause(self, seconds: float) -> None:
        with self._lock:
            self.slowdowns += 1
            self._not_before = max(self._not_before, self._clock() + seconds)

    def wait(self, should_cancel: Callable[[], bool]) -> None:
        while not should_cancel():
            with self._lock:
                left = self._not_before - self._clock()
            if left <= 0:
                return
            self._sleep(min(left, 0.2))  # short steps: a cancel is honoured quickly


class BatchLookup:
    def __init__(
        self,
        lookup: Lookup,
        *,
        workers: int = DEFAULT_WORKERS,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``lookup`` is :meth:`CitizenLookupService.lookup` (cache-first, audited by the
        register); ``sleep``/``clock`` are replaceable so tests never wait."""
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self._lookup = lookup
        self._workers = workers
        self._sleep = sleep
        self._clock = clock

    def run(
        self,
        items: Sequence[LookupItem],
        *,
        progress: Progress | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> BatchSummary:
        """Look every item up; results keep the order of ``items`` (cancelled ones left out)."""
        cancelled = should_cancel or (lambda: False)
        gate = _Gate(self._sleep, self._clock)
        results: dict[int, ItemResult] = {}
        total = len(items)
        pending = iter(enumerate(items))
        with ThreadPoolExecutor(self._workers, thread_name_prefix="batch-lookup") as pool:
            running: set[Future[tuple[int, ItemResult | None]]] = set()

            def refill() -> None:
                while len(running) < self._workers * 2 and not cancelled():
                    nxt = next(pending, None)
                    if nxt is None:
                        return
                    running.add(pool.submit(self._one, nxt[0], nxt[1], gate, cancelled))

            refill()
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    running.discard(future)
                    position, result = future.result()
                    if result is not None:
                        results[position] = result
                if progress is not None:
                    progress(len(results), total)
                refill()
        ordered = tuple(results[i] for i in sorted(results))
        return BatchSummary(ordered, cancelled() and len(ordered) < total, gate.slowdowns)

    def _one(
        self, position: int, item: LookupItem, gate: _Gate, cancelled: Callable[[], bool]
    ) -> tuple[int, ItemResult | None]:
        for _attempt in range(MAX_ATTEMPTS):
            gate.wait(cancelled)
            if cancelled():
                return position, None
            try:
                found = self._lookup(item.cccd)
            except InvalidCitizenId as exc:
                return position, ItemResult(item, "invalid", message_vi=exc.message_vi)
            except CitizenNotFound as exc:
                return position, ItemResult(item, "not_found", message_vi=exc.message_vi)
            except (OfflineNotCached, SlowDown, ServerError) as exc:
                slow = _slow_down_of(exc)
                if slow is None:
                    return position, ItemResult(item, "failed", message_vi=exc.message_vi)
                wait_s = getattr(slow, "retry_after", None) or DEFAULT_PAUSE_S
                log.info("register asked to slow down; pausing %.1f s", wait_s)
                gate.pause(min(float(wait_s), MAX_PAUSE_S))
                continue
            except Exception as exc:  # one bad answer must not end the whole batch
                log.warning("look-up of %s failed: %r", mask_cccd(item.cccd), exc)
                message = getattr(exc, "message_vi", "") or type(exc).__name__
                return position, ItemResult(item, "failed", message_vi=str(message))
            differences = compare(item.expected, found.citizen)
            outcome: Outcome = "mismatch" if differences else "found"
            return position, ItemResult(item, outcome, found.citizen, differences)
        return position, ItemResult(
            item,
            "failed",
            message_vi="Hệ thống dân cư đang quá tải; chưa tra cứu được số này. Hãy thử lại sau.",
        )
