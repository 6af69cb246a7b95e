"""file_offers: files (the board pack) offered to a person, kept until they accept or decline

Revision ID: 0061_file_offers
Revises: 0060_readings_by_measure
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0061_file_offers"
down_revision = "0060_readings_by_measure"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "file_offers",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("conversation", sa.String(length=255), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("offered_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token"),
    )
    op.create_index("ix_file_offers_offered_at", "file_offers", ["offered_at"])


def downgrade() -> None:
    op.drop_index("ix_file_offers_offered_at", table_name="file_offers")
    op.drop_table("file_offers")
