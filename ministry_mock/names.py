"""Vietnamese full names with realistic frequencies, from ``resources/data/vn_names.json``.

The family-name shares in the data file are population-wide figures (Nguyễn ≈ 38 %, …). Some
ethnic groups mostly carry their own family names (Lò, Giàng, Thạch, Niê …), so the table used
for everybody else is scaled up by the share those groups take; the population as a whole then
matches the published shares. Hoàng/Huỳnh and Vũ/Võ are resolved by region (North/South forms).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from typing import Any

from exam_client.domain.cccd import Gender
from exam_client.domain.resources import load_json
from ministry_mock.geography import Region
from ministry_mock.weighted import WeightedTable

_MAX_REDRAWS = 8


@dataclass(frozen=True, slots=True)
class EthnicNaming:
    name: str
    share: float
    home: tuple[str, ...]
    own_family_share: float
    family: WeightedTable[str] | None
    own_given_share: float
    given: dict[Gender, WeightedTable[str]] | None
    middle: dict[Gender, WeightedTable[str]] | None
    given_first: bool


def _table(pairs: list[list[Any]]) -> WeightedTable[str]:
    return WeightedTable((str(name), float(weight)) for name, weight in pairs)


def _by_gender(raw: dict[str, list[list[Any]]] | None) -> dict[Gender, WeightedTable[str]] | None:
    if raw is None:
        return None
    return {"male": _table(raw["male"]), "female": _table(raw["female"])}


def _ethnic(raw: dict[str, Any]) -> EthnicNaming:
    family = raw.get("family_names")
    return EthnicNaming(
        name=raw["name"],
        share=float(raw["share"]),
        home=tuple(raw.get("home", ())),
        own_family_share=float(raw.get("own_family_share", 0.0)) if family else 0.0,
        family=_table(family) if family else None,
        own_given_share=float(raw.get("own_given_share", 0.0)),
        given=_by_gender(raw.get("given_names")),
        middle=_by_gender(raw.get("middle_names")),
        given_first=raw.get("order") == "given_family",
    )


class NameBook:
    """Draws full names; one instance is read-only and may be shared."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.ethnicities = tuple(_ethnic(e) for e in data["ethnicities"])
        self._by_ethnicity = {e.name: e for e in self.ethnicities}
        total_share = sum(e.share for e in self.ethnicities)
        own = sum(e.share * e.own_family_share for e in self.ethnicities) / total_share
        self._family = self._general_family(data["family_names"], data["family_names_other"], own)
        self._variants: dict[str, dict[str, WeightedTable[str]]] = {
            key: {region: _table(pairs) for region, pairs in by_region.items()}
            for key, by_region in data["regional_variants"].items()
        }
        self._middle = _by_gender(data["middle_names"])
        self._given = _by_gender(data["given_names"])
        assert self._middle is not None
        assert self._given is not None

    @staticmethod
    def _general_family(
        published: list[list[Any]], other: list[list[Any]], own_share: float
    ) -> WeightedTable[str]:
        """Scale the published shares so they hold population-wide; others share the rest."""
        head = [(str(n), float(w) / 100.0 / (1.0 - own_share)) for n, w in published]
        rest = max(0.0, 1.0 - sum(p for _, p in head))
        other_total = sum(float(w) for _, w in other)
        tail = [(str(n), rest * float(w) / other_total) for n, w in other]
        return WeightedTable(head + tail)

    def family_share(self, name: str) -> float:
        """Probability of a (possibly regional-pair) name in the general table, for tests."""
        return self._family.probability(name)

    def ethnicity(self, name: str) -> EthnicNaming:
        return self._by_ethnicity[name]

    def _family_name(self, rng: random.Random, ethnic: EthnicNaming, region: Region) -> str:
        if ethnic.family is not None and rng.random() < ethnic.own_family_share:
            return ethnic.family.pick(rng)
        name = self._family.pick(rng)
        variants = self._variants.get(name)
        return variants[region].pick(rng) if variants else name

    def full_name(
        self, rng: random.Random, gender: Gender, ethnicity: str, region: Region
    ) -> tuple[str, str]:
        """Return ``(full_name, family_name)``."""
        assert self._middle is not None
        assert self._given is not None
        ethnic = self._by_ethnicity[ethnicity]
        family = self._family_name(rng, ethnic, region)
        own_given = ethnic.given is not None and rng.random() < ethnic.own_given_share
        given_table = ethnic.given[gender] if own_given and ethnic.given else self._given[gender]
        given = given_table.pick(rng)
        if ethnic.given_first:
            return f"{given} {family}", family
        middle_table = ethnic.middle[gender] if ethnic.middle else self._middle[gender]
        middle = middle_table.pick(rng)
        for _ in range(_MAX_REDRAWS):
            if given not in (family, middle.split()[-1]):
                break
            given = given_table.pick(rng)
            middle = middle_table.pick(rng)
        return f"{family} {middle} {given}", family


@cache
def name_book() -> NameBook:
    return NameBook(load_json("data", "vn_names.json"))
