"""Bring an older mock database up to the current tables by adding new nullable columns.

The mock's schema is created, not migrated (``create_all`` makes missing *tables* only). A
database file kept by the client's ``--demo`` mode outlives code changes, so a new nullable
column (such as ``audit_log.ref``) would otherwise break every insert into an existing table.
Only additive, nullable columns are handled; anything else still needs a fresh database.
"""

from __future__ import annotations

import logging

from sqlalchemy import inspect, text
from sqlalchemy.schema import CreateColumn

from ministry_mock.store.models import Base
from ministry_mock.store.session import Store

log = logging.getLogger(__name__)


def add_missing_columns(store: Store) -> list[str]:
    """Add every nullable column the models have and the database lacks; returns their names."""
    added: list[str] = []
    inspector = inspect(store.engine)
    existing_tables = set(inspector.get_table_names())
    with store.engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name not in existing_tables:
                continue
            present = {column["name"] for column in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name in present or not column.nullable:
                    continue
                ddl = CreateColumn(column).compile(dialect=store.engine.dialect)
                connection.execute(text(f'ALTER TABLE "{table.name}" ADD COLUMN {ddl}'))
                added.append(f"{table.name}.{column.name}")
    if added:
        log.info("added columns to an older mock database: %s", ", ".join(added))
    return added
