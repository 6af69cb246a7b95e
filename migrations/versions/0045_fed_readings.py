"""fed readings: a reading's feed name, a measure's warehouse pull, and API tokens

Revision ID: 0045_fed_readings
Revises: 0020_one_head
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0045_fed_readings"
down_revision = "0020_one_head"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("readings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("feed", sa.String(length=120), nullable=True))
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("source_json", sa.Text(), server_default="{}", nullable=False)
        )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trust_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("scope_id", sa.Integer(), nullable=True),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["trust_id"],
            ["trusts.id"],
            name=op.f("fk_api_tokens_trust_id_trusts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("secret_hash", name=op.f("uq_api_tokens_secret_hash")),
    )


def downgrade() -> None:
    op.drop_table("api_tokens")
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.drop_column("source_json")
    with op.batch_alter_table("readings", schema=None) as batch_op:
        batch_op.drop_column("feed")
