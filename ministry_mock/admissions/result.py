"""The outcome of one filtering run, and how cutoffs are read off an assignment.

An assignment (one preference index per candidate, or none) is the whole truth; everything else —
programme, NV number, cutoffs, counts — is derived from it by :func:`summarise`, so a result can
never disagree with itself. The reference engine derives its figures on its own, in plain
Python, so that the tests compare two independent computations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ministry_mock.admissions.instance import Instance, TiePolicy

#: ``cutoff`` / ``cutoff_tiebreak`` of a programme that admitted nobody.
NO_CUTOFF = -1
#: ``assigned_programme`` / ``assigned_rank`` / ``assigned_pref`` of an unplaced candidate.
UNASSIGNED = -1


@dataclass(frozen=True, eq=False)
class FilterResult:
    """Who is admitted where, and each programme's cutoff (điểm chuẩn).

    * ``assigned_pref[c]`` — index into the instance's preference arrays, or -1;
    * ``assigned_programme[c]`` and ``assigned_rank[c]`` (NV number, 1 = NV1), or -1;
    * ``cutoff[p]`` — the lowest admitted score in hundredths, or ``NO_CUTOFF``;
    * ``cutoff_tiebreak[p]`` — what decided the tie at that score: for PREFERENCE_ORDER the
      largest NV number admitted at the cutoff score, for SUBJECT the smallest tie-break value
      admitted at it, 0 for ADMIT_ALL_TIED, ``NO_CUTOFF`` when nobody was admitted;
    * ``full[p]`` — admitted at least the quota, i.e. the cutoff actually binds;
    * ``iterations`` — engine-specific work counter (rounds of proposals, or proposals).
    """

    assigned_pref: NDArray[np.int64]
    assigned_programme: NDArray[np.int32]
    assigned_rank: NDArray[np.int32]
    cutoff: NDArray[np.int32]
    cutoff_tiebreak: NDArray[np.int32]
    admitted_count: NDArray[np.int32]
    full: NDArray[np.bool_]
    iterations: int

    @property
    def n_admitted(self) -> int:
        return int(np.count_nonzero(self.assigned_pref >= 0))


def summarise(
    instance: Instance, assigned_pref: NDArray[np.int64], iterations: int
) -> FilterResult:
    """Derive the published figures of a run from its assignment (vectorised)."""
    assigned_pref = np.asarray(assigned_pref, dtype=np.int64)
    n_candidates, n_programmes = instance.n_candidates, instance.n_programmes
    placed = np.flatnonzero(assigned_pref >= 0)
    pref = assigned_pref[placed]

    programme = np.full(n_candidates, UNASSIGNED, dtype=np.int32)
    rank = np.full(n_candidates, UNASSIGNED, dtype=np.int32)
    prog = instance.pref_programme[pref]
    programme[placed] = prog
    rank[placed] = pref - instance.pref_offsets[placed] + 1

    count = np.bincount(prog, minlength=n_programmes).astype(np.int32)
    policy = instance.tie_policy[prog]
    # the worst admitted (score, tie value) per programme; tie value oriented so that min = worst
    tie_value = np.where(
        policy == TiePolicy.PREFERENCE_ORDER,
        -rank[placed].astype(np.int64),
        np.where(policy == TiePolicy.SUBJECT, instance.pref_tiebreak[pref], 0),
    )
    worst = np.full(n_programmes, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(worst, prog, (instance.pref_score[pref].astype(np.int64) << 33) + tie_value)
    nobody = count == 0
    worst[nobody] = 0
    cutoff = np.where(nobody, NO_CUTOFF, (worst + (1 << 32)) >> 33).astype(np.int32)
    tie = worst - (cutoff.astype(np.int64) << 33)
    tie = np.where(instance.tie_policy == TiePolicy.PREFERENCE_ORDER, -tie, tie)
    cutoff_tiebreak = np.where(nobody, NO_CUTOFF, tie).astype(np.int32)
    return FilterResult(
        assigned_pref=assigned_pref,
        assigned_programme=programme,
        assigned_rank=rank,
        cutoff=cutoff,
        cutoff_tiebreak=cutoff_tiebreak,
        admitted_count=count,
        full=count >= instance.quota,
        iterations=iterations,
    )
