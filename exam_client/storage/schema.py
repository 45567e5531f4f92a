"""The tables at the newest schema revision, as SQLAlchemy Core ``Table`` objects.

These describe *head*; the migrations in ``migrations/versions/`` are written by hand and are
what actually builds a file. ``tests/storage/test_migrations.py`` compares the two, so they
cannot drift apart. Repositories query these tables with Core statements, which always read the
database (no identity map that could serve a stale row to another thread's Session).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    TypeDecorator,
)

# Stable constraint names: SQLite ALTERs happen through table copies (Alembic batch mode), which
# need every constraint to have a name.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UtcDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as naive UTC text, read back as aware UTC.

    SQLite has no time zone type; storing one fixed zone keeps the text sortable (the cache's
    "newer fetch wins" rule compares it). Naive datetimes are refused: whether 07:00 means Hanoi
    or UTC cannot be guessed, and a wrong guess shifts every "data from 14:05" by seven hours.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware datetime (UTC)")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String, nullable=False),
)

citizen_cache = Table(
    "citizen_cache",
    metadata,
    Column("cccd", String(12), primary_key=True),
    Column("full_name", String, nullable=False),
    Column("date_of_birth", Date, nullable=False),
    Column("gender", String(6), nullable=False),
    Column("birth_province_code", String, nullable=False),
    Column("birth_province_name", String, nullable=False),
    Column("ethnicity", String, nullable=False),
    Column("residence_province_code", String, nullable=False),
    Column("residence_province_name", String, nullable=False),
    Column("residence_commune_code", String, nullable=False),
    Column("residence_commune_name", String, nullable=False),
    Column("register_updated_at", UtcDateTime, nullable=False),
    Column("fetched_at", UtcDateTime, nullable=False),
    CheckConstraint("gender IN ('male', 'female')", name="gender"),
    CheckConstraint("length(cccd) = 12", name="cccd_length"),
)

# -- revision 0002: registrations, the outbox, pull cursors, the local audit trail -------------

SYNC_STATES = ("draft", "queued", "sending", "synced", "rejected", "conflict")
OUTBOX_STATES = ("queued", "sending", "done", "rejected", "conflict")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


registrations = Table(
    "registrations",
    metadata,
    # A UUID made by the client (text, 36 chars): the record exists before the server knows it.
    Column("id", String(36), primary_key=True),
    Column("exam_year", Integer, nullable=False),
    Column("cccd", String(12), nullable=False, index=True),
    Column("doc", String, nullable=False),  # RegistrationDoc JSON: the newest local content
    Column("server_status", String(16), nullable=True),  # draft/submitted/... as last known
    Column("server_version", Integer, nullable=True),  # base version; NULL: never synced
    Column("sync_state", String(16), nullable=False, index=True),
    Column("problems", String, nullable=False),  # JSON list of problems (local or server)
    Column("server_copy", String, nullable=True),  # RegistrationRecord JSON on conflict
    Column("updated_at", UtcDateTime, nullable=False),
    CheckConstraint(_one_of("sync_state", SYNC_STATES), name="sync_state"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("idempotency_key", String(36), nullable=False, unique=True),
    Column(
        "record_id",
        String(36),
        ForeignKey("registrations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("body", String, nullable=False),  # the exact PushOperation JSON that is POSTed
    Column("base_version", Integer, nullable=True),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),  # times handed to the network
    Column("failures", Integer, nullable=False),  # transport failures in a row (backoff)
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("last_error", String, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint(_one_of("state", OUTBOX_STATES), name="state"),
    Index("ix_outbox_state_next_attempt_at", "state", "next_attempt_at"),
)

sync_cursor = Table(
    "sync_cursor",
    metadata,
    Column("kind", String(32), primary_key=True),
    Column("cursor", String, nullable=False),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", String, nullable=False),
    Column("action", String(64), nullable=False),
    Column("record_id", String(36), nullable=True),
    Column("idempotency_key", String(36), nullable=True),
    Column("detail", String, nullable=True),
)

# -- revision 0003: salted scrypt hashes for unlocking a staff session offline ----------------

staff_credentials = Table(
    "staff_credentials",
    metadata,
    Column("username", String(128), primary_key=True),
    Column("salt", String(64), nullable=False),  # hex
    Column("scrypt_n", Integer, nullable=False),
    Column("scrypt_r", Integer, nullable=False),
    Column("scrypt_p", Integer, nullable=False),
    Column("password_hash", String(128), nullable=False),  # hex
    Column("recorded_at", UtcDateTime, nullable=False),
)
