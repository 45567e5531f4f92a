"""What lets a candidate skip a paper: the FL-certificate exemption and reserved scores.

Both were top sources of 2025 admission errors (FL certificates entered wrongly, DOMAIN.md
§13.6), and both depend on yearly lists and thresholds, so the rules come from the rule set: the
certificate list with its thresholds (Circ. 24/2024 Art. 39.2, DOMAIN.md §2.4) and the
reserved-score conditions, which are unverified and kept as data (DOMAIN.md §2.5).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exam_client.domain.explain import en_decimal, vi_decimal
from exam_client.domain.problems import Problem
from exam_client.domain.ruleset import FlCertificateRule, RuleSet
from exam_client.domain.subjects import FOREIGN_LANGUAGE, subject_name

if TYPE_CHECKING:
    from exam_client.domain.registration import FlCertificate, Registration


def _problem(code: str, path: str, vi: str, en: str, article: str | None) -> Problem:
    return Problem(code, path, vi, en, article)


def _warning(code: str, path: str, vi: str, en: str, article: str | None) -> Problem:
    return Problem(code, path, vi, en, article, "warning")


def check_fl_exemption(reg: Registration, rs: RuleSet) -> list[Problem]:
    """Problems with a declared FL exemption: type, threshold, validity, relevance."""
    cert = reg.fl_exemption
    if cert is None:
        return []
    article = rs.article("fl_exemption.valid_until")
    rule = rs.fl_certificate(cert.type)
    if rule is None:
        return [
            _problem(
                "fl_exemption.type",
                "fl_exemption.type",
                f"Chứng chỉ '{cert.type}' không có trong danh mục chứng chỉ được miễn thi ngoại "
                f"ngữ năm {rs.year}. Hãy chọn chứng chỉ trong danh mục hoặc bỏ đề nghị miễn thi.",
                f"'{cert.type}' is not on the {rs.year} list of exempting certificates. "
                "Pick one from the list or drop the exemption.",
                article,
            )
        ]
    found = _threshold(cert, rule, article)
    window = rs.timeline.window(rs.fl_exemption_valid_until)
    assert window is not None  # the loader checked that the reference window exists
    assert window.start is not None
    reference = window.start.date()
    if cert.valid_until < reference:
        found.append(
            _problem(
                "fl_exemption.expired",
                "fl_exemption.valid_until",
                f"Chứng chỉ {rule.name} hết hạn ngày {cert.valid_until:%d/%m/%Y}, trước ngày làm "
                f"thủ tục dự thi {reference:%d/%m/%Y}. Chứng chỉ phải còn hạn đến ngày đó; "
                "nếu không, hãy đăng ký thi môn Ngoại ngữ.",
                f"{rule.name} expires on {cert.valid_until:%d/%m/%Y}, before the exam-procedure "
                f"day {reference:%d/%m/%Y}. It must be valid until then, or sit the paper.",
                article,
            )
        )
    if reg.foreign_language in rs.foreign_languages and reg.foreign_language != rule.language:
        found.append(
            _problem(
                "fl_exemption.language",
                "fl_exemption.type",
                f"Chứng chỉ {rule.name} là {subject_name(rule.language)}, nhưng ngoại ngữ đăng ký "
                f"là {subject_name(reg.foreign_language)}. Hãy đăng ký đúng thứ tiếng của chứng "
                "chỉ hoặc bỏ đề nghị miễn thi.",
                f"{rule.name} is for {rule.language} but the registered language is "
                f"{reg.foreign_language}. Register the certificate's language or drop it.",
                article,
            )
        )
    if FOREIGN_LANGUAGE not in reg.subjects:
        found.append(
            _warning(
                "fl_exemption.unused",
                "fl_exemption",
                "Bạn không đăng ký môn Ngoại ngữ nên đề nghị miễn thi ngoại ngữ không có tác dụng.",
                "The foreign-language subject is not registered, so the exemption has no effect.",
                article,
            )
        )
    if not reg.purpose.for_graduation:
        found.append(
            _warning(
                "fl_exemption.admission_only",
                "fl_exemption",
                "Miễn thi ngoại ngữ chỉ dùng để xét tốt nghiệp. Muốn dùng điểm ngoại ngữ để xét "
                "tuyển, bạn vẫn phải dự thi môn Ngoại ngữ.",
                "The exemption counts for graduation only; admission needs the exam score.",
                article,
            )
        )
    return found


def _threshold(cert: FlCertificate, rule: FlCertificateRule, article: str | None) -> list[Problem]:
    def below(path: str, got: str, need: str) -> Problem:
        return _problem(
            "fl_exemption.below_threshold",
            path,
            f"Kết quả {rule.name} {got} thấp hơn mức tối thiểu {need} để được miễn thi ngoại ngữ. "
            "Hãy đăng ký thi môn Ngoại ngữ hoặc kiểm tra lại kết quả đã nhập.",
            f"{rule.name} result {got} is below the minimum {need} for the exemption. "
            "Sit the paper or check the result entered.",
            article,
        )

    def missing(path: str, what_vi: str, what_en: str) -> Problem:
        return _problem(
            "fl_exemption.result_missing",
            path,
            f"Chưa nhập {what_vi} của chứng chỉ {rule.name}. Hãy nhập như ghi trên chứng chỉ.",
            f"The {what_en} of {rule.name} is missing. Enter it as printed on the certificate.",
            article,
        )

    if rule.scale == "score":
        assert rule.minimum_score is not None
        if cert.score is None:
            return [missing("fl_exemption.score", "điểm", "score")]
        if cert.score < rule.minimum_score:
            return [
                below(
                    "fl_exemption.score",
                    vi_decimal(cert.score, None),
                    vi_decimal(rule.minimum_score, None),
                )
            ]
        return []
    if rule.scale == "level":
        assert rule.minimum_level is not None
        if cert.level is None:
            return [missing("fl_exemption.level", "bậc/trình độ", "level")]
        if cert.level not in rule.levels:
            return [
                _problem(
                    "fl_exemption.level_unknown",
                    "fl_exemption.level",
                    f"Trình độ '{cert.level}' không có trên thang của {rule.name}. "
                    f"Hãy chọn một trong: {', '.join(rule.levels)}.",
                    f"'{cert.level}' is not a {rule.name} level. "
                    f"Use one of: {', '.join(rule.levels)}.",
                    article,
                )
            ]
        if rule.levels.index(cert.level) < rule.levels.index(rule.minimum_level):
            return [below("fl_exemption.level", cert.level, rule.minimum_level)]
        return []
    found: list[Problem] = []
    for part, minimum in rule.component_minimums.items():
        path = f"fl_exemption.components.{part}"
        value = cert.components.get(part)
        if value is None:
            found.append(missing(path, f"điểm kỹ năng {part}", f"{part} score"))
        elif value < minimum:
            found.append(
                below(path, f"{part} {en_decimal(value, None)}", en_decimal(minimum, None))
            )
    return found


def check_reserved_scores(reg: Registration, rs: RuleSet) -> list[Problem]:
    """Reserved (bảo lưu) scores: who may keep them, which, and from what score (UNVERIFIED)."""
    if not reg.reserved_scores:
        return []
    article = rs.article("reserved_scores.categories")
    found: list[Problem] = []
    if reg.category not in rs.reserved_score_categories:
        found.append(
            _problem(
                "reserved_scores.category",
                "reserved_scores",
                "Chỉ thí sinh đã dự thi nhưng chưa được công nhận tốt nghiệp mới được bảo lưu "
                "điểm. Hãy bỏ điểm bảo lưu và đăng ký thi các môn.",
                "Only candidates who sat before but did not graduate may reserve scores. "
                "Remove them and register the subjects.",
                article,
            )
        )
    offered = rs.exam_subjects(reg.programme)
    minimum, top = rs.reserved_score_min, vi_decimal(rs.max_subject_score, None)
    for code, score in reg.reserved_scores.items():
        path = f"reserved_scores.{code}"
        name = subject_name(code)
        if code not in offered:
            found.append(
                _problem(
                    "reserved_scores.unknown",
                    path,
                    f"Môn {name} không có trong kỳ thi theo chương trình {reg.programme}, "
                    "không thể bảo lưu. Hãy bỏ môn này.",
                    f"{code} is not an exam subject of the {reg.programme} programme.",
                    article,
                )
            )
            continue
        if code in reg.subjects:
            found.append(
                _problem(
                    "reserved_scores.also_registered",
                    path,
                    f"Môn {name} vừa được đăng ký thi vừa được bảo lưu điểm. "
                    "Hãy chọn một trong hai: thi lại hoặc dùng điểm bảo lưu.",
                    f"{code} is both registered and reserved. Choose one.",
                    article,
                )
            )
        if not 0 <= score <= rs.max_subject_score:
            found.append(
                _problem(
                    "reserved_scores.range",
                    path,
                    f"Điểm bảo lưu môn {name} phải từ 0 đến {top}. Hãy nhập lại.",
                    f"The reserved {code} score must be between 0 and {top}. Re-enter it.",
                    article,
                )
            )
        elif score < minimum:
            found.append(
                _problem(
                    "reserved_scores.below_minimum",
                    path,
                    f"Điểm môn {name} ({vi_decimal(score)}) dưới {vi_decimal(minimum, None)} nên "
                    "không được bảo lưu. Hãy đăng ký thi lại môn này.",
                    f"The {code} score {en_decimal(score)} is below {en_decimal(minimum, None)} "
                    "and cannot be reserved. Register to sit it again.",
                    article,
                )
            )
    if reg.purpose.for_admission and not rs.reserved_scores_for_admission:
        found.append(
            _warning(
                "reserved_scores.not_for_admission",
                "reserved_scores",
                "Điểm bảo lưu chỉ dùng để xét tốt nghiệp, không dùng để xét tuyển đại học.",
                "Reserved scores count for graduation only, not for admission.",
                article,
            )
        )
    return found
