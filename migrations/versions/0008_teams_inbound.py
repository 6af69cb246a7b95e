"""teams inbound: Teams activities already handled (dedupe on conversation and activity id)

Revision ID: 0008_teams_inbound
Revises: 0007_inbound
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_teams_inbound"
down_revision = "0007_inbound"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teams_activities_seen",
        sa.Column("activity_key", sa.String(length=64), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("activity_key", name=op.f("pk_teams_activities_seen")),
    )
    with op.batch_alter_table("teams_activities_seen", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_teams_activities_seen_seen_at"), ["seen_at"], unique=False
        )


def downgrade() -> None:
    op.drop_table("teams_activities_seen")
