"""Problems a person must act on, as data.

A user mistake never raises: validators return a list of :class:`Problem`, each naming the field,
a stable code, a Vietnamese message (with an English translation) and, where there is one, the
article of the regulation it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    field: str
    message_vi: str
    message_en: str
    article: str | None = None
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)
