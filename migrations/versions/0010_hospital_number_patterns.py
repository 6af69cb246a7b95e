"""trusts: hospital_number_pattern holds a list of patterns (JSON text), not one short regex

Revision ID: 0010_hospital_number_patterns
Revises: 0001
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0010_hospital_number_patterns"
down_revision = "0001"
branch_labels = None
depends_on = None

trusts = sa.table(
    "trusts", sa.column("id", sa.Integer), sa.column("hospital_number_pattern", sa.Text)
)


def _rewrite(convert) -> None:  # type: ignore[no-untyped-def]
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(trusts.c.id, trusts.c.hospital_number_pattern).where(
            trusts.c.hospital_number_pattern.is_not(None)
        )
    ).all()
    for row_id, value in rows:
        bind.execute(
            trusts.update()
            .where(trusts.c.id == row_id)
            .values(hospital_number_pattern=convert(value))
        )


def _first(value: str) -> str | None:
    try:
        kept = json.loads(value)
    except ValueError:
        return value[:200]
    if isinstance(kept, list):
        return kept[0][:200] if kept else None
    return str(kept)[:200]


def upgrade() -> None:
    with op.batch_alter_table("trusts", schema=None) as batch_op:
        batch_op.alter_column(
            "hospital_number_pattern",
            existing_type=sa.String(length=200),
            type_=sa.Text(),
            existing_nullable=True,
        )
    _rewrite(json.dumps)  # one regex, kept as it was configured (a JSON string)


def downgrade() -> None:
    _rewrite(_first)  # a list keeps only its first pattern
    with op.batch_alter_table("trusts", schema=None) as batch_op:
        batch_op.alter_column(
            "hospital_number_pattern",
            existing_type=sa.Text(),
            type_=sa.String(length=200),
            existing_nullable=True,
        )
