"""teams and people: retired_at, set when `config apply --prune` retires them

Revision ID: 0017_retired
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_retired"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("teams", "people"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    for table in ("teams", "people"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("retired_at")
