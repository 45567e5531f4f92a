"""Whole-đồng amounts: display, parsing, fee totals (DOMAIN.md §7, §9, §15)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exam_client.domain.money import NBSP, MoneyError, fee_total, format_vnd, parse_vnd


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (15_000, "15.000\u00a0₫"),  # §7: 2025 fee per NV
        (20_000, "20.000\u00a0₫"),  # §7: fee up to 2024
        (3_465_000, "3.465.000\u00a0₫"),  # §9: 231 NV × 15,000
        (0, "0\u00a0₫"),
        (999, "999\u00a0₫"),
        (1_000, "1.000\u00a0₫"),
        (-15_000, "-15.000\u00a0₫"),  # refunds and corrections
        (114_000_000_000, "114.000.000.000\u00a0₫"),  # §7: > 114 bn VND in 2025
    ],
)
def test_format_vnd(amount: int, text: str) -> None:
    assert format_vnd(amount) == text
    assert NBSP == "\u00a0"


@pytest.mark.parametrize("bad", [15.0, "15000", True, None])
def test_format_vnd_refuses_non_int(bad: object) -> None:
    with pytest.raises(TypeError, match="int number of đồng"):
        format_vnd(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("15.000", 15_000),  # §7 as printed by the portal
        ("15000", 15_000),
        ("15.000 ₫", 15_000),
        ("15.000\u00a0₫", 15_000),
        ("15,000đ", 15_000),  # §7 as in English press ("15,000 VND")
        ("15,000 VND", 15_000),
        ("15 000 vnđ", 15_000),
        ("15\u202f000 đồng", 15_000),
        ("₫ 20.000", 20_000),
        ("3.465.000", 3_465_000),  # §9
        ("  0 ", 0),
        ("-15.000 ₫", -15_000),
        ("\u221215.000", -15_000),  # typographic minus
        ("15000d", 15_000),  # typed without diacritics
    ],
)
def test_parse_vnd_accepts_what_people_type(text: str, amount: int) -> None:
    assert parse_vnd(text) == amount


@pytest.mark.parametrize(
    ("text", "code", "hint"),
    [
        ("", "money.empty", "Chưa nhập"),
        ("   ", "money.empty", "Chưa nhập"),
        ("₫", "money.no_digits", "không có chữ số"),
        ("-", "money.no_digits", "không có chữ số"),
        ("mười lăm nghìn", "money.invalid", "không phải là số tiền"),
        ("15k", "money.invalid", "không phải là số tiền"),
        ("$15", "money.invalid", "không phải là số tiền"),
        ("15.5", "money.decimal", "không có phần thập phân"),
        ("15.000,50", "money.decimal", "không có phần thập phân"),
        ("15,00 ₫", "money.decimal", "không có phần thập phân"),
        ("1.5000", "money.grouping", "phân cách hàng nghìn"),
        ("15.000,000", "money.grouping", "phân cách hàng nghìn"),  # mixed separators
        ("1..000", "money.grouping", "phân cách hàng nghìn"),
        (".000", "money.grouping", "phân cách hàng nghìn"),
    ],
)
def test_parse_vnd_explains_what_is_wrong(text: str, code: str, hint: str) -> None:
    with pytest.raises(MoneyError) as err:
        parse_vnd(text, field="payment.amount")
    problem = err.value.problem
    assert (problem.code, problem.field) == (code, "payment.amount")
    assert hint in problem.message_vi
    assert str(err.value) == problem.message_en


@pytest.mark.parametrize(
    ("count", "unit", "total"),
    [
        (231, 15_000, 3_465_000),  # §9: the 2025 record, 231 NV
        (9, 15_000, 135_000),  # §9: average ≈ 9 NV
        (0, 15_000, 0),  # §15: nothing registered, nothing to pay
        (5, 0, 0),
        (1, 20_000, 20_000),  # §7: 2024 fee
    ],
)
def test_fee_total(count: int, unit: int, total: int) -> None:
    assert fee_total(count, unit) == total


@pytest.mark.parametrize(
    ("count", "unit", "code", "hint"),
    [
        (-1, 15_000, "money.negative_count", "Số lượng không được âm"),
        (3, -15_000, "money.negative_unit", "-15.000\u00a0₫"),
    ],
)
def test_fee_total_refuses_negative_inputs(count: int, unit: int, code: str, hint: str) -> None:
    with pytest.raises(MoneyError) as err:
        fee_total(count, unit, field="fee.total")
    assert (err.value.problem.code, err.value.problem.field) == (code, "fee.total")
    assert hint in err.value.problem.message_vi


@pytest.mark.parametrize(("count", "unit"), [(2.0, 15_000), (2, 15_000.0), (True, 15_000)])
def test_fee_total_refuses_floats_and_bools(count: object, unit: object) -> None:
    with pytest.raises(TypeError):
        fee_total(count, unit)  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**9))
def test_fee_total_is_unit_per_item(count: int, unit: int) -> None:
    total = fee_total(count, unit)
    assert isinstance(total, int)
    assert fee_total(count + 1, unit) - total == unit  # each more NV costs exactly one unit
    assert total == sum(unit for _ in range(min(count, 50))) + unit * max(count - 50, 0)


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_format_then_parse_round_trips(amount: int) -> None:
    text = format_vnd(amount)
    assert parse_vnd(text) == amount
    digits = text.removeprefix("-").removesuffix("\u00a0₫")
    assert all(len(g) == 3 for g in digits.split(".")[1:])  # groups of three after the first
    assert 1 <= len(digits.split(".")[0]) <= 3
