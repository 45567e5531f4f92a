"""Amounts in Vietnamese đồng, always as ``int``.

The đồng has no minor unit in use, and fees are multiplied by the number of preferences (NV) over
millions of candidates (DOMAIN.md §7), so a float would only add rounding errors: every function
here takes and returns whole đồng.

Display follows Vietnamese usage, ``15.000 ₫``: a dot between thousands and the đồng sign after
the number, separated by a NO-BREAK SPACE (U+00A0) so that a line break never separates the amount
from its currency. ``format_vnd`` always uses exactly that space; ``parse_vnd`` also accepts what
people type or paste (``15000``, ``15,000đ``, ``15.000 VND``).
"""

from __future__ import annotations

import re
import unicodedata

from exam_client.domain.problems import Problem

NBSP = "\u00a0"
CURRENCY_SIGN = "₫"

_MINUS = "-\u2212"  # ASCII hyphen-minus and the typographic minus sign
_SEPARATORS = ".,\u0020\u00a0\u202f"  # dot, comma, space, NBSP, narrow NBSP (French style)
_CURRENCY = re.compile(r"^(?:₫|đồng|dong|vnđ|vnd|đ|d)\s*|\s*(?:₫|đồng|dong|vnđ|vnd|đ|d)$")
_GROUPED = re.compile(r"\d{1,3}(?:([" + _SEPARATORS + r"])\d{3})(?:\1\d{3})*")


class MoneyError(ValueError):
    """An amount that cannot be read or used; carries the user-facing problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message_en)
        self.problem = problem


def _error(code: str, vi: str, en: str, field: str) -> MoneyError:
    return MoneyError(Problem(code=code, field=field, message_vi=vi, message_en=en))


def _require_int(value: object, name: str) -> int:
    # bool is an int subclass: True đồng is a bug, not an amount.
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int number of đồng, not {type(value).__name__}")
    return value


def format_vnd(amount: int) -> str:
    """``15000`` → ``"15.000 ₫"``, ``-15000`` → ``"-15.000 ₫"``, ``0`` → ``"0 ₫"``.

    The space before ₫ is always U+00A0 so the sign never wraps onto its own line.
    """
    _require_int(amount, "amount")
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".") + NBSP + CURRENCY_SIGN


def parse_vnd(text: str, field: str = "amount") -> int:
    """Read an amount typed or pasted by a person; raise :class:`MoneyError` saying what is wrong.

    Thousands may be grouped by dots, commas or spaces, one kind per number, always in groups of
    three. A group of one or two digits at the end ("15.5", "15.000,50") is read as a decimal
    part and refused: a VND amount has none, and guessing would turn 15,5 into 155 đồng.
    """
    s = unicodedata.normalize("NFC", text).strip().lower()
    if not s:
        raise _error(
            "money.empty",
            "Chưa nhập số tiền.",
            "The amount is empty.",
            field,
        )
    negative = s[0] in _MINUS
    body = _CURRENCY.sub("", s[1:].strip() if negative else s, count=2).strip()
    if not body:
        raise _error(
            "money.no_digits",
            f"“{text.strip()}” không có chữ số nào. Hãy nhập số tiền, ví dụ 15.000.",
            f"“{text.strip()}” contains no digits. Enter an amount, e.g. 15.000.",
            field,
        )
    if not all((c.isascii() and c.isdigit()) or c in _SEPARATORS for c in body):
        raise _error(
            "money.invalid",
            f"“{text.strip()}” không phải là số tiền. Chỉ dùng chữ số, dấu chấm phân cách "
            "hàng nghìn và ký hiệu ₫ hoặc đ.",
            f"“{text.strip()}” is not an amount. Use digits, dots between thousands and the "
            "sign ₫ or đ only.",
            field,
        )
    if body.isdigit():
        value = int(body)
    elif _GROUPED.fullmatch(body):
        value = int(re.sub(r"\D", "", body))
    elif re.search(r"[" + _SEPARATORS + r"]\d{1,2}$", body):
        raise _error(
            "money.decimal",
            f"Số tiền “{text.strip()}” có phần lẻ. Tiền đồng không có phần thập phân; "
            "hãy nhập số nguyên, ví dụ 15.000.",
            f"The amount “{text.strip()}” has a decimal part. VND has no decimals; "
            "enter a whole number, e.g. 15.000.",
            field,
        )
    else:
        raise _error(
            "money.grouping",
            f"Số tiền “{text.strip()}” phân cách hàng nghìn không đúng. Hãy nhóm 3 chữ số "
            "bằng dấu chấm (15.000) hoặc không dùng dấu (15000).",
            f"The amount “{text.strip()}” has misplaced thousands separators. Group by three "
            "digits with dots (15.000) or use none (15000).",
            field,
        )
    return -value if negative else value


def fee_total(count: int, unit: int, field: str = "fee") -> int:
    """Fee for ``count`` items at ``unit`` đồng each, e.g. all registered NV (DOMAIN.md §7).

    Every registered preference must be paid, so the total is exact multiplication; negative
    inputs are refused rather than producing a refund-looking amount.
    """
    _require_int(count, "count")
    _require_int(unit, "unit")
    if count < 0:
        raise _error(
            "money.negative_count",
            f"Số lượng không được âm (đang là {count}).",
            f"The count cannot be negative (it is {count}).",
            field,
        )
    if unit < 0:
        raise _error(
            "money.negative_unit",
            f"Đơn giá không được âm (đang là {format_vnd(unit)}).",
            f"The unit price cannot be negative (it is {format_vnd(unit)}).",
            field,
        )
    return count * unit
