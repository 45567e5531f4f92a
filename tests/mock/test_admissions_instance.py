"""Instance validation, reordering, and the shape of the synthetic national instance."""

from __future__ import annotations

import numpy as np
import pytest

from ministry_mock.admissions import (
    Instance,
    InvalidInstanceError,
    Preferences,
    Programmes,
    TiePolicy,
    instance_from_lists,
    synthetic_instance,
)


def preferences(**override: object) -> Preferences:
    fields: dict[str, object] = {
        "offsets": [0, 2, 3],
        "programme": [0, 1, 1],
        "score": [2000, 1900, 3000],
        "eligible": [True, False, True],
        "tiebreak": [0, 0, 850],
    }
    fields.update(override)
    return Preferences(**fields)  # type: ignore[arg-type]


def programmes(**override: object) -> Programmes:
    fields: dict[str, object] = {"quota": [1, 2], "floor": [0, 1500], "tie_policy": [0, 2]}
    fields.update(override)
    return Programmes(**fields)  # type: ignore[arg-type]


def test_a_valid_instance_exposes_flat_views() -> None:
    instance = Instance(preferences(), programmes())
    assert (instance.n_candidates, instance.n_programmes, instance.n_preferences) == (2, 2, 3)
    assert instance.pref_offsets.dtype == np.int64
    assert instance.pref_score.dtype == np.int32
    assert instance.preferences.rank().tolist() == [1, 2, 1]
    assert instance.preferences.candidate().tolist() == [0, 0, 1]
    assert instance.admissible().tolist() == [True, False, True]
    with pytest.raises(ValueError, match="read-only"):
        instance.pref_score[0] = 1


def test_caller_arrays_are_copied_not_frozen() -> None:
    score = np.array([2000, 1900, 3000], dtype=np.int32)
    prefs = preferences(score=score)
    score[0] = 1
    assert prefs.score[0] == 2000
    assert score.flags.writeable


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"offsets": [1, 2, 3]}, "start at 0"),
        ({"offsets": [0, 3, 2]}, "start at 0|non-decreasing"),
        ({"offsets": [0, 2, 1, 3]}, "non-decreasing"),
        ({"score": [2000, 1900]}, "expected 3"),
        ({"score": [2000, 3001, 0]}, r"pref_score must lie in \[0, 3000\]"),
        ({"score": [-1, 0, 0]}, "pref_score"),
        ({"tiebreak": [0, -5, 0]}, "pref_tiebreak"),
        ({"programme": [0, 0, 1]}, "same programme twice"),
        ({"programme": [0, -1, 1]}, "pref_programme"),
        ({"eligible": [1, 0, 1]}, "boolean"),
        ({"score": [2000.5, 1900, 3000]}, "integers"),
        ({"programme": [0, 2**32, 1]}, "do not fit int32"),
        ({"score": [[2000, 1900, 3000]]}, "1-dimensional"),
    ],
)
def test_invalid_preferences_are_rejected(override: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInstanceError, match=message):
        preferences(**override)


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"quota": [1, -1]}, "quota"),
        ({"floor": [0, 3100]}, "floor"),
        ({"tie_policy": [0, 3]}, "tie_policy"),
        ({"quota": [1]}, "one entry per programme"),
    ],
)
def test_invalid_programmes_are_rejected(override: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInstanceError, match=message):
        programmes(**override)


def test_preferences_must_name_existing_programmes() -> None:
    with pytest.raises(InvalidInstanceError, match="does not exist"):
        Instance(preferences(programme=[0, 2, 1]), programmes())


def test_reorder_candidates_moves_whole_lists() -> None:
    instance = instance_from_lists([[(0, 100)], [], [(1, 200, False, 3), (0, 300)]], quota=[1, 1])
    moved = instance.reorder_candidates([2, 0, 1])
    assert moved.pref_offsets.tolist() == [0, 2, 3, 3]
    assert moved.pref_programme.tolist() == [1, 0, 0]
    assert moved.pref_score.tolist() == [200, 300, 100]
    assert moved.pref_eligible.tolist() == [False, True, True]
    assert moved.pref_tiebreak.tolist() == [3, 0, 0]


def test_with_programmes_shares_preferences() -> None:
    instance = Instance(preferences(), programmes())
    changed = instance.with_programmes(quota=np.array([5, 5]))
    assert changed.preferences is instance.preferences
    assert changed.quota.tolist() == [5, 5]
    assert changed.floor.tolist() == [0, 1500]


def test_synthetic_instance_looks_national() -> None:
    instance = synthetic_instance(20_000, 500, mean_prefs=9, seed=3)
    counts = np.diff(instance.pref_offsets)
    assert 8.0 < counts.mean() < 10.0
    assert counts.min() >= 1 and counts.max() <= 40
    assert 0.85 < instance.quota.sum() / instance.n_candidates < 0.95
    assert set(np.unique(instance.tie_policy).tolist()) == {int(p) for p in TiePolicy}
    assert (instance.floor > 1500).any() and (instance.floor == 0).any()
    assert 0.8 < instance.pref_eligible.mean() < 0.99
    assert instance.pref_score.max() <= 3000
    # exact ties are common, as with real scores on a 0.05 grid
    assert np.unique(instance.pref_score).size < 1500
    # popularity is skewed: the top 1 % of programmes get far more than 1 % of applications
    demand = np.sort(np.bincount(instance.pref_programme, minlength=instance.n_programmes))
    assert demand[-5:].sum() > 0.05 * demand.sum()
    # tie-break values only where a programme uses them
    subject = instance.tie_policy[instance.pref_programme] == TiePolicy.SUBJECT
    assert (instance.pref_tiebreak[~subject] == 0).all()
    assert (instance.pref_tiebreak[subject] > 0).any()


def test_synthetic_instance_needs_a_population() -> None:
    with pytest.raises(ValueError, match="at least one"):
        synthetic_instance(0, 10)


def test_synthetic_instance_is_reproducible() -> None:
    a = synthetic_instance(500, 30, seed=1)
    b = synthetic_instance(500, 30, seed=1)
    c = synthetic_instance(500, 30, seed=2)
    np.testing.assert_array_equal(a.pref_score, b.pref_score)
    np.testing.assert_array_equal(a.pref_programme, b.pref_programme)
    assert not np.array_equal(a.pref_programme, c.pref_programme)
