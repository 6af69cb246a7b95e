"""tiers: division roles, division and trust huddles (a seat team per tier), derived measures

Revision ID: 0035_tiers
Revises: 0061_file_offers

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
down_revision = "0061_file_offers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Only `roles` is rebuilt on SQLite (nothing refers to it); the other tables gain columns in
    # place, since rebuilding `teams` or `divisions` would cascade-delete what refers to them.
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("division_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_roles_division_id_divisions",
            "divisions",
            ["division_id"],
            ["id"],
            ondelete="CASCADE",
        )
    op.add_column(
        "teams", sa.Column("tier", sa.String(length=16), nullable=False, server_default="team")
    )
    op.add_column(
        "divisions", sa.Column("settings_json", sa.Text(), nullable=False, server_default="{}")
    )
    op.add_column(
        "measures", sa.Column("derived_json", sa.Text(), nullable=False, server_default="{}")
    )
    op.add_column("huddle_escalations", sa.Column("onward_reason", sa.Text(), nullable=True))


def _drop(table: str, column: str) -> None:
    """In place (SQLite 3.35 drops a column without rebuilding the table)."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
    else:
        op.drop_column(table, column)


def _delete(bind: sa.engine.Connection, table: str, ids: list[int], depth: int = 0) -> None:
    """Delete rows `ids` of `table` and, first, every row that refers to them (any depth)."""
    inspector = sa.inspect(bind)
    listed = ",".join(str(int(i)) for i in ids)
    for other in inspector.get_table_names():
        columns = {c["name"] for c in inspector.get_columns(other)}
        for fk in inspector.get_foreign_keys(other):
            if fk["referred_table"] != table or len(fk["constrained_columns"]) != 1:
                continue
            column = fk["constrained_columns"][0]
            where = f'FROM "{other}" WHERE "{column}" IN ({listed})'
            if "id" in columns and depth < 4:
                found = [r[0] for r in bind.execute(sa.text(f"SELECT id {where}"))]
                if found:
                    _delete(bind, other, found, depth + 1)
            bind.execute(sa.text(f"DELETE {where}"))
    bind.execute(sa.text(f'DELETE FROM "{table}" WHERE id IN ({listed})'))


def downgrade() -> None:
    # before tiers there were no seats: a tier's own huddle, measures and readings go with them
    bind = op.get_bind()
    seats = [r[0] for r in bind.execute(sa.text("SELECT id FROM teams WHERE tier <> 'team'"))]
    if seats:
        _delete(bind, "teams", seats)
    bind.execute(sa.text("DELETE FROM roles WHERE division_id IS NOT NULL"))
    for table, column in (
        ("huddle_escalations", "onward_reason"),
        ("measures", "derived_json"),
        ("divisions", "settings_json"),
        ("teams", "tier"),
    ):
        _drop(table, column)
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.drop_constraint("fk_roles_division_id_divisions", type_="foreignkey")
        batch_op.drop_column("division_id")
