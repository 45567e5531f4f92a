"""The synthetic population register: deterministic, internally consistent, realistic."""

from __future__ import annotations

from collections import Counter

import pytest

from exam_client.domain.cccd import check_against_person, parse_cccd, province_names
from ministry_mock.geography import commune_province, province_by_code
from ministry_mock.population import COHORT_BIRTH_YEAR, CitizenRow, generate_citizens

N = 5000


@pytest.fixture(scope="module")
def register() -> list[CitizenRow]:
    return list(generate_citizens(2026, N))


def test_same_seed_same_citizens() -> None:
    assert list(generate_citizens(7, 50)) == list(generate_citizens(7, 50))


def test_first_citizens_do_not_depend_on_the_total_count(register: list[CitizenRow]) -> None:
    assert list(generate_citizens(2026, 100)) == register[:100]


def test_other_seed_other_citizens() -> None:
    a = [c.cccd for c in generate_citizens(1, 20)]
    b = [c.cccd for c in generate_citizens(2, 20)]
    assert a != b


def test_every_cccd_parses_and_agrees_with_dob_and_gender(register: list[CitizenRow]) -> None:
    for citizen in register:
        parsed = parse_cccd(citizen.cccd)
        assert parsed.province_code == citizen.birth_province_code
        assert parsed.birth_year == citizen.date_of_birth.year
        assert parsed.gender == citizen.gender
        assert check_against_person(parsed, citizen.date_of_birth, citizen.gender) == []


def test_ids_are_unique(register: list[CitizenRow]) -> None:
    assert len({c.cccd for c in register}) == N


def test_residence_commune_belongs_to_residence_province(register: list[CitizenRow]) -> None:
    where = commune_province()
    for citizen in register:
        assert where[citizen.residence_commune_code] == citizen.residence_province_code
    assert len({c.residence_province_code for c in register}) == 34


def test_birth_province_is_usually_an_old_part_of_the_residence(
    register: list[CitizenRow],
) -> None:
    provinces = province_by_code()
    local = sum(
        c.birth_province_code
        in {m.cccd_code for m in provinces[c.residence_province_code].merged_from}
        for c in register
    )
    assert 0.8 < local / N < 0.95
    assert {c.birth_province_code for c in register} <= set(province_names())


def test_mostly_the_2026_exam_cohort(register: list[CitizenRow]) -> None:
    years = Counter(c.date_of_birth.year for c in register)
    assert 0.84 < years[COHORT_BIRTH_YEAR] / N < 0.92
    assert min(years) >= 1985
    assert max(years) <= COHORT_BIRTH_YEAR + 1
    genders = Counter(c.gender for c in register)
    assert 0.45 < genders["male"] / N < 0.55


@pytest.mark.parametrize(
    ("family", "low", "high"),
    [
        ("Nguyễn", 0.35, 0.42),
        ("Trần", 0.10, 0.14),
        ("Lê", 0.08, 0.11),
        ("Phạm", 0.055, 0.085),
        ("Phan", 0.035, 0.06),
    ],
)
def test_family_name_frequencies(
    register: list[CitizenRow], family: str, low: float, high: float
) -> None:
    share = sum(c.family_name == family for c in register) / N
    assert low < share < high


def test_regional_variants_of_hoang_and_vu(register: list[CitizenRow]) -> None:
    south = [c for c in register if province_by_code()[c.residence_province_code].region == "south"]
    north = [c for c in register if province_by_code()[c.residence_province_code].region == "north"]
    assert sum(c.family_name == "Huỳnh" for c in south) > sum(
        c.family_name == "Hoàng" for c in south
    )
    assert sum(c.family_name == "Hoàng" for c in north) > sum(
        c.family_name == "Huỳnh" for c in north
    )
    assert sum(c.family_name == "Vũ" for c in north) > sum(c.family_name == "Võ" for c in north)


def test_names_are_well_formed_and_gendered(register: list[CitizenRow]) -> None:
    for citizen in register:
        parts = citizen.full_name.split()
        assert 2 <= len(parts) <= 5
        assert citizen.family_name in citizen.full_name
        assert citizen.full_name == citizen.full_name.strip()
    kinh_women = [c for c in register if c.gender == "female" and c.ethnicity == "Kinh"]
    kinh_men = [c for c in register if c.gender == "male" and c.ethnicity == "Kinh"]
    assert any(" Thị " in c.full_name for c in kinh_women)
    assert not any(" Thị " in c.full_name for c in kinh_men)
    assert any(" Văn " in c.full_name for c in kinh_men)
    assert not any(" Văn " in c.full_name for c in kinh_women)


def test_ethnic_mix(register: list[CitizenRow]) -> None:
    groups = Counter(c.ethnicity for c in register)
    assert 0.8 < groups["Kinh"] / N < 0.9
    assert {"Tày", "Thái", "Mường", "Khmer", "H'Mông", "Nùng"} <= set(groups)
    khmer_provinces = {c.residence_province_code for c in register if c.ethnicity == "Khmer"}
    assert khmer_provinces <= {"86", "92", "91", "96"}
