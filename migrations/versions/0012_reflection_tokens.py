"""reflection_notes: an unguessable token per answer, the id people see and type

Revision ID: 0012_reflection_tokens
Revises: 0005_ideas
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0012_reflection_tokens"
down_revision = "0005_ideas"
branch_labels = None
depends_on = None

ALPHABET = "bcdfghjkmnpqrstvwxz"  # as bot/ideas/reflection.py: never digits, never words


def _token() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(10))


def upgrade() -> None:
    with op.batch_alter_table("reflection_notes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token", sa.String(length=16), nullable=True))
    notes = sa.table("reflection_notes", sa.column("id", sa.Integer), sa.column("token"))
    conn = op.get_bind()
    for (note_id,) in conn.execute(sa.select(notes.c.id)).all():
        conn.execute(notes.update().where(notes.c.id == note_id).values(token=_token()))
    with op.batch_alter_table("reflection_notes", schema=None) as batch_op:
        batch_op.alter_column("token", existing_type=sa.String(length=16), nullable=False)
        batch_op.create_unique_constraint(op.f("uq_reflection_notes_token"), ["token"])


def downgrade() -> None:
    with op.batch_alter_table("reflection_notes", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("uq_reflection_notes_token"), type_="unique")
        batch_op.drop_column("token")
