"""Exam subjects, foreign languages and admission subject combinations (tổ hợp).

Names are the official Vietnamese ones (Circular 24/2024 Art. 3, DOMAIN.md §1.1). The short codes
(TO, VA, LI, …) are this project's keys, not MOET codes, which are not published (DOMAIN.md §1.2);
only the language codes N1–N7 are de-facto standard. All of it lives in
``resources/data/subjects.json`` and ``combinations.json`` so a correction is a data change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations as pairs
from typing import Any, Literal

from exam_client.domain.resources import load_json

Programme = Literal["2018", "2006"]
CombinationStatus = Literal["confirmed", "listed", "inferred", "memory"]
FOREIGN_LANGUAGE = "NN"
"""The elective "Ngoại ngữ"; the language itself is one of N1–N7."""


@dataclass(frozen=True, slots=True)
class Subject:
    code: str
    name_vi: str
    name_en: str
    exam_programmes: tuple[str, ...] = ()
    elective_group: str | None = None
    components: tuple[str, ...] = ()
    is_language: bool = False


@dataclass(frozen=True, slots=True)
class Combination:
    """Three subjects whose exam scores add up to an admission total (DOMAIN.md §11)."""

    code: str
    subjects: tuple[str, str, str]
    status: CombinationStatus
    source: str
    note: str | None = None

    @property
    def verified(self) -> bool:
        """Only press-confirmed codes are verified; a listed code comes from a third party."""
        return self.status == "confirmed"

    def names_vi(self) -> str:
        return ", ".join(subject(code).name_vi for code in self.subjects)


@cache
def _subjects() -> dict[str, Subject]:
    data: dict[str, Any] = load_json("data", "subjects.json")
    table = {
        row["code"]: Subject(
            code=row["code"],
            name_vi=row["name_vi"],
            name_en=row["name_en"],
            exam_programmes=tuple(row["exam_programmes"]),
            elective_group=row.get("elective_group"),
            components=tuple(row.get("components", ())),
        )
        for row in data["subjects"]
    }
    for row in data["foreign_languages"]:
        table[row["code"]] = Subject(
            row["code"],
            row["name_vi"],
            row["name_en"],
            elective_group=FOREIGN_LANGUAGE,
            is_language=True,
        )
    return table


def all_subjects() -> Mapping[str, Subject]:
    """Every subject and language, keyed by code."""
    return _subjects()


def is_subject(code: str) -> bool:
    return code in _subjects()


def subject(code: str) -> Subject:
    """The subject with this code; ``KeyError`` for an unknown code (a programming error)."""
    return _subjects()[code]


def subject_name(code: str) -> str:
    """Vietnamese name for messages; an unknown code is shown as typed so the user can fix it."""
    found = _subjects().get(code)
    return found.name_vi if found else code


def language_codes() -> tuple[str, ...]:
    """N1–N7 in order (English, Russian, French, Chinese, German, Japanese, Korean)."""
    return tuple(code for code, s in _subjects().items() if s.is_language)


def is_foreign_language(code: str) -> bool:
    return code == FOREIGN_LANGUAGE or code in language_codes()


def elective_groups(electives: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The electives as the regulation counts them: the two Công nghệ orientations are one.

    10 options become 9 subjects, hence the 36 = C(9,2) elective combinations of DOMAIN.md §1.1.
    """
    groups: dict[str, tuple[str, ...]] = {}
    for code in electives:
        key = subject(code).elective_group or code
        groups[key] = (*groups.get(key, ()), code)
    return groups


def elective_pair_count(electives: Iterable[str]) -> int:
    """Number of elective combinations counting each group once: C(groups, 2)."""
    return len(list(pairs(elective_groups(electives), 2)))


@cache
def _combinations() -> dict[str, Combination]:
    data: dict[str, Any] = load_json("data", "combinations.json")
    sources: dict[str, str] = data["sources"]
    return {
        row["code"]: Combination(
            code=row["code"],
            subjects=(row["subjects"][0], row["subjects"][1], row["subjects"][2]),
            status=row["status"],
            source=sources[row["source"]],
            note=row.get("note"),
        )
        for row in data["combinations"]
    }


def combinations() -> Mapping[str, Combination]:
    """All known combination codes with their status (listed / inferred / confirmed / memory)."""
    return _combinations()


def combination(code: str) -> Combination | None:
    return _combinations().get(code.strip().upper())


def combinations_for(subject_codes: Sequence[str]) -> list[Combination]:
    """The combinations a candidate with these subject scores can be admitted on."""
    have = set(subject_codes)
    return [c for c in _combinations().values() if have.issuperset(c.subjects)]


def exam_subjects(programme: Programme) -> tuple[str, ...]:
    """Subjects registered as exams of their own under a programme (2006: KHTN/KHXH combined)."""
    return tuple(code for code, s in _subjects().items() if programme in s.exam_programmes)
