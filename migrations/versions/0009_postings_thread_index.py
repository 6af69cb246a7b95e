"""postings: an index for finding a thread's post by platform and message id

Revision ID: 0009_postings_thread_index
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0009_postings_thread_index"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("postings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_postings_platform_message_id", ["platform", "message_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("postings", schema=None) as batch_op:
        batch_op.drop_index("ix_postings_platform_message_id")
