"""Tables of fee payment, admission results and enrollment confirmation (same ``Base``).

* ``payment_orders``: one row per payment attempt. ``open_slot`` is ``"<cccd>/<year>"`` while the
  order is ``pending`` and NULL otherwise; its UNIQUE constraint is what makes "never two pending
  orders for one candidate" hold under concurrent requests (NULLs never collide, on SQLite and
  PostgreSQL alike). ``(cccd, idempotency_key)`` is unique so a retried POST finds its order.
* ``admissions``: who is admitted where. The filtering engine (``ministry_mock/admissions/``)
  writes its published results here; tests insert rows directly. Scores are in hundredths of a
  point, like the engine's arrays, so no float or Decimal column is needed.
* ``enrollment_confirmations``: one per candidate and year; never updated (final).
* ``payment_nv_counts``: stand-in for the preferences module until it lands (see
  :func:`ministry_mock.payments.preference_count`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ministry_mock.store.models import Base
from ministry_mock.store.types import UtcDateTime


class PaymentOrderRow(Base):
    __tablename__ = "payment_orders"
    __table_args__ = (
        UniqueConstraint("cccd", "idempotency_key", name="uq_payment_orders_key"),
        Index("ix_payment_orders_cccd_year", "cccd", "exam_year"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    cccd: Mapped[str] = mapped_column(String(12))
    exam_year: Mapped[int] = mapped_column(Integer)
    idempotency_key: Mapped[str] = mapped_column(String(64))
    body_hash: Mapped[str] = mapped_column(String(64))
    amount: Mapped[int] = mapped_column(Integer)
    preference_count: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20))
    open_slot: Mapped[str | None] = mapped_column(String(24), unique=True, default=None)
    vietqr_payload: Mapped[str] = mapped_column(String(512))
    transfer_content: Mapped[str] = mapped_column(String(25))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    paid_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    debited_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    channel: Mapped[str | None] = mapped_column(String(16), default=None)
    reason: Mapped[str | None] = mapped_column(String(32), default=None)
    """Why a state was reached when the state alone does not say (e.g. ``superseded``)."""


class AdmissionRow(Base):
    """A published admission: at most one programme per candidate and year (DOMAIN.md §4.4)."""

    __tablename__ = "admissions"
    __table_args__ = (Index("ix_admissions_institution", "year", "institution_code"),)

    cccd: Mapped[str] = mapped_column(String(12), primary_key=True)
    exam_year: Mapped[int] = mapped_column("year", Integer, primary_key=True)
    institution_code: Mapped[str] = mapped_column(String(10))
    programme_code: Mapped[str] = mapped_column(String(20))
    preference_rank: Mapped[int] = mapped_column(Integer)
    score: Mapped[int] = mapped_column(Integer)
    """Admission score in hundredths of a point (2575 = 25.75)."""
    cutoff: Mapped[int] = mapped_column(Integer)
    """Programme cutoff in hundredths of a point."""
    published_at: Mapped[datetime] = mapped_column(UtcDateTime())
    institution_name: Mapped[str | None] = mapped_column(String(160), default=None)
    programme_name: Mapped[str | None] = mapped_column(String(160), default=None)
    higher_preferences: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, default=None)
    """Why each NV above the admitted one was not reached (``PreferenceOutcome`` fields)."""


class EnrollmentConfirmationRow(Base):
    __tablename__ = "enrollment_confirmations"
    __table_args__ = (Index("ix_confirmations_institution", "exam_year", "institution_code"),)

    cccd: Mapped[str] = mapped_column(String(12), primary_key=True)
    exam_year: Mapped[int] = mapped_column(Integer, primary_key=True)
    institution_code: Mapped[str] = mapped_column(String(10))
    programme_code: Mapped[str] = mapped_column(String(20))
    idempotency_key: Mapped[str] = mapped_column(String(64))
    confirmed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))


class PaymentNvCount(Base):
    """How many NV a candidate registered, until ``ministry_mock.preferences`` provides it."""

    __tablename__ = "payment_nv_counts"

    cccd: Mapped[str] = mapped_column(String(12), primary_key=True)
    exam_year: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    version: Mapped[int | None] = mapped_column(Integer, default=None)
