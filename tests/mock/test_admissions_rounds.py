"""Several rounds with quota and floor changes, and quarantine instead of abort."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ministry_mock.admissions import (
    NO_CUTOFF,
    WITHHELD,
    FilterResult,
    Instance,
    ProgrammeChange,
    apply_changes,
    fill_quotas,
    filter_candidates,
    run_rounds,
    scheduled,
    summarise,
    synthetic_instance,
)
from ministry_mock.admissions.rounds import cutoff_history, placement_history
from tests.mock.test_admissions_engine import small_instances


def rank_or_worst(result: FilterResult) -> np.ndarray:
    return np.where(result.assigned_rank < 0, 10**6, result.assigned_rank)


@pytest.fixture(scope="module")
def instance() -> Instance:
    return synthetic_instance(3000, 90, mean_prefs=7, seed=5)


def test_scheduled_quota_change_is_applied_in_the_next_round(instance: Instance) -> None:
    first = filter_candidates(instance)
    busiest = int(np.argmax(np.where(first.full, instance.quota, -1)))
    more = int(instance.quota[busiest]) + 10
    outcomes = run_rounds(
        instance, rounds=3, adjust=scheduled([[ProgrammeChange(busiest, quota=more)]])
    )
    assert [o.number for o in outcomes] == [1, 2, 3]
    assert outcomes[0].changes == ()
    assert outcomes[1].changes == (ProgrammeChange(busiest, quota=more),)
    assert outcomes[1].instance.quota[busiest] == more
    assert outcomes[2].instance.quota[busiest] == more  # changes persist
    assert outcomes[1].result.admitted_count[busiest] > outcomes[0].result.admitted_count[busiest]
    assert outcomes[1].result.cutoff[busiest] <= outcomes[0].result.cutoff[busiest]
    assert cutoff_history(outcomes).shape == (3, instance.n_programmes)
    assert placement_history(outcomes).shape == (3, instance.n_candidates)
    assert all(o.report.ok and not o.quarantined.any() for o in outcomes)
    # the original instance is untouched
    assert instance.quota[busiest] == more - 10


def test_fill_quotas_rounds_never_make_a_candidate_worse_off(instance: Instance) -> None:
    outcomes = run_rounds(instance, rounds=4, adjust=fill_quotas(raise_fraction=0.1))
    assert all(o.report.ok for o in outcomes)
    assert any(o.changes for o in outcomes[1:])
    admitted = [o.result.n_admitted for o in outcomes]
    assert admitted == sorted(admitted) and admitted[-1] > admitted[0]
    for before, after in itertools.pairwise(outcomes):
        assert (rank_or_worst(after.result) <= rank_or_worst(before.result)).all()
    assert all(o.filter_ms > 0 and o.verify_ms > 0 for o in outcomes)


def test_floors_are_lowered_only_down_to_the_lowest_floor(instance: Instance) -> None:
    outcomes = run_rounds(instance, rounds=3, adjust=fill_quotas(floor_step=200, lowest_floor=1600))
    first, last = outcomes[0].instance.floor, outcomes[-1].instance.floor
    assert (last <= first).all()
    assert (last[first > 1600] >= 1600).all()
    assert (last[first <= 1600] == first[first <= 1600]).all()


@settings(max_examples=100, deadline=None)
@given(small_instances(max_candidates=10, max_programmes=4), st.data())
def test_more_seats_or_lower_floors_never_hurt_anyone(
    instance: Instance, data: st.DataObject
) -> None:
    n = instance.n_programmes
    extra = data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    relax = data.draw(st.lists(st.sampled_from([0, 0, 100, 3000]), min_size=n, max_size=n))
    relaxed = instance.with_programmes(
        quota=instance.quota + np.asarray(extra),
        floor=np.maximum(instance.floor - np.asarray(relax), 0),
    )
    before, after = filter_candidates(instance), filter_candidates(relaxed)
    assert (rank_or_worst(after) <= rank_or_worst(before)).all()


def test_a_violation_quarantines_programmes_instead_of_aborting(instance: Instance) -> None:
    calls = []

    def faulty_engine(current: Instance) -> FilterResult:
        result = filter_candidates(current)
        calls.append(result)
        if len(calls) != 2:
            return result
        # round 2 "forgets" one admitted candidate: a blocking pair at their programme
        assigned = result.assigned_pref.copy()
        assigned[victim] = -1
        return summarise(current, assigned, result.iterations)

    reference = filter_candidates(instance)
    victim = int(np.flatnonzero(reference.assigned_pref >= 0)[0])
    bad_programme = int(reference.assigned_programme[victim])

    outcomes = run_rounds(instance, rounds=3, engine=faulty_engine)
    good, bad, after = outcomes
    assert good.report.ok and after.report.ok
    assert not bad.report.ok
    assert bad.quarantined[bad_programme]
    assert bad.published_cutoff[bad_programme] == NO_CUTOFF
    assert bad.published_programme[victim] == WITHHELD
    at_bad = bad.result.assigned_programme == bad_programme
    assert (bad.published_programme[at_bad] == WITHHELD).all()
    # everybody untouched by the violation is published as computed
    untouched = ~bad.quarantined[np.maximum(bad.result.assigned_programme, 0)]
    untouched &= ~np.isin(np.arange(instance.n_candidates), bad.report.affected_candidates)
    np.testing.assert_array_equal(
        bad.published_programme[untouched], bad.result.assigned_programme[untouched]
    )
    # a freed seat makes everyone who wanted it a blocking pair, yet most results still go out
    assert untouched.sum() > 0.5 * instance.n_candidates
    assert bad.quarantined.sum() < 0.5 * instance.n_programmes
    # the next round is clean again
    assert not after.quarantined.any()
    np.testing.assert_array_equal(after.published_programme, after.result.assigned_programme)


def test_a_malformed_result_withholds_everything(instance: Instance) -> None:
    def broken_engine(current: Instance) -> FilterResult:
        result = filter_candidates(current)
        return FilterResult(
            assigned_pref=result.assigned_pref[:-1],
            assigned_programme=result.assigned_programme[:-1],
            assigned_rank=result.assigned_rank[:-1],
            cutoff=result.cutoff,
            cutoff_tiebreak=result.cutoff_tiebreak,
            admitted_count=result.admitted_count,
            full=result.full,
            iterations=result.iterations,
        )

    (outcome,) = run_rounds(instance, rounds=1, engine=broken_engine)
    assert outcome.quarantined.all()
    assert (outcome.published_programme == WITHHELD).all()
    assert (outcome.published_cutoff == NO_CUTOFF).all()


def test_apply_changes_rejects_unknown_programmes(instance: Instance) -> None:
    with pytest.raises(ValueError, match="no programme"):
        apply_changes(instance, [ProgrammeChange(instance.n_programmes, quota=1)])
    assert apply_changes(instance, []) is instance
    changed = apply_changes(instance, [ProgrammeChange(0, floor=2000, quota=7)])
    assert (changed.floor[0], changed.quota[0]) == (2000, 7)
    assert changed.preferences is instance.preferences  # shared, not copied
