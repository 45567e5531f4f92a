"""Synthetic high schools with exam codes and priority areas, bound to a province and commune.

School code = the province's exam-council code (2 digits) + a school number (3 digits), as on
the registration form (DOMAIN.md §2.2 item 6). The priority area follows the spirit of the
regulation (DOMAIN.md §5) without the official per-commune lists, which we do not have:

* urban wards (phường) of the six centrally-run cities → KV3; other wards → KV2;
* island special zones (đặc khu) and ethnic boarding schools → KV1;
* rural communes (xã) → KV1 with the province's ``highland_share`` probability, else KV2-NT.

A commune's area is drawn from a hash of seed and commune code, so all schools in one commune
agree. The first school of Hà Nội is the fixed demo school.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from ministry_mock.geography import CommuneInfo, ProvinceInfo, provinces

DEMO_SCHOOL_CODE = "01001"
DEMO_SCHOOL_NAME = "THPT Nguyễn Du"
DEMO_SCHOOL_COMMUNE = "00004"  # Phường Ba Đình, Hà Nội
BOARDING_MIN_HIGHLAND = 0.3

# Names Vietnamese schools are commonly named after (historical figures, places); synthetic use.
NAMESAKES = (
    "Nguyễn Du",
    "Lê Quý Đôn",
    "Trần Phú",
    "Chu Văn An",
    "Nguyễn Trãi",
    "Lê Lợi",
    "Phan Bội Châu",
    "Nguyễn Huệ",
    "Trần Hưng Đạo",
    "Lý Thường Kiệt",
    "Hùng Vương",
    "Nguyễn Thị Minh Khai",
    "Võ Thị Sáu",
    "Lê Hồng Phong",
    "Phan Đình Phùng",
    "Ngô Quyền",
    "Quang Trung",
    "Nguyễn Bỉnh Khiêm",
    "Trần Quốc Tuấn",
    "Lương Thế Vinh",
    "Nguyễn Khuyến",
    "Phan Chu Trinh",
    "Huỳnh Thúc Kháng",
    "Nguyễn Đình Chiểu",
    "Lê Thánh Tông",
    "Trần Nhân Tông",
    "Nguyễn Văn Cừ",
    "Tô Hiến Thành",
    "Bùi Thị Xuân",
    "Trưng Vương",
    "Hai Bà Trưng",
    "Lý Tự Trọng",
    "Nguyễn Công Trứ",
    "Phạm Văn Đồng",
    "Võ Nguyên Giáp",
    "Hoàng Hoa Thám",
    "Nguyễn Tất Thành",
    "Đinh Tiên Hoàng",
    "Lê Văn Hưu",
    "Hàn Thuyên",
    "Nguyễn Hiền",
    "Mạc Đĩnh Chi",
    "Phan Huy Chú",
    "Ngô Sĩ Liên",
    "Trần Quang Khải",
    "Bạch Đằng",
)


@dataclass(frozen=True, slots=True)
class SchoolRow:
    code: str
    name: str
    priority_area: str
    province_code: str
    commune_code: str

    def db_row(self) -> dict[str, str]:
        return {
            "code": self.code,
            "name": self.name,
            "priority_area": self.priority_area,
            "province_code": self.province_code,
            "commune_code": self.commune_code,
        }


def commune_area(seed: int, province: ProvinceInfo, commune: CommuneInfo) -> str:
    if commune.kind == "đặc khu":
        return "KV1"
    if commune.kind == "phường":
        return "KV3" if province.is_central_city else "KV2"
    draw = random.Random(f"area/{seed}/{commune.code}").random()
    return "KV1" if draw < province.highland_share else "KV2-NT"


def _allocate(count: int, all_provinces: tuple[ProvinceInfo, ...]) -> dict[str, int]:
    """At least one school per province, the rest in proportion to population."""
    shares = {p.code: 1 for p in all_provinces}
    rest = count - len(all_provinces)
    total = sum(p.population for p in all_provinces)
    exact = {p.code: rest * p.population / total for p in all_provinces}
    for code, value in exact.items():
        shares[code] += int(value)
    leftover = count - sum(shares.values())
    by_remainder = sorted(exact, key=lambda c: exact[c] - int(exact[c]), reverse=True)
    for code in by_remainder[:leftover]:
        shares[code] += 1
    return shares


def _province_schools(
    seed: int, province: ProvinceInfo, count: int, rng: random.Random
) -> Iterator[SchoolRow]:
    wards = [c for c in province.communes if c.kind == "phường"] or list(province.communes)
    communes = list(province.communes)
    rng.shuffle(communes)
    namesakes = list(NAMESAKES)
    rng.shuffle(namesakes)
    used: dict[str, int] = {}
    number = 0
    for index in range(count):
        number += 1 if index == 0 else rng.choice((1, 1, 1, 2, 3))
        code = f"{province.exam_code}{number:03d}"
        area: str | None = None
        if code == DEMO_SCHOOL_CODE:
            commune = next(c for c in province.communes if c.code == DEMO_SCHOOL_COMMUNE)
            name = DEMO_SCHOOL_NAME
        elif index == 1 or (index == 0 and province.code != "01"):
            commune = rng.choice(wards)
            name = f"THPT chuyên {province.name}"
        elif index == 2 and province.highland_share >= BOARDING_MIN_HIGHLAND:
            commune = rng.choice(wards)
            name = f"Trường PT Dân tộc Nội trú {province.name}"
            area = "KV1"
        else:
            commune = communes[index % len(communes)]
            if namesakes and rng.random() < 0.5:
                name = f"THPT {namesakes.pop()}"
            else:
                name = f"THPT {commune.short_name}"
        used[name] = used.get(name, 0) + 1
        if used[name] > 1:
            name = f"{name} số {used[name]}"
        yield SchoolRow(
            code=code,
            name=name,
            priority_area=area or commune_area(seed, province, commune),
            province_code=province.code,
            commune_code=commune.code,
        )


def generate_schools(seed: int, count: int) -> list[SchoolRow]:
    """At least ``count`` schools for ``seed``: never fewer than one per province (34), so the
    demo school and every province's exam code always exist."""
    rng = random.Random(f"schools/{seed}")
    all_provinces = provinces()
    shares = _allocate(max(count, len(all_provinces)), all_provinces)
    schools: list[SchoolRow] = []
    for province in all_provinces:
        schools.extend(_province_schools(seed, province, shares[province.code], rng))
    return schools
