"""Alembic environment: run the migrations on the connection ``migrate()`` hands over.

Online mode only, and only through :func:`exam_client.storage.migrate.migrate`: that function
passes a connection that is already inside a transaction (``config.attributes["connection"]``),
so Alembic joins it instead of committing on its own and a failing step leaves nothing behind.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if context.is_offline_mode() or not isinstance(connection, Connection):
        raise RuntimeError(
            "exam-client migrations run only through exam_client.storage.migrate.migrate()"
        )
    context.configure(
        connection=connection,
        target_metadata=None,  # no autogenerate at runtime: revisions are written by hand
        render_as_batch=True,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
