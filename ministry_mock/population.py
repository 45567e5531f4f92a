"""Synthetic national population register, deterministic for a seed.

Who is in it: mostly the 2026 exam cohort (born 2008), some repeaters and early starters, and
older free candidates (DOMAIN.md §2.1). Each person gets

* a residence in one of the 34 post-2025 provinces (weighted by population) and a real commune
  of it;
* an ethnicity drawn for that province (minorities concentrated in their home provinces);
* a birth-registration province that is usually one of the pre-2025 provinces merged into the
  residence province, sometimes anywhere (migration) — it is the CCCD prefix (DOMAIN.md §10.5:
  birth province ≠ residence);
* a 12-digit CCCD built with :func:`exam_client.domain.cccd.build_cccd`, so gender and birth
  year always agree with the date of birth and gender on record;
* a full name drawn by :mod:`ministry_mock.names`.

Citizens come out one by one from a single random stream, so the first N citizens are the same
for a seed whatever the total count. Draws use ``random()`` directly (not ``randrange``): it is
the hot loop of the 50 000-citizen register, and the tiny bias is irrelevant for synthetic data.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from exam_client.domain.cccd import Gender, build_cccd
from ministry_mock.geography import ProvinceInfo, provinces
from ministry_mock.names import NameBook, name_book
from ministry_mock.weighted import WeightedTable

EXAM_YEAR = 2026
COHORT_BIRTH_YEAR = EXAM_YEAR - 18
HOME_BIRTH_SHARE = 0.85
MALE_SHARE = 0.5
KINH_FLOOR = 15.0
REGISTER_FROM = datetime(2025, 7, 1, tzinfo=UTC)
REGISTER_SPAN_S = int(timedelta(days=200).total_seconds())


@dataclass(frozen=True, slots=True)
class CitizenRow:
    """One generated person; ``asdict``-free so bulk inserts can build plain dicts quickly."""

    seq: int
    cccd: str
    full_name: str
    family_name: str
    date_of_birth: date
    gender: Gender
    birth_province_code: str
    ethnicity: str
    residence_province_code: str
    residence_commune_code: str
    updated_at: datetime

    def db_row(self) -> dict[str, object]:
        return {
            "seq": self.seq,
            "cccd": self.cccd,
            "full_name": self.full_name,
            "date_of_birth": self.date_of_birth,
            "gender": self.gender,
            "birth_province_code": self.birth_province_code,
            "ethnicity": self.ethnicity,
            "residence_province_code": self.residence_province_code,
            "residence_commune_code": self.residence_commune_code,
            "updated_at": self.updated_at,
        }


@dataclass(frozen=True, slots=True)
class _ProvinceDraw:
    info: ProvinceInfo
    ethnicities: WeightedTable[str]
    birth_codes: WeightedTable[str]


def _ethnicity_table(
    province: ProvinceInfo, book: NameBook, total_pop: float
) -> WeightedTable[str]:
    """Minorities at their national share, concentrated in their home provinces."""
    pop = {p.code: p.population for p in provinces()}
    weights: list[tuple[str, float]] = []
    minority_total = 0.0
    for ethnic in book.ethnicities:
        if not ethnic.home or province.code not in ethnic.home:
            continue
        home_fraction = sum(pop[c] for c in ethnic.home) / total_pop
        weight = ethnic.share / home_fraction
        weights.append((ethnic.name, weight))
        minority_total += weight
    kinh = max(100.0 - minority_total, KINH_FLOOR)
    return WeightedTable([("Kinh", kinh), *weights])


def _birth_year(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.88:
        return COHORT_BIRTH_YEAR
    if r < 0.93:
        return COHORT_BIRTH_YEAR - 1
    if r < 0.94:
        return COHORT_BIRTH_YEAR + 1
    # free candidates: mostly a few years older, a long tail of adults
    return max(1985, COHORT_BIRTH_YEAR - 2 - int(rng.expovariate(1 / 3.0)))


def _date_in_year(rng: random.Random, year: int) -> date:
    start = date(year, 1, 1).toordinal()
    days = date(year + 1, 1, 1).toordinal() - start
    return date.fromordinal(start + int(rng.random() * days))


class PopulationGenerator:
    """Generates the register for one seed; call :meth:`citizens` once per generator."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(f"population/{seed}")
        self._book = name_book()
        all_provinces = provinces()
        total_pop = sum(p.population for p in all_provinces)
        self._provinces = WeightedTable(
            (
                _ProvinceDraw(
                    info=p,
                    ethnicities=_ethnicity_table(p, self._book, total_pop),
                    birth_codes=WeightedTable(
                        (old.cccd_code, old.population_2019) for old in p.merged_from
                    ),
                ),
                p.population,
            )
            for p in all_provinces
        )
        self._any_birth_code = WeightedTable(
            (old.cccd_code, old.population_2019) for p in all_provinces for old in p.merged_from
        )
        self._seen: set[str] = set()

    def _cccd(self, birth_code: str, gender: Gender, year: int) -> str:
        while True:
            number = build_cccd(birth_code, gender, year, int(self._rng.random() * 1_000_000))
            if number not in self._seen:
                self._seen.add(number)
                return number

    def citizens(self, count: int) -> Iterator[CitizenRow]:
        rng = self._rng
        for seq in range(count):
            draw = self._provinces.pick(rng)
            province = draw.info
            commune = province.communes[int(rng.random() * len(province.communes))]
            ethnicity = draw.ethnicities.pick(rng)
            gender: Gender = "male" if rng.random() < MALE_SHARE else "female"
            born = _date_in_year(rng, _birth_year(rng))
            birth_code = (
                draw.birth_codes.pick(rng)
                if rng.random() < HOME_BIRTH_SHARE
                else self._any_birth_code.pick(rng)
            )
            full_name, family = self._book.full_name(rng, gender, ethnicity, province.region)
            updated_at = REGISTER_FROM + timedelta(seconds=int(rng.random() * REGISTER_SPAN_S))
            yield CitizenRow(
                seq=seq,
                cccd=self._cccd(birth_code, gender, born.year),
                full_name=full_name,
                family_name=family,
                date_of_birth=born,
                gender=gender,
                birth_province_code=birth_code,
                ethnicity=ethnicity,
                residence_province_code=province.code,
                residence_commune_code=commune.code,
                updated_at=updated_at,
            )


def generate_citizens(seed: int, count: int) -> Iterator[CitizenRow]:
    """The first ``count`` citizens of the register for ``seed``."""
    return PopulationGenerator(seed).citizens(count)
