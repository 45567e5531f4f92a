"""The demo clock: the instance's "now" = the base clock + an offset, or a pinned moment.

A demo must show the whole year in ten minutes (preferences open, payment, filtering, results,
confirmation), and every time-dependent rule reads ``MockSettings.clock``. So ``create_app``
wraps whatever clock the settings carry (the real one, or a test's fake clock) in a
:class:`DemoClock` once; moving it moves every endpoint at once — the other modules need no
change, and a test's own clock keeps working underneath (the offset starts at zero).

The phases come from the rule set's timeline (:mod:`exam_client.domain.timeline`); nothing here
knows a date.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import threading
from collections.abc import Callable, MutableSequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from typing import Any

from exam_client.api.cycle import ClockState, PhaseWindow
from exam_client.domain.ruleset import RuleSet, available_years, load_ruleset
from exam_client.domain.timeline import PHASE_LABELS, VN_TZ, Phase
from ministry_mock.settings import MockSettings, utc_now

# "jump to" names besides the plain phase names: (phase, at its end instead of its start)
ALIASES: dict[str, tuple[Phase, bool]] = {
    "preferences_open": (Phase.PREFERENCES, False),
    "preferences_closed": (Phase.PREFERENCES, True),
    "payment_open": (Phase.PAYMENT, False),
    "payment_closed": (Phase.PAYMENT, True),
    "confirmation_closed": (Phase.CONFIRMATION, True),
}


class ClockError(ValueError):
    """A jump the timeline cannot serve; ``message_vi`` is shown to the admin."""

    def __init__(self, message_vi: str) -> None:
        super().__init__(message_vi)
        self.message_vi = message_vi


class DemoClock:
    """Thread-safe: request handlers read it on worker threads while an admin moves it.

    The state (offset, pinned moment) is three integers of microseconds. By default they live in
    this process; :meth:`share_between_processes` moves them into shared memory before a server
    forks its workers (:mod:`ministry_mock.workers`), so a move answered by one worker is what
    every worker reads from the next request on: one clock for the whole server, with no
    database read and no staleness window.
    """

    def __init__(self, base: Callable[[], datetime] = utc_now) -> None:
        self.base = base
        # [offset µs, 1 if pinned else 0, pinned moment in µs since the epoch]
        self._state: MutableSequence[int] = [0, 0, 0]
        self._lock: AbstractContextManager[Any] = threading.Lock()

    def share_between_processes(self) -> None:
        """Keep the state in shared memory, visible to processes forked after this call."""
        context = multiprocessing.get_context("fork")
        with self._lock:
            shared = context.RawArray("q", list(self._state))
            self._state, self._lock = shared, context.Lock()

    def _read(self) -> tuple[timedelta, datetime | None]:
        with self._lock:
            offset_us, pinned, pinned_us = self._state[0], self._state[1], self._state[2]
        moment = _EPOCH + timedelta(microseconds=pinned_us) if pinned else None
        return timedelta(microseconds=offset_us), moment

    def __call__(self) -> datetime:
        offset, pinned = self._read()
        return pinned if pinned is not None else self.base() + offset

    @property
    def frozen(self) -> bool:
        return self._read()[1] is not None

    @property
    def offset(self) -> timedelta:
        return self._read()[0]

    def set(self, moment: datetime, *, frozen: bool = False) -> None:
        """Make "now" ``moment``; it keeps running from there unless ``frozen``."""
        if moment.tzinfo is None:
            raise ValueError("the demo clock needs a timezone-aware moment")
        moment = moment.astimezone(UTC)
        with self._lock:
            self._state[0] = _microseconds(moment - self.base())
            self._state[1] = 1 if frozen else 0
            self._state[2] = _microseconds(moment - _EPOCH) if frozen else 0

    def reset(self) -> None:
        with self._lock:
            self._state[0] = self._state[1] = self._state[2] = 0


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _microseconds(span: timedelta) -> int:
    """``span`` in whole microseconds, exactly (timedelta's own resolution)."""
    return (span.days * 86_400 + span.seconds) * 1_000_000 + span.microseconds


def with_demo_clock(settings: MockSettings) -> MockSettings:
    """The same settings with their clock wrapped in a :class:`DemoClock` (once)."""
    if isinstance(settings.clock, DemoClock):
        return settings
    return dataclasses.replace(settings, clock=DemoClock(settings.clock))


def demo_clock(settings: MockSettings) -> DemoClock | None:
    clock = settings.clock
    return clock if isinstance(clock, DemoClock) else None


def cycle_year(now: datetime) -> int:
    """The exam year "now" belongs to: this year in Vietnam, else the nearest shipped rule set."""
    year = now.astimezone(VN_TZ).year
    years = available_years()
    if year in years or not years:
        return year
    return min(years, key=lambda y: abs(y - year))


def scores_published_at(rs: RuleSet) -> datetime | None:
    """When exam scores become visible: the ``scores`` window, else when NV registration opens.

    The 2026 rule set has no score date (DOMAIN.md §14 ⚠); candidates need their scores to
    choose NV, so the mock publishes them no later than the preference window opens.
    """
    for phase in (Phase.SCORES, Phase.PREFERENCES):
        window = rs.timeline.window(phase)
        if window is not None and window.start is not None:
            return window.start
    return None


def jump_target(name: str, year: int) -> datetime:
    """The moment of a named phase of ``year`` (its start, or its end for ``…_closed``)."""
    rs = load_ruleset(year)
    if name in ALIASES:
        phase, at_end = ALIASES[name]
    else:
        try:
            phase, at_end = Phase(name), False
        except ValueError:
            names = ", ".join([*(p.value for p in Phase), *ALIASES])
            raise ClockError(f"Không có giai đoạn '{name}'. Hãy chọn một trong: {names}.") from None
    if phase is Phase.SCORES and not at_end:
        moment = scores_published_at(rs)
    else:
        window = rs.timeline.window(phase)
        moment = None if window is None else (window.end if at_end else window.start)
    if moment is None:
        label = PHASE_LABELS[phase][0]
        raise ClockError(f"Bộ quy định năm {year} không có mốc thời gian cho giai đoạn {label}.")
    return moment


def clock_state(clock: DemoClock, year: int | None = None) -> ClockState:
    """What the admin screen shows: now, the offset, and the windows of the year."""
    now = clock()
    year = year or cycle_year(now)
    rs = load_ruleset(year)
    status = rs.timeline.phase_at(now)
    phases = [
        PhaseWindow(
            phase=phase.value,
            label=PHASE_LABELS[phase][0],
            start=window.start,
            end=window.end,
            open_now=window.contains(now),
        )
        for phase in Phase
        if (window := rs.timeline.window(phase)) is not None
    ]
    upcoming = status.upcoming
    return ClockState(
        now=now,
        real_now=utc_now(),
        offset_seconds=(now - clock.base()).total_seconds(),
        frozen=clock.frozen,
        year=year,
        open_phases=[w.phase.value for w in status.open],
        next_phase=upcoming.phase.value if upcoming else None,
        next_phase_at=upcoming.start if upcoming else None,
        phases=phases,
    )
