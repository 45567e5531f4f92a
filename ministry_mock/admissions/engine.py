"""Fast virtual filtering: student-proposing deferred acceptance on flat arrays.

Why deferred acceptance: lọc ảo keeps each candidate only at the highest NV whose conditions they
meet, while every programme keeps the best candidates up to its quota regardless of NV order
(DOMAIN §4.3, §4.4). The unique outcome with those properties that is best for every candidate is
the student-optimal stable matching, which is what deferred acceptance computes — in any order of
proposals, so we are free to make them in big vectorised batches.

What a programme keeps (its *choice rule*): an applicant is kept iff fewer than ``quota`` other
applicants are strictly better. "Better" is the score, then the tie policy's secondary criterion
(lower NV number, or higher tie-break value). Applicants still tied at the bottom are all kept —
the declared tie — so nothing depends on candidate ids or input order. This rule is substitutable
and rejected applicants are irrelevant to it, which is what makes deferred acceptance correct and
order-independent here.

How it is fast:

* One sort, up front: all admissible preferences by (programme, key descending), packed into one
  ``uint64`` so that NumPy's SIMD sort does it (no ``argsort``). Each programme is then a
  contiguous slice, best applicant first, and its state is a single number ``G[p]``: only slice
  positions before ``G[p]`` can be held. ``G`` only ever moves towards the best, so a candidate
  whose position is past ``G[p]`` skips ``p`` without proposing (it would be rejected).
* Each round every free candidate proposes to its next preference it can still reach; a
  programme that now has at least ``quota`` applicants walks its slice upwards from ``G[p]``,
  counting held positions, until it has passed the ``quota``-th best; ``G[p]`` becomes the end
  of that applicant's tie group and the held positions behind it are rejected. Because ``G`` only
  moves one way, the walks of a whole run scan each slice about once.
* Every step is a NumPy operation over the affected positions only, so late rounds with a
  handful of rejections cost microseconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ministry_mock.admissions.instance import MAX_SCORE, Instance, TiePolicy
from ministry_mock.admissions.result import FilterResult, summarise

I64 = NDArray[np.int64]
#: Width of the packed sort key; a module constant so that tests can force the general path.
_PACKED_BITS = 64


@dataclass(frozen=True, eq=False)
class _Prepared:
    """Admissible preferences only, sorted by programme and key (built once per run)."""

    orig: I64  # compact preference → index in the instance's preference arrays
    prog: NDArray[np.int32]  # compact preference → programme
    cand: NDArray[np.int32]  # compact preference → candidate
    offsets: I64  # CSR over compact preferences, per candidate
    order: I64  # sorted position → compact preference
    gpos: I64  # compact preference → sorted position
    prog_start: I64  # first sorted position of each programme (P + 1 entries)
    group_end: I64  # sorted positions where a new (programme, key) group starts, then M


def filter_candidates(instance: Instance) -> FilterResult:
    """Run virtual filtering once and return the student-optimal stable outcome."""
    prep = _prepare(instance)
    state = _DeferredAcceptance(prep, instance.quota.astype(np.int64))
    iterations = state.run()
    held = np.flatnonzero(state.cur < prep.offsets[1:])
    assigned = np.full(instance.n_candidates, -1, dtype=np.int64)
    assigned[held] = prep.orig[state.cur[held]]
    return summarise(instance, assigned, iterations)


def _prepare(instance: Instance) -> _Prepared:
    n_candidates, n_programmes = instance.n_candidates, instance.n_programmes
    orig = np.flatnonzero(instance.admissible())
    m = orig.size
    prog = instance.pref_programme[orig]
    counts = instance.preferences.counts()
    owner = np.repeat(np.arange(n_candidates, dtype=np.int32), counts)
    cand = owner[orig]
    del owner
    offsets = np.zeros(n_candidates + 1, dtype=np.int64)
    np.cumsum(np.bincount(cand, minlength=n_candidates), out=offsets[1:])

    # key = score, then the policy's secondary criterion, as one non-negative integer
    rank = orig - instance.pref_offsets[cand] + 1
    max_rank = int(counts.max(initial=1))
    policy = instance.tie_policy[prog]
    secondary = np.where(
        policy == TiePolicy.PREFERENCE_ORDER,
        max_rank - rank,
        np.where(policy == TiePolicy.SUBJECT, instance.pref_tiebreak[orig], 0),
    )
    del rank, policy
    sb = max(int(secondary.max(initial=0)).bit_length(), 1)
    kb = MAX_SCORE.bit_length() + sb
    key = (instance.pref_score[orig].astype(np.int64) << sb) | secondary
    del secondary

    pb = max(int(n_programmes - 1).bit_length(), 1)
    ib = max(int(m - 1).bit_length(), 1)
    if pb + kb + ib <= _PACKED_BITS:
        packed = (
            (prog.astype(np.uint64) << np.uint64(kb + ib))
            | (((1 << kb) - 1 - key).astype(np.uint64) << np.uint64(ib))
            | np.arange(m, dtype=np.uint64)
        )
        packed.sort()
        order = (packed & np.uint64((1 << ib) - 1)).astype(np.int64)
        group = packed >> np.uint64(ib)
        del packed
        changes = group[1:] != group[:-1]
        del group
    else:  # very large tie-break values: a slower but general stable lexicographic sort
        order = np.lexsort((-key, prog))
        sorted_key, sorted_prog = key[order], prog[order]
        changes = (sorted_key[1:] != sorted_key[:-1]) | (sorted_prog[1:] != sorted_prog[:-1])
        del sorted_key, sorted_prog
    del key
    group_end = np.append(np.flatnonzero(changes) + 1, m).astype(np.int64)
    del changes
    gpos = np.empty(m, dtype=np.int64)
    gpos[order] = np.arange(m, dtype=np.int64)
    prog_start = np.zeros(n_programmes + 1, dtype=np.int64)
    np.cumsum(np.bincount(prog, minlength=n_programmes), out=prog_start[1:])
    return _Prepared(orig, prog, cand, offsets, order, gpos, prog_start, group_end)


def _descending(tops: I64, lengths: I64) -> I64:
    """Concatenated runs ``top, top - 1, …`` of the given lengths."""
    total = int(lengths.sum())
    first = np.cumsum(lengths) - lengths
    return np.repeat(tops + first, lengths) - np.arange(total, dtype=np.int64)


def _ascending(starts: I64, lengths: I64) -> I64:
    """Concatenated runs ``start, start + 1, …`` of the given lengths."""
    total = int(lengths.sum())
    first = np.cumsum(lengths) - lengths
    return np.repeat(starts - first, lengths) + np.arange(total, dtype=np.int64)


class _DeferredAcceptance:
    """Mutable state of one deferred-acceptance run over a :class:`_Prepared` instance."""

    def __init__(self, prep: _Prepared, quota: I64) -> None:
        self.p = prep
        self.quota = quota
        self.cur = prep.offsets[:-1].copy()  # held or next preference of each candidate
        self.end = prep.offsets[1:]
        self.g = prep.prog_start[1:].copy()  # reachable sorted positions end before g[p]
        self.count = np.zeros(quota.size, dtype=np.int64)  # held positions before g[p]
        self.held = np.zeros(prep.orig.size, dtype=np.bool_)  # per sorted position

    def run(self) -> int:
        proposers = np.flatnonzero(self.cur < self.end)
        rounds = 0
        while proposers.size:
            rounds += 1
            cand, pref = self._next_reachable(proposers)
            if cand.size == 0:
                break
            self.cur[cand] = pref
            self.held[self.p.gpos[pref]] = True
            programmes, arrivals = np.unique(self.p.prog[pref], return_counts=True)
            self.count[programmes] += arrivals
            over = programmes[self.count[programmes] >= self.quota[programmes]].astype(np.int64)
            rejected = self._tighten(over) if over.size else np.empty(0, dtype=np.int64)
            self.held[rejected] = False
            rejected_pref = self.p.order[rejected]
            proposers = self.p.cand[rejected_pref].astype(np.int64)
            self.cur[proposers] = rejected_pref + 1
        return rounds

    def _next_reachable(self, cand: I64) -> tuple[I64, I64]:
        """Advance each candidate to its next preference whose programme could still keep it."""
        pref = self.cur[cand]
        found_c: list[I64] = []
        found_p: list[I64] = []
        while cand.size:
            live = pref < self.end[cand]
            if not live.all():
                self.cur[cand[~live]] = pref[~live]  # exhausted: stays unplaced
                cand, pref = cand[live], pref[live]
            reachable = self.p.gpos[pref] < self.g[self.p.prog[pref]]
            found_c.append(cand[reachable])
            found_p.append(pref[reachable])
            cand, pref = cand[~reachable], pref[~reachable] + 1
        return np.concatenate(found_c), np.concatenate(found_p)

    def _tighten(self, over: I64) -> I64:
        """Move ``g`` of programmes holding ≥ quota applicants; return rejected positions."""
        top = self.g[over]
        need = self.count[over] - self.quota[over] + 1  # the q-th best, counted from below
        floor = self.p.prog_start[over]
        done = np.zeros(over.size, dtype=np.int64)
        window = 2 * need + 16
        bottom = np.empty(over.size, dtype=np.int64)  # position of the quota-th best applicant
        todo = np.arange(over.size)
        while todo.size:
            lengths = np.minimum(window[todo], top[todo] - done[todo] - floor[todo])
            if not lengths.all():  # held positions miscounted: never loop forever on a bug
                raise RuntimeError("deferred acceptance state is inconsistent")
            positions = _descending(top[todo] - 1 - done[todo], lengths)
            cumulative = np.zeros(positions.size + 1, dtype=np.int32)
            np.cumsum(self.held[positions], out=cumulative[1:], dtype=np.int32)
            seg_end = np.cumsum(lengths)
            base = cumulative[seg_end - lengths]
            found = cumulative[seg_end] - base
            want = need[todo]
            ok = found >= want
            hit = np.searchsorted(cumulative, base[ok] + want[ok], side="left")
            bottom[todo[ok]] = positions[hit - 1]
            late = todo[~ok]
            need[late] -= found[~ok]
            done[late] += lengths[~ok]
            window[late] *= 4
            todo = late
        group_end = self.p.group_end
        new_g = group_end[np.searchsorted(group_end, bottom, side="right")]
        behind = top - new_g
        positions = _ascending(new_g, behind)
        dropped = self.held[positions]
        rejected = positions[dropped]
        segment = np.repeat(np.arange(over.size), behind)
        self.count[over] -= np.bincount(segment[dropped], minlength=over.size)
        self.g[over] = new_g
        return rejected
