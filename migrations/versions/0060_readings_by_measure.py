"""readings: an index on (measure_id, day), the way every chart, summary and board pack reads them

Revision ID: 0060_readings_by_measure
Revises: 0030_retired_divisions
"""

from __future__ import annotations

from alembic import op

revision = "0060_readings_by_measure"
down_revision = "0030_retired_divisions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_readings_measure_day", "readings", ["measure_id", "day"])


def downgrade() -> None:
    op.drop_index("ix_readings_measure_day", table_name="readings")
