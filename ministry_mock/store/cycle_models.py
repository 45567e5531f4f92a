"""Tables of the preference lists (same ``Base``): every version kept, and idempotency receipts.

* ``preference_versions``: one row per saved list. The primary key (cccd, year, version) is what
  settles two concurrent saves from the same base version: both insert ``base + 1``, one wins,
  the other gets a 409 with the winner's list (optimistic concurrency without a lock).
* ``preference_receipts``: the first answer to an ``Idempotency-Key`` — a retry with the same
  body gets the same version back instead of a second one; another body gets a 409.

The catalog and the exam scores need no table: both are pure functions of the seed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ministry_mock.store.models import Base
from ministry_mock.store.types import UtcDateTime


class PreferenceVersionRow(Base):
    __tablename__ = "preference_versions"

    cccd: Mapped[str] = mapped_column(String(12), primary_key=True)
    exam_year: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    """``[{"institution_code": "QSB", "programme_code": "7480201"}, …]``, NV1 first."""
    count: Mapped[int] = mapped_column(Integer)
    fee_total: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_by: Mapped[str] = mapped_column(String(64))


class PreferenceReceiptRow(Base):
    __tablename__ = "preference_receipts"

    cccd: Mapped[str] = mapped_column(String(12), primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    exam_year: Mapped[int] = mapped_column(Integer)
    body_hash: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
