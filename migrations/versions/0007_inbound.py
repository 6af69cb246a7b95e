"""inbound: Slack events already handled (dedupe on event_id)

Revision ID: 0007_inbound
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_inbound"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_events_seen",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_slack_events_seen")),
    )
    with op.batch_alter_table("slack_events_seen", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_slack_events_seen_seen_at"), ["seen_at"], unique=False)


def downgrade() -> None:
    op.drop_table("slack_events_seen")
