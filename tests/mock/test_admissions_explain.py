"""Explanations name the right NV, programme and numbers, in Vietnamese and English."""

from __future__ import annotations

import numpy as np
import pytest

from ministry_mock.admissions import (
    Explanation,
    FilterResult,
    Instance,
    ProgrammeLabel,
    Reason,
    TiePolicy,
    explain_candidate,
    explain_published,
    filter_candidates,
    format_points,
    instance_from_lists,
    run_rounds,
    summarise,
    synthetic_instance,
    synthetic_labels,
)
from ministry_mock.admissions.instance import PreferenceSpec

ALL, PREF, SUBJ = TiePolicy.ADMIT_ALL_TIED, TiePolicy.PREFERENCE_ORDER, TiePolicy.SUBJECT
LABELS = [
    ProgrammeLabel("7480201", "QSB"),
    ProgrammeLabel("7520201", "BKA"),
    ProgrammeLabel("7720101", "YHB"),
    ProgrammeLabel("7140201", "SPH"),
    ProgrammeLabel("7220201", "NHF"),
    ProgrammeLabel("7340101", "NEU"),
    ProgrammeLabel("7380101", "LPH"),
    ProgrammeLabel("7310101", "KHA"),
]


@pytest.fixture(scope="module")
def case() -> tuple[Instance, FilterResult]:
    me: list[PreferenceSpec] = [
        (0, 2680, True, 0),  # NV1: cutoff 27,15 above my 26,80
        (1, 1750, True, 0),  # NV2: floor 18,00
        (2, 2000, False, 0),  # NV3: combination not accepted
        (3, 2500, True, 0),  # NV4: at the cutoff, loses on NV order
        (4, 2400, True, 850),  # NV5: at the cutoff, loses on the subject (8,50 < 9,00)
        (7, 2000, True, 0),  # NV6: quota 0
        (5, 2300, True, 0),  # NV7: admitted
        (6, 2000, True, 0),  # NV8: not considered
    ]
    others: list[list[PreferenceSpec]] = [
        [(0, 2715)],
        [(3, 2500)],
        [(4, 2400, True, 900)],
        [(0, 2000)],
    ]
    instance = instance_from_lists(
        [me, *others],
        quota=[1, 5, 5, 1, 1, 5, 5, 0],
        floor=[0, 1800, 0, 0, 0, 0, 0, 0],
        tie_policy=[ALL, ALL, ALL, PREF, SUBJ, ALL, ALL, ALL],
    )
    return instance, filter_candidates(instance)


def lines(explanation: Explanation, language: str = "vi") -> list[str]:
    return explanation.text(language).splitlines()


def test_format_points_uses_a_decimal_comma() -> None:
    assert format_points(2715) == "27,15"
    assert format_points(5) == "0,05"
    assert format_points(3000) == "30,00"
    assert format_points(0) == "0,00"
    assert format_points(1800, ".") == "18.00"


def test_every_reason_with_its_numbers(case: tuple[Instance, FilterResult]) -> None:
    instance, result = case
    explanation = explain_candidate(instance, result, 0, LABELS)
    assert explanation.admitted_rank == 7
    assert lines(explanation) == [
        "Bạn trúng tuyển NV7 (mã 7340101 – NEU) với điểm xét tuyển 23,00 (điểm chuẩn 23,00).",
        "NV1 (mã 7480201 – QSB): điểm chuẩn 27,15 > điểm của bạn 26,80",
        "NV2 (mã 7520201 – BKA): dưới ngưỡng đầu vào 18,00 (điểm của bạn 17,50)",
        "NV3 (mã 7720101 – YHB): không đủ điều kiện (tổ hợp không được chấp nhận)",
        "NV4 (mã 7140201 – SPH): ở điểm chuẩn 25,00 nhưng thua theo tiêu chí phụ "
        "(thứ tự nguyện vọng: chỉ nhận đến NV1, đây là NV4 của bạn)",
        "NV5 (mã 7220201 – NHF): ở điểm chuẩn 24,00 nhưng thua theo tiêu chí phụ "
        "(điểm môn phụ 8,50 < 9,00)",
        "NV6 (mã 7310101 – KHA): ngành không tuyển trong đợt này (chỉ tiêu 0)",
        "NV7 (mã 7340101 – NEU): trúng tuyển với điểm 23,00 (điểm chuẩn 23,00)",
        "NV8 (mã 7380101 – LPH): không xét vì bạn đã trúng tuyển NV7",
    ]
    assert [p.reason for p in explanation.preferences] == [
        Reason.BELOW_CUTOFF,
        Reason.BELOW_FLOOR,
        Reason.NOT_ELIGIBLE,
        Reason.LOST_TIE_BREAK,
        Reason.LOST_TIE_BREAK,
        Reason.NO_QUOTA,
        Reason.ADMITTED,
        Reason.NOT_CONSIDERED,
    ]


def test_english_uses_a_decimal_point(case: tuple[Instance, FilterResult]) -> None:
    instance, result = case
    english = lines(explain_candidate(instance, result, 0, LABELS), "en")
    assert english[0].startswith("You are admitted at NV7 (code 7340101 – NEU) with 23.00")
    assert english[1] == "NV1 (code 7480201 – QSB): cutoff 27.15 > your score 26.80"
    assert "below the input floor 18.00 (your score 17.50)" in english[2]


def test_not_admitted_anywhere(case: tuple[Instance, FilterResult]) -> None:
    instance, result = case
    explanation = explain_candidate(instance, result, 4, LABELS)
    assert explanation.admitted_rank == -1
    assert lines(explanation) == [
        "Bạn chưa trúng tuyển nguyện vọng nào.",
        "NV1 (mã 7480201 – QSB): điểm chuẩn 27,15 > điểm của bạn 20,00",
    ]


def test_without_labels_programmes_are_numbered(case: tuple[Instance, FilterResult]) -> None:
    instance, result = case
    assert lines(explain_candidate(instance, result, 1))[1].startswith("NV1 (ngành 0): trúng tuyển")


def test_explanations_agree_with_the_figures_on_a_synthetic_round() -> None:
    instance = synthetic_instance(1500, 60, mean_prefs=8, seed=8)
    result = filter_candidates(instance)
    labels = synthetic_labels(instance.n_programmes)
    seen = set()
    for c in range(instance.n_candidates):
        explanation = explain_candidate(instance, result, c, labels)
        assert explanation.admitted_rank == result.assigned_rank[c]
        for line in explanation.preferences:
            seen.add(line.reason)
            assert line.reason != Reason.INCONSISTENT, line.text_en
            if line.reason == Reason.BELOW_CUTOFF:
                assert line.cutoff > line.score
                assert f"điểm chuẩn {format_points(line.cutoff)} >" in line.text_vi
            if line.reason == Reason.LOST_TIE_BREAK:
                assert line.cutoff == line.score
            if line.reason == Reason.BELOW_FLOOR:
                assert line.score < line.floor
            if line.reason == Reason.ADMITTED:
                assert line.rank == result.assigned_rank[c]
                assert line.cutoff <= line.score
    assert {Reason.ADMITTED, Reason.BELOW_CUTOFF, Reason.BELOW_FLOOR, Reason.NOT_CONSIDERED} <= seen


def test_quarantined_results_are_explained_as_withheld(case: tuple[Instance, FilterResult]) -> None:
    instance, _ = case

    def faulty(current: Instance) -> FilterResult:
        result = filter_candidates(current)
        assigned = result.assigned_pref.copy()
        assigned[2] = -1  # candidate 2 dropped from programme 3: a blocking pair there
        return summarise(current, assigned, result.iterations)

    (outcome,) = run_rounds(instance, rounds=1, engine=faulty)
    assert outcome.quarantined[3]
    withheld = explain_published(outcome, 2, LABELS)
    assert withheld.summary_vi.startswith("Kết quả của bạn đang được kiểm tra lại")
    assert withheld.preferences[0].reason == Reason.WITHHELD
    mine = explain_published(outcome, 0, LABELS)  # involved: NV4 is programme 3
    assert mine.admitted_rank == -1
    assert mine.preferences[3].reason == Reason.WITHHELD
    assert "đang được kiểm tra lại" in mine.preferences[3].text_vi
    assert "trúng tuyển" not in mine.text()
    # what does not depend on the run is still explained
    assert [p.reason for p in mine.preferences][1:3] == [Reason.BELOW_FLOOR, Reason.NOT_ELIGIBLE]
    untouched = explain_published(outcome, 1, LABELS)
    assert untouched.admitted_rank == 1


def test_inconsistent_figures_are_not_papered_over(case: tuple[Instance, FilterResult]) -> None:
    instance, result = case
    lowered = np.where(np.arange(instance.n_programmes) == 0, 2000, result.cutoff)
    import dataclasses

    tampered = dataclasses.replace(result, cutoff=lowered.astype(np.int32))
    line = explain_candidate(instance, tampered, 0, LABELS).preferences[0]
    assert line.reason == Reason.INCONSISTENT
