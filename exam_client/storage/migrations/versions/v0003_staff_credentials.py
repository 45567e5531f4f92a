"""Staff credentials for unlocking a locked session offline.

Revision ID: 0003
Revises: 0002

One row per staff account that signed in on this machine: a salted scrypt hash of the password
recorded at the last successful online sign-in, with its cost parameters (so a later version can
raise the cost for new rows and still check old ones). The store is encrypted, and the hash is
still salted and slow: a copied database with its key must not hand out passwords cheaply.
Only a new table: nothing of revisions 0001–0002 is copied or changed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "staff_credentials",
        sa.Column("username", sa.String(128), nullable=False),
        sa.Column("salt", sa.String(64), nullable=False),
        sa.Column("scrypt_n", sa.Integer(), nullable=False),
        sa.Column("scrypt_r", sa.Integer(), nullable=False),
        sa.Column("scrypt_p", sa.Integer(), nullable=False),
        sa.Column("password_hash", sa.String(128), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("username", name="pk_staff_credentials"),
    )


def downgrade() -> None:
    op.drop_table("staff_credentials")
