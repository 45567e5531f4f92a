"""The 34 provinces and 3,321 communes in force since 1 July 2025, from the shipped data file.

``resources/data/provinces_2025.json`` is generated from the GSO list (see its ``_source`` and
``ministry_mock/tools/make_provinces_2025.py``). Each province also lists the pre-2025
provinces merged into it, with their CCCD birth-registration codes: people living in a province
were mostly born in one of those, which is how the generator picks a plausible ID prefix.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from exam_client.domain.resources import load_json

Region = Literal["north", "central", "south"]
CENTRAL_CITY = "thành phố trung ương"


@dataclass(frozen=True, slots=True)
class CommuneInfo:
    code: str
    name: str
    kind: str  # "xã", "phường" or "đặc khu"

    @property
    def short_name(self) -> str:
        for prefix in ("Phường ", "Xã ", "Đặc khu "):
            if self.name.startswith(prefix):
                return self.name[len(prefix) :]
        return self.name


@dataclass(frozen=True, slots=True)
class OldProvince:
    cccd_code: str
    name: str
    population_2019: float


@dataclass(frozen=True, slots=True)
class ProvinceInfo:
    code: str
    name: str
    full_name: str
    kind: str
    exam_code: str
    region: Region
    highland_share: float
    merged_from: tuple[OldProvince, ...]
    communes: tuple[CommuneInfo, ...]

    @property
    def population(self) -> float:
        return sum(p.population_2019 for p in self.merged_from)

    @property
    def is_central_city(self) -> bool:
        return self.kind == CENTRAL_CITY


def _province(raw: dict[str, Any]) -> ProvinceInfo:
    return ProvinceInfo(
        code=raw["code"],
        name=raw["name"],
        full_name=raw["full_name"],
        kind=raw["kind"],
        exam_code=raw["exam_code"],
        region=raw["region"],
        highland_share=float(raw["highland_share"]),
        merged_from=tuple(
            OldProvince(m["cccd_code"], m["name"], float(m["population_2019"]))
            for m in raw["merged_from"]
        ),
        communes=tuple(CommuneInfo(c["code"], c["name"], c["kind"]) for c in raw["communes"]),
    )


@cache
def provinces() -> tuple[ProvinceInfo, ...]:
    """All 34 provinces, in the GSO order of the data file."""
    data = load_json("data", "provinces_2025.json")
    return tuple(_province(raw) for raw in data["provinces"])


@cache
def province_by_code() -> dict[str, ProvinceInfo]:
    return {p.code: p for p in provinces()}


@cache
def commune_province() -> dict[str, str]:
    """Commune code -> province code, for invariant checks and joins without a database."""
    return {c.code: p.code for p in provinces() for c in p.communes}
