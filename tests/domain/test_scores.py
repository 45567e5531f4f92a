"""Exam, graduation and admission scores (DOMAIN.md §4.2, §4.7, §5, §6)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exam_client.domain.ruleset import load_ruleset
from exam_client.domain.scores import (
    admission_score,
    check_exam_score,
    graduation_result,
    graduation_score,
    transcript_average,
)

D = Decimal
RS = load_ruleset(2025)
YEARS = {10: D("7.00"), 11: D("8.00"), 12: D("9.00")}
EXAMS = {"TO": D("8"), "VA": D("7"), "LI": D("9"), "N1": D("8.5")}


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("0", None),
        ("10", None),
        ("7.25", None),  # 0.25 steps (brief) are always accepted
        ("8.35", None),  # 0.05 steps of MCQ papers (rule exam.score_step ⚡)
        ("-0.25", "score.range"),
        ("10.25", "score.range"),
        ("7.33", "score.step"),
    ],
)
def test_exam_score_range_and_step(value: str, code: str | None) -> None:
    problems = check_exam_score(D(value), RS, field="scores.TO")
    assert [p.code for p in problems] == ([code] if code else [])
    assert all(p.field == "scores.TO" for p in problems)


def test_step_follows_the_rule_set() -> None:
    quarter = replace(RS, score_step=D("0.25"))
    assert [p.code for p in check_exam_score(D("8.35"), quarter)] == ["score.step"]


def test_transcript_average_weights_1_2_3() -> None:  # §6 (ĐTB10×1 + ĐTB11×2 + ĐTB12×3)/6
    result = transcript_average(YEARS, RS)
    assert result.value == D("8.33")
    assert result.vi == "ĐTB các năm học = (7,00 × 1 + 8,00 × 2 + 9,00 × 3) / 6 = 8,33"
    assert transcript_average({11: D(8), 12: D(9), 9: D(1)}, RS).value == D("8.60")


def test_transcript_average_needs_a_year() -> None:
    with pytest.raises(ValueError, match="at least one"):
        transcript_average({9: D(5)}, RS)


def test_graduation_score_50_50() -> None:  # §6 formula ⚠: {(Σ+KK)/4×5 + ĐTB×5}/10 + ĐUT
    result = graduation_score(EXAMS, YEARS, RS)
    # (32.5/4 × 5 + 8.33 × 5)/10 = 8.2275 → 8.23
    assert result.value == D("8.23")
    assert result.vi.startswith(
        "ĐXTN = {(tổng điểm 4 môn 32,50 + điểm khuyến khích 0,00) / 4 × 5 + ĐTB 8,33 × 5} / 10"
        " + điểm ưu tiên 0,00 = 8,23"
    )
    assert "graduation score" in result.en


def test_incentive_is_capped_and_priority_added() -> None:  # §6 Art. 42–43
    result = graduation_score(EXAMS, YEARS, RS, incentive=D(3), priority=D("0.25"))
    # ((32.5 + 2)/4 × 5 + 41.65)/10 + 0.25 = 8.7275 → 8.73
    assert result.value == D("8.73")


def test_fl_exemption_drops_the_paper_from_the_divisor() -> None:  # §2.4, §6 ⚠ n = 3
    three = {"TO": D(8), "VA": D(7), "LI": D(9)}
    assert graduation_score(three, YEARS, RS, fl_exempt=True).value == D("8.17")
    # an exempt candidate who still sat the paper is graded on it (§2.4 c)
    assert graduation_score(EXAMS, YEARS, RS, fl_exempt=True).value == D("8.23")
    # up to 2024 the exemption counted as 10 (§2.4): kept configurable
    as_ten = replace(RS, fl_exemption_counts_as_ten=True)
    assert graduation_score(three, YEARS, as_ten, fl_exempt=True).value == D("8.42")
    keep = replace(
        RS, graduation_formula=replace(RS.graduation_formula, drop_exempt_foreign_language=False)
    )
    with pytest.raises(ValueError, match="needs 4 subject scores, got 3"):
        graduation_score(three, YEARS, keep, fl_exempt=True)


def test_wrong_number_of_papers_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="needs 4"):
        graduation_score({"TO": D(5)}, YEARS, RS)


@pytest.mark.parametrize(
    ("exams", "years", "passed", "failing"),
    [
        (EXAMS, YEARS, True, ()),
        ({**EXAMS, "LI": D("1.0")}, YEARS, False, ("LI",)),  # §6 every subject > 1.0
        ({**EXAMS, "LI": D("1.05")}, YEARS, True, ()),
        ({k: D("3") for k in EXAMS}, {12: D("5")}, False, ()),  # ĐXTN 4.00 < 5.0
        ({k: D("4") for k in EXAMS}, {12: D("6")}, True, ()),  # ĐXTN 5.00 ≥ 5.0
    ],
)
def test_pass_rule(
    exams: dict[str, Decimal], years: dict[int, Decimal], passed: bool, failing: tuple[str, ...]
) -> None:
    result = graduation_result(exams, years, RS)
    assert result.passed is passed
    assert result.failing_subjects == failing
    assert result.vi.startswith("Đủ điều kiện" if passed else "Chưa đủ điều kiện")


def test_failure_explains_every_reason() -> None:
    result = graduation_result({**EXAMS, "TO": D("0.75")}, {12: D("2")}, RS)
    assert "môn Toán 0,75 không lớn hơn 1,0 (điểm liệt)" in result.vi
    assert "dưới 5,0" in result.vi
    assert "TO 0.75 is not above 1.0" in result.en


SCORES = {"TO": D("9"), "LI": D("8.5"), "HO": D("8"), "N1": D("9.5"), "VA": D("7")}


def test_best_combination_wins() -> None:  # §4.2 the system takes the best combination
    result = admission_score(SCORES, ["A00", "A01", "D01", "B00"], RS, priority_normal=D("0.75"))
    assert result is not None
    assert result.combination == "A01"
    assert result.subject_total == D("27.0")
    assert result.priority.value == D("0.30")  # §5: 27 → KV1 0.30
    assert result.total == D("27.30")
    # 25.5 + (30 − 25.5)/7.5 × 0.75 = 25.95
    assert result.considered == (("A00", D("25.95")), ("A01", D("27.30")), ("D01", D("25.95")))
    assert result.vi.startswith("Tổ hợp A01 (Toán, Vật lí, Tiếng Anh) cho điểm cao nhất")
    assert "điểm xét tuyển 27,30" in result.vi
    assert result.en.startswith("Combination A01")


def test_ties_keep_the_programme_order() -> None:
    result = admission_score(SCORES, ["D01", "A00"], RS)
    assert result is not None
    assert result.combination == "D01"


def test_bonus_is_capped_and_total_never_above_30() -> None:  # §4.7
    top = {"TO": D(10), "LI": D(10), "HO": D("9.5")}
    result = admission_score(top, ["A00"], RS, bonus=D(4), priority_normal=D("2.75"))
    assert result is not None
    assert result.bonus == D(3)
    assert result.total == D(30)
    assert "(không vượt quá 30)" in result.vi


def test_offsets_published_by_a_school_count() -> None:  # §4.5 độ lệch
    result = admission_score(SCORES, ["A01", "D01"], RS, offsets={"D01": D(2)})
    assert result is not None
    assert result.combination == "D01"
    assert result.subject_total == D("27.5")
    assert "độ lệch 2,00" in result.vi


def test_no_eligible_combination() -> None:
    assert admission_score(SCORES, ["B08", "K01"], RS) is None  # no Biology; K01 school-specific


def test_negative_points_are_refused() -> None:
    with pytest.raises(ValueError, match="never negative"):
        admission_score(SCORES, ["A00"], RS, bonus=D(-1))


def test_bonus_in_the_reduction_total_is_configurable() -> None:  # §5 ⚠
    scores = {"TO": D("7.5"), "LI": D("7.5"), "HO": D("7")}
    plain = admission_score(scores, ["A00"], RS, bonus=D(1), priority_normal=D("0.75"))
    with_bonus = replace(RS, reduction_total_includes_bonus=True)
    counted = admission_score(scores, ["A00"], with_bonus, bonus=D(1), priority_normal=D("0.75"))
    assert plain is not None
    assert counted is not None
    assert plain.priority.value == D("0.75")  # 22 < 22.5
    assert counted.priority.value == D("0.70")  # 22 + 1 = 23 → 0.70


SUBJECT_SCORE = st.integers(min_value=0, max_value=200).map(lambda n: D(n) * D("0.05"))


@given(
    scores=st.fixed_dictionaries(dict.fromkeys(("TO", "LI", "HO", "N1", "VA"), SUBJECT_SCORE)),
    bonus=st.decimals(min_value=0, max_value=10, places=2),
    normal=st.sampled_from([D(0), D("0.25"), D("0.75"), D("2.0"), D("2.75")]),
)
def test_admission_score_never_exceeds_30(
    scores: dict[str, Decimal], bonus: Decimal, normal: Decimal
) -> None:
    result = admission_score(
        scores, ["A00", "A01", "D01", "C01"], RS, bonus=bonus, priority_normal=normal
    )
    assert result is not None
    assert result.total <= 30
    assert result.total >= result.subject_total
    assert result.total == max(total for _, total in result.considered)
