"""What the sync engine tells its listeners and callers: phase, counts, per-cycle report.

Plain values, no Qt: the sync panel receives a :class:`SyncStatus` on the engine's worker
thread and marshals it to the GUI itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from exam_client.storage.registrations import SyncState

Phase = Literal["idle", "pushing", "pulling", "waiting", "offline", "sign_in_required", "stopped"]

__all__ = ["Listener", "Phase", "SyncReport", "SyncStatus"]


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """What the sync panel shows: phase, records per sync state, progress and the last error."""

    phase: Phase
    counts: Mapping[SyncState, int]
    answered: int = 0  # operations answered in the current cycle
    last_error_vi: str | None = None
    next_attempt_at: datetime | None = None
    last_success_at: datetime | None = None


@dataclass
class SyncReport:
    """What one cycle did (tests, benchmarks and the log read this)."""

    outcomes: dict[str, int] = field(default_factory=dict)
    pulled: int = 0
    halted: Phase | None = None  # offline / waiting / sign_in_required when a cycle stopped early

    @property
    def answered(self) -> int:
        return sum(self.outcomes.values())


Listener = Callable[[SyncStatus], None]
