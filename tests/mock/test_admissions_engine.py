"""The fast engine against the reference engine, on hand-made, random and adversarial instances.

The two share no algorithmic code: agreement on thousands of instances (identical placements,
cutoffs, tie values and counts) is the evidence that the fast engine computes the
student-optimal stable outcome. Every run is also passed through the verifier.
"""

from __future__ import annotations

from random import Random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ministry_mock.admissions import (
    NO_CUTOFF,
    FilterResult,
    Instance,
    TiePolicy,
    filter_candidates,
    instance_from_lists,
    reference_filter,
    synthetic_instance,
    verify,
)

FIELDS = (
    "assigned_pref",
    "assigned_programme",
    "assigned_rank",
    "cutoff",
    "cutoff_tiebreak",
    "admitted_count",
    "full",
)

ALL, PREF, SUBJ = TiePolicy.ADMIT_ALL_TIED, TiePolicy.PREFERENCE_ORDER, TiePolicy.SUBJECT


def assert_same(fast: FilterResult, ref: FilterResult) -> None:
    for name in FIELDS:
        np.testing.assert_array_equal(getattr(fast, name), getattr(ref, name), err_msg=name)


def run_both(instance: Instance) -> FilterResult:
    """Fast engine, checked against the reference and the verifier."""
    fast = filter_candidates(instance)
    assert_same(fast, reference_filter(instance))
    report = verify(instance, fast)
    assert report.ok, report.violations[:5]
    return fast


@st.composite
def small_instances(draw: st.DrawFn, max_candidates: int = 9, max_programmes: int = 4) -> Instance:
    """Tiny instances where ties, empty lists, quota 0 and floors are all likely."""
    n_programmes = draw(st.integers(1, max_programmes))
    n_candidates = draw(st.integers(0, max_candidates))
    scores = draw(st.sampled_from([(2000,), (1900, 2000), (0, 100, 200, 300), (1500, 2500, 3000)]))
    preferences = []
    for _ in range(n_candidates):
        order = draw(st.permutations(range(n_programmes)))
        length = draw(st.integers(0, n_programmes))
        preferences.append(
            [
                (
                    p,
                    draw(st.sampled_from(scores)),
                    draw(st.sampled_from([True, True, True, False])),
                    draw(st.integers(0, 2)),
                )
                for p in order[:length]
            ]
        )
    size = st.lists(st.integers(0, 3), min_size=n_programmes, max_size=n_programmes)
    return instance_from_lists(
        preferences,
        quota=draw(size),
        floor=draw(
            st.lists(
                st.sampled_from([0, 0, 150, 1950, 2600]),
                min_size=n_programmes,
                max_size=n_programmes,
            )
        ),
        tie_policy=draw(
            st.lists(st.sampled_from(list(TiePolicy)), min_size=n_programmes, max_size=n_programmes)
        ),
    )


@settings(max_examples=250, deadline=None)
@given(small_instances())
def test_engines_agree_on_small_random_instances(instance: Instance) -> None:
    run_both(instance)


@settings(max_examples=40, deadline=None)
@given(small_instances(max_candidates=40, max_programmes=8), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_candidate_order(instance: Instance, rnd: Random) -> None:
    order = list(range(instance.n_candidates))
    rnd.shuffle(order)
    base = run_both(instance)
    shuffled = run_both(instance.reorder_candidates(order))
    np.testing.assert_array_equal(shuffled.assigned_programme, base.assigned_programme[order])
    np.testing.assert_array_equal(shuffled.assigned_rank, base.assigned_rank[order])
    np.testing.assert_array_equal(shuffled.cutoff, base.cutoff)
    np.testing.assert_array_equal(shuffled.cutoff_tiebreak, base.cutoff_tiebreak)
    np.testing.assert_array_equal(shuffled.admitted_count, base.admitted_count)


def test_result_does_not_depend_on_programme_ids() -> None:
    instance = synthetic_instance(3000, 120, mean_prefs=6, seed=11)
    rng = np.random.default_rng(0)
    relabel = rng.permutation(instance.n_programmes)  # old id -> new id
    inverse = np.argsort(relabel)
    renamed = instance_from_arrays(
        instance,
        programme=relabel[instance.pref_programme],
        quota=instance.quota[inverse],
        floor=instance.floor[inverse],
        tie_policy=instance.tie_policy[inverse],
    )
    base, other = run_both(instance), run_both(renamed)
    np.testing.assert_array_equal(other.assigned_pref, base.assigned_pref)
    np.testing.assert_array_equal(other.cutoff[relabel], base.cutoff)


def instance_from_arrays(instance: Instance, **changes: np.ndarray) -> Instance:
    from ministry_mock.admissions import Preferences, Programmes

    prefs, progs = instance.preferences, instance.programmes
    return Instance(
        Preferences(
            offsets=prefs.offsets,
            programme=changes.get("programme", prefs.programme),
            score=prefs.score,
            eligible=prefs.eligible,
            tiebreak=prefs.tiebreak,
        ),
        Programmes(
            quota=changes.get("quota", progs.quota),
            floor=changes.get("floor", progs.floor),
            tie_policy=changes.get("tie_policy", progs.tie_policy),
        ),
    )


@pytest.mark.parametrize("seed", range(40))
def test_engines_agree_on_synthetic_instances(seed: int) -> None:
    instance = synthetic_instance(400 + 37 * seed, 10 + seed, mean_prefs=4 + seed % 7, seed=seed)
    run_both(instance)


def test_engines_agree_on_twenty_thousand_candidates() -> None:
    instance = synthetic_instance(20_000, 600, mean_prefs=9, seed=2025)
    result = run_both(instance)
    assert result.n_admitted > 10_000
    assert result.full.sum() > 100  # a real competition, not an empty one


# -- hand-made cases: the rules of §4.3 one by one ---------------------------------------------


def test_each_candidate_gets_first_choice_when_programmes_prefer_the_other() -> None:
    # c0: A > B, c1: B > A; A ranks c1 higher, B ranks c0 higher. Two stable outcomes exist;
    # the candidates' favourite (each at NV1) is the one lọc ảo must produce.
    instance = instance_from_lists([[(0, 2000), (1, 2500)], [(1, 2000), (0, 2500)]], quota=[1, 1])
    result = run_both(instance)
    assert result.assigned_programme.tolist() == [0, 1]
    assert result.assigned_rank.tolist() == [1, 1]


def test_rejection_chain() -> None:
    # c2 (best) displaces c0 at P0; c0 falls to P1 and displaces c1; c1 ends at P2.
    instance = instance_from_lists(
        [
            [(0, 2000), (1, 2000)],
            [(1, 1500), (2, 1500)],
            [(0, 2500)],
        ],
        quota=[1, 1, 1],
    )
    result = run_both(instance)
    assert result.assigned_programme.tolist() == [1, 2, 0]
    assert result.cutoff.tolist() == [2500, 2000, 1500]


def test_competition_ignores_preference_order_when_scores_differ() -> None:
    # c1 has P0 only as NV2 but a higher score: NV order does not protect c0 (Art. 20.3)
    instance = instance_from_lists([[(0, 2000)], [(1, 2900), (0, 2100)]], quota=[1, 0])
    result = run_both(instance)
    assert result.assigned_programme.tolist() == [-1, 0]


def test_admit_all_tied_exceeds_quota_by_the_tie_only() -> None:
    instance = instance_from_lists(
        [[(0, 2000)], [(0, 2000)], [(0, 2000)], [(0, 1900)], [(0, 2500)]],
        quota=[2],
        tie_policy=[ALL],
    )
    result = run_both(instance)
    assert result.assigned_programme.tolist() == [0, 0, 0, -1, 0]
    assert result.admitted_count.tolist() == [4]
    assert result.cutoff.tolist() == [2000]


def test_preference_order_breaks_the_tie_at_the_cutoff() -> None:
    instance = instance_from_lists(
        [[(0, 2000)], [(1, 2000), (0, 2000)], [(0, 2000)]],
        quota=[1, 0],
        tie_policy=[PREF, ALL],
    )
    result = run_both(instance)
    # c0 and c2 both have P0 as NV1: still tied after the policy, so both are admitted
    assert result.assigned_programme.tolist() == [0, -1, 0]
    assert result.cutoff_tiebreak.tolist() == [1, NO_CUTOFF]


def test_subject_tie_break_then_declared_tie() -> None:
    instance = instance_from_lists(
        [
            [(0, 2000, True, 800)],
            [(0, 2000, True, 850)],
            [(0, 2000, True, 850)],
            [(0, 2100, True, 100)],
        ],
        quota=[2],
        tie_policy=[SUBJ],
    )
    result = run_both(instance)
    assert result.assigned_programme.tolist() == [-1, 0, 0, 0]
    assert result.cutoff.tolist() == [2000]
    assert result.cutoff_tiebreak.tolist() == [850]


def test_everybody_ties_everywhere() -> None:
    n = 30
    preferences = [[(p, 2000) for p in ((c + k) % 3 for k in range(3))] for c in range(n)]
    for policy in TiePolicy:
        instance = instance_from_lists(preferences, quota=[2, 2, 2], tie_policy=[policy] * 3)
        result = run_both(instance)
        if policy == PREF:
            assert (result.assigned_rank == 1).all()  # everybody wins at NV1 by NV order
        else:
            assert result.admitted_count.tolist() == [10, 10, 10]


def test_quota_zero_admits_nobody() -> None:
    result = run_both(instance_from_lists([[(0, 2000)], [(0, 3000)]], quota=[0]))
    assert result.assigned_programme.tolist() == [-1, -1]
    assert result.cutoff.tolist() == [NO_CUTOFF]
    assert result.full.tolist() == [True]


def test_candidates_without_preferences_and_no_candidates() -> None:
    result = run_both(instance_from_lists([[], [], [(0, 1000)]], quota=[5]))
    assert result.assigned_programme.tolist() == [-1, -1, 0]
    assert result.full.tolist() == [False]
    empty = run_both(instance_from_lists([], quota=[3, 0]))
    assert empty.assigned_pref.size == 0


def test_one_programme_keeps_the_best() -> None:
    scores = [1500, 2900, 2200, 1800, 2600]
    result = run_both(instance_from_lists([[(0, s)] for s in scores], quota=[3]))
    assert result.assigned_programme.tolist() == [-1, 0, 0, -1, 0]
    assert result.cutoff.tolist() == [2200]


def test_floors_that_exclude_everybody() -> None:
    instance = instance_from_lists(
        [[(0, 2000), (1, 2100)], [(1, 2200)]], quota=[5, 5], floor=[2500, 2300]
    )
    result = run_both(instance)
    assert result.assigned_programme.tolist() == [-1, -1]


def test_ineligible_preference_is_skipped() -> None:
    instance = instance_from_lists([[(0, 2900, False, 0), (1, 1000, True, 0)]], quota=[1, 1])
    assert run_both(instance).assigned_rank.tolist() == [2]


def test_engine_does_not_modify_the_instance() -> None:
    instance = synthetic_instance(500, 20, seed=3)
    before = [a.copy() for a in (instance.pref_programme, instance.pref_score, instance.quota)]
    filter_candidates(instance)
    for old, new in zip(
        before, (instance.pref_programme, instance.pref_score, instance.quota), strict=True
    ):
        np.testing.assert_array_equal(old, new)


@settings(max_examples=50, deadline=None)
@given(small_instances())
def test_general_sort_path_agrees(instance: Instance) -> None:
    # keys too wide for one packed uint64 (huge tie-break values) take a lexsort path
    import ministry_mock.admissions.engine as engine

    previous = engine._PACKED_BITS
    engine._PACKED_BITS = 0
    try:
        run_both(instance)
    finally:
        engine._PACKED_BITS = previous


def test_huge_tie_break_values() -> None:
    big = 2**31 - 1
    instance = instance_from_lists(
        [[(0, 2000, True, big)], [(0, 2000, True, big - 1)], [(0, 2000, True, big)]],
        quota=[1],
        tie_policy=[SUBJ],
    )
    result = run_both(instance)
    assert result.assigned_programme.tolist() == [0, -1, 0]
    assert result.cutoff_tiebreak.tolist() == [big]
