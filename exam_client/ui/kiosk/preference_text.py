"""Texts of the preference-list step, in the current language (context ``PreferencesPage``).

Kept apart from the page so the page stays about behaviour; every string goes through
``QCoreApplication.translate`` so ``pyside6-lupdate`` extracts it. GUI thread only.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QCoreApplication

from exam_client.domain.explain import en_decimal, vi_decimal
from exam_client.domain.problems import Problem
from exam_client.domain.timeline import VN_TZ
from exam_client.services.catalog import CatalogEntry
from exam_client.services.preferences import PreferenceRow
from exam_client.ui.i18n import current_language

CONTEXT = "PreferencesPage"
# Called ``translate`` (not ``tr``) so pyside6-lupdate reads the first argument as the context.
translate = QCoreApplication.translate


def score_text(value: Decimal) -> str:
    return en_decimal(value) if current_language() == "en" else vi_decimal(value)


def moment_text(moment: datetime | None) -> str:
    return moment.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y") if moment else "—"


def problem_text(problem: Problem) -> str:
    return problem.message_en if current_language() == "en" else problem.message_vi


def entry_text(entry: CatalogEntry) -> str:
    """A search hit: code, name, institution, province, sư phạm."""
    p, inst = entry.programme, entry.institution
    text = (
        translate("PreferencesPage", "%1 · %2 — %3 (%4), %5")
        .replace("%1", inst.code)
        .replace("%2", p.code)
        .replace("%3", p.name)
        .replace("%4", inst.name)
        .replace("%5", inst.province_name)
    )
    if p.teacher_training:
        text += " · " + translate("PreferencesPage", "Sư phạm")
    return text


def row_text(row: PreferenceRow) -> str:
    """One NV on two lines: what it is, then the candidate's score and last year's cutoff."""
    if row.entry is None:
        first = (
            translate("PreferencesPage", "NV%1 · %2 — %3 (không còn trong danh mục)")
            .replace("%1", str(row.rank))
            .replace("%2", row.institution_code)
            .replace("%3", row.programme_code)
        )
    else:
        first = (
            translate("PreferencesPage", "NV%1 · %2 — %3 · %4")
            .replace("%1", str(row.rank))
            .replace("%2", row.entry.institution.name)
            .replace("%3", row.programme_code)
            .replace("%4", row.entry.programme.name)
        )
        if row.teacher_training:
            first += " · " + translate("PreferencesPage", "Sư phạm")
    if row.admission_score is None:
        score = translate("PreferencesPage", "Điểm xét tuyển của bạn: chưa có điểm")
    else:
        score = (
            translate("PreferencesPage", "Điểm xét tuyển của bạn: %1 (tổ hợp %2)")
            .replace("%1", score_text(row.admission_score))
            .replace("%2", row.combination or "—")
        )
    cutoff = (
        translate("PreferencesPage", "Điểm chuẩn năm trước: %1").replace(
            "%1", score_text(row.last_year_cutoff)
        )
        if row.last_year_cutoff is not None
        else translate("PreferencesPage", "Điểm chuẩn năm trước: chưa có")
    )
    second = f"{score} · {cutoff}"
    if row.problems:
        second += "\n⚠ " + problem_text(row.problems[0])
    return f"{first}\n{second}"


def row_accessible_name(row: PreferenceRow) -> str:
    name = row.entry.programme.name if row.entry else row.programme_code
    return (
        translate("PreferencesPage", "Nguyện vọng %1: %2")
        .replace("%1", str(row.rank))
        .replace("%2", name)
    )


# the server's codes for an NV whose institution or programme left the catalog after it was added
WITHDRAWN = frozenset({"preferences.unknown_programme", "preferences.unknown_institution"})


def withdrawn_text(rank: int, institution_code: str, code: str, entry: CatalogEntry | None) -> str:
    """The catalog changed between edits: name the programme as the candidate added it (the
    server knows only codes now) and say what to do."""
    name = f"{entry.programme.name} — {entry.institution.name}" if entry else code
    return (
        translate(
            "PreferencesPage",
            "NV%1 · %2 (%3 · %4) không còn trong danh mục xét tuyển: danh mục vừa được Bộ cập "
            "nhật. Hãy xoá nguyện vọng này (hoặc chọn ngành khác thay thế) rồi bấm "
            "“Lưu nguyện vọng”.",
        )
        .replace("%1", str(rank))
        .replace("%2", name)
        .replace("%3", institution_code)
        .replace("%4", code)
    )
