"""divisions: retired_at, set when `config apply --prune` retires a division the file drops

Revision ID: 0030_retired_divisions
Revises: 0027_one_head_again
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0030_retired_divisions"
down_revision = "0027_one_head_again"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("divisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("divisions", schema=None) as batch_op:
        batch_op.drop_column("retired_at")
