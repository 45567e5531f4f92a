"""Table of the filtering rounds the mock has run (same ``Base``).

``filtering_rounds``: one row per (year, round number), written once. It is what makes a round
idempotent (a repeated request with the same body gets this row back; another body is a 409) and
what the next round builds on (the quota and floor changes of every earlier round). The figures
per programme are kept as JSON — a few hundred entries in a demo, 20 000 at national scale —
because they are only ever read whole, never queried. Portable SQL only (SQLite and PostgreSQL).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ministry_mock.store.models import Base
from ministry_mock.store.types import UtcDateTime


class FilteringRoundRow(Base):
    __tablename__ = "filtering_rounds"

    exam_year: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    body_hash: Mapped[str] = mapped_column(String(64))
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    """``[{"institution_code", "programme_code", "quota", "floor"}]`` applied before this round."""
    ran_at: Mapped[datetime] = mapped_column(UtcDateTime())
    published_at: Mapped[datetime] = mapped_column(UtcDateTime())
    candidates: Mapped[int] = mapped_column(Integer)
    preferences: Mapped[int] = mapped_column(Integer)
    """Preferences considered (paid ones, of candidates with exam scores)."""
    unpaid: Mapped[int] = mapped_column(Integer)
    admitted: Mapped[int] = mapped_column(Integer)
    withheld: Mapped[int] = mapped_column(Integer)
    withheld_cccds: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Candidates whose result a quarantine holds back: "being re-checked", not "not admitted"."""
    violations: Mapped[dict[str, int]] = mapped_column(JSON)
    """Violation counts by kind (empty when the verifier found nothing)."""
    examples: Mapped[list[str]] = mapped_column(JSON)
    programmes: Mapped[list[list[Any]]] = mapped_column(JSON)
    """Per programme: [institution, code, quota, floor, admitted, cutoff, full, quarantined]."""
    filter_ms: Mapped[float] = mapped_column(Float)
    verify_ms: Mapped[float] = mapped_column(Float)
