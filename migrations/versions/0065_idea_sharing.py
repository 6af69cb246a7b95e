"""ideas shared across teams: an idea's origin (the idea it was adopted from) and its shares

Revision ID: 0065_idea_sharing
Revises: 0045_fed_readings
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0065_idea_sharing"
down_revision = "0045_fed_readings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_ideas_origin_id"), ["origin_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_ideas_origin_id_ideas"), "ideas", ["origin_id"], ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "idea_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("scope_key", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["ideas.id"], name=op.f("fk_idea_shares_idea_id_ideas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_idea_shares_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idea_shares")),
        sa.UniqueConstraint(
            "idea_id", "scope", "scope_key", name=op.f("uq_idea_shares_idea_id_scope_scope_key")
        ),
    )
    with op.batch_alter_table("idea_shares", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_idea_shares_idea_id"), ["idea_id"], unique=False)


def downgrade() -> None:
    op.drop_table("idea_shares")
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_ideas_origin_id_ideas"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_ideas_origin_id"))
        batch_op.drop_column("origin_id")
