"""Synthetic high schools: codes, priority areas, provinces."""

from __future__ import annotations

from collections import Counter

from ministry_mock.geography import commune_province, province_by_code
from ministry_mock.schools import DEMO_SCHOOL_CODE, DEMO_SCHOOL_NAME, generate_schools


def test_codes_are_exam_code_plus_three_digits_and_unique() -> None:
    schools = generate_schools(2026, 400)
    assert len(schools) == 400
    assert len({s.code for s in schools}) == 400
    provinces = province_by_code()
    for school in schools:
        assert len(school.code) == 5
        assert school.code.isdigit()
        assert school.code[:2] == provinces[school.province_code].exam_code
        assert commune_province()[school.commune_code] == school.province_code


def test_every_province_has_a_school_and_the_demo_school_exists() -> None:
    schools = generate_schools(2026, 10)  # fewer than 34 asked: still one per province
    assert len({s.province_code for s in schools}) == 34
    demo = next(s for s in schools if s.code == DEMO_SCHOOL_CODE)
    assert demo.name == DEMO_SCHOOL_NAME
    assert demo.priority_area == "KV3"


def test_priority_areas_follow_the_commune_kind() -> None:
    schools = generate_schools(2026, 400)
    areas = Counter(s.priority_area for s in schools)
    assert set(areas) == {"KV1", "KV2-NT", "KV2", "KV3"}
    provinces = province_by_code()
    for school in schools:
        if school.priority_area == "KV3":
            assert provinces[school.province_code].is_central_city
    by_commune: dict[str, set[str]] = {}
    for school in schools:
        if "Nội trú" not in school.name:
            by_commune.setdefault(school.commune_code, set()).add(school.priority_area)
    assert all(len(areas) == 1 for areas in by_commune.values())


def test_names_are_unique_within_a_province_and_deterministic() -> None:
    schools = generate_schools(5, 300)
    assert schools == generate_schools(5, 300)
    names = Counter((s.province_code, s.name) for s in schools)
    assert max(names.values()) == 1
    assert all(s.name.startswith(("THPT", "Trường PT")) for s in schools)
