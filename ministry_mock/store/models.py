"""Tables of the mock ministry.

Codes are the natural keys people see (CCCD, GSO province/commune codes, 5-character school
codes), so they are the primary keys too. ``citizens.seq`` keeps the generation order, which is
what "the same seed gives the same first N citizens" is checked against.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, event
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


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _audit_is_append_only(mapper: Mapper[AuditEntry], connection: object, target: object) -> None:
    raise PermissionError("audit_log is append-only")
