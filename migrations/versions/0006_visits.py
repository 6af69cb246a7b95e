"""visits: the leadership visit rota, its history, notes and follow-up actions

Revision ID: 0006_visits
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_visits"
down_revision = "0001"
branch_labels = None
depends_on = None


def _stamp(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trust_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("at_time", sa.String(length=5), nullable=False),
        sa.Column("leaders", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        _stamp("created_at"),
        _stamp("updated_at"),
        _fk("visits", "team_id", "teams", "CASCADE"),
        _fk("visits", "trust_id", "trusts", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
        sa.UniqueConstraint("trust_id", "number", name=op.f("uq_visits_trust_id_number")),
    )
    op.create_index(op.f("ix_visits_day"), "visits", ["day"], unique=False)
    op.create_index(op.f("ix_visits_team_id"), "visits", ["team_id"], unique=False)
    op.create_table(
        "visit_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trust_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        _stamp("created_at"),
        _stamp("done_at", nullable=True),
        sa.Column("done_by", sa.Integer(), nullable=True),
        _fk("visit_actions", "done_by", "people", "SET NULL"),
        _fk("visit_actions", "owner_id", "people", "SET NULL"),
        _fk("visit_actions", "trust_id", "trusts", "CASCADE"),
        _fk("visit_actions", "visit_id", "visits", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_actions")),
        sa.UniqueConstraint("trust_id", "number", name=op.f("uq_visit_actions_trust_id_number")),
    )
    op.create_index(op.f("ix_visit_actions_visit_id"), "visit_actions", ["visit_id"], unique=False)
    op.create_table(
        "visit_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        _stamp("at"),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("what", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        _fk("visit_changes", "person_id", "people", "SET NULL"),
        _fk("visit_changes", "visit_id", "visits", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_changes")),
    )
    op.create_index(op.f("ix_visit_changes_visit_id"), "visit_changes", ["visit_id"], unique=False)
    op.create_table(
        "visit_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("saw", sa.Text(), nullable=False),
        sa.Column("good", sa.Text(), nullable=False),
        _stamp("at"),
        _fk("visit_notes", "person_id", "people", "SET NULL"),
        _fk("visit_notes", "visit_id", "visits", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_notes")),
    )
    op.create_index(op.f("ix_visit_notes_visit_id"), "visit_notes", ["visit_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_visit_notes_visit_id"), table_name="visit_notes")
    op.drop_table("visit_notes")
    op.drop_index(op.f("ix_visit_changes_visit_id"), table_name="visit_changes")
    op.drop_table("visit_changes")
    op.drop_index(op.f("ix_visit_actions_visit_id"), table_name="visit_actions")
    op.drop_table("visit_actions")
    op.drop_index(op.f("ix_visits_team_id"), table_name="visits")
    op.drop_index(op.f("ix_visits_day"), table_name="visits")
    op.drop_table("visits")
