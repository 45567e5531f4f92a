"""Exam scores, the graduation score (ĐXTN) and the admission score of a programme.

Candidates compare the client's numbers with the ministry's to the hundredth, so both are computed
the same way in Decimal, with the formula's structure and rounding read from the rule set (the 2025
ĐXTN layout is unverified, DOMAIN.md §6 ⚠). Since 2025 a candidate no longer picks a combination:
the system takes the best one the programme accepts (DOMAIN.md §4.2), and this module says which
one won and why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from exam_client.domain import subjects
from exam_client.domain.explain import Explained, en_decimal, vi_decimal
from exam_client.domain.priority import applied_priority
from exam_client.domain.problems import Problem
from exam_client.domain.ruleset import RuleSet

ZERO = Decimal(0)


def check_exam_score(value: Decimal, rs: RuleSet, field: str = "score") -> list[Problem]:
    """A typed exam score: within 0–10 and on the marking step of the rule set."""
    top = rs.max_subject_score
    if not ZERO <= value <= top:
        return [
            Problem(
                "score.range",
                field,
                f"Điểm thi phải từ 0 đến {vi_decimal(top, None)} (đang nhập "
                f"{vi_decimal(value, None)}). Hãy nhập lại.",
                f"An exam score is between 0 and {top} (got {value}). Re-enter it.",
                rs.article("exam.max_subject_score"),
            )
        ]
    if value % rs.score_step != 0:
        step = vi_decimal(rs.score_step, None)
        return [
            Problem(
                "score.step",
                field,
                f"Điểm thi được chấm theo bước {step} (đang nhập {vi_decimal(value, None)}). "
                "Hãy kiểm tra lại điểm trên phiếu báo điểm.",
                f"Exam scores come in steps of {rs.score_step} (got {value}). Check the slip.",
                rs.article("exam.score_step"),
            )
        ]
    return []


def transcript_average(averages: Mapping[int, Decimal], rs: RuleSet) -> Explained[Decimal]:
    """ĐTB = (ĐTB10 × 1 + ĐTB11 × 2 + ĐTB12 × 3) / 6 over the years studied (DOMAIN.md §6).

    Only years studied in the Vietnamese programme count; a missing year drops out of both the
    sum and the weights (⚠ assumption for candidates who studied abroad part of THPT).
    """
    weights = rs.year_weights
    years = [y for y in sorted(averages) if y in weights]
    if not years:
        raise ValueError("a transcript average needs at least one of grades 10, 11, 12")
    total_weight = sum(weights[y] for y in years)
    raw = sum((averages[y] * weights[y] for y in years), ZERO) / total_weight
    value = rs.graduation_rounding.apply(raw)
    terms = " + ".join(f"{vi_decimal(averages[y])} × {weights[y]}" for y in years)
    return Explained(
        value,
        f"ĐTB các năm học = ({terms}) / {total_weight} = {vi_decimal(value)}",
        f"transcript average = ({terms.replace(',', '.')}) / {total_weight} = {en_decimal(value)}",
    )


def graduation_score(
    exam_scores: Mapping[str, Decimal],
    averages: Mapping[int, Decimal],
    rs: RuleSet,
    *,
    incentive: Decimal = ZERO,
    priority: Decimal = ZERO,
    fl_exempt: bool = False,
) -> Explained[Decimal]:
    """ĐXTN = {(Σ exams + ΣKK)/n × w_exam + ĐTB × w_transcript}/(w_exam + w_transcript) + ĐUT.

    ``exam_scores`` holds the papers that count (sat or reserved). An FL-exempt candidate who did
    not sit the FL paper is counted as the rule set says: left out (2025) or as 10 (up to 2024).
    """
    formula = rs.graduation_formula
    scores = dict(exam_scores)
    count = formula.subject_count
    if fl_exempt and not any(subjects.is_foreign_language(code) for code in scores):
        if rs.fl_exemption_counts_as_ten:
            scores[subjects.FOREIGN_LANGUAGE] = rs.max_subject_score
        elif formula.drop_exempt_foreign_language:
            count -= 1
    if len(scores) != count:
        raise ValueError(f"the graduation score needs {count} subject scores, got {len(scores)}")
    kk = min(incentive, rs.incentive_cap)
    average = transcript_average(averages, rs)
    exam_sum = sum(scores.values(), ZERO)
    w_exam, w_transcript = formula.exam_weight, formula.transcript_weight
    raw = ((exam_sum + kk) / count * w_exam + average.value * w_transcript) / (
        w_exam + w_transcript
    ) + priority
    value = rs.graduation_rounding.apply(raw)
    text = (
        f"{{(tổng điểm {count} môn {vi_decimal(exam_sum)} + điểm khuyến khích {vi_decimal(kk)}) "
        f"/ {count} × {vi_decimal(w_exam, None)} + ĐTB {vi_decimal(average.value)} × "
        f"{vi_decimal(w_transcript, None)}}} / {vi_decimal(w_exam + w_transcript, None)} + "
        f"điểm ưu tiên {vi_decimal(priority)} = {vi_decimal(value)}"
    )
    return Explained(
        value,
        f"ĐXTN = {text}; {average.vi}",
        f"graduation score = {text.replace(',', '.')}; {average.en}",
    )


@dataclass(frozen=True, slots=True)
class GraduationResult:
    passed: bool
    score: Explained[Decimal]
    failing_subjects: tuple[str, ...]
    vi: str
    en: str


def graduation_result(
    exam_scores: Mapping[str, Decimal],
    averages: Mapping[int, Decimal],
    rs: RuleSet,
    *,
    incentive: Decimal = ZERO,
    priority: Decimal = ZERO,
    fl_exempt: bool = False,
) -> GraduationResult:
    """Pass = every paper above 1.0 and ĐXTN ≥ 5.0 (Circ. 24/2024 Art. 45, DOMAIN.md §6)."""
    score = graduation_score(
        exam_scores, averages, rs, incentive=incentive, priority=priority, fl_exempt=fl_exempt
    )
    floor, pass_score = rs.min_subject_score, rs.pass_score
    failing = tuple(code for code, value in exam_scores.items() if value <= floor)
    reasons_vi = [
        f"môn {subjects.subject_name(c)} {vi_decimal(exam_scores[c])} không lớn hơn "
        f"{vi_decimal(floor, None)} (điểm liệt)"
        for c in failing
    ]
    reasons_en = [f"{c} {exam_scores[c]} is not above {floor}" for c in failing]
    if score.value < pass_score:
        reasons_vi.append(f"ĐXTN {vi_decimal(score.value)} dưới {vi_decimal(pass_score, None)}")
        reasons_en.append(f"graduation score {score.value} is below {pass_score}")
    if reasons_vi:
        return GraduationResult(
            False,
            score,
            failing,
            "Chưa đủ điều kiện công nhận tốt nghiệp: " + "; ".join(reasons_vi) + ".",
            "Not recognised as a graduate: " + "; ".join(reasons_en) + ".",
        )
    return GraduationResult(
        True,
        score,
        (),
        f"Đủ điều kiện công nhận tốt nghiệp: mọi môn trên {vi_decimal(floor, None)} và ĐXTN "
        f"{vi_decimal(score.value)} ≥ {vi_decimal(pass_score, None)}.",
        f"Recognised as a graduate: every paper above {floor} and graduation score "
        f"{score.value} ≥ {pass_score}.",
    )


@dataclass(frozen=True, slots=True)
class AdmissionScore:
    """The score a programme admits on: best combination + bonus + reduced priority, ≤ 30."""

    combination: str
    subject_total: Decimal
    bonus: Decimal
    priority: Explained[Decimal]
    total: Decimal
    considered: tuple[tuple[str, Decimal], ...]
    vi: str
    en: str


def admission_score(
    scores: Mapping[str, Decimal],
    accepted: Sequence[str],
    rs: RuleSet,
    *,
    bonus: Decimal = ZERO,
    priority_normal: Decimal = ZERO,
    offsets: Mapping[str, Decimal] | None = None,
) -> AdmissionScore | None:
    """The best eligible combination among ``accepted``; ``None`` if the candidate has none.

    ``scores`` are exam scores keyed by subject code, foreign languages by N-code (D01 needs N1).
    ``offsets`` are the deviations (độ lệch) a school publishes between combinations (§4.5).
    Codes not in the combination table (school-specific ones) are skipped.
    """
    if bonus < 0 or priority_normal < 0:
        raise ValueError("bonus and priority points are never negative")
    capped_bonus = min(bonus, rs.bonus_cap)
    best: AdmissionScore | None = None
    considered: list[tuple[str, Decimal]] = []
    for code in accepted:
        combo = subjects.combination(code)
        if combo is None or any(s not in scores for s in combo.subjects):
            continue
        offset = (offsets or {}).get(combo.code, ZERO)
        subject_total = sum((scores[s] for s in combo.subjects), ZERO) + offset
        reduction_total = subject_total + (capped_bonus if rs.reduction_total_includes_bonus else 0)
        priority = applied_priority(priority_normal, reduction_total, rs)
        total = min(rs.max_score, subject_total + capped_bonus + priority.value)
        considered.append((combo.code, total))
        if best is None or total > best.total:
            parts = " + ".join(vi_decimal(scores[s]) for s in combo.subjects)
            shift = f" + độ lệch {vi_decimal(offset)}" if offset else ""
            cap = (
                f" (không vượt quá {vi_decimal(rs.max_score, None)})"
                if total == rs.max_score
                else ""
            )
            vi = (
                f"Tổ hợp {combo.code} ({combo.names_vi()}) cho điểm cao nhất: {parts}{shift} = "
                f"{vi_decimal(subject_total)}; điểm cộng {vi_decimal(capped_bonus)}; "
                f"{priority.vi}; điểm xét tuyển {vi_decimal(total)}{cap}"
            )
            en = (
                f"Combination {combo.code} ({', '.join(combo.subjects)}) scores highest: "
                f"{en_decimal(subject_total)}; bonus {en_decimal(capped_bonus)}; {priority.en}; "
                f"admission score {en_decimal(total)}"
            )
            best = AdmissionScore(
                combo.code, subject_total, capped_bonus, priority, total, (), vi, en
            )
    return None if best is None else replace(best, considered=tuple(considered))
