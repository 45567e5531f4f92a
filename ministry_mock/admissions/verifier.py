"""Independent checks of a filtering outcome, run after every run.

A result is published only if it is *stable*: nobody is placed where they may not be, no
programme holds more than its quota except a declared tie at its cutoff, and no candidate and
programme would both rather be together (a blocking pair). Stability is a local property, so it
can be checked in a few vectorised passes over the preferences without re-running the filter.
Student-optimality (each candidate gets the best programme of *any* stable outcome) is not local;
the tests establish it by comparing the fast engine with the reference engine on many instances.

This module shares no code with the engines beyond reading the instance: it computes its own
ordering keys and its own cutoffs. A violation is data (kind, programme, candidate, message), so
the rounds runner can quarantine exactly the programmes involved instead of aborting a national
run.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from ministry_mock.admissions.instance import Instance, TiePolicy
from ministry_mock.admissions.result import NO_CUTOFF, FilterResult

I64 = NDArray[np.int64]
_TIE_BITS = 32  # key = score · 2³² + tie value in [0, 2³²)


class ViolationKind(StrEnum):
    #: The result's arrays have the wrong shape, or a placement is not the candidate's own NV.
    MALFORMED = "malformed"
    #: Placed on a preference that is not eligible (combination not accepted, …).
    NOT_ELIGIBLE = "not_eligible"
    #: Placed with a score below the programme's input floor.
    BELOW_FLOOR = "below_floor"
    #: More admitted than the quota, beyond the candidates tied at the cutoff.
    OVER_QUOTA = "over_quota"
    #: Published figures (programme, NV, count, cutoff, full) disagree with the placements.
    FIGURES_MISMATCH = "figures_mismatch"
    #: A candidate prefers a programme that would take them (free seat or beats its cutoff).
    BLOCKING_PAIR = "blocking_pair"
    #: A candidate reaches the *published* cutoff of an NV above the one they got.
    NOT_BEST_REACHABLE = "not_best_reachable"


@dataclass(frozen=True, slots=True)
class Violation:
    kind: ViolationKind
    programme: int  # -1 when the violation is not about one programme
    candidate: int  # -1 for programme-level violations
    message: str


@dataclass(frozen=True, eq=False)
class VerificationReport:
    """What is wrong with a result, and whom it touches.

    ``violations`` lists at most ``max_listed`` examples per kind; ``counts`` has the totals.
    ``affected_programmes`` are the programmes where a violation happened plus those where an
    affected candidate is currently placed — both lists are suspect.
    """

    violations: tuple[Violation, ...]
    counts: dict[ViolationKind, int]
    affected_programmes: NDArray[np.int32]
    affected_candidates: NDArray[np.int32]

    @property
    def ok(self) -> bool:
        return not self.counts

    def kinds(self) -> set[ViolationKind]:
        return set(self.counts)

    def __iter__(self) -> Iterator[Violation]:
        return iter(self.violations)


@dataclass
class _Collector:
    max_listed: int
    violations: list[Violation] = field(default_factory=list)
    counts: dict[ViolationKind, int] = field(default_factory=dict)
    programmes: list[I64] = field(default_factory=list)
    candidates: list[I64] = field(default_factory=list)

    def add(self, kind: ViolationKind, programme: I64, candidate: I64, message: str) -> None:
        """Record violations found at aligned (programme, candidate) arrays (-1 = none)."""
        if programme.size == 0:
            return
        self.counts[kind] = self.counts.get(kind, 0) + int(programme.size)
        self.programmes.append(programme[programme >= 0])
        self.candidates.append(candidate[candidate >= 0])
        for p, c in zip(
            programme[: self.max_listed].tolist(),
            candidate[: self.max_listed].tolist(),
            strict=True,
        ):
            self.violations.append(Violation(kind, p, c, message.format(p=p, c=c)))


def verify(instance: Instance, result: FilterResult, max_listed: int = 100) -> VerificationReport:
    """Check ``result`` against ``instance``; an empty report means the outcome is stable."""
    out = _Collector(max_listed)
    n_candidates, n_programmes = instance.n_candidates, instance.n_programmes
    if not _shapes_ok(result, n_candidates, n_programmes):  # nothing in it can be trusted
        return VerificationReport(
            violations=(
                Violation(
                    ViolationKind.MALFORMED, -1, -1, "result arrays do not match the instance"
                ),
            ),
            counts={ViolationKind.MALFORMED: 1},
            affected_programmes=np.arange(n_programmes, dtype=np.int32),
            affected_candidates=np.arange(n_candidates, dtype=np.int32),
        )

    offsets = instance.pref_offsets
    assigned = result.assigned_pref.astype(np.int64)
    placed = np.flatnonzero(assigned >= 0)
    pref = assigned[placed]
    own = (pref >= offsets[placed]) & (pref < offsets[placed + 1])
    if not own.all():
        bad = placed[~own]
        out.add(
            ViolationKind.MALFORMED,
            np.full_like(bad, -1),
            bad,
            "candidate {c} is placed on a preference that is not theirs",
        )
        placed, pref = placed[own], pref[own]
    prog = instance.pref_programme[pref].astype(np.int64)
    rank = pref - offsets[placed] + 1
    placements = _Placements(
        candidate=placed,
        pref=pref,
        programme=prog,
        rank=rank,
        key=_keys(instance, pref, prog, rank),
        count=np.bincount(prog, minlength=n_programmes),
    )
    _check_placements(out, instance, result, placements)
    kth_best = _check_programmes(out, instance, result, placements)
    _check_blocking(out, instance, result, placements.count, kth_best)
    return _report(out, instance, result)


@dataclass(frozen=True, eq=False)
class _Placements:
    """The admitted (candidate, preference) pairs, aligned, with the verifier's own keys."""

    candidate: I64
    pref: I64
    programme: I64
    rank: I64
    key: I64
    count: I64  # admitted per programme


def _shapes_ok(result: FilterResult, n_candidates: int, n_programmes: int) -> bool:
    per_candidate = (result.assigned_pref, result.assigned_programme, result.assigned_rank)
    per_programme = (result.cutoff, result.cutoff_tiebreak, result.admitted_count, result.full)
    return all(a.shape == (n_candidates,) for a in per_candidate) and all(
        a.shape == (n_programmes,) for a in per_programme
    )


def _keys(instance: Instance, pref: I64, prog: I64, rank: I64) -> I64:
    """Verifier's own ordering key: score, then the tie policy's criterion; larger is better."""
    policy = instance.tie_policy[prog]
    tie = np.where(
        policy == TiePolicy.PREFERENCE_ORDER,
        (1 << _TIE_BITS) - 1 - rank,
        np.where(policy == TiePolicy.SUBJECT, instance.pref_tiebreak[pref], 0),
    )
    return (instance.pref_score[pref].astype(np.int64) << _TIE_BITS) + tie


def _check_placements(
    out: _Collector, instance: Instance, result: FilterResult, placements: _Placements
) -> None:
    """Each placement: eligible, at the floor, and published with the right programme and NV."""
    placed, pref = placements.candidate, placements.pref
    prog, rank = placements.programme, placements.rank
    not_eligible = ~instance.pref_eligible[pref]
    out.add(
        ViolationKind.NOT_ELIGIBLE,
        prog[not_eligible],
        placed[not_eligible],
        "candidate {c} placed at programme {p} without being eligible",
    )
    below = instance.pref_score[pref] < instance.floor[prog]
    out.add(
        ViolationKind.BELOW_FLOOR,
        prog[below],
        placed[below],
        "candidate {c} placed at programme {p} below its input floor",
    )
    expected_programme = np.full(instance.n_candidates, -1, dtype=np.int64)
    expected_rank = np.full(instance.n_candidates, -1, dtype=np.int64)
    expected_programme[placed] = prog
    expected_rank[placed] = rank
    wrong = np.flatnonzero(
        (result.assigned_programme != expected_programme) | (result.assigned_rank != expected_rank)
    )
    out.add(
        ViolationKind.FIGURES_MISMATCH,
        expected_programme[wrong],
        wrong,
        "candidate {c}: published programme/NV differ from the placement",
    )


def _check_programmes(
    out: _Collector, instance: Instance, result: FilterResult, placements: _Placements
) -> I64:
    """Quota, cutoffs and counts per programme; returns each one's quota-th best key.

    The quota-th best key decides who a programme would still take: anybody at least that good
    (or anybody at all while it has fewer than quota admitted). -1 marks "takes anybody".
    """
    n_programmes = instance.n_programmes
    prog, keys, count = placements.programme, placements.key, placements.count
    placed = placements.candidate
    quota = instance.quota.astype(np.int64)
    sorted_keys = _keys_by_programme(prog, keys, n_programmes)
    start = np.concatenate(([0], np.cumsum(count)[:-1]))
    someone = count > 0
    worst = np.full(n_programmes, -1, dtype=np.int64)
    worst[someone] = sorted_keys[(start + count - 1)[someone]]
    binding = (count >= quota) & (quota > 0)
    kth_best = np.full(n_programmes, -1, dtype=np.int64)
    kth_best[binding] = sorted_keys[(start + quota - 1)[binding]]
    kth_best[quota == 0] = np.iinfo(np.int64).max  # takes nobody

    # over quota: someone admitted although quota others are strictly better
    beyond = keys < kth_best[prog]
    out.add(
        ViolationKind.OVER_QUOTA,
        prog[beyond],
        placed[beyond],
        "programme {p} admits candidate {c} beyond its quota and its cutoff tie",
    )

    # published figures
    score = np.where(someone, worst >> _TIE_BITS, NO_CUTOFF)
    tie = worst & ((1 << _TIE_BITS) - 1)
    policy = instance.tie_policy
    tie = np.where(policy == TiePolicy.PREFERENCE_ORDER, (1 << _TIE_BITS) - 1 - tie, tie)
    tie = np.where(someone, tie, NO_CUTOFF)
    wrong = np.flatnonzero(
        (result.admitted_count != count)
        | (result.cutoff != score)
        | (result.cutoff_tiebreak != tie)
        | (result.full != (count >= quota))
    )
    out.add(
        ViolationKind.FIGURES_MISMATCH,
        wrong,
        np.full_like(wrong, -1),
        "programme {p}: published count/cutoff differ from the placements",
    )
    return kth_best


def _keys_by_programme(prog: I64, keys: I64, n_programmes: int) -> I64:
    """The keys sorted by programme, best first within each programme."""
    pb = max(int(n_programmes - 1).bit_length(), 1)
    kb = max(int(keys.max(initial=0)).bit_length(), 1)
    if pb + kb > 64:  # pragma: no cover - more programmes than any admissions system has
        return keys[np.lexsort((-keys, prog))]
    top = np.uint64((1 << kb) - 1)
    packed = (prog.astype(np.uint64) << np.uint64(kb)) | (top - keys.astype(np.uint64))
    packed.sort()
    return (top - (packed & top)).astype(np.int64)


def _check_blocking(
    out: _Collector, instance: Instance, result: FilterResult, count: I64, kth_best: I64
) -> None:
    """Every admissible preference above a candidate's placement must have rejected them."""
    assigned = result.assigned_pref.astype(np.int64)
    quota = instance.quota.astype(np.int64)
    offsets = instance.pref_offsets
    owner_of = np.repeat(np.arange(instance.n_candidates, dtype=np.int32), np.diff(offsets))
    limit = np.where(assigned >= 0, assigned, offsets[1:])  # prefs strictly above the placement
    pref = np.flatnonzero(np.arange(instance.n_preferences) < limit[owner_of])
    prog = instance.pref_programme[pref].astype(np.int64)
    admissible = (
        instance.pref_eligible[pref]
        & (instance.pref_score[pref] >= instance.floor[prog])
        & (quota[prog] > 0)
    )
    pref, prog = pref[admissible], prog[admissible]
    owner = owner_of[pref].astype(np.int64)
    del owner_of
    keys = _keys(instance, pref, prog, pref - offsets[owner] + 1)

    would_take = (count[prog] < quota[prog]) | (keys >= kth_best[prog])
    out.add(
        ViolationKind.BLOCKING_PAIR,
        prog[would_take],
        owner[would_take],
        "candidate {c} prefers programme {p}, which would take them",
    )

    # the published cutoffs as a candidate reads them
    cut_tie = result.cutoff_tiebreak.astype(np.int64)
    policy = instance.tie_policy
    cut_tie = np.where(
        policy == TiePolicy.PREFERENCE_ORDER,
        (1 << _TIE_BITS) - 1 - cut_tie,
        np.where(policy == TiePolicy.SUBJECT, cut_tie, 0),
    )
    published = (result.cutoff.astype(np.int64) << _TIE_BITS) + cut_tie
    published = np.where(result.cutoff == NO_CUTOFF, -1, published)
    reaches = ~result.full[prog] | (keys >= published[prog])
    out.add(
        ViolationKind.NOT_BEST_REACHABLE,
        prog[reaches],
        owner[reaches],
        "candidate {c} reaches the published cutoff of programme {p}, a higher NV",
    )


def _report(out: _Collector, instance: Instance, result: FilterResult) -> VerificationReport:
    candidates = (
        np.unique(np.concatenate(out.candidates)) if out.candidates else np.empty(0, np.int64)
    )
    programmes = [*out.programmes]
    if candidates.size:
        where = result.assigned_pref[candidates]
        where = where[(where >= 0) & (where < instance.n_preferences)]
        programmes.append(instance.pref_programme[where].astype(np.int64))
    affected = np.unique(np.concatenate(programmes)) if programmes else np.empty(0, np.int64)
    return VerificationReport(
        violations=tuple(out.violations),
        counts=dict(out.counts),
        affected_programmes=affected.astype(np.int32),
        affected_candidates=candidates.astype(np.int32),
    )
