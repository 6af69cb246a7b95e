"""the inbox and the deliveries seen before belong to the core: named for what they hold, not
for the platform that first used them (rows copied across, the old tables dropped)

Revision ID: 0026_inbound_for_the_core
Revises: 0027_one_head_again
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0026_inbound_for_the_core"
down_revision = "0027_one_head_again"
branch_labels = None
depends_on = None

INBOX_COLUMNS = "id, request_key, kind, body, answer, status, attempts, received_at, lease_until"


def _inbox(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("request_key", name=op.f(f"uq_{name}_request_key")),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{name}_received_at"), ["received_at"], unique=False)
        batch_op.create_index(f"ix_{name}_status_lease", ["status", "lease_until"], unique=False)


def _seen(name: str, key: str) -> None:
    op.create_table(
        name,
        sa.Column(key, sa.String(length=64), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(key, name=op.f(f"pk_{name}")),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{name}_seen_at"), ["seen_at"], unique=False)


def _move_inbox(old: str, new: str) -> None:
    op.execute(f"INSERT INTO {new} ({INBOX_COLUMNS}) SELECT {INBOX_COLUMNS} FROM {old}")
    if op.get_bind().dialect.name == "postgresql":  # ids go on from where they were
        op.execute(
            f"SELECT setval(pg_get_serial_sequence('{new}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {new}), 0) + 1, false)"
        )
    op.drop_table(old)


def upgrade() -> None:
    _inbox("inbox")
    _move_inbox("slack_inbox", "inbox")
    _seen("inbound_seen", "delivery_key")
    op.execute(
        "INSERT INTO inbound_seen (delivery_key, seen_at) "
        "SELECT activity_key, seen_at FROM teams_activities_seen"
    )
    op.drop_table("teams_activities_seen")


def downgrade() -> None:
    _inbox("slack_inbox")
    _move_inbox("inbox", "slack_inbox")
    _seen("teams_activities_seen", "activity_key")
    op.execute(
        "INSERT INTO teams_activities_seen (activity_key, seen_at) "
        "SELECT delivery_key, seen_at FROM inbound_seen"
    )
    op.drop_table("inbound_seen")
