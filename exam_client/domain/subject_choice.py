"""The choice of exam subjects and of the foreign language on a registration.

The 2018-programme exam is Toán + Ngữ văn + one session of 2 electives (Circ. 24/2024 Art. 3,
DOMAIN.md §1.1); the 2006 track is Toán, Ngữ văn, Ngoại ngữ + KHTN or KHXH (§1.3); candidates who
sit only for admission choose what they need (Art. 19.1 c–d). The same check covers all three
shapes: compulsory subjects, then exactly (or at most) *n* of the optional ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from exam_client.domain.problems import Problem
from exam_client.domain.ruleset import RuleSet
from exam_client.domain.subjects import FOREIGN_LANGUAGE, subject_name

if TYPE_CHECKING:
    from exam_client.domain.registration import Registration


def problem(code: str, field_path: str, vi: str, en: str, article: str | None) -> Problem:
    return Problem(code, field_path, vi, en, article)


def _names(codes: Iterable[str]) -> str:
    return ", ".join(subject_name(code) for code in codes)


def check_subjects(reg: Registration, rs: RuleSet) -> list[Problem]:
    """Subjects against the programme and purpose; reserved subjects count as taken."""
    article = rs.article("exam.elective_subjects")
    sat = list(reg.subjects)
    if not sat and not reg.reserved_scores:
        return [
            problem(
                "subjects.empty",
                "subjects",
                "Chưa chọn môn thi nào. Hãy chọn các môn đăng ký dự thi.",
                "No exam subject is chosen. Choose the subjects to sit.",
                article,
            )
        ]
    found: list[Problem] = []
    duplicates = sorted({code for code in sat if sat.count(code) > 1})
    if duplicates:
        found.append(
            problem(
                "subjects.duplicate",
                "subjects",
                f"Môn {_names(duplicates)} được chọn hai lần. Hãy bỏ bớt một lần.",
                f"{', '.join(duplicates)} chosen twice. Remove the repeat.",
                article,
            )
        )
    if reg.programme == "2018":
        compulsory, options, count = rs.compulsory_subjects, rs.elective_subjects, rs.elective_count
    else:
        compulsory, options = rs.programme_2006_compulsory, rs.programme_2006_combined
        count = 1
    offered = set(rs.exam_subjects(reg.programme))
    unknown = [code for code in dict.fromkeys(sat) if code not in offered]
    if unknown:
        found.append(
            problem(
                "subjects.unknown",
                "subjects",
                f"Môn {_names(unknown)} không có trong kỳ thi theo chương trình {reg.programme}. "
                "Hãy chọn lại từ danh sách môn thi.",
                f"{', '.join(unknown)} is not an exam subject of the {reg.programme} programme. "
                "Choose from the list.",
                article,
            )
        )
    chosen = (set(sat) | set(reg.reserved_scores)) & offered
    picked = [code for code in options if code in chosen]
    what_vi = "môn thi tự chọn" if reg.programme == "2018" else "bài thi tổ hợp (KHTN hoặc KHXH)"
    what_en = "elective subjects" if reg.programme == "2018" else "combined exams (KHTN or KHXH)"
    if reg.purpose.for_graduation:
        missing = [code for code in compulsory if code not in chosen]
        if missing:
            found.append(
                problem(
                    "subjects.missing_compulsory",
                    "subjects",
                    f"Thiếu môn bắt buộc: {_names(missing)}. Hãy thêm để được xét tốt nghiệp.",
                    f"Compulsory subject missing: {', '.join(missing)}. Add it to graduate.",
                    article,
                )
            )
        if len(picked) != count:
            found.append(
                problem(
                    "subjects.option_count",
                    "subjects",
                    f"Để xét tốt nghiệp phải chọn đúng {count} {what_vi} "
                    f"(đang chọn {len(picked)}). Hãy chọn lại.",
                    f"Graduation needs exactly {count} {what_en} ({len(picked)} chosen).",
                    article,
                )
            )
    elif len(picked) > count:
        found.append(
            problem(
                "subjects.option_count",
                "subjects",
                f"Chỉ được chọn tối đa {count} {what_vi} (đang chọn {len(picked)}). Hãy bỏ bớt.",
                f"At most {count} {what_en} may be chosen ({len(picked)} chosen).",
                rs.article("registration.admission_only_categories"),
            )
        )
    for pair in rs.exclusive_electives:
        if pair <= chosen:
            found.append(
                problem(
                    "subjects.exclusive",
                    "subjects",
                    f"Không thể chọn cùng lúc {_names(sorted(pair))}: đây là hai định hướng "
                    "của cùng một môn. Hãy giữ định hướng đã học ở lớp 12.",
                    f"{' and '.join(sorted(pair))} are two orientations of one subject. "
                    "Keep the one studied in grade 12.",
                    rs.article("exam.exclusive_electives"),
                )
            )
    return found


def check_language(reg: Registration, rs: RuleSet) -> list[Problem]:
    """A language (N1–N7) exactly when the Ngoại ngữ subject is taken."""
    article = rs.article("exam.foreign_languages")
    takes_language = FOREIGN_LANGUAGE in reg.subjects or FOREIGN_LANGUAGE in reg.reserved_scores
    choices = ", ".join(f"{code} {subject_name(code)}" for code in rs.foreign_languages)
    if takes_language and reg.foreign_language is None:
        return [
            problem(
                "foreign_language.missing",
                "foreign_language",
                f"Đã chọn môn Ngoại ngữ nhưng chưa chọn thứ tiếng. Hãy chọn một trong: {choices}.",
                f"Foreign language chosen without a language. Choose one of: {choices}.",
                article,
            )
        ]
    if reg.foreign_language is None:
        return []
    if reg.foreign_language not in rs.foreign_languages:
        return [
            problem(
                "foreign_language.unknown",
                "foreign_language",
                f"Mã ngoại ngữ {reg.foreign_language} không hợp lệ. Hãy chọn một trong: {choices}.",
                f"{reg.foreign_language} is not a language code. Choose one of: {choices}.",
                article,
            )
        ]
    if not takes_language:
        return [
            problem(
                "foreign_language.unused",
                "foreign_language",
                f"Đã chọn {subject_name(reg.foreign_language)} nhưng chưa đăng ký môn Ngoại ngữ. "
                "Hãy thêm môn Ngoại ngữ hoặc bỏ chọn thứ tiếng.",
                f"{reg.foreign_language} is chosen but the foreign-language subject is not. "
                "Add the subject or clear the language.",
                article,
            )
        ]
    return []
