"""Why a candidate got the result they got, in Vietnamese and English.

After a round, every candidate wants to know not only where they were admitted but why not at
their higher NVs. Each line names the NV, the programme and the figure that decided it — the
cutoff against their score, the input floor, the combination, or the tie-break at the cutoff —
so that a complaint can be answered by pointing at numbers. Vietnamese scores use a decimal
comma ("27,15"), English ones a decimal point ("27.15").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from ministry_mock.admissions.instance import Instance, TiePolicy
from ministry_mock.admissions.result import FilterResult
from ministry_mock.admissions.rounds import WITHHELD, RoundOutcome


@dataclass(frozen=True, slots=True)
class ProgrammeLabel:
    """How a programme is named to candidates: its code and its institution's code."""

    code: str  # e.g. "7480201"
    institution: str  # e.g. "QSB"


class Reason(StrEnum):
    ADMITTED = "admitted"
    BELOW_CUTOFF = "below_cutoff"
    LOST_TIE_BREAK = "lost_tie_break"
    BELOW_FLOOR = "below_floor"
    NOT_ELIGIBLE = "not_eligible"
    NO_QUOTA = "no_quota"
    NOT_CONSIDERED = "not_considered"  # below the NV the candidate was admitted to
    WITHHELD = "withheld"  # the programme is quarantined this round
    INCONSISTENT = "inconsistent"  # the figures do not explain the result (never if verified)


@dataclass(frozen=True, slots=True)
class PreferenceExplanation:
    rank: int  # NV number
    programme: int
    reason: Reason
    score: int  # hundredths
    cutoff: int  # hundredths, or -1
    floor: int  # hundredths
    text_vi: str
    text_en: str


@dataclass(frozen=True, slots=True)
class Explanation:
    candidate: int
    admitted_rank: int  # -1 when not admitted (or withheld)
    summary_vi: str
    summary_en: str
    preferences: tuple[PreferenceExplanation, ...]

    def text(self, language: str = "vi") -> str:
        """Summary then one line per NV, ready to show."""
        if language == "vi":
            return "\n".join([self.summary_vi, *(p.text_vi for p in self.preferences)])
        return "\n".join([self.summary_en, *(p.text_en for p in self.preferences)])


def format_points(hundredths: int, decimal: str = ",") -> str:
    """27,15 from 2715 — exact, no floating point."""
    sign = "-" if hundredths < 0 else ""
    whole, frac = divmod(abs(int(hundredths)), 100)
    return f"{sign}{whole}{decimal}{frac:02d}"


def _vi(points: int) -> str:
    return format_points(points, ",")


def _en(points: int) -> str:
    return format_points(points, ".")


def explain_candidate(
    instance: Instance,
    result: FilterResult,
    candidate: int,
    labels: Sequence[ProgrammeLabel] | None = None,
    *,
    quarantined: NDArray[np.bool_] | None = None,
    withheld: bool = False,
) -> Explanation:
    """Explain one candidate's result NV by NV (Vietnamese and English).

    ``quarantined`` programmes are explained as "being re-checked"; ``withheld`` holds back the
    candidate's own result (they are involved in a violation the verifier found).
    """
    start = int(instance.pref_offsets[candidate])
    stop = int(instance.pref_offsets[candidate + 1])
    assigned = int(result.assigned_pref[candidate])
    withheld_here = withheld or (
        quarantined is not None
        and assigned >= 0
        and bool(quarantined[instance.pref_programme[assigned]])
    )
    lines: list[PreferenceExplanation] = []
    for i in range(start, stop):
        rank = i - start + 1
        p = int(instance.pref_programme[i])
        name_vi, name_en = _names(p, labels)
        head_vi, head_en = f"NV{rank} ({name_vi})", f"NV{rank} ({name_en})"
        on_hold = withheld_here or (quarantined is not None and bool(quarantined[p]))
        if on_hold:  # facts of the instance still hold; facts of this run are withheld
            reason, vi, en = _static(instance, i, p) or (
                Reason.WITHHELD,
                "kết quả đang được kiểm tra lại, sẽ công bố sau",
                "this result is being re-checked and will be published later",
            )
        elif assigned >= 0 and i > assigned:
            reason, vi, en = (
                Reason.NOT_CONSIDERED,
                f"không xét vì bạn đã trúng tuyển NV{assigned - start + 1}",
                f"not considered: you were admitted at NV{assigned - start + 1}",
            )
        elif i == assigned:
            reason, vi, en = _admitted(instance, result, i, p)
        else:
            reason, vi, en = _static(instance, i, p) or _not_admitted(instance, result, i, p, rank)
        lines.append(
            PreferenceExplanation(
                rank=rank,
                programme=p,
                reason=reason,
                score=int(instance.pref_score[i]),
                cutoff=int(result.cutoff[p]),
                floor=int(instance.floor[p]),
                text_vi=f"{head_vi}: {vi}",
                text_en=f"{head_en}: {en}",
            )
        )
    summary_vi, summary_en = _summary(instance, result, candidate, labels, withheld_here)
    return Explanation(
        candidate=candidate,
        admitted_rank=-1 if assigned < 0 or withheld_here else assigned - start + 1,
        summary_vi=summary_vi,
        summary_en=summary_en,
        preferences=tuple(lines),
    )


def explain_published(
    outcome: RoundOutcome, candidate: int, labels: Sequence[ProgrammeLabel] | None = None
) -> Explanation:
    """Explain what a round published for a candidate (withheld results stay withheld)."""
    return explain_candidate(
        outcome.instance,
        outcome.result,
        candidate,
        labels,
        quarantined=outcome.quarantined,
        withheld=bool(outcome.published_programme[candidate] == WITHHELD),
    )


def _names(p: int, labels: Sequence[ProgrammeLabel] | None) -> tuple[str, str]:
    if labels is None:
        return f"ngành {p}", f"programme {p}"
    label = labels[p]
    return f"mã {label.code} – {label.institution}", f"code {label.code} – {label.institution}"


def _admitted(instance: Instance, result: FilterResult, i: int, p: int) -> tuple[Reason, str, str]:
    score, cutoff = int(instance.pref_score[i]), int(result.cutoff[p])
    return (
        Reason.ADMITTED,
        f"trúng tuyển với điểm {_vi(score)} (điểm chuẩn {_vi(cutoff)})",
        f"admitted with {_en(score)} (cutoff {_en(cutoff)})",
    )


def _static(instance: Instance, i: int, p: int) -> tuple[Reason, str, str] | None:
    """Reasons that follow from the instance alone, whatever the run: known before filtering."""
    score, floor = int(instance.pref_score[i]), int(instance.floor[p])
    if not instance.pref_eligible[i]:
        return (
            Reason.NOT_ELIGIBLE,
            "không đủ điều kiện (tổ hợp không được chấp nhận)",
            "not eligible (combination not accepted)",
        )
    if instance.quota[p] == 0:
        return (
            Reason.NO_QUOTA,
            "ngành không tuyển trong đợt này (chỉ tiêu 0)",
            "the programme admits nobody this round (quota 0)",
        )
    if score < floor:
        return (
            Reason.BELOW_FLOOR,
            f"dưới ngưỡng đầu vào {_vi(floor)} (điểm của bạn {_vi(score)})",
            f"below the input floor {_en(floor)} (your score {_en(score)})",
        )
    return None


def _not_admitted(
    instance: Instance, result: FilterResult, i: int, p: int, rank: int
) -> tuple[Reason, str, str]:
    """Why admissible preference ``i`` (NV ``rank``, programme ``p``) did not admit them."""
    score, cutoff = int(instance.pref_score[i]), int(result.cutoff[p])
    if result.full[p] and score < cutoff:
        return (
            Reason.BELOW_CUTOFF,
            f"điểm chuẩn {_vi(cutoff)} > điểm của bạn {_vi(score)}",
            f"cutoff {_en(cutoff)} > your score {_en(score)}",
        )
    if result.full[p] and score == cutoff:
        tie = int(result.cutoff_tiebreak[p])
        policy = int(instance.tie_policy[p])
        if policy == TiePolicy.PREFERENCE_ORDER and rank > tie:
            return (
                Reason.LOST_TIE_BREAK,
                f"ở điểm chuẩn {_vi(cutoff)} nhưng thua theo tiêu chí phụ (thứ tự nguyện vọng: "
                f"chỉ nhận đến NV{tie}, đây là NV{rank} của bạn)",
                f"at the cutoff {_en(cutoff)} but lost on the tie-break (preference order: "
                f"only up to NV{tie}, this is your NV{rank})",
            )
        mine = int(instance.pref_tiebreak[i])
        if policy == TiePolicy.SUBJECT and mine < tie:
            return (
                Reason.LOST_TIE_BREAK,
                f"ở điểm chuẩn {_vi(cutoff)} nhưng thua theo tiêu chí phụ (điểm môn phụ "
                f"{_vi(mine)} < {_vi(tie)})",
                f"at the cutoff {_en(cutoff)} but lost on the tie-break (subject score "
                f"{_en(mine)} < {_en(tie)})",
            )
    return (
        Reason.INCONSISTENT,
        "không giải thích được bằng số liệu đã công bố – kết quả đang được kiểm tra",
        "not explained by the published figures – the result is being checked",
    )


def _summary(
    instance: Instance,
    result: FilterResult,
    candidate: int,
    labels: Sequence[ProgrammeLabel] | None,
    withheld: bool,
) -> tuple[str, str]:
    assigned = int(result.assigned_pref[candidate])
    if withheld:
        return (
            "Kết quả của bạn đang được kiểm tra lại và sẽ được công bố sau.",
            "Your result is being re-checked and will be published later.",
        )
    if assigned < 0:
        return (
            "Bạn chưa trúng tuyển nguyện vọng nào.",
            "You were not admitted at any preference.",
        )
    rank = assigned - int(instance.pref_offsets[candidate]) + 1
    p = int(instance.pref_programme[assigned])
    name_vi, name_en = _names(p, labels)
    score, cutoff = int(instance.pref_score[assigned]), int(result.cutoff[p])
    return (
        f"Bạn trúng tuyển NV{rank} ({name_vi}) với điểm xét tuyển {_vi(score)} "
        f"(điểm chuẩn {_vi(cutoff)}).",
        f"You are admitted at NV{rank} ({name_en}) with {_en(score)} (cutoff {_en(cutoff)}).",
    )


def synthetic_labels(n_programmes: int, seed: int = 0) -> list[ProgrammeLabel]:
    """Plausible codes for synthetic programmes: 7-digit programme codes, 3-letter institutions.

    About 30 programmes per institution; codes are made up, only their shape is realistic.
    """
    rng = np.random.default_rng(seed)
    n_institutions = max(1, n_programmes // 30)
    letters = rng.integers(0, 26, size=(n_institutions, 3))
    institutions = ["".join(chr(65 + int(x)) for x in row) for row in letters]
    owner = rng.integers(0, n_institutions, size=n_programmes)
    codes = rng.integers(140_000, 860_000, size=n_programmes)
    return [
        ProgrammeLabel(code=f"7{int(code):06d}", institution=institutions[int(o)])
        for code, o in zip(codes, owner, strict=True)
    ]
