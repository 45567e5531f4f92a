"""Computed values that carry the sentence a candidate reads next to them.

Scores and priority points are disputed every year (DOMAIN.md §13: wrong priority, "trượt oan"), so
the rules engine never returns a bare number: it returns the number with a short explanation in
Vietnamese (and English for staff and logs), written with Vietnamese number formatting
("0,75", "22,5").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Explained(Generic[T]):
    """A value and how it was obtained, in words a candidate can check by hand."""

    value: T
    vi: str
    en: str


def vi_decimal(value: Decimal, places: int | None = 2) -> str:
    """Format with a decimal comma, as printed on Vietnamese score slips.

    ``places=None`` shows the value as written, for thresholds quoted the way the regulation
    writes them ("22,5", "5,0", "30"); otherwise with exactly ``places`` decimals.
    """
    if places is None:
        text = format(value, "f")
    else:
        text = format(value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP), "f")
    return text.replace(".", ",")


def en_decimal(value: Decimal, places: int | None = 2) -> str:
    """The English twin of :func:`vi_decimal` (decimal point)."""
    return vi_decimal(value, places).replace(",", ".")
