"""Citizen ID structure (DOMAIN.md §10.1–§10.4)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exam_client.domain.cccd import (
    CccdError,
    build_cccd,
    check_against_person,
    check_cccd,
    mask_cccd,
    parse_cccd,
    province_names,
)


def test_province_table_has_the_63_codes_of_circular_07_2016() -> None:  # §10.2
    names = province_names()
    assert len(names) == 63
    assert names["001"] == "Hà Nội"
    assert names["079"] == "TP Hồ Chí Minh"
    assert names["096"] == "Cà Mau"
    assert "003" not in names  # gaps are intentional


@pytest.mark.parametrize(
    ("number", "province", "gender", "year"),
    [
        ("001099012345", "Hà Nội", "male", 1999),  # §10.1: 1900s male = 0
        ("079199000001", "TP Hồ Chí Minh", "female", 1999),  # 1900s female = 1
        ("038208123456", "Thanh Hóa", "male", 2008),  # 2000s male = 2
        ("096307654321", "Cà Mau", "female", 2007),  # 2000s female = 3
        ("001400000000", "Hà Nội", "male", 2100),
        ("001900000000", "Hà Nội", "female", 2300),
    ],
)
def test_parse_reads_province_gender_and_birth_year(
    number: str, province: str, gender: str, year: int
) -> None:
    c = parse_cccd(number)
    assert (c.province_name, c.gender, c.birth_year) == (province, gender, year)
    assert c.century == year // 100 * 100


def test_parse_accepts_spaces_dots_and_dashes_people_type() -> None:
    assert parse_cccd(" 001 208-012.345 ").number == "001208012345"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "cccd.empty"),
        ("   ", "cccd.empty"),
        ("00120801234a", "cccd.not_digits"),
        ("123456789", "cccd.old_cmnd"),  # §10.4: CMND invalid since 1 Jan 2025
        ("0012080123", "cccd.length"),
        ("0012080123456", "cccd.length"),
        ("003208012345", "cccd.province"),  # 003 is a gap in the table
    ],
)
def test_malformed_ids_give_one_clear_problem(text: str, code: str) -> None:
    problems = check_cccd(text, field="candidate.cccd")
    assert [p.code for p in problems] == [code]
    assert problems[0].field == "candidate.cccd"
    assert problems[0].message_vi and problems[0].message_en
    with pytest.raises(CccdError) as err:
        parse_cccd(text)
    assert err.value.problem.code == code


def test_check_against_person_reports_year_and_gender_mismatch() -> None:
    c = parse_cccd("001208012345")
    assert check_against_person(c, date(2008, 3, 1), "male") == []
    codes = [p.code for p in check_against_person(c, date(2007, 3, 1), "female")]
    assert codes == ["cccd.birth_year_mismatch", "cccd.gender_mismatch"]


def test_mask_hides_the_middle() -> None:
    assert mask_cccd("001208012345") == "001******345"
    assert mask_cccd("12345") == "*****"
    assert parse_cccd("001208012345").masked() == "001******345"


def test_build_rejects_values_outside_the_scheme() -> None:
    with pytest.raises(ValueError):
        build_cccd("001", "male", 1899, 1)
    with pytest.raises(ValueError):
        build_cccd("003", "male", 2000, 1)
    with pytest.raises(ValueError):
        build_cccd("001", "male", 2000, 1_000_000)


@given(
    province=st.sampled_from(sorted(province_names())),
    gender=st.sampled_from(["male", "female"]),
    year=st.integers(min_value=1900, max_value=2399),
    serial=st.integers(min_value=0, max_value=999_999),
)
def test_build_then_parse_round_trips(province: str, gender: str, year: int, serial: int) -> None:
    c = parse_cccd(build_cccd(province, gender, year, serial))  # type: ignore[arg-type]
    assert (c.province_code, c.gender, c.birth_year) == (province, gender, year)
