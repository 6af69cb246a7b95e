"""tiers: division roles, division and trust huddles (a seat team per tier), derived measures

Revision ID: 0035_tiers
Revises: 0027_one_head_again

- roles.division_id: `division_lead:<division>` and `division_member:<division>`.
- teams.tier: `team` for a ward or department; `division` or `trust` for the seat that holds a
  tier's own huddle times, measures and readings. A trust seat belongs to no division, so
  teams.division_id may be NULL.
- divisions.settings_json: a division's own settings (its `response_hours`).
- measures.derived_json: a division measure made from its teams' measures (`sum_of: falls`).
- huddle_escalations.onward_reason: why a division sent an item on to the trust.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0035_tiers"
down_revision = "0027_one_head_again"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("division_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_roles_division_id_divisions",
            "divisions",
            ["division_id"],
            ["id"],
            ondelete="CASCADE",
        )
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("tier", sa.String(length=16), nullable=False, server_default="team")
        )
        batch_op.alter_column("division_id", existing_type=sa.Integer(), nullable=True)
    with op.batch_alter_table("divisions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("settings_json", sa.Text(), nullable=False, server_default="{}")
        )
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("derived_json", sa.Text(), nullable=False, server_default="{}")
        )
    with op.batch_alter_table("huddle_escalations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("onward_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("huddle_escalations", schema=None) as batch_op:
        batch_op.drop_column("onward_reason")
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.drop_column("derived_json")
    with op.batch_alter_table("divisions", schema=None) as batch_op:
        batch_op.drop_column("settings_json")
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.alter_column("division_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("tier")
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.drop_constraint("fk_roles_division_id_divisions", type_="foreignkey")
        batch_op.drop_column("division_id")
