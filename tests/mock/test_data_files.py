"""The shipped data files the mock generates from: sources, completeness, consistency."""

from __future__ import annotations

from collections import Counter

from exam_client.domain.cccd import province_names
from exam_client.domain.resources import load_json
from ministry_mock.geography import commune_province, province_by_code, provinces
from ministry_mock.names import name_book


def test_every_data_file_names_its_source() -> None:
    for name in ("provinces_2025.json", "vn_names.json"):
        assert len(load_json("data", name)["_source"]) > 80


def test_34_provinces_and_3321_communes_after_the_2025_merger() -> None:
    all_provinces = provinces()
    assert len(all_provinces) == 34
    assert sum(len(p.communes) for p in all_provinces) == 3321
    assert len(commune_province()) == 3321  # commune codes are unique nationwide
    assert sum(p.is_central_city for p in all_provinces) == 6
    names = {p.name for p in all_provinces}
    assert {"Hà Nội", "Huế", "TP Hồ Chí Minh", "Cần Thơ", "Lâm Đồng", "Tây Ninh"} <= names


def test_merged_provinces_cover_the_63_cccd_codes_exactly_once() -> None:
    old_codes = Counter(m.cccd_code for p in provinces() for m in p.merged_from)
    assert set(old_codes) == set(province_names())
    assert set(old_codes.values()) == {1}
    # DOMAIN.md §9 spot checks
    by_code = province_by_code()
    assert {m.name for m in by_code["79"].merged_from} == {
        "TP Hồ Chí Minh",
        "Bình Dương",
        "Bà Rịa - Vũng Tàu",
    }
    assert {m.cccd_code for m in by_code["68"].merged_from} == {"068", "067", "060"}


def test_exam_codes_are_unique_two_digit_codes() -> None:
    codes = [p.exam_code for p in provinces()]
    assert len(set(codes)) == 34
    assert all(len(c) == 2 and c.isdigit() for c in codes)


def test_commune_kinds_and_codes() -> None:
    for province in provinces():
        for commune in province.communes:
            assert len(commune.code) == 5
            assert commune.code.isdigit()
            assert commune.kind in {"xã", "phường", "đặc khu"}
            assert commune.short_name
            assert not commune.short_name.startswith(("Xã ", "Phường "))


def test_name_book_scales_family_names_to_population_shares() -> None:
    book = name_book()
    # the general table is a little above the population share, which groups with their own
    # family names then dilute back to ~38.4 %
    assert 0.384 < book.family_share("Nguyễn") < 0.45
    assert book.ethnicity("Kinh").share > 80
    assert book.ethnicity("Ê Đê").given_first
