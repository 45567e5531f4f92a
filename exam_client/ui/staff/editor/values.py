"""Conversions between the editor's widgets and the wire document, kept free of layout code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation

from pydantic_core import ErrorDetails
from PySide6.QtCore import QDate

from exam_client.domain.problems import Problem

# The wire document, as the registration service takes it (the UI may not import the api).
from exam_client.services.registrations import RegistrationDoc

__all__ = [
    "RegistrationDoc",
    "constant",
    "contract_problem",
    "doc_field_exists",
    "format_decimal",
    "from_qdate",
    "parse_decimal",
    "to_qdate",
]


def doc_field_exists(name: str) -> bool:
    """Whether the wire document carries ``name`` (fields the form shows before the contract)."""
    return name in RegistrationDoc.model_fields


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def constant(text: str) -> Callable[[], str]:
    """A caption that does not change (already translated when the slots are made)."""
    return lambda: text


def parse_decimal(text: str) -> Decimal | None:
    """``"6,5"`` or ``"6.5"`` → ``Decimal("6.5")``; empty or not a number → ``None``."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def format_decimal(value: Decimal | None) -> str:
    """Vietnamese decimal comma, as typed on the form."""
    return "" if value is None else format(value.normalize(), "f").replace(".", ",")


def contract_problem(error: ErrorDetails) -> Problem:
    """A value the wire contract refuses outright, said as a problem at its field."""
    path = ".".join(str(part) for part in error["loc"] if not isinstance(part, int))
    if error["type"] == "too_long" and path == "subjects":
        vi = "Chọn quá nhiều môn. Hãy bỏ bớt các môn không đăng ký dự thi."
        en = "Too many subjects are ticked. Untick the ones not registered."
    else:
        vi = f"Giá trị ở mục này không hợp lệ ({error['msg']}). Hãy nhập lại."
        en = f"This value is not valid ({error['msg']}). Enter it again."
    return Problem(f"contract.{error['type']}", path or "form", vi, en)
