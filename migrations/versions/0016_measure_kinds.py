"""measure kinds: a ratio's numerator and denominator on readings; a measure's multiplier,
aggregation and its own Making Data Count chart options

Revision ID: 0016_measure_kinds
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_measure_kinds"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("per", sa.Float(), nullable=True))
        batch_op.add_column(
            sa.Column("aggregate", sa.String(length=8), nullable=False, server_default="day")
        )
        batch_op.add_column(
            sa.Column("charts_json", sa.Text(), nullable=False, server_default="{}")
        )
    with op.batch_alter_table("readings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("numerator", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("denominator", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("readings", schema=None) as batch_op:
        batch_op.drop_column("denominator")
        batch_op.drop_column("numerator")
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.drop_column("charts_json")
        batch_op.drop_column("aggregate")
        batch_op.drop_column("per")
