"""Admission fees (DOMAIN.md §7, §13.1): count × fee per NV, and every NV must be paid."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exam_client.domain.fees import check_payment, fee_quote, payment_state, total_fee
from exam_client.domain.ruleset import load_ruleset

RS = load_ruleset(2025)


@pytest.mark.parametrize(
    ("count", "total"),
    [
        (0, 0),
        (1, 15_000),  # §7 2025: 15,000 VND per NV
        (12, 180_000),  # §13.1 "12 NV debited 180,000 VND"
        (30, 450_000),  # §13.9 "30 NV = 450,000 VND"
        (231, 3_465_000),  # §9 "231 × 15,000 = 3,465,000 VND"
    ],
)
def test_totals_quoted_in_the_press(count: int, total: int) -> None:
    assert total_fee(count, RS) == total


def test_quote_says_whether_the_fee_is_verified() -> None:
    q25, q26 = fee_quote(3, RS), fee_quote(3, load_ruleset(2026))
    assert (q25.unit, q25.total, q25.verified) == (15_000, 45_000, True)
    assert (q26.unit, q26.verified) == (15_000, False)  # §7 2026 fee ⚠
    assert "vietnam.vn" in q25.source


@given(count=st.integers(min_value=0, max_value=10_000), year=st.sampled_from([2025, 2026]))
def test_fee_is_count_times_unit(count: int, year: int) -> None:
    rs = load_ruleset(year)
    assert total_fee(count, rs) == count * rs.fee_per_preference
    assert isinstance(total_fee(count, rs), int)


def test_negative_inputs_are_programming_errors() -> None:
    with pytest.raises(ValueError, match="negative"):
        fee_quote(-1, RS)
    with pytest.raises(ValueError, match="negative"):
        payment_state(1, -5, RS)


def test_exact_payment_is_complete() -> None:
    state = payment_state(12, 180_000, RS)
    assert (state.outstanding, state.overpaid, state.covered, state.complete) == (0, 0, 12, True)
    assert check_payment(12, 180_000, RS) == []


def test_underpaid_list_is_an_error() -> None:  # §7 all NV must be paid
    state = payment_state(12, 150_000, RS)
    assert (state.outstanding, state.covered, state.complete) == (30_000, 10, False)
    (problem,) = check_payment(12, 150_000, RS)
    assert problem.code == "fees.unpaid"
    assert problem.is_error
    assert problem.message_vi == (
        "Đã nộp 150.000\xa0₫, còn thiếu 30.000\xa0₫ cho 12 nguyện vọng (15.000\xa0₫/nguyện "
        "vọng). Mọi nguyện vọng đều phải nộp lệ phí; nguyện vọng chưa nộp sẽ không được xét."
    )
    assert problem.article == "CV 2457/BGDĐT-GDĐH"


def test_paid_twice_is_a_warning_not_a_second_charge() -> None:  # §13.1 double debit
    state = payment_state(12, 360_000, RS)
    assert (state.overpaid, state.complete) == (180_000, True)
    (problem,) = check_payment(12, 360_000, RS)
    assert (problem.code, problem.severity) == ("fees.overpaid", "warning")
    assert "Đừng nộp lại" in problem.message_vi


def test_rules_without_the_all_paid_requirement_only_warn() -> None:
    lenient = replace(RS, all_preferences_must_be_paid=False)
    (problem,) = check_payment(2, 15_000, lenient)
    assert (problem.code, problem.severity) == ("fees.unpaid", "warning")
    assert problem.message_vi.endswith("Hãy nộp đủ trước khi hết hạn.")


def test_a_free_year_covers_every_preference() -> None:
    free = replace(RS, fee_per_preference=0)
    assert payment_state(5, 0, free).covered == 5
    assert check_payment(5, 0, free) == []
