"""Initial schema: ``meta`` (key/value) and ``citizen_cache`` (population-register records).

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_meta"),
    )
    op.create_table(
        "citizen_cache",
        sa.Column("cccd", sa.String(12), nullable=False),
        sa.Column("full_name", sa.String(), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("gender", sa.String(6), nullable=False),
        sa.Column("birth_province_code", sa.String(), nullable=False),
        sa.Column("birth_province_name", sa.String(), nullable=False),
        sa.Column("ethnicity", sa.String(), nullable=False),
        sa.Column("residence_province_code", sa.String(), nullable=False),
        sa.Column("residence_province_name", sa.String(), nullable=False),
        sa.Column("residence_commune_code", sa.String(), nullable=False),
        sa.Column("residence_commune_name", sa.String(), nullable=False),
        # Aware datetimes stored as naive UTC text (schema.UtcDateTime).
        sa.Column("register_updated_at", sa.DateTime(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("gender IN ('male', 'female')", name="ck_citizen_cache_gender"),
        sa.CheckConstraint("length(cccd) = 12", name="ck_citizen_cache_cccd_length"),
        sa.PrimaryKeyConstraint("cccd", name="pk_citizen_cache"),
    )


def downgrade() -> None:
    op.drop_table("citizen_cache")
    op.drop_table("meta")
