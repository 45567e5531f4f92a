"""``HeldWork``: what a kiosk keeps for a candidate whose session the server ended — only for the
same CCCD, only once, only for ``HELD_FOR``, and without the CCCD itself in memory."""

from __future__ import annotations

from datetime import timedelta

from exam_client.services.held_work import HELD_FOR, HeldWork

A, B = "001206012345", "079305054321"


class Ticks:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_given_back_once_to_the_same_cccd_only() -> None:
    held = HeldWork(clock=Ticks())
    held.hold(A, {"preferences.held": "list"})
    assert held.holding
    assert held.claim(B) == {}  # someone else signs in …
    assert not held.holding  # … and it is gone, for good
    assert held.claim(A) == {}

    held.hold(A, {"x": 1})
    assert held.claim(f" {A} ") == {"x": 1}  # the same ID as typed at the kiosk
    assert held.claim(A) == {}  # once


def test_expires_after_the_constant() -> None:
    ticks = Ticks()
    held = HeldWork(clock=ticks)
    held.hold(A, {"x": 1})
    ticks.now += HELD_FOR.total_seconds() - 1
    assert held.holding
    ticks.now += 2
    assert not held.holding
    assert held.claim(A) == {}
    assert timedelta(minutes=1) <= HELD_FOR <= timedelta(minutes=15)  # "a short time"


def test_drop_and_empty_work_hold_nothing() -> None:
    held = HeldWork(clock=Ticks())
    held.hold(A, {"x": 1})
    held.drop()
    assert not held.holding and held.claim(A) == {}
    held.hold(A, {})
    assert not held.holding
    held.hold("", {"x": 1})
    assert not held.holding


def test_no_cccd_in_memory_and_the_key_is_salted_per_process() -> None:
    one, two = HeldWork(), HeldWork()
    one.hold(A, {"x": 1})
    two.hold(A, {"x": 1})
    state = [repr(v) for v in vars(one).values()]
    assert state and all(A not in s for s in state)
    assert one._digest != two._digest  # a different salt: nothing to look the ID up by
