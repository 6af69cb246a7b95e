"""huddle: anonymous answers and their salts, the huddle log, escalations and their steps

Revision ID: 0003_huddle
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_huddle"
down_revision = "0001"
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "huddle_anonymous_salts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("salt", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_huddle_anonymous_salts")),
    )
    op.create_table(
        "huddle_anonymous_answers",
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("voter", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["measures.id"],
            name=op.f("fk_huddle_anonymous_answers_measure_id_measures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "measure_id", "day", "voter", name=op.f("pk_huddle_anonymous_answers")
        ),
    )
    op.create_table(
        "huddle_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("held", sa.Boolean(), nullable=False),
        sa.Column("nothing_to_record", sa.Boolean(), nullable=False),
        sa.Column("first_at", UTC, nullable=False),
        sa.Column("last_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_huddle_log_team_id_teams"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_huddle_log")),
        sa.UniqueConstraint("team_id", "day", name=op.f("uq_huddle_log_team_id_day")),
    )
    op.create_table(
        "huddle_escalations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("division_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("raised_by", sa.Integer(), nullable=True),
        sa.Column("raised_at", UTC, nullable=False),
        sa.Column("respond_by", UTC, nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("acknowledged_by", sa.Integer(), nullable=True),
        sa.Column("acknowledged_at", UTC, nullable=True),
        sa.Column("resolved_by", sa.Integer(), nullable=True),
        sa.Column("resolved_at", UTC, nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("escalated_at", UTC, nullable=True),
        sa.ForeignKeyConstraint(
            ["division_id"],
            ["divisions.id"],
            name=op.f("fk_huddle_escalations_division_id_divisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["raised_by"],
            ["people.id"],
            name=op.f("fk_huddle_escalations_raised_by_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_huddle_escalations_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_huddle_escalations")),
    )
    op.create_index(
        op.f("ix_huddle_escalations_team_id"), "huddle_escalations", ["team_id"], unique=False
    )
    op.create_table(
        "huddle_escalation_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("escalation_id", sa.Integer(), nullable=False),
        sa.Column("at", UTC, nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["escalation_id"],
            ["huddle_escalations.id"],
            name=op.f("fk_huddle_escalation_steps_escalation_id_huddle_escalations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_huddle_escalation_steps")),
    )
    op.create_index(
        op.f("ix_huddle_escalation_steps_escalation_id"),
        "huddle_escalation_steps",
        ["escalation_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_huddle_escalation_steps_escalation_id"), table_name="huddle_escalation_steps"
    )
    op.drop_table("huddle_escalation_steps")
    op.drop_index(op.f("ix_huddle_escalations_team_id"), table_name="huddle_escalations")
    op.drop_table("huddle_escalations")
    op.drop_table("huddle_log")
    op.drop_table("huddle_anonymous_answers")
    op.drop_table("huddle_anonymous_salts")
