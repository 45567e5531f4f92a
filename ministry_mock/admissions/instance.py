"""The virtual-filtering (lọc ảo) instance as flat NumPy arrays.

One national run is ~850 000 candidates and ~7.6 million preferences (DOMAIN §4.4), so an
instance is a handful of flat arrays, never Python objects per preference. Preferences are held
in CSR form: the preferences of candidate ``c`` are ``pref_offsets[c]:pref_offsets[c + 1]``, in
rank order (NV1 first). Everything per preference (score, eligibility, tie-break value) is
computed upstream by the rules engine; this package only decides who is admitted where.

Scores are ``int32`` hundredths of a point (27.15 → 2715) so that comparisons are exact: two
candidates tied on paper are tied here, which is what the tie-breaking rules of §4.3 are about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import numpy as np
from numpy.typing import NDArray

#: Highest admission score: 30.00 on the unified 30-point scale, bonus and priority included (§4.7).
MAX_SCORE = 3000
#: Tie-break values are non-negative ``int32`` (e.g. a named subject's score in hundredths).
MAX_TIEBREAK = 2**31 - 1

IntArray = NDArray[np.int32]
OffsetArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


class TiePolicy(IntEnum):
    """What a programme does with candidates tied at its cutoff (Circ. 08/2022 Art. 20.3, §4.3).

    Whatever the policy, candidates still tied after it are all admitted (a *declared tie*): the
    outcome never depends on candidate ids or input order.
    """

    #: Everybody with the cutoff score is admitted, even beyond the quota.
    ADMIT_ALL_TIED = 0
    #: At equal score the lower NV number (higher in the candidate's list) wins.
    PREFERENCE_ORDER = 1
    #: At equal score the higher tie-break value (e.g. the Math score) wins.
    SUBJECT = 2


class InvalidInstanceError(ValueError):
    """The arrays do not describe a filtering instance; a bug upstream, never a user error."""


def _as_array(name: str, values: object, dtype: type[np.generic], ndim: int = 1) -> NDArray[Any]:
    array = np.asarray(values)
    if array.ndim != ndim:
        raise InvalidInstanceError(f"{name} must be {ndim}-dimensional, got shape {array.shape}")
    if dtype is np.bool_:
        if array.dtype != np.bool_:
            raise InvalidInstanceError(f"{name} must be boolean, got {array.dtype}")
    elif array.size and not np.issubdtype(array.dtype, np.integer):
        raise InvalidInstanceError(f"{name} must hold integers, got {array.dtype}")
    out = np.ascontiguousarray(array, dtype=dtype)
    if out.dtype != array.dtype and array.size and np.any(out != array):
        raise InvalidInstanceError(f"{name} has values that do not fit {np.dtype(dtype).name}")
    if out is array:
        out = out.copy()  # never alias (and then freeze) the caller's array
    out.flags.writeable = False
    return out


def _check_range(name: str, array: NDArray[np.generic], low: int, high: int) -> None:
    if array.size and (int(array.min()) < low or int(array.max()) > high):
        raise InvalidInstanceError(f"{name} must lie in [{low}, {high}]")


@dataclass(frozen=True, eq=False)
class Preferences:
    """Every candidate's ranked preferences (nguyện vọng), with the upstream per-pair facts.

    Validated once on construction (including "no programme twice in one list", which costs a
    sort) so that round after round can reuse it with new programme parameters for free.
    """

    offsets: OffsetArray
    programme: IntArray
    score: IntArray
    eligible: BoolArray
    tiebreak: IntArray

    def __post_init__(self) -> None:
        offsets = _as_array("pref_offsets", self.offsets, np.int64)
        programme = _as_array("pref_programme", self.programme, np.int32)
        n = programme.size
        score = _as_array("pref_score", self.score, np.int32)
        eligible = _as_array("pref_eligible", self.eligible, np.bool_)
        tiebreak = _as_array("pref_tiebreak", self.tiebreak, np.int32)
        if offsets.size < 1 or offsets[0] != 0 or offsets[-1] != n:
            raise InvalidInstanceError(
                "pref_offsets must start at 0 and end at the preference count"
            )
        if np.any(np.diff(offsets) < 0):
            raise InvalidInstanceError("pref_offsets must be non-decreasing")
        for name, arr in (
            ("pref_score", score),
            ("pref_eligible", eligible),
            ("pref_tiebreak", tiebreak),
        ):
            if arr.size != n:
                raise InvalidInstanceError(f"{name} has {arr.size} entries, expected {n}")
        _check_range("pref_programme", programme, 0, 2**31 - 1)
        _check_range("pref_score", score, 0, MAX_SCORE)
        _check_range("pref_tiebreak", tiebreak, 0, MAX_TIEBREAK)
        _reject_repeated_programmes(offsets, programme)
        for name, arr in (
            ("offsets", offsets),
            ("programme", programme),
            ("score", score),
            ("eligible", eligible),
            ("tiebreak", tiebreak),
        ):
            object.__setattr__(self, name, arr)

    @property
    def n_candidates(self) -> int:
        return int(self.offsets.size - 1)

    @property
    def n_preferences(self) -> int:
        return int(self.programme.size)

    def counts(self) -> OffsetArray:
        """Number of preferences of each candidate."""
        return np.diff(self.offsets)

    def candidate(self) -> IntArray:
        """The candidate owning each preference (``N`` entries)."""
        return np.repeat(np.arange(self.n_candidates, dtype=np.int32), self.counts())

    def rank(self) -> IntArray:
        """The NV number (1 = NV1) of each preference."""
        local = np.arange(self.n_preferences, dtype=np.int64)
        local -= np.repeat(self.offsets[:-1], self.counts())
        return (local + 1).astype(np.int32)


def _reject_repeated_programmes(offsets: OffsetArray, programme: IntArray) -> None:
    """A programme listed twice by one candidate has no meaning in deferred acceptance."""
    n = programme.size
    if n < 2:
        return
    counts = np.diff(offsets)
    owner = np.repeat(np.arange(counts.size, dtype=np.uint64), counts)
    bits = max(int(programme.max()).bit_length(), 1)
    if bits + max(int(counts.size).bit_length(), 1) <= 64:
        packed = np.sort((owner << np.uint64(bits)) | programme.astype(np.uint64))
        repeated = bool(np.any(packed[1:] == packed[:-1]))
    else:  # pragma: no cover - more than 2**33 programmes x candidates
        order = np.lexsort((programme, owner))
        repeated = bool(
            np.any(
                (owner[order][1:] == owner[order][:-1])
                & (programme[order][1:] == programme[order][:-1])
            )
        )
    if repeated:
        raise InvalidInstanceError("a candidate lists the same programme twice")


@dataclass(frozen=True, eq=False)
class Programmes:
    """Per admission unit (programme × method): quota (chỉ tiêu), input floor and tie policy."""

    quota: IntArray
    floor: IntArray
    tie_policy: NDArray[np.int8]

    def __post_init__(self) -> None:
        quota = _as_array("quota", self.quota, np.int32)
        floor = _as_array("floor", self.floor, np.int32)
        tie_policy = _as_array("tie_policy", self.tie_policy, np.int8)
        if not quota.size == floor.size == tie_policy.size:
            raise InvalidInstanceError(
                "quota, floor and tie_policy must have one entry per programme"
            )
        _check_range("quota", quota, 0, 2**31 - 1)
        _check_range("floor", floor, 0, MAX_SCORE)
        _check_range("tie_policy", tie_policy, min(TiePolicy), max(TiePolicy))
        object.__setattr__(self, "quota", quota)
        object.__setattr__(self, "floor", floor)
        object.__setattr__(self, "tie_policy", tie_policy)

    @property
    def n_programmes(self) -> int:
        return int(self.quota.size)


@dataclass(frozen=True, eq=False)
class Instance:
    """One filtering run: the preferences plus the programme parameters of this round.

    Between rounds only :class:`Programmes` changes (institutions adjust quotas and floors), so
    :meth:`with_programmes` shares the validated preference arrays instead of copying 100 MB.
    """

    preferences: Preferences
    programmes: Programmes

    def __post_init__(self) -> None:
        prefs = self.preferences.programme
        if prefs.size and int(prefs.max()) >= self.programmes.n_programmes:
            raise InvalidInstanceError("a preference names a programme that does not exist")

    # -- flat views, named as in the issue -------------------------------------------------------
    @property
    def pref_offsets(self) -> OffsetArray:
        return self.preferences.offsets

    @property
    def pref_programme(self) -> IntArray:
        return self.preferences.programme

    @property
    def pref_score(self) -> IntArray:
        return self.preferences.score

    @property
    def pref_eligible(self) -> BoolArray:
        return self.preferences.eligible

    @property
    def pref_tiebreak(self) -> IntArray:
        return self.preferences.tiebreak

    @property
    def quota(self) -> IntArray:
        return self.programmes.quota

    @property
    def floor(self) -> IntArray:
        return self.programmes.floor

    @property
    def tie_policy(self) -> NDArray[np.int8]:
        return self.programmes.tie_policy

    @property
    def n_candidates(self) -> int:
        return self.preferences.n_candidates

    @property
    def n_programmes(self) -> int:
        return self.programmes.n_programmes

    @property
    def n_preferences(self) -> int:
        return self.preferences.n_preferences

    def admissible(self) -> BoolArray:
        """Per preference: could this pair ever be admitted (eligible, at the floor, quota > 0)?"""
        prog = self.pref_programme
        return self.pref_eligible & (self.pref_score >= self.floor[prog]) & (self.quota[prog] > 0)

    def with_programmes(
        self,
        quota: IntArray | None = None,
        floor: IntArray | None = None,
        tie_policy: NDArray[np.int8] | None = None,
    ) -> Instance:
        """The same candidates facing new programme parameters (the next filtering round)."""
        programmes = Programmes(
            quota=self.quota if quota is None else quota,
            floor=self.floor if floor is None else floor,
            tie_policy=self.tie_policy if tie_policy is None else tie_policy,
        )
        return Instance(self.preferences, programmes)

    def reorder_candidates(self, order: Sequence[int] | NDArray[np.integer]) -> Instance:
        """The same instance with candidate ``order[k]`` renumbered ``k``.

        Used to prove that results never depend on candidate ids or input order.
        """
        order_arr = np.asarray(order, dtype=np.int64)
        counts = self.preferences.counts()[order_arr]
        offsets = np.zeros(order_arr.size + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        starts = self.pref_offsets[order_arr]
        gather = np.repeat(starts - offsets[:-1], counts) + np.arange(offsets[-1], dtype=np.int64)
        prefs = self.preferences
        return Instance(
            Preferences(
                offsets=offsets,
                programme=prefs.programme[gather],
                score=prefs.score[gather],
                eligible=prefs.eligible[gather],
                tiebreak=prefs.tiebreak[gather],
            ),
            self.programmes,
        )


#: ``(programme, score)`` or ``(programme, score, eligible, tiebreak)``.
PreferenceSpec = tuple[int, int] | tuple[int, int, bool, int]


def instance_from_lists(
    preferences: Sequence[Sequence[PreferenceSpec]],
    quota: Sequence[int],
    floor: Sequence[int] | None = None,
    tie_policy: Sequence[int] | None = None,
) -> Instance:
    """Build a small instance from per-candidate lists, for tests and examples.

    Each preference is ``(programme, score)`` or ``(programme, score, eligible, tiebreak)``.
    """
    programme: list[int] = []
    score: list[int] = []
    eligible: list[bool] = []
    tiebreak: list[int] = []
    offsets = [0]
    for prefs in preferences:
        for pref in prefs:
            programme.append(int(pref[0]))
            score.append(int(pref[1]))
            eligible.append(bool(pref[2]) if len(pref) > 2 else True)
            tiebreak.append(int(pref[3]) if len(pref) > 3 else 0)
        offsets.append(len(programme))
    n_programmes = len(quota)
    return Instance(
        Preferences(
            offsets=np.asarray(offsets, dtype=np.int64),
            programme=np.asarray(programme, dtype=np.int32),
            score=np.asarray(score, dtype=np.int32),
            eligible=np.asarray(eligible, dtype=np.bool_),
            tiebreak=np.asarray(tiebreak, dtype=np.int32),
        ),
        Programmes(
            quota=np.asarray(quota, dtype=np.int32),
            floor=np.asarray(floor if floor is not None else [0] * n_programmes, dtype=np.int32),
            tie_policy=np.asarray(
                tie_policy if tie_policy is not None else [0] * n_programmes, dtype=np.int8
            ),
        ),
    )
