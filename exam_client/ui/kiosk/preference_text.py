"""Texts of the preference-list step, in the current language (context ``PreferencesPage``).

Kept apart from the page so the page stays about behaviour; every string goes through
``QCoreApplication.translate`` so ``pyside6-lupdate`` extracts it. GUI thread only.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QCoreApplication

from exam_client.domain.explain import en_decimal, vi_decimal
from exam_client.domain.money import format_vnd
from exam_client.domain.problems import Problem
from exam_client.domain.timeline import VN_TZ
from exam_client.services import errors
from exam_client.services.catalog import CatalogEntry
from exam_client.services.preferences import (
    PreferenceDraft,
    PreferenceRow,
    PreferencesClosed,
    PreferencesConflict,
)
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


def error_text(exc: BaseException, fallback: str) -> str:
    """The error's own problems or message, else ``fallback``."""
    found = getattr(exc, "message_vi", None)
    problems = getattr(exc, "problems", None) or []
    parts = [problem_text(p) for p in problems] or ([found] if found else [fallback])
    return " ".join(str(p) for p in parts)


def save_failure_text(exc: BaseException, draft: PreferenceDraft | None) -> str:
    """Why "Lưu nguyện vọng" did not store the list, and what to do; the list is never lost."""
    if isinstance(exc, errors.NetworkError | errors.SlowDown | errors.ServerError):
        return translate(
            "PreferencesPage",
            "Chưa gửi được tới hệ thống (mạng chậm hoặc mất kết nối). Danh sách vẫn còn trên "
            "màn hình. Bấm “Lưu nguyện vọng” lần nữa: hệ thống gửi lại đúng lần lưu này, "
            "không tạo bản trùng.",
        )
    if isinstance(exc, PreferencesConflict):
        return translate(
            "PreferencesPage",
            "Danh sách vừa được thay đổi ở nơi khác. Bấm “Tải lại” để xem bản mới nhất.",
        )
    if isinstance(exc, errors.AuthError):
        return translate(
            "PreferencesPage",
            "Phiên đăng nhập đã kết thúc (hết hạn hoặc đã đăng xuất ở nơi khác) nên danh sách "
            "chưa được lưu. Danh sách bạn vừa sửa được giữ lại: hãy đăng nhập lại để lưu.",
        )
    if isinstance(exc, errors.ValidationFailed):
        return invalid_text(exc, draft)
    if isinstance(exc, PreferencesClosed):
        return error_text(exc, translate("PreferencesPage", "Hệ thống chưa nhận danh sách này."))
    return error_text(exc, translate("PreferencesPage", "Chưa lưu được. Hãy thử lại sau ít phút."))


def invalid_text(exc: errors.ValidationFailed, draft: PreferenceDraft | None) -> str:
    """The server refused the list; an NV whose programme left the catalog since it was
    added is named as the candidate knows it (the server's message has only codes)."""
    parts = []
    for problem in exc.problems:
        rank = problem.field.split(".")[1] if problem.field.count(".") >= 1 else ""
        index = int(rank) - 1 if rank.isdigit() else -1
        if draft is None or problem.code not in WITHDRAWN or not 0 <= index < len(draft.items):
            parts.append(problem_text(problem))
            continue
        inst, code = draft.items[index]
        parts.append(withdrawn_text(index + 1, inst, code, draft.catalog.find(inst, code)))
    fallback = translate("PreferencesPage", "Hệ thống chưa nhận danh sách này.")
    return " ".join(parts) or error_text(exc, fallback)


def history_line(version: int, created_at: datetime, count: int, names: list[str]) -> str:
    return (
        translate("PreferencesPage", "Phiên bản %1 — %2 — %3 NV: %4")
        .replace("%1", str(version))
        .replace("%2", moment_text(created_at))
        .replace("%3", str(count))
        .replace("%4", "; ".join(names) or "—")
    )


def window_text(draft: PreferenceDraft) -> str:
    """Above the list: the server's note, or when the edit window is (read-only outside it)."""
    if draft.editable:
        return draft.saved.message
    return (
        translate(
            "PreferencesPage", "Chỉ xem: thời gian đăng ký, điều chỉnh nguyện vọng từ %1 đến %2."
        )
        .replace("%1", moment_text(draft.saved.edit_opens_at))
        .replace("%2", moment_text(draft.saved.edit_closes_at))
    )


def summary_text(draft: PreferenceDraft) -> str:
    """Under the list: how many NV, the fee they will cost, and whether it is saved."""
    limit, fee = draft.rules.max_preferences, draft.saved.fee_per_preference
    return (
        translate("PreferencesPage", "%1 nguyện vọng%2 · lệ phí dự kiến %3 (%4 mỗi nguyện vọng)%5")
        .replace("%1", str(len(draft.items)))
        .replace("%2", f" / {limit}" if limit else "")
        .replace("%3", format_vnd(len(draft.items) * fee))
        .replace("%4", format_vnd(fee))
        .replace("%5", " · " + translate("PreferencesPage", "chưa lưu") if draft.dirty else "")
    )
