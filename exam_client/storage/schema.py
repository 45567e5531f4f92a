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
