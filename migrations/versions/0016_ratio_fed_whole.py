"""ratio measures: the key of the measure that feeds a ratio's whole (e.g. bed days)

Revision ID: 0016_ratio_fed_whole
Revises: 0016_measure_kinds
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_ratio_fed_whole"
down_revision = "0016_measure_kinds"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("denominator_key", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.drop_column("denominator_key")
