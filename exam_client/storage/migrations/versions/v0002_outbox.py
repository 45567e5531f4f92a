"""Registrations, the outbox, pull cursors and an append-only local audit trail.

Revision ID: 0002
Revises: 0001

Only new tables: nothing of revision 0001 is copied or changed, so the citizen cache survives as
it is. The audit table is made append-only by two triggers (an UPDATE or DELETE aborts the
transaction), so no code path, ours or a future one, can rewrite who did what.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

_SYNC_STATES = "'draft', 'queued', 'sending', 'synced', 'rejected', 'conflict'"
_OUTBOX_STATES = "'queued', 'sending', 'done', 'rejected', 'conflict'"


def upgrade() -> None:
    op.create_table(
        "registrations",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("exam_year", sa.Integer(), nullable=False),
        sa.Column("cccd", sa.String(12), nullable=False),
        sa.Column("doc", sa.String(), nullable=False),
        sa.Column("server_status", sa.String(16), nullable=True),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("sync_state", sa.String(16), nullable=False),
        sa.Column("problems", sa.String(), nullable=False),
        sa.Column("server_copy", sa.String(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(f"sync_state IN ({_SYNC_STATES})", name="ck_registrations_sync_state"),
        sa.PrimaryKeyConstraint("id", name="pk_registrations"),
    )
    op.create_index("ix_registrations_cccd", "registrations", ["cccd"])
    op.create_index("ix_registrations_sync_state", "registrations", ["sync_state"])

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("idempotency_key", sa.String(36), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("last_error", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(f"state IN ({_OUTBOX_STATES})", name="ck_outbox_state"),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["registrations.id"],
            name="fk_outbox_record_id_registrations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        sa.UniqueConstraint("idempotency_key", name="uq_outbox_idempotency_key"),
    )
    op.create_index("ix_outbox_record_id", "outbox", ["record_id"])
    op.create_index("ix_outbox_state_next_attempt_at", "outbox", ["state", "next_attempt_at"])

    op.create_table(
        "sync_cursor",
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("cursor", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("kind", name="pk_sync_cursor"),
    )

    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=True),
        sa.Column("idempotency_key", sa.String(36), nullable=True),
        sa.Column("detail", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit"),
    )
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_no_{verb.lower()} BEFORE {verb} ON audit "
            "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
        )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    op.drop_table("audit")
    op.drop_table("sync_cursor")
    op.drop_index("ix_outbox_state_next_attempt_at", table_name="outbox")
    op.drop_index("ix_outbox_record_id", table_name="outbox")
    op.drop_table("outbox")
    op.drop_index("ix_registrations_sync_state", table_name="registrations")
    op.drop_index("ix_registrations_cccd", table_name="registrations")
    op.drop_table("registrations")
