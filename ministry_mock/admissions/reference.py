"""The reference engine: textbook Gale–Shapley in plain Python, written to be read, not to be fast.

It shares no code with :mod:`ministry_mock.admissions.engine` beyond reading the instance: keys are
Python tuples, holds are per-programme lists, proposals go one at a time from a queue, and the
published figures are computed here again. The tests run both on many instances and demand
identical outputs. Fine for up to ~50 000 candidates.
"""

from __future__ import annotations

import bisect
from collections import deque

import numpy as np

from ministry_mock.admissions.instance import Instance, TiePolicy
from ministry_mock.admissions.result import NO_CUTOFF, UNASSIGNED, FilterResult

Key = tuple[int, ...]


def preference_key(policy: int, score: int, rank: int, tiebreak: int) -> Key:
    """How a programme ranks one applicant: larger is better (DOMAIN §4.3)."""
    if policy == TiePolicy.PREFERENCE_ORDER:
        return (score, -rank)  # at equal score, NV1 beats NV2
    if policy == TiePolicy.SUBJECT:
        return (score, tiebreak)  # at equal score, the better subject wins
    return (score,)  # ADMIT_ALL_TIED: only the score counts


def reject_beyond_quota(holds: list[tuple[Key, int]], quota: int) -> list[tuple[Key, int]]:
    """Apply the choice rule to ``holds`` (sorted worst first) in place; return the rejected.

    The rule: keep an applicant iff fewer than ``quota`` others are strictly better. With the
    applicants sorted, that is "everybody at least as good as the ``quota``-th best" — the quota
    plus whoever is tied with the last one admitted (a declared tie).
    """
    if len(holds) <= quota:
        return []
    if quota == 0:
        rejected = holds[:]
        holds.clear()
        return rejected
    threshold = holds[len(holds) - quota][0]  # the quota-th best key
    cut = bisect.bisect_left(holds, threshold, key=_key_of)
    rejected = holds[:cut]
    del holds[:cut]
    return rejected


def _key_of(hold: tuple[Key, int]) -> Key:
    return hold[0]


def reference_filter(instance: Instance) -> FilterResult:
    """Classic one-proposal-at-a-time deferred acceptance (student-proposing)."""
    offsets = instance.pref_offsets.tolist()
    programme = instance.pref_programme.tolist()
    score = instance.pref_score.tolist()
    eligible = instance.pref_eligible.tolist()
    tiebreak = instance.pref_tiebreak.tolist()
    quota = instance.quota.tolist()
    floor = instance.floor.tolist()
    policy = instance.tie_policy.tolist()
    n_candidates, n_programmes = instance.n_candidates, instance.n_programmes

    # per programme, the applicants it currently holds, sorted worst first
    holds: list[list[tuple[Key, int]]] = [[] for _ in range(n_programmes)]
    next_pref = offsets[:-1]  # the next preference each candidate will propose to
    held_at = [UNASSIGNED] * n_candidates
    free = deque(range(n_candidates))
    proposals = 0
    while free:
        c = free.popleft()
        while next_pref[c] < offsets[c + 1]:
            i = next_pref[c]
            next_pref[c] += 1
            p = programme[i]
            if not eligible[i] or score[i] < floor[p]:
                continue  # not admissible: not even a proposal
            proposals += 1
            rank = i - offsets[c] + 1
            key = preference_key(policy[p], score[i], rank, tiebreak[i])
            bisect.insort(holds[p], (key, c), key=_key_of)
            held_at[c] = i
            for _, loser in reject_beyond_quota(holds[p], quota[p]):
                held_at[loser] = UNASSIGNED
                if loser != c:
                    free.append(loser)
            if held_at[c] == i:
                break

    return _publish(instance, held_at, holds, proposals)


def _publish(
    instance: Instance, held_at: list[int], holds: list[list[tuple[Key, int]]], proposals: int
) -> FilterResult:
    """The figures of the run, computed from the holds themselves."""
    offsets = instance.pref_offsets.tolist()
    programme = instance.pref_programme.tolist()
    policy = instance.tie_policy.tolist()
    quota = instance.quota.tolist()
    assigned_programme = [programme[i] if i >= 0 else UNASSIGNED for i in held_at]
    assigned_rank = [i - offsets[c] + 1 if i >= 0 else UNASSIGNED for c, i in enumerate(held_at)]
    cutoff: list[int] = []
    cutoff_tiebreak: list[int] = []
    for p, kept in enumerate(holds):
        if not kept:
            cutoff.append(NO_CUTOFF)
            cutoff_tiebreak.append(NO_CUTOFF)
            continue
        worst = min(key for key, _ in kept)
        cutoff.append(worst[0])
        if policy[p] == TiePolicy.PREFERENCE_ORDER:
            cutoff_tiebreak.append(-worst[1])
        elif policy[p] == TiePolicy.SUBJECT:
            cutoff_tiebreak.append(worst[1])
        else:
            cutoff_tiebreak.append(0)
    count = [len(kept) for kept in holds]
    return FilterResult(
        assigned_pref=np.asarray(held_at, dtype=np.int64),
        assigned_programme=np.asarray(assigned_programme, dtype=np.int32),
        assigned_rank=np.asarray(assigned_rank, dtype=np.int32),
        cutoff=np.asarray(cutoff, dtype=np.int32),
        cutoff_tiebreak=np.asarray(cutoff_tiebreak, dtype=np.int32),
        admitted_count=np.asarray(count, dtype=np.int32),
        full=np.asarray([n >= q for n, q in zip(count, quota, strict=True)], dtype=np.bool_),
        iterations=proposals,
    )
