"""where a post landed, kept once: postings say what the post is about (kind, team, day,
subject) as columns, and the outbox no longer keeps its own copy of the place

Revision ID: 0025_postings_about
Revises: 0045_fed_readings

Existing postings are read once here, from their keys, so replies to posts made before the
upgrade still find them.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0025_postings_about"
down_revision = "0045_fed_readings"
branch_labels = None
depends_on = None

PROMPTS = ("huddle.prompt", "huddle.nudge")  # key: kind:team-key:YYYY-MM-DD:slot|…
CARDS = ("huddle.escalation", "huddle.escalation.trust")  # key: kind:escalation-id|…
REFLECTION = "reflection:"  # key: reflection:team-id:YYYY-MM-DD:i


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _backfill(connection: sa.Connection) -> None:
    postings = sa.table(
        "postings",
        sa.column("id", sa.Integer),
        sa.column("key", sa.String),
        sa.column("kind", sa.String),
        sa.column("team_id", sa.Integer),
        sa.column("day", sa.Date),
        sa.column("subject_id", sa.Integer),
    )
    teams: dict[str, list[int]] = {}  # a team key two trusts share stays unknown
    for team_key, team_id in connection.execute(sa.text("select key, id from teams")):
        teams.setdefault(team_key, []).append(team_id)
    escalations = dict(
        connection.execute(sa.text("select id, team_id from huddle_escalations")).tuples().all()
    )
    ideas: dict[int, list[tuple[int, int]]] = {}  # number -> (idea, team); numbered per trust
    for idea, team, number in connection.execute(sa.text("select id, team_id, number from ideas")):
        ideas.setdefault(number, []).append((idea, team))
    for row_id, key in connection.execute(sa.select(postings.c.id, postings.c.key)).all():
        head = key.split("|", 1)[0]
        kind, _, rest = head.partition(":")
        values: dict[str, object] = {}
        if kind in PROMPTS:
            team_key, _, rest = rest.partition(":")
            found = teams.get(team_key, [])
            team = found[0] if len(found) == 1 else None
            values = {"kind": kind, "team_id": team, "day": _day(rest)}
        elif kind in CARDS and rest.isdigit():
            ident = int(rest)
            values = {"kind": kind, "team_id": escalations.get(ident), "subject_id": ident}
        elif key.startswith(REFLECTION):
            team_id, _, rest = key[len(REFLECTION) :].partition(":")
            if team_id.isdigit():
                values = {"kind": "ideas.reflection", "team_id": int(team_id), "day": _day(rest)}
        elif kind == "idea" and rest.isdigit() and len(ideas.get(int(rest), [])) == 1:
            idea, team = ideas[int(rest)][0]  # an idea number two trusts share stays unknown
            values = {"kind": "idea", "team_id": team, "subject_id": idea}
        if values:
            connection.execute(sa.update(postings).where(postings.c.id == row_id).values(**values))


def upgrade() -> None:
    with op.batch_alter_table("postings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("team_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("day", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("subject_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_postings_kind_subject", ["kind", "subject_id"], unique=False)
    _backfill(op.get_bind())
    with op.batch_alter_table("postings", schema=None) as batch_op:
        batch_op.alter_column("kind", server_default=None)
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("posted_conversation")
        batch_op.drop_column("posted_message_id")


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        for name, length in (("posted_message_id", 128), ("posted_conversation", 512)):
            column = sa.Column(name, sa.String(length=length), nullable=False, server_default="")
            batch_op.add_column(column)
    with op.batch_alter_table("postings", schema=None) as batch_op:
        batch_op.drop_index("ix_postings_kind_subject")
        batch_op.drop_column("subject_id")
        batch_op.drop_column("day")
        batch_op.drop_column("team_id")
        batch_op.drop_column("kind")
