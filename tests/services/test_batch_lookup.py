"""Batch look-up: outcomes, comparison with the school's data, slow-downs waited out, cancel."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from exam_client.domain.citizen import Citizen
from exam_client.services.batch_lookup import BatchLookup, Expected, LookupItem, compare
from exam_client.services.errors import (
    CitizenNotFound,
    NetworkError,
    OfflineNotCached,
    SlowDown,
)


def _citizen(cccd: str, name: str = "Nguyễn Văn An", dob: date = date(2008, 3, 5)) -> Citizen:
    return Citizen(
        cccd, name, dob, "male", "001", "Hà Nội", "Kinh", "001", "Hà Nội", "00001", "Phúc Xá",
        datetime(2025, 1, 1, tzinfo=UTC),
    )  # fmt: skip


@dataclass
class Found:
    citizen: Citizen


class FakeRegister:
    """IDs ending in 9 are unknown; the first ``slow`` calls answer 429 (wrapped as the
    cache-first service does); ``offline`` IDs fail."""

    def __init__(self, slow: int = 0, offline: frozenset[str] = frozenset()) -> None:
        self.slow = slow
        self.offline = offline
        self.calls: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, cccd: str) -> Found:
        with self.lock:
            self.calls.append(cccd)
            if self.slow > 0:
                self.slow -= 1
                try:
                    raise SlowDown("429", retry_after=2.0)
                except SlowDown as exc:
                    raise OfflineNotCached("slow") from exc
        if cccd in self.offline:
            try:
                raise NetworkError("down")
            except NetworkError as exc:
                raise OfflineNotCached("down") from exc
        if cccd.endswith("9"):
            raise CitizenNotFound("no")
        return Found(_citizen(cccd))


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept = 0.0
        self.lock = threading.Lock()

    def sleep(self, s: float) -> None:
        with self.lock:
            self.now += s
            self.slept += s

    def __call__(self) -> float:
        return self.now


def _ids(n: int) -> list[str]:
    return [f"0012080{i:05d}" for i in range(n)]


def test_outcomes_are_counted_and_kept_in_order() -> None:
    items = [LookupItem(c) for c in _ids(30)]
    items[0] = LookupItem(items[0].cccd, Expected("Nguyễn Văn Ân", date(2008, 3, 5), "male"))
    progress: list[tuple[int, int]] = []
    summary = BatchLookup(FakeRegister(), workers=4).run(
        items, progress=lambda d, t: progress.append((d, t))
    )
    assert [r.item.cccd for r in summary.results] == [i.cccd for i in items]
    assert summary.not_found == 3  # …09, …19, …29
    assert summary.mismatches == 1 and summary.found == 27
    assert summary.results[0].differences[0].field == "full_name"
    assert progress[-1] == (30, 30) and not summary.cancelled


def test_a_slow_down_pauses_every_worker_and_is_retried_not_failed() -> None:
    register, clock = FakeRegister(slow=3), FakeClock()
    summary = BatchLookup(register, workers=4, sleep=clock.sleep, clock=clock).run(
        [LookupItem(c) for c in _ids(20)]
    )
    assert summary.failed == 0 and summary.found + summary.not_found == 20
    assert summary.slowdowns == 3
    assert clock.slept >= 2.0  # the Retry-After was honoured


def test_offline_ids_fail_with_a_message_others_continue() -> None:
    ids = _ids(10)
    summary = BatchLookup(FakeRegister(offline=frozenset(ids[:2])), workers=2).run(
        [LookupItem(c) for c in ids]
    )
    assert summary.failed == 2
    assert "mất kết nối" in summary.results[0].message_vi
    assert summary.found == 7


def test_cancel_stops_early() -> None:
    register = FakeRegister()
    seen = 0

    def should_cancel() -> bool:
        return len(register.calls) >= 5

    summary = BatchLookup(register, workers=2).run(
        [LookupItem(c) for c in _ids(500)], should_cancel=should_cancel
    )
    seen = len(register.calls)
    assert summary.cancelled and seen < 20 and len(summary.results) <= seen


def test_compare_ignores_case_spaces_and_unicode_form() -> None:
    citizen = _citizen("001208000001", "Nguyễn Văn An")
    decomposed = "NGUYE\u0302\u0303N  văn an"
    assert compare(Expected(decomposed, date(2008, 3, 5), "male"), citizen) == ()
    diffs = compare(Expected(None, date(2008, 5, 3), "female"), citizen)
    assert [d.field for d in diffs] == ["date_of_birth", "gender"]
    assert diffs[0].school == "03/05/2008" and diffs[0].register == "05/03/2008"


def test_workers_must_be_positive() -> None:
    with pytest.raises(ValueError, match="workers"):
        BatchLookup(FakeRegister(), workers=0)
