"""The yearly calendar (DOMAIN.md §14): windows, phases and "what may I do now?"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exam_client.domain.ruleset import load_ruleset
from exam_client.domain.timeline import (
    ACTION_PHASE,
    PHASE_LABELS,
    VN_TZ,
    Action,
    Allowed,
    NotAllowed,
    Phase,
    Timeline,
    Window,
    en_moment,
    fold_province,
    vi_moment,
)


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


def test_vietnam_time_is_a_fixed_utc_plus_7() -> None:
    assert VN_TZ.utcoffset(None) == timedelta(hours=7)
    assert vi_moment(datetime(2025, 4, 28, 10, 0, tzinfo=UTC)) == "17:00 ngày 28/04/2025"
    assert en_moment(vn(2025, 4, 28, 17)) == "17:00 on 28/04/2025 (UTC+7)"


def test_every_phase_and_action_has_labels() -> None:
    assert set(PHASE_LABELS) == set(Phase)
    assert set(ACTION_PHASE) == set(Action)


@pytest.mark.parametrize(
    ("year", "action", "moment", "allowed"),
    [
        # §3.1 2025 registration 21 Apr – 17:00 28 Apr
        (2025, Action.REGISTER_EXAM, vn(2025, 4, 20, 23, 59), False),
        (2025, Action.REGISTER_EXAM, vn(2025, 4, 21), True),
        (2025, Action.REGISTER_EXAM, vn(2025, 4, 28, 16, 59), True),
        (2025, Action.REGISTER_EXAM, vn(2025, 4, 28, 17), False),
        (2025, Action.REGISTER_EXAM, datetime(2025, 4, 28, 9, 59, tzinfo=UTC), True),
        # §4.1 NV 16 Jul – 17:00 28 Jul 2025; 2 Jul – 17:00 14 Jul 2026
        (2025, Action.EDIT_PREFERENCES, vn(2025, 7, 16, 9), True),
        (2025, Action.EDIT_PREFERENCES, vn(2025, 7, 28, 17), False),
        (2026, Action.EDIT_PREFERENCES, vn(2026, 7, 1, 23, 59), False),
        (2026, Action.EDIT_PREFERENCES, vn(2026, 7, 14, 16, 59), True),
        (2026, Action.EDIT_PREFERENCES, vn(2026, 7, 14, 17), False),
        # §7 payment 15 Jul – 17:00 21 Jul 2026
        (2026, Action.PAY_FEES, vn(2026, 7, 15), True),
        (2026, Action.PAY_FEES, vn(2026, 7, 21, 17), False),
        # §8 confirmation 25 Aug – 17:00 30 Aug 2025; before 17:00 21 Aug 2026
        (2025, Action.CONFIRM_ENROLMENT, vn(2025, 8, 24, 23), False),
        (2025, Action.CONFIRM_ENROLMENT, vn(2025, 8, 30, 16, 59), True),
        (2025, Action.CONFIRM_ENROLMENT, vn(2025, 8, 30, 17), False),
        (2026, Action.CONFIRM_ENROLMENT, vn(2026, 8, 21, 16, 59), True),
        (2026, Action.CONFIRM_ENROLMENT, vn(2026, 8, 21, 17), False),
        # §1.1 scores 16 Jul 2025 (open-ended); §4.4 results by 17:00 22 Aug 2025
        (2025, Action.VIEW_SCORES, vn(2025, 7, 15), False),
        (2025, Action.VIEW_SCORES, vn(2025, 12, 31), True),
        (2025, Action.VIEW_RESULTS, vn(2025, 8, 22, 17), True),
        (2025, Action.REQUEST_REMARKING, vn(2025, 7, 26), False),  # §6 16–25 Jul
        (2026, Action.PRACTICE_PREFERENCES, vn(2026, 6, 21, 12), True),  # §14 17–21 Jun
    ],
)
def test_can_follows_the_windows(
    year: int, action: Action, moment: datetime, allowed: bool
) -> None:
    decision = load_ruleset(year).timeline.can(action, moment)
    assert bool(decision) is allowed
    assert isinstance(decision, Allowed if allowed else NotAllowed)


def test_refusals_say_when_it_opens_or_closed() -> None:
    tl = load_ruleset(2025).timeline
    early = tl.can(Action.REGISTER_EXAM, vn(2025, 4, 1))
    assert isinstance(early, NotAllowed)
    assert early.opens_at == vn(2025, 4, 21)
    assert early.closed_at is None
    assert early.reason_vi == (
        "Chưa đến thời gian đăng ký dự thi: hệ thống mở từ 00:00 ngày 21/04/2025."
    )
    late = tl.can(Action.REGISTER_EXAM, vn(2025, 5, 1))
    assert isinstance(late, NotAllowed)
    assert late.closed_at == vn(2025, 4, 28, 17)
    assert late.reason_vi == "Đã hết thời gian đăng ký dự thi (đóng lúc 17:00 ngày 28/04/2025)."
    assert late.reason_en == "Exam registration closed at 17:00 on 28/04/2025 (UTC+7)."
    ok = tl.can(Action.REGISTER_EXAM, vn(2025, 4, 22))
    assert isinstance(ok, Allowed)
    assert ok.closes_at == vn(2025, 4, 28, 17)
    assert ok.note_vi is None


def test_a_window_missing_from_the_rule_set_is_not_guessed() -> None:  # §16.2
    decision = load_ruleset(2026).timeline.can(Action.REGISTER_EXAM, vn(2026, 4, 25))
    assert isinstance(decision, NotAllowed)
    assert "Chưa có lịch đăng ký dự thi năm 2026" in decision.reason_vi
    assert (decision.opens_at, decision.closed_at) == (None, None)


@pytest.mark.parametrize(
    ("province", "moment", "allowed", "closes"),
    [
        # §7: group 1 (Hà Nội, Cao Bằng, …) pays 29 Jul – 17:00 30 Jul 2025
        ("Hà Nội", vn(2025, 7, 29, 8), True, vn(2025, 7, 30, 17)),
        ("Thành phố Hà Nội", vn(2025, 7, 30, 16, 59), True, vn(2025, 7, 30, 17)),
        ("tỉnh Sơn La", vn(2025, 7, 30, 17), False, None),
        ("  LÀO CAI ", vn(2025, 7, 29), True, vn(2025, 7, 30, 17)),
        ("Hà Nội", vn(2025, 8, 1), False, None),
    ],
)
def test_payment_slot_of_province_group_1(
    province: str, moment: datetime, allowed: bool, closes: datetime | None
) -> None:
    decision = load_ruleset(2025).timeline.can(Action.PAY_FEES, moment, province)
    assert bool(decision) is allowed
    if isinstance(decision, Allowed):
        assert decision.closes_at == closes
        assert decision.note_vi is None
    else:
        assert "nhóm tỉnh 1" in decision.reason_vi


@pytest.mark.parametrize("province", ["Đà Nẵng", None])
def test_provinces_of_unknown_groups_get_the_whole_window_with_a_note(
    province: str | None,
) -> None:  # §7 groups 2–7 not read
    decision = load_ruleset(2025).timeline.can(Action.PAY_FEES, vn(2025, 8, 1), province)
    assert isinstance(decision, Allowed)
    assert decision.closes_at == vn(2025, 8, 5, 17)
    assert decision.note_vi is not None
    assert "Thanh toán" in decision.note_vi


def test_2026_has_no_payment_groups() -> None:
    decision = load_ruleset(2026).timeline.can(Action.PAY_FEES, vn(2026, 7, 16), "Hà Nội")
    assert isinstance(decision, Allowed)
    assert decision.note_vi is None


def test_folding_province_names() -> None:
    assert fold_province("TP. Hồ Chí Minh") == fold_province("Thành phố Hồ Chí Minh")
    assert fold_province("TP Hồ Chí Minh") == "hồ chí minh"
    assert fold_province("tp.Huế") == "huế"
    assert fold_province("Tỉnh  Điện Biên ") == "điện biên"


def test_naive_moments_are_refused() -> None:
    tl = load_ruleset(2025).timeline
    with pytest.raises(ValueError, match="timezone-aware"):
        tl.can(Action.PAY_FEES, datetime(2025, 7, 30))
    with pytest.raises(ValueError, match="timezone-aware"):
        tl.phase_at(datetime(2025, 7, 30))


def test_phase_at_during_preference_registration() -> None:
    status = load_ruleset(2025).timeline.phase_at(vn(2025, 7, 20))
    assert status.phase is Phase.PREFERENCES
    assert [w.phase for w in status.open] == [Phase.PREFERENCES, Phase.REMARKING]
    assert status.previous is not None
    assert status.previous.phase is Phase.DIRECT_ADMISSION_RESULTS
    assert status.upcoming is not None
    assert status.upcoming.phase is Phase.FLOOR_SCORES


def test_phase_at_between_windows_and_at_the_ends_of_the_year() -> None:
    tl = load_ruleset(2025).timeline
    gap = tl.phase_at(vn(2025, 5, 10))
    assert gap.phase is None
    assert gap.previous is not None
    assert gap.previous.phase is Phase.EXAM_REGISTRATION
    before = tl.phase_at(vn(2025, 1, 1))
    assert before.previous is None
    assert before.upcoming is not None
    assert before.upcoming.phase is Phase.ACCOUNTS
    after = tl.phase_at(vn(2026, 6, 1))
    assert after.upcoming is None
    assert after.previous is not None
    assert after.previous.phase is Phase.SUPPLEMENTARY


def test_confirmation_deadline_conflict_is_kept_in_data() -> None:  # §8 ⚡
    rule = load_ruleset(2025).rule("timeline.confirmation")
    assert rule.alternative == vn(2025, 9, 2, 17)
    window = load_ruleset(2025).timeline.window(Phase.CONFIRMATION)
    assert window is not None
    assert window.end == vn(2025, 8, 30, 17)


def test_window_bounds_are_half_open() -> None:
    w = Window(Phase.EXAM, vn(2025, 6, 26), vn(2025, 6, 28))
    assert w.contains(vn(2025, 6, 26))
    assert not w.contains(vn(2025, 6, 28))
    assert Window(Phase.SCORES, vn(2025, 7, 16), None).contains(vn(2030, 1, 1))
    assert Window(Phase.TRANSCRIPT_REVIEW, None, vn(2026, 6, 6, 17)).contains(vn(2020, 1, 1))


@given(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 31)))
def test_can_is_allowed_exactly_inside_the_window(naive: datetime) -> None:
    moment = naive.replace(tzinfo=VN_TZ)
    tl = load_ruleset(2025).timeline
    window = tl.window(Phase.PREFERENCES)
    assert window is not None
    assert bool(tl.can(Action.EDIT_PREFERENCES, moment)) == window.contains(moment)


def test_a_hand_made_timeline() -> None:
    tl = Timeline(2030, {Phase.PAYMENT: Window(Phase.PAYMENT, vn(2030, 7, 1), vn(2030, 7, 2))})
    assert tl.payment_group("Hà Nội") is None
    assert bool(tl.can(Action.PAY_FEES, vn(2030, 7, 1, 12)))
    assert not tl.can(Action.CONFIRM_ENROLMENT, vn(2030, 7, 1, 12))
