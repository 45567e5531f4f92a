"""Priority points (DOMAIN.md §5 admission, §6 graduation), with their explanations."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exam_client.domain.explain import en_decimal, vi_decimal
from exam_client.domain.priority import (
    admission_priority,
    applied_priority,
    area_applies,
    area_points,
    graduation_priority,
    object_points,
    priority_area,
)
from exam_client.domain.registration import SchoolAttendance
from exam_client.domain.ruleset import Rounding, load_ruleset

D = Decimal
RS = load_ruleset(2025)
A = SchoolAttendance("30", "053", "KV1", "THPT Nguyễn Đình Liễn")
A_2013 = SchoolAttendance("30", "068", "KV2-NT", "THPT Nguyễn Đình Liễn")  # §2.2: old code
B = SchoolAttendance("01", "001", "KV3", "THPT Chu Văn An")
C = SchoolAttendance("29", "010", "KV2", "")


@pytest.mark.parametrize(
    ("total", "kv1", "kv2nt", "kv2"),
    [
        # §5 table (blogtuan, MOET 2022 announcement), area priority only
        ("23", "0.70", "0.46", "0.23"),
        ("24", "0.60", "0.40", "0.20"),
        ("27", "0.30", "0.20", "0.10"),
        ("30", "0", "0", "0"),
        # below and at the threshold nothing is reduced
        ("20", "0.75", "0.5", "0.25"),
        ("22.49", "0.75", "0.5", "0.25"),
        ("22.5", "0.75", "0.50", "0.25"),
    ],
)
def test_reduction_table_of_section_5(total: str, kv1: str, kv2nt: str, kv2: str) -> None:
    for area, expected in (("KV1", kv1), ("KV2-NT", kv2nt), ("KV2", kv2)):
        assert applied_priority(area_points(area, RS), D(total), RS).value == D(expected)


def test_worked_example_kv1_total_25() -> None:  # §5: (30 − 25)/7.5 × 0.75 = 0.50
    result = applied_priority(D("0.75"), D("25.00"), RS)
    assert result.value == D("0.50")
    assert result.vi == (
        "tổng 25,00 ≥ 22,5 nên điểm ưu tiên được tính lại: (30 − 25,00) / 7,5 × 0,75 = 0,50"
    )
    assert result.en == (
        "total 25.00 ≥ 22.5, so the priority is reduced: (30 - 25.00) / 7.5 × 0.75 = 0.50"
    )


def test_below_the_threshold_the_priority_is_kept() -> None:
    result = applied_priority(D("0.75"), D("20"), RS)
    assert result.value == D("0.75")
    assert result.vi == "tổng 20,00 < 22,5 nên giữ nguyên điểm ưu tiên 0,75"


def test_no_priority_reads_simply() -> None:
    assert applied_priority(D(0), D(25), RS).vi == "không có điểm ưu tiên"


def test_never_negative_above_the_maximum() -> None:
    assert applied_priority(D("2.75"), D("31"), RS).value == 0


def test_rounding_mode_comes_from_the_rule_set() -> None:  # §5 rounding ⚠
    half_up = replace(RS, priority_rounding=Rounding(2, "ROUND_HALF_UP"))
    assert applied_priority(D("0.5"), D("23"), RS).value == D("0.46")
    assert applied_priority(D("0.5"), D("23"), half_up).value == D("0.47")


NORMALS = st.sampled_from([D(x) for x in ("0.25", "0.5", "0.75", "1.0", "1.25", "2.0", "2.75")])
TOTALS = st.decimals(min_value=0, max_value=35, places=2)


@given(normal=NORMALS, total=TOTALS)
def test_priority_is_between_zero_and_normal(normal: Decimal, total: Decimal) -> None:
    value = applied_priority(normal, total, RS).value
    assert 0 <= value <= normal
    if total >= 30:
        assert value == 0


@given(normal=NORMALS, epsilon=st.decimals(min_value="0.01", max_value="0.5", places=2))
def test_priority_is_continuous_at_the_threshold(normal: Decimal, epsilon: Decimal) -> None:
    at = applied_priority(normal, D("22.5"), RS).value
    below = applied_priority(normal, D("22.5") - epsilon, RS).value
    above = applied_priority(normal, D("22.5") + epsilon, RS).value
    assert at == below == normal
    assert normal - above <= normal * epsilon / D("7.5") + D("0.01")


@given(normal=NORMALS, a=TOTALS, b=TOTALS)
def test_priority_never_grows_with_the_total(normal: Decimal, a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    assert applied_priority(normal, high, RS).value <= applied_priority(normal, low, RS).value


@pytest.mark.parametrize(
    ("schools", "area", "words"),
    [
        (
            {10: A, 11: A, 12: A},
            "KV1",
            "học lâu nhất tại THPT Nguyễn Đình Liễn (30-053), lớp 10, 11, 12",
        ),
        ({10: A, 11: A, 12: B}, "KV1", "học lâu nhất"),  # §5 longest
        ({12: B, 10: A, 11: B}, "KV3", "học lâu nhất tại THPT Chu Văn An (01-001), lớp 11, 12"),
        ({10: A, 11: C, 12: B}, "KV3", "lấy trường học sau cùng: THPT Chu Văn An"),  # §5 tie → last
        ({10: B, 11: A}, "KV1", "lấy trường học sau cùng"),
        ({12: C}, "KV2", "trường 29-010, lớp 12"),
        ({10: A_2013, 11: A, 12: A}, "KV1", "lớp 11, 12"),  # §2.2 one code per period
    ],
)
def test_area_from_the_schools_attended(
    schools: dict[int, SchoolAttendance], area: str, words: str
) -> None:
    result = priority_area(schools, RS)
    assert result.value == area
    assert words in result.vi
    assert result.vi.startswith(f"Khu vực {area} ({vi_decimal(RS.area_points[area])})")
    assert result.en.startswith(f"Area {area} ({en_decimal(RS.area_points[area])})")


def test_no_school_no_area() -> None:
    assert priority_area({}, RS).value is None


def test_unknown_area_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="KV4"):
        priority_area({12: replace(C, area="KV4")}, RS)


@pytest.mark.parametrize(
    ("graduated", "applies"),
    [(None, True), (2025, True), (2024, True), (2023, False), (2026, False)],  # §5: year + 1
)
def test_area_priority_lasts_the_graduation_year_and_one_more(
    graduated: int | None, applies: bool
) -> None:
    result = area_applies(graduated, RS)
    assert result.value is applies
    assert ("không còn" in result.vi) is not applies


@pytest.mark.parametrize(
    ("objects", "points", "chosen"),
    [
        ((), "0", None),
        (("06",), "1.0", "06"),  # UT2
        (("06", "01"), "2.0", "01"),  # §5 only the highest object counts
        (("02", "01"), "2.0", "02"),
    ],
)
def test_object_points(objects: tuple[str, ...], points: str, chosen: str | None) -> None:
    result = object_points(objects, RS)
    assert result.value == D(points)
    if chosen:
        assert f"đối tượng {chosen}" in result.vi


def test_unknown_object_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="'09'"):
        object_points(["09"], RS)


def test_full_admission_priority_with_explanation() -> None:
    result = admission_priority({10: A, 11: A, 12: A}, ["06", "01"], None, D("25.00"), RS)
    assert (result.area, result.area_points, result.object_points) == ("KV1", D("0.75"), D("2.0"))
    assert result.normal == D("2.75")
    assert result.applied == D("1.83")  # (30 − 25)/7.5 × 2.75 = 1.8333… truncated ⚠
    assert result.vi.startswith("Khu vực KV1 (0,75) vì học lâu nhất tại THPT Nguyễn Đình Liễn")
    assert result.vi.endswith("(30 − 25,00) / 7,5 × 2,75 = 1,83")
    assert "đối tượng 01" in result.vi
    assert "object 01" in result.en


def test_expired_area_priority_keeps_the_object() -> None:  # §5 area valid 1 year after
    result = admission_priority({10: A, 11: A, 12: A}, ["06"], 2023, D("20"), RS)
    assert (result.area, result.area_points, result.normal, result.applied) == (
        "KV1",
        D(0),
        D("1.0"),
        D("1.0"),
    )
    assert "không còn được tính ưu tiên khu vực" in result.vi


def test_no_school_means_objects_only() -> None:
    result = admission_priority({}, [], None, D("18"), RS)
    assert (result.area, result.normal, result.applied) == (None, D(0), D(0))


@pytest.mark.parametrize(
    ("categories", "points"),
    [((), "0"), (("1",), "0"), (("2",), "0.25"), (("2", "3"), "0.5")],  # §6 Art. 42
)
def test_graduation_priority(categories: tuple[str, ...], points: str) -> None:
    result = graduation_priority(categories, RS)
    assert result.value == D(points)
    assert result.vi


def test_graduation_priority_rejects_unknown_categories() -> None:
    with pytest.raises(ValueError, match="'4'"):
        graduation_priority(["4"], RS)


def test_vietnamese_number_format() -> None:
    assert vi_decimal(D("0.5")) == "0,50"
    assert vi_decimal(D("22.5"), None) == "22,5"
    assert vi_decimal(D("1.835"), 2) == "1,84"
    assert en_decimal(D("7.5"), None) == "7.5"
