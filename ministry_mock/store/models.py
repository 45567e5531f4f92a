"""Tables of the mock ministry.

Codes are the natural keys people see (CCCD, GSO province/commune codes, 5-character school
codes), so they are the primary keys too. ``citizens.seq`` keeps the generation order, which is
what "the same seed gives the same first N citizens" is checked against.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, UniqueConstraint, event
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, mapped_column

from ministry_mock.store.types import UtcDateTime


class Base(DeclarativeBase):
    pass


class Province(Base):
    """One of the 34 provinces in force since 1 Jul 2025 (GSO 2-digit code)."""

    __tablename__ = "provinces"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    full_name: Mapped[str] = mapped_column(String(80))
    exam_code: Mapped[str] = mapped_column(String(2), unique=True)
    region: Mapped[str] = mapped_column(String(8))


class Commune(Base):
    """A commune-level unit (xã, phường, đặc khu), GSO 5-digit code."""

    __tablename__ = "communes"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(16))


class School(Base):
    """A high school: ``code`` = province exam code (2) + school number (3)."""

    __tablename__ = "schools"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    priority_area: Mapped[str] = mapped_column(String(6))
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"), index=True)
    commune_code: Mapped[str] = mapped_column(ForeignKey("communes.code"))


class Citizen(Base):
    """A person in the synthetic population register."""

    __tablename__ = "citizens"

    cccd: Mapped[str] = mapped_column(String(12), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    date_of_birth: Mapped[date] = mapped_column(Date)
    gender: Mapped[str] = mapped_column(String(6))
    birth_province_code: Mapped[str] = mapped_column(String(3))
    ethnicity: Mapped[str] = mapped_column(String(32))
    residence_province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"))
    residence_commune_code: Mapped[str] = mapped_column(ForeignKey("communes.code"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Account(Base):
    """A user of the ministry system. ``password_hash`` is a self-describing scrypt string."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    school_code: Mapped[str | None] = mapped_column(ForeignKey("schools.code"), default=None)
    display_name: Mapped[str] = mapped_column(String(120))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)


class Token(Base):
    """A server-side session token. Only the SHA-256 of the opaque token is stored."""

    __tablename__ = "tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)


class AuditEntry(Base):
    """Append-only record of who looked at what. ``subject`` is always masked."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(64))
    ip: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(32))
    ref: Mapped[str | None] = mapped_column(String(64), default=None)
    """What the action refers to besides the subject, e.g. the sync idempotency key."""


class ExamRegistration(Base):
    """A candidate's registration (phiếu đăng ký dự thi) of one exam year, as the ministry holds it.

    ``id`` is made by the client (a UUID string) so a record created offline keeps its identity.
    One registration per citizen and year. ``change_seq`` is the value of the change counter at
    the record's last change: delta pulls page on it (see :mod:`ministry_mock.registrations`).
    """

    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint("exam_year", "cccd", name="uq_registrations_year_cccd"),
        Index("ix_registrations_school_seq", "school_code", "change_seq"),
        Index("ix_registrations_cccd_seq", "cccd", "change_seq"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    exam_year: Mapped[int] = mapped_column(Integer)
    school_code: Mapped[str] = mapped_column(String(5))
    cccd: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12))
    version: Mapped[int] = mapped_column(Integer)
    doc: Mapped[dict[str, Any]] = mapped_column(JSON)
    return_reason: Mapped[str | None] = mapped_column(String(500), default=None)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_by: Mapped[str] = mapped_column(String(64))
    change_seq: Mapped[int] = mapped_column(Integer, unique=True)

    # optimistic locking: every UPDATE says "WHERE version = <read version>" and bumps it, so a
    # concurrent writer that read the same version fails with StaleDataError instead of winning
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class SyncReceipt(Base):
    """The first answer to an applied push operation, kept so a retry gets the same answer.

    Written in the same transaction as the change it answers: if the change committed, so did
    the receipt, even when the response never reached the client.
    """

    __tablename__ = "sync_receipts"

    idempotency_key: Mapped[str] = mapped_column(String(36), primary_key=True)
    principal: Mapped[str] = mapped_column(String(64))
    body_hash: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ChangeCounter(Base):
    """Named monotonically increasing counters (one row each), bumped inside a writing transaction.

    A counter row rather than an autoincrement column: the row lock taken by ``UPDATE … value + 1``
    is held until commit, so numbers become visible in commit order on PostgreSQL too (sequence
    values do not), and a delta pull never skips a change that commits late.
    """

    __tablename__ = "change_counters"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _audit_is_append_only(mapper: Mapper[AuditEntry], connection: object, target: object) -> None:
    raise PermissionError("audit_log is append-only")
