"""The admission fee of a year's NV list: count × fee per NV, and whether all of it is paid.

Every registered NV must be paid or it is not considered (DOMAIN.md §7), and payment trouble is
pain point no. 1 (debited but shown unpaid, paid twice, §13.1). So amounts are plain integers in
VND, computed from the rule set's fee (2025: 15,000 VND verified; 2026 unverified) and never
from a float, and the check says exactly how much is missing or was paid twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from exam_client.domain.money import format_vnd
from exam_client.domain.problems import Problem
from exam_client.domain.ruleset import RuleSet


@dataclass(frozen=True, slots=True)
class FeeQuote:
    """The amount for ``count`` NV, with whether the fee per NV is verified for the year."""

    count: int
    unit: int
    total: int
    verified: bool
    source: str


def fee_quote(count: int, rs: RuleSet) -> FeeQuote:
    if count < 0:
        raise ValueError("the number of preferences cannot be negative")
    rule = rs.rule("fees.per_preference")
    unit = rs.fee_per_preference
    return FeeQuote(count, unit, count * unit, rule.verified, rule.source)


def total_fee(count: int, rs: RuleSet) -> int:
    """count × fee per NV of the year, in VND."""
    return fee_quote(count, rs).total


@dataclass(frozen=True, slots=True)
class PaymentState:
    total: int
    paid: int
    outstanding: int
    overpaid: int
    covered: int
    """How many NV the amount paid covers (whole NV only)."""

    @property
    def complete(self) -> bool:
        return self.outstanding == 0


def payment_state(count: int, paid: int, rs: RuleSet) -> PaymentState:
    if paid < 0:
        raise ValueError("a paid amount cannot be negative")
    quote = fee_quote(count, rs)
    covered = count if quote.unit == 0 else min(count, paid // quote.unit)
    return PaymentState(
        total=quote.total,
        paid=paid,
        outstanding=max(0, quote.total - paid),
        overpaid=max(0, paid - quote.total),
        covered=covered,
    )


def check_payment(count: int, paid: int, rs: RuleSet) -> list[Problem]:
    """Problems with what was paid for ``count`` NV: missing money, or money paid twice."""
    state = payment_state(count, paid, rs)
    article = rs.article("fees.all_preferences_must_be_paid")
    unit = format_vnd(rs.fee_per_preference)
    found: list[Problem] = []
    if state.outstanding:
        must = rs.all_preferences_must_be_paid
        found.append(
            Problem(
                "fees.unpaid",
                "payment",
                f"Đã nộp {format_vnd(paid)}, còn thiếu {format_vnd(state.outstanding)} "
                f"cho {count} nguyện "
                f"vọng ({unit}/nguyện vọng). "
                + (
                    "Mọi nguyện vọng đều phải nộp lệ phí; nguyện vọng chưa nộp sẽ không được xét."
                    if must
                    else "Hãy nộp đủ trước khi hết hạn."
                ),
                f"Paid {paid:,} VND; {state.outstanding:,} VND missing for {count} preferences "
                f"({rs.fee_per_preference:,} VND each)."
                + (" Every preference must be paid or it is not considered." if must else ""),
                article,
                "error" if must else "warning",
            )
        )
    if state.overpaid:
        found.append(
            Problem(
                "fees.overpaid",
                "payment",
                f"Đã nộp thừa {format_vnd(state.overpaid)} so với "
                f"{format_vnd(state.total)} phải nộp. "
                "Đừng nộp lại; hãy giữ chứng từ và liên hệ điểm tiếp nhận để được hoàn tiền.",
                f"Overpaid by {state.overpaid:,} VND (due {state.total:,} VND). Do not pay "
                "again; keep the receipt and ask for a refund.",
                article,
                "warning",
            )
        )
    return found
