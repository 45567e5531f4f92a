"""A national-like synthetic filtering instance, built in a few seconds from a seed.

The benchmark and the tests need instances that look like the 2025 national run (DOMAIN §4.4:
~850 000 candidates, ~7.6 million preferences) without real data. What matters for the engine is
the *shape*, so the generator reproduces the features that make filtering hard:

* scores are sums of three subject scores on a 0.25 grid, plus priority points reduced for high
  scorers (§5) and capped bonus points (§4.7) — so exact ties are common, as in reality;
* programme popularity is Zipf-like and stronger candidates aim higher, so the top programmes are
  heavily over-subscribed and rejection chains are long;
* quotas sum to ~90 % of the candidates, some programmes have high input floors, a few recruit
  nobody this round, and all three tie policies occur;
* every programme accepts only some combinations (tổ hợp), so some pairs are not eligible.

Figures marked illustrative below are plausible, not sourced; only the elective popularity
(§1.1) and the priority rules (§5) come from DOMAIN.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ministry_mock.admissions.instance import (
    MAX_SCORE,
    Instance,
    Preferences,
    Programmes,
    TiePolicy,
)

# Subjects: 0 Toán, 1 Ngữ văn, 2 Vật lí, 3 Hóa học, 4 Sinh học, 5 Lịch sử, 6 Địa lí, 7 Tiếng Anh.
_N_SUBJECTS = 8
#: 2025 elective registrations (DOMAIN §1.1 ✔), for subjects 2..7.
_ELECTIVE_WEIGHTS = np.array([354_000, 246_700, 72_600, 500_000, 494_000, 358_870], dtype=float)
#: Mean and spread of each subject in points (illustrative).
_SUBJECT_MEAN = np.array([4.8, 7.0, 6.9, 6.1, 5.8, 6.5, 6.6, 5.4])
_SUBJECT_SD = np.array([1.5, 1.1, 1.6, 1.7, 1.4, 1.6, 1.4, 1.7])
#: Combinations (tổ hợp) by subject index. The seven MOET calibrated in 2025 (§4.5) come first
#: (A00 A01 B00 C00 C01 D01 D07), then Toán–Văn–X and social ones (C02 B03 C03 C04 A07 D14 D15),
#: so that every candidate (Toán and Văn are compulsory) holds at least two combinations.
_COMBINATIONS = np.array(
    [
        (0, 2, 3),
        (0, 2, 7),
        (0, 3, 4),
        (1, 5, 6),
        (0, 1, 2),
        (0, 1, 7),
        (0, 3, 7),
        (0, 1, 3),
        (0, 1, 4),
        (0, 1, 5),
        (0, 1, 6),
        (0, 5, 6),
        (1, 5, 7),
        (1, 6, 7),
    ],
    dtype=np.int64,
)
#: Fields of study and the combinations their programmes may accept, main ones first
#: (illustrative).
_FIELD_COMBINATIONS = (
    (0, 1, 6, 4, 5, 7),  # engineering: A00 A01 D07 C01 D01 C02
    (2, 0, 8, 6),  # health: B00 A00 B03 D07
    (0, 1, 5, 6, 10, 9),  # economics: A00 A01 D01 D07 C04 C03
    (3, 5, 9, 10, 12, 13, 11),  # social sciences: C00 D01 C03 C04 D14 D15 A07
)
_FIELD_SHARE = np.array([0.30, 0.15, 0.30, 0.25])
#: The field a candidate whose best combination is k aims at (illustrative).
_COMBINATION_FIELD = np.array([0, 0, 1, 3, 0, 2, 2, 0, 1, 3, 2, 3, 3, 3], dtype=np.int64)
_AREA_POINTS = np.array([75, 50, 25, 0], dtype=np.int64)  # KV1, KV2-NT, KV2, KV3 (§5 ✔)
_AREA_SHARE = np.array([0.22, 0.38, 0.25, 0.15])  # illustrative
_OBJECT_POINTS = np.array([200, 100, 0], dtype=np.int64)  # UT1, UT2, none (§5 ✔)
_OBJECT_SHARE = np.array([0.02, 0.05, 0.93])  # illustrative
_BONUS_CAP = 300  # 10 % of the 30-point scale (§4.7 ✔)
_ZIPF = 0.9  # popularity exponent inside a field (illustrative)
_CHUNK = 1 << 21  # draws per chunk in the generator's float-heavy steps


@dataclass(frozen=True, eq=False)
class _Population:
    """Candidate-side facts: subject and combination scores, field of interest, strength."""

    subject: NDArray[np.int16]  # (C, 8) hundredths, -1 = not taken
    combo: NDArray[np.int16]  # (C, 14) hundredths, -1 = not available
    interest: NDArray[np.int64]  # field each candidate mostly applies to
    percentile: NDArray[np.float64]  # 0 = strongest candidate, 1 = weakest


@dataclass(frozen=True, eq=False)
class _Catalogue:
    """Programme-side facts: field, popularity and accepted combinations."""

    field: NDArray[np.int64]
    popularity_rank: NDArray[np.int64]  # inside the field, 0 = most popular
    field_size: NDArray[np.int64]
    order_in_field: NDArray[np.int64]  # programme ids sorted by (field, popularity)
    accepted: NDArray[np.bool_]  # (P, 14)


def _population(rng: np.random.Generator, candidates: int) -> _Population:
    ability = rng.standard_normal(candidates)
    subject = _subject_scores(rng, ability)
    combo = _combination_scores(subject)
    interest = _COMBINATION_FIELD[np.argmax(combo, axis=1)]
    percentile = np.argsort(np.argsort(-ability)) / max(candidates - 1, 1)
    return _Population(subject, combo, interest, percentile)


def _catalogue(rng: np.random.Generator, programmes: int) -> _Catalogue:
    field, popularity_rank, field_size, order_in_field = _programme_fields(rng, programmes)
    accepted = _accepted_combinations(rng, field)
    return _Catalogue(field, popularity_rank, field_size, order_in_field, accepted)


def synthetic_instance(
    candidates: int,
    programmes: int,
    mean_prefs: float = 9.0,
    seed: int = 0,
    max_prefs: int = 40,
) -> Instance:
    """A national-like instance: ``mean_prefs`` preferences per candidate on average (1..max)."""
    if candidates < 1 or programmes < 1 or mean_prefs < 1 or max_prefs < 1:
        raise ValueError("synthetic_instance needs at least one candidate, programme and NV")
    rng = np.random.default_rng(seed)
    max_prefs = min(max_prefs, programmes)

    people = _population(rng, candidates)
    catalogue = _catalogue(rng, programmes)
    owner, prog = _draw_preferences(rng, people, catalogue, mean_prefs, max_prefs)
    # aspirational first: more popular programmes higher in the list, with personal noise
    prestige = np.log1p(catalogue.popularity_rank[prog]) + 0.9 * rng.standard_normal(prog.size)
    owner, prog = _sort_within_candidates(owner, prog, prestige)
    counts = np.bincount(owner, minlength=candidates)
    offsets = np.zeros(candidates + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])

    quota, floor, policy, tiebreak_subject, takes_bonus = _programme_parameters(
        rng, candidates, catalogue
    )
    score, eligible = _pair_scores(
        rng, owner, prog, people, accepted=catalogue.accepted, takes_bonus=takes_bonus
    )
    tb_scores = people.subject[owner, tiebreak_subject[prog]]
    tiebreak = np.where(
        (policy[prog] == TiePolicy.SUBJECT) & (tb_scores >= 0), tb_scores, 0
    ).astype(np.int32)
    return Instance(
        Preferences(
            offsets=offsets,
            programme=prog.astype(np.int32),
            score=score,
            eligible=eligible,
            tiebreak=tiebreak,
        ),
        Programmes(quota=quota, floor=floor, tie_policy=policy),
    )


def _subject_scores(rng: np.random.Generator, ability: NDArray[np.float64]) -> NDArray[np.int16]:
    """Scores in hundredths on the 0.25 grid; -1 where the subject was not taken."""
    n = ability.size
    # two electives without replacement, weighted by 2025 popularity (Gumbel top-2)
    gumbel = np.log(_ELECTIVE_WEIGHTS)[None, :] - np.log(-np.log(rng.random((n, 6))))
    electives = np.argpartition(-gumbel, 1, axis=1)[:, :2] + 2
    taken = np.zeros((n, _N_SUBJECTS), dtype=bool)
    taken[:, 0] = taken[:, 1] = True
    taken[np.arange(n)[:, None], electives] = True
    noise = rng.standard_normal((n, _N_SUBJECTS))
    points = _SUBJECT_MEAN + _SUBJECT_SD * (0.8 * ability[:, None] + 0.6 * noise)
    quarters = np.clip(np.rint(points * 4), 0, 40).astype(np.int16)
    return np.where(taken, quarters * 25, -1).astype(np.int16)


def _combination_scores(subject: NDArray[np.int16]) -> NDArray[np.int16]:
    """Sum of the three subjects of each combination; -1 where one of them was not taken."""
    combo = np.empty((subject.shape[0], len(_COMBINATIONS)), dtype=np.int16)
    for k, (a, b, c) in enumerate(_COMBINATIONS.tolist()):  # column by column: little memory
        taken = (subject[:, a] >= 0) & (subject[:, b] >= 0) & (subject[:, c] >= 0)
        combo[:, k] = np.where(taken, subject[:, a] + subject[:, b] + subject[:, c], -1)
    return combo


def _programme_fields(
    rng: np.random.Generator, programmes: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Field of each programme and its popularity rank inside the field (0 = most popular).

    Programme ids are a random permutation, so an id says nothing about popularity.
    """
    field = rng.choice(len(_FIELD_SHARE), size=programmes, p=_FIELD_SHARE)
    rank = np.empty(programmes, dtype=np.int64)
    order_in_field = np.argsort(field * (programmes + 1) + rng.permutation(programmes))
    field_size = np.bincount(field, minlength=len(_FIELD_SHARE)).astype(np.int64)
    starts = np.concatenate(([0], np.cumsum(field_size)[:-1]))
    rank[order_in_field] = np.arange(programmes) - np.repeat(starts, field_size)
    return field, rank, field_size, order_in_field


def _accepted_combinations(rng: np.random.Generator, field: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Which combinations each programme accepts (two to all of its field's)."""
    accepted = np.zeros((field.size, len(_COMBINATIONS)), dtype=bool)
    for f, combos in enumerate(_FIELD_COMBINATIONS):
        members = np.flatnonzero(field == f)
        how_many = rng.integers(2, len(combos) + 1, size=members.size)
        for position, k in enumerate(combos):
            accepted[members, k] = position < how_many  # the field's main combination first
    return accepted


def _draw_preferences(
    rng: np.random.Generator,
    people: _Population,
    catalogue: _Catalogue,
    mean_prefs: float,
    max_prefs: int,
) -> tuple[NDArray[np.int32], NDArray[np.int32]]:
    """Distinct (candidate, programme) pairs, grouped by candidate in random order."""
    candidates, programmes = people.interest.size, catalogue.field.size
    shape = 1.6  # negative binomial: most lists short, a long tail up to max_prefs
    wanted = 1 + rng.negative_binomial(shape, shape / (shape + mean_prefs - 1), candidates)
    wanted = np.minimum(wanted, max_prefs)
    draws = wanted + wanted // 4 + 2  # extra draws absorb duplicates
    owner = np.repeat(np.arange(candidates, dtype=np.int32), draws)
    prog = _draw_programmes(rng, owner, people, catalogue)
    # most candidates pick programmes that accept one of their combinations: redraw most misses
    accepted_bits = _bits(catalogue.accepted)
    available_bits = _bits(people.combo >= 0)
    for _ in range(2):
        miss = (accepted_bits[prog] & available_bits[owner]) == 0
        miss &= rng.random(owner.size) < 0.9
        prog[miss] = _draw_programmes(rng, owner[miss], people, catalogue)

    # distinct pairs, then a random subset of `wanted` of them per candidate
    pb = max(int(programmes - 1).bit_length(), 1)
    packed = np.sort((owner.astype(np.uint64) << np.uint64(pb)) | prog.astype(np.uint64))
    packed = packed[np.concatenate(([True], packed[1:] != packed[:-1]))]
    owner = (packed >> np.uint64(pb)).astype(np.int32)
    prog = (packed & np.uint64((1 << pb) - 1)).astype(np.int32)
    del packed
    owner, prog = _sort_within_candidates(owner, prog, rng.random(prog.size, dtype=np.float32))
    counts = np.bincount(owner, minlength=candidates)
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    within = np.arange(owner.size, dtype=np.int32) - np.repeat(first, counts).astype(np.int32)
    keep = within < wanted[owner]
    return owner[keep], prog[keep]


def _bits(flags: NDArray[np.bool_]) -> NDArray[np.uint16]:
    """Rows of (up to 16) flags as one bit mask each, for cheap set intersections."""
    weights = (1 << np.arange(flags.shape[1], dtype=np.uint16)).astype(np.uint16)
    out: NDArray[np.uint16] = (flags.astype(np.uint16) * weights).sum(axis=1, dtype=np.uint16)
    return out


def _draw_programmes(
    rng: np.random.Generator, owner: NDArray[np.int32], people: _Population, catalogue: _Catalogue
) -> NDArray[np.int32]:
    """One programme per draw: usually in the candidate's field, Zipf-like inside the field.

    Inverse-CDF sampling of a continuous power law (weight ∝ rank^-0.9), so no search is needed;
    weaker candidates (percentile → 1) lean towards less popular programmes. Works in chunks so
    that ten million draws never need more than a few small float temporaries.
    """
    out = np.empty(owner.size, dtype=np.int32)
    field_size = catalogue.field_size
    starts = np.concatenate(([0], np.cumsum(field_size)[:-1]))
    exponent = 1.0 - _ZIPF
    for lo in range(0, owner.size, _CHUNK):
        who = owner[lo : lo + _CHUNK]
        chosen = np.where(
            rng.random(who.size) < 0.8,
            people.interest[who],
            rng.choice(len(_FIELD_SHARE), size=who.size, p=_FIELD_SHARE),
        )
        chosen = np.where(field_size[chosen] > 0, chosen, np.argmax(field_size))
        size = field_size[chosen].astype(float)
        u = rng.random(who.size) ** (1.0 / (1.0 + 1.5 * people.percentile[who]))
        rank = np.floor((1.0 + u * ((size + 1.0) ** exponent - 1.0)) ** (1.0 / exponent)) - 1.0
        rank = np.clip(rank, 0, size - 1).astype(np.int64)
        out[lo : lo + who.size] = catalogue.order_in_field[starts[chosen] + rank]
    return out


def _sort_within_candidates(
    owner: NDArray[np.int32], prog: NDArray[np.int32], key: NDArray[np.floating]
) -> tuple[NDArray[np.int32], NDArray[np.int32]]:
    """Reorder pairs by (candidate, key) with one fast integer sort of packed values."""
    ob = max(int(owner.max(initial=0)).bit_length(), 1)
    ib = max(int(owner.size).bit_length(), 1)
    kb = 64 - ob - ib
    if kb < 8:  # pragma: no cover - beyond any national size
        order = np.lexsort((key, owner))
    else:
        lo, hi = float(key.min(initial=0.0)), float(key.max(initial=1.0))
        packed = ((key - lo) * ((1 << kb) - 1) / max(hi - lo, 1e-12)).astype(np.uint64)
        packed <<= np.uint64(ib)
        packed |= owner.astype(np.uint64) << np.uint64(kb + ib)
        packed |= np.arange(owner.size, dtype=np.uint64)
        packed.sort()
        packed &= np.uint64((1 << ib) - 1)
        order = packed.astype(np.int64)
        del packed
    return owner[order], prog[order]


def _programme_parameters(
    rng: np.random.Generator, candidates: int, catalogue: _Catalogue
) -> tuple[
    NDArray[np.int32], NDArray[np.int32], NDArray[np.int8], NDArray[np.int64], NDArray[np.bool_]
]:
    """Quotas (~90 % of candidates), floors, tie policies, tie-break subject, bonus acceptance."""
    field, popularity_rank = catalogue.field, catalogue.popularity_rank
    p = field.size
    relative = popularity_rank / np.maximum(catalogue.field_size[field], 1)  # 0 = most popular
    size = (1.0 / (1.0 + popularity_rank)) ** 0.45 * rng.lognormal(0.0, 0.35, p)
    quota = np.maximum(np.rint(size / size.sum() * 0.9 * candidates), 5).astype(np.int32)
    quota[rng.random(p) < 0.002] = 0  # not recruiting with this method this round

    floor = rng.choice([1500, 1600, 1700, 1800], size=p, p=[0.5, 0.2, 0.2, 0.1])
    floor = np.where((relative < 0.1) & (rng.random(p) < 0.5), floor + 300, floor)
    floor = np.where((field == 1) & (relative < 0.15), rng.choice([2250, 2400], size=p), floor)
    floor = np.where(rng.random(p) < 0.08, 0, floor).astype(np.int32)

    policy = rng.choice(
        [TiePolicy.ADMIT_ALL_TIED, TiePolicy.PREFERENCE_ORDER, TiePolicy.SUBJECT],
        size=p,
        p=[0.55, 0.30, 0.15],
    ).astype(np.int8)
    tiebreak_subject = rng.choice([0, 1, 7], size=p, p=[0.7, 0.15, 0.15]).astype(np.int64)
    takes_bonus = rng.random(p) < 0.4
    return quota, floor, policy, tiebreak_subject, takes_bonus


def _pair_scores(
    rng: np.random.Generator,
    owner: NDArray[np.int32],
    prog: NDArray[np.int32],
    people: _Population,
    *,
    accepted: NDArray[np.bool_],
    takes_bonus: NDArray[np.bool_],
) -> tuple[NDArray[np.int32], NDArray[np.bool_]]:
    """Admission score of each pair: best accepted combination + reduced priority + bonus."""
    by_combination = np.ascontiguousarray(people.combo.T)  # (14, C)
    accepted_by_combination = np.ascontiguousarray(accepted.T)  # (14, P)
    n_candidates = by_combination.shape[1]
    best = np.full(owner.size, -1, dtype=np.int16)
    for k in range(by_combination.shape[0]):
        candidate_k = by_combination[k][owner]
        better = accepted_by_combination[k][prog] & (candidate_k > best)
        np.copyto(best, candidate_k, where=better)
    eligible = best >= 0
    exam = np.maximum(best, 0).astype(np.int32)
    del best

    area = rng.choice(_AREA_POINTS, size=n_candidates, p=_AREA_SHARE)
    obj = rng.choice(_OBJECT_POINTS, size=n_candidates, p=_OBJECT_SHARE)
    normal = (area + obj).astype(np.int32)[owner]
    # §5: from 22.50 the priority shrinks linearly to 0 at 30.00 (rounding ⚠ UNVERIFIED: half up)
    reduced = (2 * (MAX_SCORE - exam) * normal + 750) // 1500
    priority = np.where(exam >= 2250, reduced, normal)
    bonus_holder = rng.random(n_candidates) < 0.08
    bonus = np.where(bonus_holder, rng.integers(2, 13, n_candidates) * 25, 0).astype(np.int32)
    score = exam + priority
    score += np.where(takes_bonus[prog], np.minimum(bonus[owner], _BONUS_CAP), 0)
    np.minimum(score, MAX_SCORE, out=score)
    score[~eligible] = 0
    return score.astype(np.int32), eligible
