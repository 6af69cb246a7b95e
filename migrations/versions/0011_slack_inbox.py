"""slack inbox: every acknowledged Slack request, stored before the ack and handled from there
(it also recognises retried events, so the event-id table it replaces goes)

Revision ID: 0011_slack_inbox
Revises: 0008_teams_inbound
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_slack_inbox"
down_revision = "0008_teams_inbound"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_inbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_inbox")),
        sa.UniqueConstraint("request_key", name=op.f("uq_slack_inbox_request_key")),
    )
    with op.batch_alter_table("slack_inbox", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_slack_inbox_received_at"), ["received_at"], unique=False
        )
        batch_op.create_index(
            "ix_slack_inbox_status_lease", ["status", "lease_until"], unique=False
        )
    op.drop_table("slack_events_seen")


def downgrade() -> None:
    op.create_table(
        "slack_events_seen",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_slack_events_seen")),
    )
    with op.batch_alter_table("slack_events_seen", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_slack_events_seen_seen_at"), ["seen_at"], unique=False)
    op.drop_table("slack_inbox")
