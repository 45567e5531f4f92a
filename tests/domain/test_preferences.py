"""Preference lists (DOMAIN.md §4.1, §15): order, uniqueness, yearly caps and the edit window."""

from __future__ import annotations

from datetime import datetime

import pytest

from exam_client.domain.preferences import Preference, validate_preferences
from exam_client.domain.problems import Problem
from exam_client.domain.ruleset import load_ruleset
from exam_client.domain.timeline import VN_TZ

OPEN_2025 = datetime(2025, 7, 20, 10, tzinfo=VN_TZ)  # §4.1 16 Jul – 17:00 28 Jul 2025
OPEN_2026 = datetime(2026, 7, 10, 10, tzinfo=VN_TZ)  # §4.1 2 Jul – 17:00 14 Jul 2026


def prefs(count: int) -> list[Preference]:
    return [Preference("QSB", f"7480{n:03d}") for n in range(count)]


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


def test_fifteen_is_the_2026_cap() -> None:  # §4.1 Circ. 06/2026
    rs = load_ruleset(2026)
    assert validate_preferences(prefs(15), rs, OPEN_2026) == []
    (problem,) = validate_preferences(prefs(17), rs, OPEN_2026)
    assert problem.code == "preferences.too_many"
    assert problem.message_vi == (
        "Năm 2026 chỉ được đăng ký tối đa 15 nguyện vọng (đang có 17). Hãy bỏ bớt 2 nguyện vọng."
    )
    assert problem.article == "TT 06/2026/TT-BGDĐT"


def test_2025_was_unlimited() -> None:  # §4.1; §9 one candidate listed 231 NV
    assert validate_preferences(prefs(231), load_ruleset(2025), OPEN_2025) == []


@pytest.mark.parametrize("year", [2025, 2026])
def test_an_empty_list_cannot_be_submitted(year: int) -> None:  # §15 1 ≤ n
    moment = OPEN_2025 if year == 2025 else OPEN_2026
    assert codes(validate_preferences([], load_ruleset(year), moment)) == ["preferences.too_few"]


@pytest.mark.parametrize(
    ("position", "flagged"),
    [(1, False), (5, False), (6, True), (15, True)],  # §4.1 pedagogy only in NV1–NV5
)
def test_teacher_training_only_in_the_first_five(position: int, flagged: bool) -> None:
    items = prefs(15)
    items[position - 1] = Preference("SPH", "7140201", teacher_training=True)
    problems = validate_preferences(items, load_ruleset(2026), OPEN_2026)
    if flagged:
        (problem,) = problems
        assert problem.code == "preferences.teacher_training_position"
        assert problem.field == f"preferences.{position}"
        assert "NV1–NV5" in problem.message_vi
    else:
        assert problems == []


def test_teacher_training_anywhere_in_2025() -> None:
    items = [*prefs(9), Preference("SPH", "7140201", teacher_training=True)]
    assert validate_preferences(items, load_ruleset(2025), OPEN_2025) == []


def test_duplicates_point_at_the_first_occurrence() -> None:  # §15 unique (institution, code)
    items = [Preference("QSB", "106"), Preference("BVH", "7480201"), Preference("qsb ", "106")]
    problems = validate_preferences(items, load_ruleset(2026), OPEN_2026)
    assert codes(problems) == ["preferences.institution_code", "preferences.duplicate"]
    assert problems[1].field == "preferences.3"
    assert problems[1].message_vi.startswith("NV3 trùng với NV1")


@pytest.mark.parametrize(
    ("pref", "code", "field"),
    [
        (Preference("QS", "106"), "preferences.institution_code", "preferences.1.institution_code"),
        (
            Preference("QSBX", "106"),
            "preferences.institution_code",
            "preferences.1.institution_code",
        ),
        (Preference("QSB", ""), "preferences.programme_code", "preferences.1.programme_code"),
        (
            Preference("QSB", "7480 201"),
            "preferences.programme_code",
            "preferences.1.programme_code",
        ),
    ],
)
def test_codes_must_be_well_formed(pref: Preference, code: str, field: str) -> None:
    (problem,) = validate_preferences([pref], load_ruleset(2026), OPEN_2026)
    assert (problem.code, problem.field) == (code, field)


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        (datetime(2026, 7, 1, 12, tzinfo=VN_TZ), "hệ thống mở từ 00:00 ngày 02/07/2026"),
        (datetime(2026, 7, 14, 17, tzinfo=VN_TZ), "đóng lúc 17:00 ngày 14/07/2026"),
    ],
)
def test_outside_the_window_nothing_can_change(moment: datetime, words: str) -> None:
    problems = validate_preferences(prefs(3), load_ruleset(2026), moment)
    assert codes(problems) == ["preferences.closed"]
    assert words in problems[0].message_vi


def test_all_problems_at_once() -> None:
    items = [*prefs(15), Preference("X", "", teacher_training=True), prefs(1)[0]]
    late = datetime(2026, 8, 1, tzinfo=VN_TZ)
    found = codes(validate_preferences(items, load_ruleset(2026), late))
    assert found == [
        "preferences.closed",
        "preferences.too_many",
        "preferences.institution_code",
        "preferences.programme_code",
        "preferences.teacher_training_position",
        "preferences.duplicate",
    ]


def test_preference_key_ignores_case_and_spaces() -> None:
    assert Preference(" qsb", "it1 ").key == ("QSB", "IT1")
