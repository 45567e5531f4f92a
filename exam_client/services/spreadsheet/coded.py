"""Reading the coded cells of a row: category, purpose, subjects, language, schools, areas,
priority objects, graduation year and contact details.

Same contract as :mod:`~exam_client.services.spreadsheet.repair`: an official spelling is taken
silently, another unambiguous spelling is taken *and reported*, the rest is rejected.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from exam_client.domain.names import clean_text, fold
from exam_client.domain.registration import CATEGORY_LABELS, Category, Purpose
from exam_client.domain.subjects import (
    FOREIGN_LANGUAGE,
    all_subjects,
    language_codes,
    subject_name,
)
from exam_client.services.spreadsheet.repair import Read, bad, blank, fixed, ok, shown


def _category_keys() -> dict[str, Category]:
    keys: dict[str, Category] = {}
    for cat in Category:
        keys[cat.value] = cat
        keys[f"{cat.value})"] = cat
        keys[f"dien {cat.value}"] = cat
        keys[fold(CATEGORY_LABELS[cat][0])] = cat
    return keys


_CATEGORIES = _category_keys()


def category(raw: object) -> Read[Category]:
    if blank(raw):
        return bad("category.empty", "Chưa có diện thí sinh (a, b, c, d).", "Category missing.")
    typed = clean_text(shown(raw))
    found = _CATEGORIES.get(fold(typed).strip(" ."))
    if found is None:
        return bad(
            "category.unknown",
            f"Diện thí sinh '{typed}' không hợp lệ. Hãy ghi a, b, c hoặc d (xem trang Hướng dẫn).",
            f"Category '{typed}' is not one of a, b, c, d.",
        )
    return ok(found) if typed == found.value else fixed(found, found.value, "chuẩn hoá diện")


PURPOSE_LABELS: Mapping[Purpose, str] = {
    Purpose.GRADUATION: "Xét tốt nghiệp",
    Purpose.ADMISSION: "Xét tuyển sinh",
    Purpose.BOTH: "Cả hai",
}
_PURPOSES = (
    {fold(label): p for p, label in PURPOSE_LABELS.items()}
    | {
        "tot nghiep": Purpose.GRADUATION,
        "xet tuyen": Purpose.ADMISSION,
        "tuyen sinh": Purpose.ADMISSION,
        "ca 2": Purpose.BOTH,
        "xet tot nghiep va tuyen sinh": Purpose.BOTH,
        "xet tot nghiep va xet tuyen": Purpose.BOTH,
    }
    | {p.value: p for p in Purpose}
)


def purpose(raw: object) -> Read[Purpose]:
    typed = clean_text(shown(raw))
    found = _PURPOSES.get(fold(typed))
    if found is None:
        return bad(
            "purpose.unknown",
            f"Mục đích dự thi '{typed}' không rõ. Hãy ghi Xét tốt nghiệp, Xét tuyển sinh "
            "hoặc Cả hai.",
            f"Purpose '{typed}' is unclear.",
        )
    label = PURPOSE_LABELS[found]
    return ok(found) if typed == label else fixed(found, label, "chuẩn hoá mục đích dự thi")


def _subject_keys() -> tuple[dict[str, str], dict[str, str]]:
    subjects: dict[str, str] = {}
    languages: dict[str, str] = {}
    for code, s in all_subjects().items():
        target = languages if s.is_language else subjects
        target[fold(code)] = code
        target[fold(s.name_vi)] = code
        target[fold(s.name_en)] = code
    subjects |= {
        "vat ly": "LI",
        "ly": "LI",
        "hoa": "HO",
        "sinh": "SI",
        "su": "SU",
        "dia": "DI",
        "dia ly": "DI",
        "van": "VA",
        "toan hoc": "TO",
        "ktpl": "GDKTPL",
        "gdkt&pl": "GDKTPL",
        "gdkt pl": "GDKTPL",
        "giao duc kinh te & phap luat": "GDKTPL",
        "tin": "TI",
        "cong nghe cong nghiep": "CNCN",
        "cong nghe nong nghiep": "CNNN",
        "cn cong nghiep": "CNCN",
        "cn nong nghiep": "CNNN",
    }
    languages |= {
        fold(s.name_vi).removeprefix("tieng "): c
        for c, s in all_subjects().items()
        if s.is_language
    }
    return subjects, languages


_SUBJECTS, _LANGUAGES = _subject_keys()


def _official(typed: str, code: str) -> bool:
    """Written as the code or the official Vietnamese name: nothing to report."""
    return typed in (code, subject_name(code))


def subject(raw: object) -> Read[tuple[str, str | None]]:
    """An elective by code or name → (subject code, language implied by e.g. "Tiếng Anh")."""
    typed = clean_text(shown(raw))
    key = fold(typed)
    if key in _SUBJECTS:
        code = _SUBJECTS[key]
        if _official(typed, code):
            return ok((code, None))
        return fixed((code, None), subject_name(code), "nhận ra tên môn viết tắt/khác cách viết")
    if key in _LANGUAGES:
        lang = _LANGUAGES[key]
        return fixed(
            (FOREIGN_LANGUAGE, lang),
            f"{FOREIGN_LANGUAGE} + {lang}",
            "môn Ngoại ngữ, thứ tiếng ghi trong ô",
        )
    return bad(
        "subjects.unreadable",
        f"Không nhận ra môn '{typed}'. Hãy ghi tên môn như Vật lí, Hóa học, Lịch sử, Ngoại ngữ…",
        f"Unknown subject '{typed}'.",
    )


def language(raw: object) -> Read[str]:
    typed = clean_text(shown(raw))
    code = _LANGUAGES.get(fold(typed))
    if code is None:
        codes = ", ".join(language_codes())
        return bad(
            "foreign_language.unreadable",
            f"Không nhận ra ngoại ngữ '{typed}'. Hãy ghi một mã {codes} hoặc tên thứ tiếng.",
            f"Unknown language '{typed}'.",
        )
    return ok(code) if _official(typed, code) else fixed(code, code, "nhận ra tên thứ tiếng")


def subject_list(raw: object) -> Read[tuple[str, ...]]:
    """ "Toán, Ngữ văn, Vật lí" → ("TO", "VA", "LI"); languages are not allowed here."""
    typed = clean_text(shown(raw))
    codes: list[str] = []
    for part in re.split(r"[,;+]", typed):
        key = fold(part)
        if not key:
            continue
        if key not in _SUBJECTS:
            return bad(
                "subjects.unreadable",
                f"Không nhận ra môn '{clean_text(part)}' trong '{typed}'. Hãy ghi tên môn, "
                "cách nhau bởi dấu phẩy; thứ tiếng ghi ở cột Ngoại ngữ.",
                f"Unknown subject '{part.strip()}' in '{typed}'.",
            )
        codes.append(_SUBJECTS[key])
    parts = [clean_text(p) for p in re.split(r"[,;+]", typed) if clean_text(p)]
    if all(_official(p, c) for p, c in zip(parts, codes, strict=True)):
        return ok(tuple(codes))
    canonical = ", ".join(subject_name(c) for c in codes)
    return fixed(tuple(codes), canonical, "nhận ra tên môn viết tắt/khác cách viết")


_SCHOOL = re.compile(r"(\d{2})\s*[-./ ]?\s*(\d{3})")


def school(raw: object) -> Read[tuple[str, str]]:
    """ "01-001", "01001", "01 001", or the number 1001 (leading zero lost) → ("01", "001")."""
    typed = clean_text(shown(raw))
    if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer():
        typed = str(int(raw))
        if len(typed) == 4:
            typed = "0" + typed
    m = _SCHOOL.fullmatch(typed)
    if m is None or m[1] == "00":
        return bad(
            "schools.code_format",
            f"Mã trường '{shown(raw)}' không đúng dạng. Hãy ghi mã tỉnh 2 số và mã trường 3 số, "
            "ví dụ 01-001.",
            f"School code '{shown(raw)}' must be 2 + 3 digits, e.g. 01-001.",
        )
    canonical = f"{m[1]}-{m[2]}"
    value = (m[1], m[2])
    return ok(value) if shown(raw) == canonical else fixed(value, canonical, "chuẩn hoá mã trường")


_AREA = re.compile(r"kv\s*([123])\s*(?:-?\s*(nt))?")


def area(raw: object) -> Read[str]:
    typed = clean_text(shown(raw))
    m = _AREA.fullmatch(fold(typed))
    if m is None or (m[2] and m[1] != "2"):
        return bad(
            "schools.area_format",
            f"Khu vực '{typed}' không hợp lệ. Hãy ghi KV1, KV2-NT, KV2 hoặc KV3.",
            f"Area '{typed}' must be KV1, KV2-NT, KV2 or KV3.",
        )
    canonical = f"KV{m[1]}" + ("-NT" if m[2] else "")
    return ok(canonical) if typed == canonical else fixed(canonical, canonical, "chuẩn hoá khu vực")


def priority_objects(raw: object) -> Read[tuple[str, ...]]:
    """ "1, 6" or the number 1 → ("01", "06"); the codes themselves are checked by the rules."""
    typed = clean_text(shown(raw))
    if isinstance(raw, float) and raw.is_integer():
        typed = str(int(raw))
    parts = [p.strip() for p in re.split(r"[,;/ ]+", typed) if p.strip()]
    if not all(p.isdigit() and len(p) <= 2 for p in parts):
        return bad(
            "priority_objects.format",
            f"Đối tượng ưu tiên '{typed}' không đúng dạng. Hãy ghi mã 2 số (01–07), nhiều mã "
            "cách nhau bởi dấu phẩy.",
            f"Priority objects '{typed}' must be 2-digit codes separated by commas.",
        )
    codes = tuple(p.zfill(2) for p in parts)
    canonical = ", ".join(codes)
    return ok(codes) if typed == canonical else fixed(codes, canonical, "chuẩn hoá mã đối tượng")


def year(raw: object) -> Read[int]:
    typed = clean_text(shown(raw)).removesuffix(".0")
    if not (typed.isdigit() and len(typed) == 4):
        return bad(
            "graduation_year.format",
            f"Năm tốt nghiệp '{typed}' phải gồm 4 chữ số, ví dụ 2024.",
            f"Graduation year '{typed}' must have 4 digits.",
        )
    return ok(int(typed))


def phone(raw: object) -> Read[str]:
    """10 digits from 0; a number cell that lost its leading 0 (9 digits) is repaired."""
    if blank(raw):
        return Read(None)
    typed = clean_text(shown(raw))
    digits = re.sub(r"[\s.\-()]", "", typed.removesuffix(".0"))
    reasons = []
    if digits.startswith("+84"):
        digits, reasons = "0" + digits[3:], ["đổi +84 thành 0"]
    if isinstance(raw, int | float) and not isinstance(raw, bool) and len(digits) == 9:
        digits, reasons = "0" + digits, ["thêm số 0 đầu bị Excel làm mất"]
    if not (digits.isdigit() and len(digits) == 10 and digits.startswith("0")):
        return bad(
            "phone.format",
            f"Số điện thoại '{typed}' phải có 10 chữ số, bắt đầu bằng 0.",
            f"Phone '{typed}' must be 10 digits starting with 0.",
        )
    if digits == typed:
        return ok(digits)
    return fixed(digits, digits, "; ".join(reasons) or "bỏ dấu cách/dấu chấm")


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")


def email(raw: object) -> Read[str]:
    if blank(raw):
        return Read(None)
    typed = clean_text(shown(raw))
    if not _EMAIL.fullmatch(typed):
        return bad(
            "email.format",
            f"Email '{typed}' không đúng dạng (ví dụ ten@gmail.com).",
            f"'{typed}' is not an e-mail address.",
        )
    return ok(typed) if typed == shown(raw) else fixed(typed, typed, "bỏ khoảng trắng thừa")
