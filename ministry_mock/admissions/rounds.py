"""Several filtering rounds, with institutions adjusting programmes in between (DOMAIN §4.4).

In 2025 the national system ran 10 rounds over several days: after each round institutions saw
their filtered lists and changed quotas or floors before the next. Here each round is a complete
run (seconds at national scale), followed by the verifier. A round never aborts on a violation:
the programmes it touches are quarantined — their admissions and cutoffs are withheld from
publication, and so are the results of the candidates involved — while everything else is
published. A bug in one programme's data must not hold back 850 000 results.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ministry_mock.admissions.engine import filter_candidates
from ministry_mock.admissions.instance import Instance
from ministry_mock.admissions.result import NO_CUTOFF, FilterResult
from ministry_mock.admissions.verifier import VerificationReport, verify

#: ``published_programme`` of a candidate whose result is held back by a quarantine.
WITHHELD = -2

Engine = Callable[[Instance], FilterResult]
Verifier = Callable[[Instance, FilterResult], VerificationReport]


@dataclass(frozen=True, slots=True)
class ProgrammeChange:
    """One institution's adjustment to one programme before the next round."""

    programme: int
    quota: int | None = None
    floor: int | None = None


#: Decides the changes for round ``number + 1`` from round ``number``'s outcome.
AdjustmentPolicy = Callable[["RoundOutcome"], Sequence[ProgrammeChange]]


@dataclass(frozen=True, eq=False)
class RoundOutcome:
    """One round: what was run, what the verifier said, and what may be published."""

    number: int  # 1-based
    instance: Instance  # the programme parameters in force during this round
    changes: tuple[ProgrammeChange, ...]  # applied before this round
    result: FilterResult
    report: VerificationReport
    quarantined: NDArray[np.bool_]  # per programme
    published_programme: NDArray[np.int32]  # per candidate: programme, -1, or WITHHELD
    published_cutoff: NDArray[np.int32]  # per programme: cutoff, or NO_CUTOFF if withheld
    filter_ms: float
    verify_ms: float


def apply_changes(instance: Instance, changes: Sequence[ProgrammeChange]) -> Instance:
    """The instance with the changes applied (preference arrays are shared, not copied)."""
    if not changes:
        return instance
    quota = instance.quota.copy()
    floor = instance.floor.copy()
    for change in changes:
        if not 0 <= change.programme < instance.n_programmes:
            raise ValueError(f"no programme {change.programme}")
        if change.quota is not None:
            quota[change.programme] = change.quota
        if change.floor is not None:
            floor[change.programme] = change.floor
    return instance.with_programmes(quota=quota, floor=floor)


def publish(
    instance: Instance, result: FilterResult, report: VerificationReport
) -> tuple[NDArray[np.bool_], NDArray[np.int32], NDArray[np.int32]]:
    """Quarantine what the report touches; return (quarantined, programme, cutoff) to publish."""
    quarantined = np.zeros(instance.n_programmes, dtype=np.bool_)
    quarantined[report.affected_programmes] = True
    programme = np.asarray(result.assigned_programme, dtype=np.int32).copy()
    if programme.shape != (instance.n_candidates,):  # nothing about this run can be trusted
        return (
            np.ones(instance.n_programmes, dtype=np.bool_),
            np.full(instance.n_candidates, WITHHELD, dtype=np.int32),
            np.full(instance.n_programmes, NO_CUTOFF, dtype=np.int32),
        )
    at_quarantined = (programme >= 0) & quarantined[np.maximum(programme, 0)]
    programme[at_quarantined] = WITHHELD
    programme[report.affected_candidates] = WITHHELD
    cutoff = np.where(quarantined, NO_CUTOFF, result.cutoff).astype(np.int32)
    return quarantined, programme, cutoff


def run_rounds(
    instance: Instance,
    rounds: int,
    adjust: AdjustmentPolicy | None = None,
    engine: Engine = filter_candidates,
    verifier: Verifier = verify,
) -> list[RoundOutcome]:
    """Run ``rounds`` filtering rounds; ``adjust`` proposes each next round's changes."""
    outcomes: list[RoundOutcome] = []
    changes: tuple[ProgrammeChange, ...] = ()
    current = instance
    for number in range(1, rounds + 1):
        current = apply_changes(current, changes)
        t0 = time.perf_counter()
        result = engine(current)
        t1 = time.perf_counter()
        report = verifier(current, result)
        t2 = time.perf_counter()
        quarantined, programme, cutoff = publish(current, result, report)
        outcome = RoundOutcome(
            number=number,
            instance=current,
            changes=changes,
            result=result,
            report=report,
            quarantined=quarantined,
            published_programme=programme,
            published_cutoff=cutoff,
            filter_ms=(t1 - t0) * 1000,
            verify_ms=(t2 - t1) * 1000,
        )
        outcomes.append(outcome)
        changes = tuple(adjust(outcome)) if adjust is not None else ()
    return outcomes


def scheduled(plan: Sequence[Sequence[ProgrammeChange]]) -> AdjustmentPolicy:
    """A fixed plan: ``plan[k]`` is applied before round ``k + 2``."""

    def adjust(outcome: RoundOutcome) -> Sequence[ProgrammeChange]:
        index = outcome.number - 1
        return plan[index] if index < len(plan) else ()

    return adjust


def fill_quotas(
    raise_fraction: float = 0.05, floor_step: int = 50, lowest_floor: int = 1500
) -> AdjustmentPolicy:
    """What institutions typically do: grow over-subscribed programmes, relax under-filled ones.

    A full programme that turned away admissible candidates gets ``raise_fraction`` more seats
    (at least one); a programme below its quota lowers its floor by ``floor_step`` hundredths,
    never below ``lowest_floor`` (nor raises a floor already lower). Quarantined programmes are
    left alone until their data is fixed.
    """

    def adjust(outcome: RoundOutcome) -> Sequence[ProgrammeChange]:
        instance, result = outcome.instance, outcome.result
        turned_away = _turned_away(instance, result)
        changes: list[ProgrammeChange] = []
        for p in np.flatnonzero(result.full & (turned_away > 0) & ~outcome.quarantined):
            quota = int(instance.quota[p])
            if quota > 0:
                grow = max(1, int(np.ceil(quota * raise_fraction)))
                changes.append(ProgrammeChange(int(p), quota=quota + grow))
        under = ~result.full & (instance.floor > lowest_floor) & ~outcome.quarantined
        for p in np.flatnonzero(under):
            floor = int(instance.floor[p])
            changes.append(ProgrammeChange(int(p), floor=max(floor - floor_step, lowest_floor)))
        return changes

    return adjust


def _turned_away(instance: Instance, result: FilterResult) -> NDArray[np.int64]:
    """Per programme: admissible applicants placed lower in their list, or not at all."""
    offsets = instance.pref_offsets
    limit = np.where(result.assigned_pref >= 0, result.assigned_pref, offsets[1:])
    ahead = np.arange(instance.n_preferences) < np.repeat(limit, np.diff(offsets))
    return np.bincount(
        instance.pref_programme[ahead & instance.admissible()],
        minlength=instance.n_programmes,
    )


def cutoff_history(outcomes: Sequence[RoundOutcome]) -> NDArray[np.int32]:
    """Published cutoffs, one row per round (``NO_CUTOFF`` where none or withheld)."""
    return np.stack([o.published_cutoff for o in outcomes])


def placement_history(outcomes: Sequence[RoundOutcome]) -> NDArray[np.int32]:
    """Published programme of every candidate, one row per round."""
    return np.stack([o.published_programme for o in outcomes])
