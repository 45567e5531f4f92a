"""The ordered list of admission preferences (nguyện vọng, NV) and its yearly limits.

NV1 is the highest; virtual filtering admits a candidate at the highest NV they qualify for
(DOMAIN.md §4.4), so order matters and duplicates make no sense. The limits change by year (2025:
unlimited; 2026: at most 15, pedagogy programmes only as NV1–NV5, DOMAIN.md §4.1) and come from the
rule set. Field paths use NV numbers (1-based): ``preferences.3.institution_code`` is NV3.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from exam_client.domain.problems import Problem
from exam_client.domain.ruleset import RuleSet
from exam_client.domain.timeline import Action, NotAllowed

_INSTITUTION = re.compile(r"[A-Z0-9]{3}")
# Admission codes are set by institutions (e.g. 7480201, QHT01); the catalog is the real check.
_PROGRAMME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,19}")


@dataclass(frozen=True, slots=True)
class Preference:
    """One NV: institution (3 characters, e.g. QSB) + programme / admission code.

    Since 2025 a candidate picks no method or combination: the system uses the best result
    (DOMAIN.md §4.2). ``teacher_training`` marks pedagogy (sư phạm) programmes.
    """

    institution_code: str
    programme_code: str
    teacher_training: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.institution_code.strip().upper(), self.programme_code.strip().upper())


def _problem(code: str, field: str, vi: str, en: str, article: str | None) -> Problem:
    return Problem(code, field, vi, en, article)


def validate_preferences(
    preferences: Sequence[Preference], rs: RuleSet, moment: datetime
) -> list[Problem]:
    """Every problem of the list at ``moment`` (window, count, codes, duplicates, positions)."""
    found: list[Problem] = []
    decision = rs.timeline.can(Action.EDIT_PREFERENCES, moment)
    if isinstance(decision, NotAllowed):
        found.append(
            _problem(
                "preferences.closed",
                "preferences",
                decision.reason_vi,
                decision.reason_en,
                rs.article("preferences.max_count"),
            )
        )
    count, article = len(preferences), rs.article("preferences.max_count")
    if count < rs.min_preferences:
        found.append(
            _problem(
                "preferences.too_few",
                "preferences",
                f"Cần đăng ký ít nhất {rs.min_preferences} nguyện vọng. Hãy thêm nguyện vọng.",
                f"At least {rs.min_preferences} preference(s) needed. Add one.",
                article,
            )
        )
    if rs.max_preferences is not None and count > rs.max_preferences:
        extra = count - rs.max_preferences
        found.append(
            _problem(
                "preferences.too_many",
                "preferences",
                f"Năm {rs.year} chỉ được đăng ký tối đa {rs.max_preferences} nguyện vọng "
                f"(đang có {count}). Hãy bỏ bớt {extra} nguyện vọng.",
                f"At most {rs.max_preferences} preferences in {rs.year} ({count} listed). "
                f"Remove {extra}.",
                article,
            )
        )
    seen: dict[tuple[str, str], int] = {}
    for number, pref in enumerate(preferences, start=1):
        found.extend(_check_one(number, pref, rs, seen.get(pref.key)))
        seen.setdefault(pref.key, number)
    return found


def _check_one(number: int, pref: Preference, rs: RuleSet, first: int | None) -> list[Problem]:
    path, article = f"preferences.{number}", rs.article("preferences.max_count")
    found: list[Problem] = []
    if not _INSTITUTION.fullmatch(pref.institution_code):
        found.append(
            _problem(
                "preferences.institution_code",
                f"{path}.institution_code",
                f"NV{number}: mã trường '{pref.institution_code}' phải gồm 3 chữ in hoa hoặc chữ "
                "số (ví dụ QSB). Hãy chọn trường từ danh sách.",
                f"NV{number}: institution code '{pref.institution_code}' must be 3 capital "
                "letters or digits (e.g. QSB).",
                article,
            )
        )
    if not _PROGRAMME.fullmatch(pref.programme_code):
        found.append(
            _problem(
                "preferences.programme_code",
                f"{path}.programme_code",
                f"NV{number}: mã xét tuyển '{pref.programme_code}' không hợp lệ. "
                "Hãy chọn ngành/chương trình từ danh sách của trường.",
                f"NV{number}: admission code '{pref.programme_code}' is not valid. "
                "Pick the programme from the institution's list.",
                article,
            )
        )
    if first is not None:
        found.append(
            _problem(
                "preferences.duplicate",
                path,
                f"NV{number} trùng với NV{first} (cùng trường, cùng mã xét tuyển). "
                f"Hãy xoá NV{number}.",
                f"NV{number} repeats NV{first} (same institution and programme). Remove it.",
                article,
            )
        )
    limit = rs.teacher_training_max_position
    if pref.teacher_training and limit is not None and number > limit:
        found.append(
            _problem(
                "preferences.teacher_training_position",
                path,
                f"NV{number} là ngành sư phạm; năm {rs.year} ngành sư phạm chỉ được đặt ở "
                f"NV1–NV{limit}. Hãy chuyển lên trong {limit} nguyện vọng đầu.",
                f"NV{number} is a teacher-training programme; in {rs.year} these must be "
                f"NV1–NV{limit}. Move it up.",
                rs.article("preferences.teacher_training_max_position"),
            )
        )
    return found
